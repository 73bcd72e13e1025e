// Command budget measures the bytes the static search fetches for a first
// query on a cold page and for later queries, on N generated entries,
// gzip-compressed as a static host serves them.
//
//	go run ./search/internal/budget -n 10000
//
// It needs node (20 or later) to run the browser runtime.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"casebook/search"
)

// queries are typical searches of the knowledge base.
var queries = []string{
	"司法救助", "先行救助", "未成年人", "刑事被害人 救助金", "孤儿", "region:四川 救助",
	"\"生活困难\"", "医疗费用", "交通事故 赔偿", "特别困难 民政部门", "救助 -信访",
	"农民工", "一次性救助", "categories:未成年人救助 家庭", "执行不能", "心理疏导",
	"残疾人 生活困难", "year:2023..2025 先行救助", "申请人 近亲属", "社会救助 衔接",
	"救助决定", "孤", // a phrase not indexed whole (positions), a single character
}

func main() {
	n := flag.Int("n", 10000, "number of entries to generate")
	out := flag.String("out", "", "export folder (default: a temporary folder, removed afterwards)")
	jsDir := flag.String("js", "themes/default/static/js", "folder of search.js")
	dump := flag.String("dump", "", "write the generated docs as JSON to this file and stop")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the exports to this file")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "budget:", err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if *dump != "" {
		data, err := json.Marshal(generate(*n))
		if err == nil {
			err = os.WriteFile(*dump, data, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "budget:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*n, *out, *jsDir); err != nil {
		fmt.Fprintln(os.Stderr, "budget:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(n int, out, jsDir string) error {
	if out == "" {
		tmp, err := os.MkdirTemp("", "casebook-budget")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		out = filepath.Join(tmp, "search")
	}
	docs := generate(n)
	cache, err := os.MkdirTemp("", "casebook-budget-cache")
	if err != nil {
		return err
	}
	defer os.RemoveAll(cache)
	start := time.Now()
	st, err := search.ExportIncremental(docs, out, cache, search.ExportOptions{})
	if err != nil {
		return err
	}
	fmt.Printf("export: %d docs in %v: %d files, %d term shards, %.1f MB (%.1f MB gzip), %d terms, %d phrases\n",
		st.Docs, time.Since(start).Round(time.Millisecond), st.Files, st.TermShards,
		float64(st.Bytes)/1e6, float64(st.GzipBytes)/1e6, st.Terms, st.Phrases)
	// One entry changed, exported by a new process: from the cache folder.
	docs[n/2].Body += "本案另查明，申请人已获社会救助。"
	docs[n/2].Hash = "changed"
	start = time.Now()
	inc, err := search.ExportIncremental(docs, out, cache, search.ExportOptions{})
	if err != nil {
		return err
	}
	fmt.Printf("incremental export after one change: %v: %d docs analysed, %d files written, %d removed\n",
		time.Since(start).Round(time.Millisecond), inc.Analysed, inc.Written, inc.Removed)

	qfile := filepath.Join(filepath.Dir(out), "queries.json")
	data, _ := json.Marshal(queries)
	if err := os.WriteFile(qfile, data, 0o644); err != nil {
		return err
	}
	abs, err := filepath.Abs(jsDir)
	if err != nil {
		return err
	}
	cmd := exec.Command("node", filepath.Join("search", "internal", "budget", "budget.mjs"), out, abs, qfile)
	cmd.Stderr = os.Stderr
	raw, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("node: %w", err)
	}
	var rep struct {
		ModuleBytes int
		First       []measure
		Later       []measure
		Answer      []measure // the same queries again, all data fetched: compute only
	}
	if err := json.Unmarshal(raw, &rep); err != nil {
		return err
	}
	fmt.Printf("runtime modules: %.1f KB gzip\n", float64(rep.ModuleBytes)/1e3)
	for _, m := range rep.First {
		fmt.Printf("  first %-28s %5d hits %3d files %7.1f KB %6.0f ms %s\n", m.Query, m.Total, m.Files, float64(m.Bytes)/1e3, m.Ms, kinds(m.Kinds))
	}
	for _, m := range rep.Later {
		fmt.Printf("  later %-28s %5d hits %3d files %7.1f KB %6.0f ms %s\n", m.Query, m.Total, m.Files, float64(m.Bytes)/1e3, m.Ms, kinds(m.Kinds))
	}
	var answer []float64
	for _, m := range rep.Answer {
		answer = append(answer, m.Ms)
	}
	sort.Float64s(answer)
	fmt.Printf("median first query: %.1f KB gzip; median later query: %.1f KB gzip\n",
		median(rep.First)/1e3, median(rep.Later)/1e3)
	if len(answer) > 0 {
		fmt.Printf("answer once the data has arrived: median %.1f ms, slowest %.1f ms\n", answer[len(answer)/2], answer[len(answer)-1])
	}
	return nil
}

type measure struct {
	Query string
	Total int
	Files int
	Bytes int
	Ms    float64
	Kinds map[string]int
}

// kinds formats bytes per kind of file, e.g. "terms 20.1 text 8.0".
func kinds(k map[string]int) string {
	names := make([]string, 0, len(k))
	for n := range k {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, " %s %.1f", n, float64(k[n])/1e3)
	}
	return strings.TrimSpace(b.String())
}

func median(ms []measure) float64 {
	if len(ms) == 0 {
		return 0
	}
	b := make([]int, len(ms))
	for i, m := range ms {
		b[i] = m.Bytes
	}
	sort.Ints(b)
	if len(b)%2 == 1 {
		return float64(b[len(b)/2])
	}
	return float64(b[len(b)/2-1]+b[len(b)/2]) / 2
}

// Vocabulary of the generated text: domain phrases (frequent), and words
// drawn from common characters (Zipf-distributed).
var (
	domain = []string{
		"司法救助", "国家司法救助", "刑事被害人", "未成年人", "生活困难", "先行救助", "救助金",
		"救助申请", "申请人", "被害人", "近亲属", "人民法院", "检察院", "社会救助", "民政部门",
		"特别困难", "非常困难", "执行案件", "一次性救助", "救助标准", "残疾人", "农民工",
		"劳动能力", "医疗费用", "赔偿义务人", "交通事故", "故意伤害", "涉法涉诉", "信访", "孤儿",
		"心理疏导", "执行不能", "家庭", "收入来源", "衔接", "联动", "审判", "立案", "赔偿",
	}
	common = []rune("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严")
)

func generate(n int) []search.Doc {
	rng := rand.New(rand.NewPCG(2024, 5))
	words := make([]string, 4000)
	for i := range words {
		k := 2 + rng.IntN(3)
		var b strings.Builder
		for range k {
			b.WriteRune(common[zipf(rng, len(common))])
		}
		words[i] = b.String()
	}
	sections := []string{"cases", "cases", "cases", "rules", "policies"}
	regions := []string{"四川", "广东", "浙江", "河南", "湖北", "北京", "上海", "江苏", "山东", "云南"}
	cats := []string{"刑事被害人救助", "未成年人救助", "因病致困救助", "执行不能救助", "涉法涉诉信访救助", "弱势群体救助"}
	groups := []string{"未成年人", "孤儿", "残疾人", "老年人", "农民工", "妇女"}
	methods := []string{"救助金", "分期发放", "社会救助衔接", "心理疏导", "司法救助金"}
	docs := make([]search.Doc, n)
	for i := range docs {
		sentence := func(chars int) string {
			var b strings.Builder
			for b.Len() < chars*3 {
				if rng.IntN(4) == 0 {
					b.WriteString(domain[zipf(rng, len(domain))])
				} else {
					b.WriteString(words[zipf(rng, len(words))])
				}
				if rng.IntN(8) == 0 {
					b.WriteString([]string{"，", "。", "；", "、"}[rng.IntN(4)])
				}
			}
			return b.String()
		}
		sec := sections[rng.IntN(len(sections))]
		d := search.Doc{
			ID: fmt.Sprintf("entry-%05d", i), Section: sec,
			Title:    sentence(12 + rng.IntN(10)),
			Date:     time.Date(2014+rng.IntN(12), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC),
			Summary:  sentence(60 + rng.IntN(60)),
			Body:     sentence(1200 + rng.IntN(600)),
			Region:   regions[rng.IntN(len(regions))],
			Keywords: []string{domain[rng.IntN(len(domain))], domain[rng.IntN(len(domain))]},
			Hash:     fmt.Sprintf("h%d", i),
		}
		d.URL = "/kb/" + sec + "/" + d.ID + "/"
		if sec == "cases" {
			d.Categories = []string{cats[rng.IntN(len(cats))]}
			d.Groups = []string{groups[rng.IntN(len(groups))]}
			d.Methods = []string{methods[rng.IntN(len(methods))]}
			d.CourtLevel = []string{"最高", "高级", "中级", "基层"}[rng.IntN(4)]
			d.Stage = []string{"立案", "审判", "执行", "信访"}[rng.IntN(4)]
		} else {
			d.DocNumber = fmt.Sprintf("法发〔%d〕%d号", d.Date.Year(), 1+rng.IntN(40))
		}
		docs[i] = d
	}
	return docs
}

// zipf draws an index in [0, n) with probability falling as 1/(i+1).
func zipf(rng *rand.Rand, n int) int {
	for {
		x := rng.Float64()
		i := int(float64(n) * x * x * x) // skewed towards small indexes
		if i < n {
			return i
		}
	}
}
