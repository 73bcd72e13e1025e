package corpus

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// schema lists the keys each section allows and requires (SPEC §2).
var (
	commonKeys   = []string{"title", "date", "summary", "region", "categories", "groups", "methods", "keywords", "cites", "draft", "allow", "params"}
	docKeys      = []string{"issuer", "doc_number", "short_title", "status", "effective"}
	caseKeys     = []string{"court", "court_level", "stage", "amount", "persons", "difficulty", "case_number", "pseudonyms"}
	allowedKeys  = map[string][]string{"policies": concat(commonKeys, docKeys), "rules": concat(commonKeys, docKeys, []string{"implements"}), "cases": concat(commonKeys, caseKeys)}
	requiredKeys = map[string][]string{"policies": {"title", "date", "issuer"}, "rules": {"title", "date", "issuer", "region"}, "cases": {"title", "date", "region", "categories", "court", "court_level", "stage"}}
	enums        = map[string][]string{"status": {"现行有效", "试行", "已修订", "已废止"}, "court_level": {"最高", "高级", "中级", "基层"}, "stage": {"立案", "审判", "执行", "信访"}, "difficulty": {"困难", "非常困难", "特别困难"}}
	slugRE       = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	longDigits   = regexp.MustCompile(`[0-9]{11,}`)
)

func concat(lists ...[]string) []string { return slices.Concat(lists...) }

// site is what the validator reads of a generated site.toml.
type site struct {
	Title      string `toml:"title"`
	BaseURL    string `toml:"baseURL"`
	Paginate   int    `toml:"paginate"`
	Taxonomies map[string]struct {
		Terms []struct {
			Name string `toml:"name"`
			Slug string `toml:"slug"`
		} `toml:"terms"`
	} `toml:"taxonomies"`
	Regions []struct {
		Name string `toml:"name"`
	} `toml:"regions"`
}

// entryFile is one parsed entry.
type entryFile struct {
	path, section, id, body string
	meta                    map[string]any
}

// validate checks a generated site the way the content schema demands and returns
// every problem found, plus the number of entries per section.
func validate(t *testing.T, dir string) (problems []string, counts map[string]int) {
	t.Helper()
	var cfg site
	if _, err := toml.DecodeFile(filepath.Join(dir, "site.toml"), &cfg); err != nil {
		return []string{"site.toml: " + err.Error()}, nil
	}
	fold := map[rune]rune{}
	for s, h := range hantTable() {
		fold[h] = s
	}
	simplified := func(s string) string {
		return strings.Map(func(r rune) rune {
			if f, ok := fold[r]; ok {
				return f
			}
			return r
		}, s)
	}
	vocab := map[string]map[string]bool{"regions": {}}
	for tax, tx := range cfg.Taxonomies {
		vocab[tax] = map[string]bool{}
		for _, term := range tx.Terms {
			vocab[tax][term.Name] = true
		}
	}
	for _, r := range cfg.Regions {
		vocab["regions"][r.Name] = true
	}
	bad := func(e *entryFile, format string, args ...any) {
		problems = append(problems, e.path+": "+fmt.Sprintf(format, args...))
	}

	var entries []*entryFile
	ids := map[string]string{}
	counts = map[string]int{}
	for _, sec := range []string{"policies", "rules", "cases"} {
		files, _ := filepath.Glob(filepath.Join(dir, "content", sec, "*.md"))
		for _, path := range files {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			e := &entryFile{path: filepath.Base(path), section: sec, id: strings.TrimSuffix(filepath.Base(path), ".md")}
			counts[sec]++
			if !slugRE.MatchString(e.id) {
				bad(e, "bad slug")
			}
			if prev, dup := ids[e.id]; dup {
				bad(e, "id also used in %s", prev)
			}
			ids[e.id] = sec
			if m := longDigits.Find(data); m != nil {
				bad(e, "digit run %s", m)
			}
			text := string(data)
			if !strings.HasPrefix(text, "+++\n") {
				bad(e, "no front matter")
				continue
			}
			fm, body, ok := strings.Cut(text[4:], "\n+++\n")
			if !ok {
				bad(e, "front matter not closed")
				continue
			}
			if _, err := toml.Decode(fm, &e.meta); err != nil {
				bad(e, "front matter: %v", err)
				continue
			}
			e.body = body
			entries = append(entries, e)
		}
	}

	first, last := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC)
	for _, e := range entries {
		for k := range e.meta {
			if !slices.Contains(allowedKeys[e.section], k) {
				bad(e, "key %q not allowed in %s", k, e.section)
			}
		}
		for _, k := range requiredKeys[e.section] {
			if _, ok := e.meta[k]; !ok {
				bad(e, "missing %s", k)
			}
		}
		if s, ok := e.meta["title"].(string); !ok || s == "" {
			bad(e, "title not a string")
		}
		for _, k := range []string{"date", "effective"} {
			if v, ok := e.meta[k]; ok {
				tm, ok := v.(time.Time)
				switch {
				case !ok || tm.Location().String() != "date-local":
					bad(e, "%s is not a TOML local date: %v", k, v)
				case tm.Before(first) || tm.After(last):
					bad(e, "%s %s outside 2014–2025", k, tm.Format(time.DateOnly))
				}
			}
		}
		for k, values := range enums {
			if v, ok := e.meta[k]; ok && !slices.Contains(values, fmt.Sprint(v)) {
				bad(e, "%s %q not allowed", k, v)
			}
		}
		for _, k := range []string{"amount", "persons"} {
			if v, ok := e.meta[k]; ok {
				n, ok := v.(int64)
				if !ok || n < 0 || (k == "persons" && n < 1) {
					bad(e, "%s = %v", k, v)
				}
			}
		}
		strs := func(k string) []string {
			v, ok := e.meta[k]
			if !ok {
				return nil
			}
			arr, ok := v.([]any)
			if !ok {
				bad(e, "%s is not an array", k)
				return nil
			}
			out := make([]string, len(arr))
			for i, x := range arr {
				if out[i], ok = x.(string); !ok {
					bad(e, "%s[%d] is not a string", k, i)
				}
			}
			return out
		}
		for _, tax := range []string{"categories", "groups", "methods"} {
			for _, term := range strs(tax) {
				if !vocab[tax][simplified(term)] {
					bad(e, "%s term %q not in site.toml", tax, term)
				}
			}
		}
		if e.section == "cases" && len(strs("categories")) == 0 {
			bad(e, "a case needs a category")
		}
		if r, ok := e.meta["region"].(string); ok && !vocab["regions"][simplified(r)] {
			bad(e, "region %q not in site.toml", r)
		}
		for _, id := range strs("cites") {
			if _, ok := ids[id]; !ok {
				bad(e, "cites unknown id %q", id)
			}
		}
		for _, id := range strs("implements") {
			if ids[id] != "policies" {
				bad(e, "implements %q, which is not a policy", id)
			}
		}
		for _, p := range strs("pseudonyms") {
			i := strings.Index(e.body, p)
			if i < 0 || !strings.HasPrefix(e.body[i+len(p):], "（化名）") {
				bad(e, "pseudonym %q not marked 化名 at first use", p)
			}
		}
		if n := utf8.RuneCountInString(e.body); n < 800 || n > 3000 {
			bad(e, "body of %d characters", n)
		}
		if e.section == "cases" {
			for _, h := range []string{"## 基本案情", "## 救助过程", "## 典型意义"} {
				if !strings.Contains(simplified(e.body), h) {
					bad(e, "no heading %s", h)
				}
			}
		}
	}
	return problems, counts
}

