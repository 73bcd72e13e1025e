package search

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var benchWords = strings.Fields(`司法 救助 国家 法院 当事人 申请人 被害人 刑事 案件 执行 审判 立案 信访
未成年人 孤儿 家庭 生活 困难 特别 非常 民政 社会 衔接 联动 资金 发放 分期 先行 调查 核实 医疗
费用 重病 收入 来源 父亲 母亲 子女 教育 学业 资助 赔偿 侵害 犯罪 侵权 诉讼 有效 辅助 救济 措施
标准 程序 决定 审查 金额 工资 月平均 基准 省 市 县 基层 中级 高级 最高 意见 规定 办法 试行
弱势群体 老年人 残疾人 妇女 儿童 农民工 欠薪 交通 事故 肇事 逃逸 死亡 伤残 劳动 能力 丧失`)

var benchRegions = []string{"四川", "广东", "浙江", "江苏", "河南", "北京", "上海", "湖南", "云南", "全国"}
var benchCategories = []string{"刑事被害人救助", "未成年人救助", "执行救助", "涉诉信访救助", "因病致困救助", "弱势群体救助", "其他救助"}
var benchMethods = []string{"支付救助金", "分期发放", "多元救助", "联动救助"}

// synthDocs makes n deterministic entries of about 1,500 characters.
func synthDocs(n int) []Doc {
	rng := rand.New(rand.NewPCG(1, 2))
	text := func(chars int) string {
		var sb strings.Builder
		for sb.Len() < chars*3 {
			sb.WriteString(benchWords[rng.IntN(len(benchWords))])
			if rng.IntN(8) == 0 {
				sb.WriteString("，")
			}
			if rng.IntN(30) == 0 {
				sb.WriteString("。\n")
			}
		}
		return sb.String()
	}
	docs := make([]Doc, n)
	for i := range docs {
		id := fmt.Sprintf("doc-%05d", i)
		docs[i] = Doc{
			ID: id, Section: []string{"cases", "rules", "policies"}[i%3], Title: text(14), URL: "/kb/cases/" + id + "/",
			Date:    time.Date(2014+i%12, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC),
			Summary: text(80), Body: text(1400), Keywords: []string{text(4), text(4)},
			Categories: []string{benchCategories[i%len(benchCategories)]}, Methods: []string{benchMethods[i%len(benchMethods)]},
			Region: benchRegions[i%len(benchRegions)], CourtLevel: "基层", Stage: "审判", Hash: id,
		}
	}
	return docs
}

// BenchmarkIndex indexes 1,000 docs into an empty index. Besides docs/s it
// reports the CPU time per doc (all goroutines, including bleve's
// background persisting and merging until Close) and the size of the bleve
// folder relative to the raw text.
func BenchmarkIndex(b *testing.B) {
	docs := synthDocs(1000)
	raw := 0
	for i := range docs {
		t := textOf(&docs[i])
		for _, f := range textFields {
			for _, v := range t.values(f) {
				raw += len(v)
			}
		}
	}
	var cpu float64
	var size int64
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		ix, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		c0 := processCPU()
		b.StartTimer()
		if _, err := ix.Update(docs); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		ix.Close()
		cpu += processCPU() - c0
		size = dirSize(b, filepath.Join(dir, bleveDirName))
		b.StartTimer()
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(cpu*1e3/float64(len(docs)*b.N), "cpu-ms/doc")
	b.ReportMetric(float64(size)/float64(raw), "disk/raw")
}

// BenchmarkIndexAnalysed indexes 5,000 docs into an empty index as a clean
// build does: the export has analysed them first (not timed), and bleve
// takes their terms from that analysis, ten batches of them.
func BenchmarkIndexAnalysed(b *testing.B) {
	docs := synthDocs(5000)
	for b.Loop() {
		b.StopTimer()
		NewExporter("", ExportOptions{}).Analyse(docs)
		dir := b.TempDir()
		ix, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := ix.Update(docs); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}

func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}

func BenchmarkQuery(b *testing.B) {
	ix, err := Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if _, err := ix.Update(synthDocs(10000)); err != nil {
		b.Fatal(err)
	}
	queries := []struct{ name, q string }{
		{"phrase+2filters", "司法救助 region:四川 categories:执行救助"},
		{"two-phrases", "先行调查 家庭生活"},
		{"one-char", "孤 region:四川"},
		{"filters-only", "region:四川 year:2020..2024"},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			var total int
			c0 := processCPU()
			for b.Loop() {
				res, err := ix.Search(Request{Query: q.q})
				if err != nil {
					b.Fatal(err)
				}
				total = res.Total
			}
			b.ReportMetric((processCPU()-c0)*1e3/float64(b.N), "cpu-ms/op")
			b.ReportMetric(float64(total), "hits")
		})
	}
}