func TestGenerateValid(t *testing.T) {
	const n = 1000
	dir := t.TempDir()
	st, err := Generate(dir, Options{N: n, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	problems, counts := validate(t, dir)
	for _, p := range problems[:min(len(problems), 20)] {
		t.Error(p)
	}
	if len(problems) > 0 {
		t.Fatalf("%d problems", len(problems))
	}
	tests := []struct {
		name     string
		got      int
		min, max int
	}{
		{"policies", counts["policies"], 15, 25},
		{"rules", counts["rules"], 120, 140},
		{"cases", counts["cases"], 840, 860},
		{"all", counts["policies"] + counts["rules"] + counts["cases"], n, n},
		{"stats", st.Policies + st.Rules + st.Cases, n, n},
		{"traditional", st.Traditional, 25, 80},
		{"files", st.Files, n + 2, n + 2}, // site.toml and no denylist: built-in config has none
	}
	tests[6].min, tests[6].max = n+1, n+1
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got < tc.min || tc.got > tc.max {
				t.Errorf("got %d, want %d–%d", tc.got, tc.min, tc.max)
			}
		})
	}
	var cfg site
	if _, err := toml.DecodeFile(filepath.Join(dir, "site.toml"), &cfg); err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL != "https://example.org/kb/" || cfg.Paginate != 20 || cfg.Title == "" || len(cfg.Regions) != 33 {
		t.Errorf("site.toml: baseURL %q, paginate %d, title %q, %d regions", cfg.BaseURL, cfg.Paginate, cfg.Title, len(cfg.Regions))
	}
}

// TestOptionalFields checks that every optional key occurs in a realistic share of entries.
func TestOptionalFields(t *testing.T) {
	dir := t.TempDir()
	if _, err := Generate(dir, Options{N: 1000, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	_, counts := validate(t, dir)
	seen := map[string]map[string]int{}
	hasTable, hasList := 0, 0
	for _, sec := range []string{"policies", "rules", "cases"} {
		seen[sec] = map[string]int{}
		files, _ := filepath.Glob(filepath.Join(dir, "content", sec, "*.md"))
		for _, path := range files {
			data, _ := os.ReadFile(path)
			fm, body, _ := strings.Cut(string(data)[4:], "\n+++\n")
			var meta map[string]any
			if _, err := toml.Decode(fm, &meta); err != nil {
				t.Fatal(err)
			}
			for k := range meta {
				seen[sec][k]++
			}
			if strings.Contains(body, "|---|") {
				hasTable++
			}
			if strings.Contains(body, "\n- ") {
				hasList++
			}
		}
	}
	for sec, keys := range allowedKeys {
		for _, k := range keys {
			rare := k == "draft"
			if k == "params" || k == "allow" || (rare && sec != "cases") {
				// params are free for themes; allow is for real exceptions, which
				// generated text never needs; rare keys are checked where there are
				// enough entries
				continue
			}
			t.Run(sec+"/"+k, func(t *testing.T) {
				got, total := seen[sec][k], counts[sec]
				lo := 1
				if total >= 100 && !rare {
					lo = total / 20
				}
				if got < lo || (!rare && got == total && !slices.Contains(requiredKeys[sec], k) && !isAlwaysSet(k)) {
					t.Errorf("%s present in %d of %d entries", k, got, total)
				}
			})
		}
	}
	if hasTable < 20 || hasList < 20 {
		t.Errorf("%d bodies with a table, %d with a list", hasTable, hasList)
	}
}

// isAlwaysSet names optional keys the generator writes in every entry of a section.
func isAlwaysSet(k string) bool { return k == "region" }

func TestDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, run := range []struct {
		dir  string
		opts Options
	}{
		{a, Options{N: 300, Seed: 3, Workers: 1}},
		{b, Options{N: 300, Seed: 3, Workers: 4}},
		{c, Options{N: 300, Seed: 4}},
	} {
		if _, err := Generate(run.dir, run.opts); err != nil {
			t.Fatal(err)
		}
	}
	same, differ := 0, 0
	err := filepath.WalkDir(filepath.Join(a, "content"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(a, path)
		x, _ := os.ReadFile(path)
		y, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed", rel)
		}
		if z, _ := os.ReadFile(filepath.Join(c, rel)); bytes.Equal(x, z) {
			same++
		} else {
			differ++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if same > 0 || differ != 300 {
		t.Errorf("seed 4 vs seed 3: %d files the same, %d different", same, differ)
	}
}

func TestConfigCopiedVerbatim(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "site.toml")
	data := append([]byte("# a custom site\n"), DefaultSiteTOML()...)
	data = append(data, "\n[privacy]\ndenylist = \"private/denylist.txt\"\n"...)
	if err := os.WriteFile(cfg, data, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Generate(dir, Options{N: 50, Seed: 1, ConfigPath: cfg}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("site.toml not copied verbatim (err %v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "private", "denylist.txt")); err != nil {
		t.Errorf("denylist named by the config not created: %v", err)
	}
	if problems, _ := validate(t, dir); len(problems) > 0 {
		t.Errorf("%d problems, first: %s", len(problems), problems[0])
	}
}

func TestGenerateErrors(t *testing.T) {
	full := t.TempDir()
	if _, err := Generate(full, Options{N: 5}); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "site.toml")
	if err := os.WriteFile(bad, []byte("title = \"x\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		dir  string
		opts Options
	}{
		{"no entries", t.TempDir(), Options{N: 0}},
		{"content exists", full, Options{N: 5}},
		{"missing config", t.TempDir(), Options{N: 5, ConfigPath: filepath.Join(t.TempDir(), "none.toml")}},
		{"config without vocabulary", t.TempDir(), Options{N: 5, ConfigPath: bad}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Generate(tc.dir, tc.opts); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestSmallSites(t *testing.T) {
	for _, n := range []int{1, 2, 3, 10} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			dir := t.TempDir()
			st, err := Generate(dir, Options{N: n, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if st.Policies+st.Rules+st.Cases != n || st.Policies < 1 {
				t.Errorf("stats %+v", st)
			}
			if problems, _ := validate(t, dir); len(problems) > 0 {
				t.Errorf("%d problems, first: %s", len(problems), problems[0])
			}
		})
	}
}

func TestHantRoundTrip(t *testing.T) {
	table := hantTable()
	for s, h := range table {
		if _, chained := table[h]; chained {
			t.Errorf("%c→%c: the Traditional form is itself mapped", s, h)
		}
		if utf8.RuneLen(s) != utf8.RuneLen(h) {
			t.Errorf("%c→%c changes the UTF-8 length", s, h)
		}
	}
	tests := []struct{ in, want string }{
		{"弱势群体", "弱勢群體"},
		{"国家司法救助", "國家司法救助"},
		{"分批发放", "分批發放"},
	}
	for _, tc := range tests {
		if got := toHant(table, tc.in); got != tc.want {
			t.Errorf("toHant(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		if _, err := Generate(b.TempDir(), Options{N: 1000, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
