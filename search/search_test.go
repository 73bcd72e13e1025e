package search

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// testDocs are hand-written entries, some in Traditional characters.
func testDocs() []Doc {
	docs := []Doc{
		{ID: "orphan-sichuan", Section: "cases", Title: "多部门联合救助孤儿案", Date: day("2024-05-10"),
			Summary:    "父亲遇害后，孤儿小吉（化名）获得司法救助与民政救助的衔接帮扶。",
			Body:       "申请人小吉（化名）系孤儿，其父在刑事案件中被害，家庭失去收入来源。法院依职权启动司法救助程序。",
			Categories: []string{"刑事被害人救助", "未成年人救助"}, Groups: []string{"未成年人"}, Methods: []string{"支付救助金", "多元救助"},
			Region: "四川", CourtLevel: "中级", Stage: "审判"},
		{ID: "orphan-taiwan-style", Section: "cases", Title: "孤兒學業資助案", Date: day("2023-03-01"),
			Summary:    "對特別困難的孤兒給予救助，並協調教育部門資助學業。",
			Body:       "本案當事人為孤兒，生活特別困難，法院決定給予司法救助。",
			Categories: []string{"未成年人救助"}, Groups: []string{"未成年人"}, Methods: []string{"支付救助金"},
			Region: "广东", CourtLevel: "基层", Stage: "执行"},
		{ID: "advance-aid", Section: "cases", Title: "先行救助案", Date: day("2025-01-15"),
			Summary:    "在执行阶段对生活陷入困境的申请执行人先行救助。",
			Body:       "法院在案件执行中发现申请执行人生活困难，决定先行救助，待执行到位后不再重复救助。",
			Categories: []string{"执行救助"}, Methods: []string{"支付救助金"}, Region: "浙江", CourtLevel: "基层", Stage: "执行"},
		{ID: "advance-apart", Section: "cases", Title: "先行调查后救助案", Date: day("2025-02-01"),
			Summary:    "法院先行调查家庭情况，随后依法救助。",
			Body:       "法院先行开展调查核实，确认困难情形后予以救助。",
			Categories: []string{"执行救助"}, Methods: []string{"支付救助金"}, Region: "浙江", CourtLevel: "基层", Stage: "执行"},
		{ID: "illness-minor", Section: "cases", Title: "患病未成年人分期救助案", Date: day("2022-11-20"),
			Summary:    "对身患重病的未成年人分期发放救助金。",
			Body:       "未成年人小安（化名）身患重病，法院决定分三期发放救助金，确保专款专用。",
			Categories: []string{"未成年人救助", "因病致困救助"}, Groups: []string{"未成年人", "重病患者"}, Methods: []string{"分期发放"},
			Region: "四川", CourtLevel: "基层", Stage: "立案"},
		{ID: "petition-case", Section: "cases", Title: "信访案件救助", Date: day("2021-06-30"),
			Summary:    "对涉诉信访当事人依法救助，息诉罢访。",
			Body:       "当事人长期信访，法院在查明困难情况后依法给予救助并做好释法说理。",
			Categories: []string{"涉诉信访救助"}, Methods: []string{"支付救助金"}, Region: "河南", CourtLevel: "高级", Stage: "信访"},
		{ID: "national-opinion-2014", Section: "policies", Title: "关于建立完善国家司法救助制度的意见（试行）", Date: day("2014-01-17"),
			ShortTitle: "六部门意见", DocNumber: "中办发〔2014〕3号",
			Summary:  "明确国家司法救助的对象、方式、标准和程序。",
			Body:     "国家司法救助是对遭受犯罪侵害或民事侵权，无法通过诉讼获得有效赔偿的当事人，采取的辅助性救济措施。",
			Keywords: []string{"国家司法救助", "六部门"}, Region: "全国"},
		{ID: "spc-opinion", Section: "policies", Title: "最高人民法院关于加强和规范人民法院国家司法救助工作的意见", Date: day("2016-07-01"),
			DocNumber: "法发〔2016〕16号", Summary: "规范人民法院司法救助工作。",
			Body:   "人民法院在办理案件过程中，对受到侵害但无法获得有效赔偿的当事人，符合条件的，应当予以救助。",
			Region: "全国"},
		{ID: "spc-procedure", Section: "policies", Title: "人民法院国家司法救助案件办理程序规定（试行）", Date: day("2019-02-01"),
			Summary: "规定救助案件的立案、审查、决定和发放程序。",
			Body:    "救助申请人应当提交救助申请书。对急需救助的，可以先行救助。",
			Region:  "全国"},
		{ID: "sichuan-standard", Section: "rules", Title: "四川省司法救助金额量化标准", Date: day("2020-09-01"),
			Summary:    "按困难、非常困难、特别困难三档确定救助金额。",
			Body:       "救助金额以案件管辖法院所在省上一年度职工月平均工资为基准确定，一般不超过三十六个月的工资总额。",
			Categories: []string{"执行救助"}, Region: "四川"},
		{ID: "linkage-rule", Section: "rules", Title: "司法救助与社会救助衔接办法", Date: day("2023-08-15"),
			Summary: "建立司法救助与民政社会救助的衔接机制。",
			Body:    "对符合社会救助条件的，法院将有关情况通报民政部门，由其纳入社会救助范围。",
			Methods: []string{"多元救助"}, Region: "江苏"},
		{ID: "linked-aid", Section: "rules", Title: "上下级法院联动救助规定", Date: day("2024-12-01"),
			Summary: "上下级法院统筹资金实施联动救助。",
			Body:    "对案情重大、救助金额较高的，可由上级法院统筹救助资金，联动救助。",
			Methods: []string{"联动救助"}, Region: "浙江"},
		{ID: "escape-test", Section: "cases", Title: "转义测试", Date: day("2020-01-01"),
			Summary:    "包含 <script>alert(1)</script> 与 & 符号的救助摘要。",
			Body:       "正文也有救助。",
			Categories: []string{"其他救助"}, Region: "北京", CourtLevel: "基层", Stage: "审判"},
		{ID: "traditional-victim", Section: "cases", Title: "刑事被害人救助案", Date: day("2022-04-04"),
			Summary:    "被害人因犯罪侵害致重傷，家庭陷入困境，法院給予救助。",
			Body:       "被害人無法通過訴訟獲得賠償，生活困難。",
			Categories: []string{"刑事被害人救助"}, Region: "广东", CourtLevel: "中级", Stage: "审判"},
		{ID: "vulnerable-group", Section: "cases", Title: "弱勢群體救助案", Date: day("2023-10-10"),
			Summary:    "對老年人等弱勢群體開展救助。",
			Body:       "當事人年逾七十，無固定收入。",
			Categories: []string{"弱势群体救助"}, Groups: []string{"老年人"}, Region: "北京", CourtLevel: "基层", Stage: "审判"},
		{ID: "keyword-only", Section: "cases", Title: "交通事故救助案", Date: day("2021-01-01"),
			Summary: "交通肇事逃逸致被害人死亡。", Body: "肇事者逃逸，被害人家属生活困难。",
			Keywords: []string{"交通肇事"}, Categories: []string{"刑事被害人救助"}, Region: "湖南", CourtLevel: "基层", Stage: "审判"},
		{ID: "ascii-case", Section: "cases", Title: "BM25 Scoring Notes", Date: day("2024-01-01"),
			Summary: "English text about judicial assistance.", Body: "The court granted Judicial Assistance in 2024.",
			Categories: []string{"其他救助"}, Region: "上海", CourtLevel: "基层", Stage: "审判"},
		{ID: "case-number", Section: "cases", Title: "案号检索测试", Date: day("2023-05-05"),
			Summary: "原案案号（2023）川01刑初123号。", Body: "（２０２３）川０１刑初１２３号 全角数字。",
			Categories: []string{"刑事被害人救助"}, Region: "四川", CourtLevel: "中级", Stage: "审判"},
		{ID: "single-char", Section: "cases", Title: "遗孤生活救助", Date: day("2019-09-09"),
			Summary: "战争遗孤晚年生活困难。", Body: "遗孤无子女照料。",
			Categories: []string{"其他救助"}, Region: "黑龙江", CourtLevel: "基层", Stage: "信访"},
		{ID: "no-match-filler", Section: "cases", Title: "医疗费用救助", Date: day("2018-08-08"),
			Summary: "因伤致贫。", Body: "医疗费用负担沉重。",
			Categories: []string{"因病致困救助"}, Region: "云南", CourtLevel: "基层", Stage: "审判"},
	}
	for i := range docs {
		docs[i].URL = "/kb/" + docs[i].Section + "/" + docs[i].ID + "/"
		docs[i].Hash = fmt.Sprintf("h-%s-1", docs[i].ID)
	}
	return docs
}

func openTestIndex(t *testing.T) *Index { return indexOf(t, testDocs()) }

// indexOf returns a new index of docs, closed when the test ends.
func indexOf(t *testing.T, docs []Doc) *Index {
	t.Helper()
	ix := openAt(t, t.TempDir())
	if _, err := ix.Update(docs); err != nil {
		t.Fatal(err)
	}
	return ix
}

// openAt opens the index in dir, closed when the test ends if not before.
func openAt(t testing.TB, dir string) *Index {
	t.Helper()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func ids(r *Result) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestSearchMatches(t *testing.T) {
	ix := openTestIndex(t)
	tests := []struct {
		name    string
		req     Request
		want    []string // exact set when sorted, unless contains is set
		contain []string // must be among the hits
		exclude []string // must not be among the hits
	}{
		{name: "two-character term", req: Request{Query: "孤儿"}, want: []string{"orphan-sichuan", "orphan-taiwan-style"}},
		{name: "traditional query finds simplified", req: Request{Query: "孤兒"}, want: []string{"orphan-sichuan", "orphan-taiwan-style"}},
		{name: "simplified query finds traditional", req: Request{Query: "学业资助"}, want: []string{"orphan-taiwan-style"}},
		{name: "single character", req: Request{Query: "孤"}, want: []string{"orphan-sichuan", "orphan-taiwan-style", "single-char"}},
		{name: "single character in second position", req: Request{Query: "孤 遗"}, want: []string{"single-char"}},
		{name: "phrase is not its bigrams apart", req: Request{Query: "先行救助"}, want: []string{"advance-aid", "spc-procedure"}},
		{name: "quoted phrase", req: Request{Query: `"先行救助"`}, want: []string{"advance-aid", "spc-procedure"}},
		{name: "all terms required", req: Request{Query: "孤儿 民政"}, want: []string{"orphan-sichuan"}},
		{name: "exclusion", req: Request{Query: "先行救助 -执行"}, want: []string{"spc-procedure"}},
		{name: "quoted exclusion", req: Request{Query: `孤儿 -"学业资助"`}, want: []string{"orphan-sichuan"}},
		{name: "exclusion only", req: Request{Query: "-救助"}, exclude: []string{"advance-aid", "orphan-sichuan"}, contain: []string{"ascii-case"}},
		{name: "region filter", req: Request{Query: "救助 region:四川"}, want: []string{"illness-minor", "orphan-sichuan", "sichuan-standard"}},
		{name: "traditional filter value", req: Request{Query: "categories:弱勢群體救助"}, want: []string{"vulnerable-group"}},
		{name: "negated filter", req: Request{Query: "孤儿 -region:四川"}, want: []string{"orphan-taiwan-style"}},
		{name: "section filter", req: Request{Query: "section:policies"}, want: []string{"national-opinion-2014", "spc-opinion", "spc-procedure"}},
		{name: "groups filter", req: Request{Query: "groups:未成年人"}, want: []string{"illness-minor", "orphan-sichuan", "orphan-taiwan-style"}},
		{name: "methods filter", req: Request{Query: "methods:联动救助"}, want: []string{"linked-aid"}},
		{name: "court level filter", req: Request{Query: "court_level:高级"}, want: []string{"petition-case"}},
		{name: "stage filter", req: Request{Query: "stage:信访"}, want: []string{"petition-case", "single-char"}},
		{name: "year filter", req: Request{Query: "year:2025"}, want: []string{"advance-aid", "advance-apart"}},
		{name: "year range", req: Request{Query: "year:2014..2016"}, want: []string{"national-opinion-2014", "spc-opinion"}},
		{name: "year open start", req: Request{Query: "year:..2018"}, want: []string{"national-opinion-2014", "no-match-filler", "spc-opinion"}},
		{name: "year open end", req: Request{Query: "year:2025.."}, want: []string{"advance-aid", "advance-apart"}},
		{name: "request filters", req: Request{Query: "救助", Filters: map[string][]string{"region": {"浙江"}, "methods": {"支付救助金"}}}, want: []string{"advance-aid", "advance-apart"}},
		{name: "two filters on one field all hold", req: Request{Query: "categories:未成年人救助 categories:因病致困救助"}, want: []string{"illness-minor"}},
		{name: "short title", req: Request{Query: "六部门意见"}, want: []string{"national-opinion-2014"}},
		{name: "doc number", req: Request{Query: "法发〔2016〕16号"}, want: []string{"spc-opinion"}},
		{name: "keywords field", req: Request{Query: "交通肇事"}, want: []string{"keyword-only"}},
		{name: "ascii case-insensitive", req: Request{Query: "judicial ASSISTANCE"}, want: []string{"ascii-case"}},
		{name: "full-width digits equal ascii", req: Request{Query: "川01刑初123号"}, want: []string{"case-number"}},
		{name: "full-width query", req: Request{Query: "２０２３"}, contain: []string{"case-number"}},
		{name: "punctuation-only term ignored", req: Request{Query: "孤儿 ，"}, want: []string{"orphan-sichuan", "orphan-taiwan-style"}},
		{name: "nothing", req: Request{Query: "不存在的词语"}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Limit = 100
			res, err := ix.Search(tt.req)
			if err != nil {
				t.Fatal(err)
			}
			got := ids(res)
			if res.Total != len(got) {
				t.Errorf("total %d, %d hits", res.Total, len(got))
			}
			if tt.want != nil || (tt.contain == nil && tt.exclude == nil) {
				sorted := slices.Sorted(slices.Values(got))
				want := slices.Sorted(slices.Values(tt.want))
				if !slices.Equal(sorted, want) {
					t.Errorf("hits %v, want %v", sorted, want)
				}
			}
			for _, id := range tt.contain {
				if !slices.Contains(got, id) {
					t.Errorf("hits %v lack %s", got, id)
				}
			}
			for _, id := range tt.exclude {
				if slices.Contains(got, id) {
					t.Errorf("hits %v include %s", got, id)
				}
			}
		})
	}
}

func TestSearchOrder(t *testing.T) {
	ix := openTestIndex(t)
	t.Run("date sort", func(t *testing.T) {
		res, err := ix.Search(Request{Query: "救助", Sort: "date", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(res.Hits); i++ {
			a, b := res.Hits[i-1], res.Hits[i]
			if a.Date < b.Date || a.Date == b.Date && a.ID > b.ID {
				t.Errorf("hit %d (%s %s) before %d (%s %s)", i-1, a.ID, a.Date, i, b.ID, b.Date)
			}
		}
	})
	t.Run("relevance order with ties by date then id", func(t *testing.T) {
		res, err := ix.Search(Request{Query: "救助", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) < 10 {
			t.Fatalf("only %d hits", len(res.Hits))
		}
		for i := 1; i < len(res.Hits); i++ {
			a, b := res.Hits[i-1], res.Hits[i]
			if a.Score < b.Score || a.Score == b.Score && (a.Date < b.Date || a.Date == b.Date && a.ID > b.ID) {
				t.Errorf("hit %s (%v %s) before %s (%v %s)", a.ID, a.Score, a.Date, b.ID, b.Score, b.Date)
			}
			if a.Score <= 0 {
				t.Errorf("hit %s has score %v", a.ID, a.Score)
			}
		}
	})
	t.Run("title match ranks first", func(t *testing.T) {
		res, err := ix.Search(Request{Query: "交通事故"})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].ID != "keyword-only" {
			t.Errorf("hits %v", ids(res))
		}
	})
	t.Run("filters only: score 0, newest first", func(t *testing.T) {
		res, err := ix.Search(Request{Query: "region:四川"})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"orphan-sichuan", "case-number", "illness-minor", "sichuan-standard"}
		if !slices.Equal(ids(res), want) {
			t.Errorf("hits %v, want %v", ids(res), want)
		}
		for _, h := range res.Hits {
			if h.Score != 0 {
				t.Errorf("%s: score %v without search terms", h.ID, h.Score)
			}
		}
	})
	t.Run("limit and offset", func(t *testing.T) {
		all, err := ix.Search(Request{Query: "救助", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		page, err := ix.Search(Request{Query: "救助", Limit: 3, Offset: 2})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != all.Total || !slices.Equal(ids(page), ids(all)[2:5]) {
			t.Errorf("page %v (total %d), want %v (total %d)", ids(page), page.Total, ids(all)[2:5], all.Total)
		}
		def, _ := ix.Search(Request{Query: ""})
		if len(def.Hits) != DefaultLimit || def.Total != len(testDocs()) {
			t.Errorf("default limit: %d hits of %d", len(def.Hits), def.Total)
		}
	})
}

func TestSearchFacets(t *testing.T) {
	ix := openTestIndex(t)
	res, err := ix.Search(Request{Query: "孤儿"})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(res.Facets)
	want := `{"section":[{"term":"cases","count":2}],` +
		`"categories":[{"term":"未成年人救助","count":2},{"term":"刑事被害人救助","count":1}],` +
		`"groups":[{"term":"未成年人","count":2}],` +
		`"methods":[{"term":"支付救助金","count":2},{"term":"多元救助","count":1}],` +
		`"region":[{"term":"四川","count":1},{"term":"广东","count":1}],` +
		`"court_level":[{"term":"中级","count":1},{"term":"基层","count":1}],` +
		`"stage":[{"term":"审判","count":1},{"term":"执行","count":1}],` +
		`"year":[{"term":"2023","count":1},{"term":"2024","count":1}]}`
	if string(got) != want {
		t.Errorf("facets\n got %s\nwant %s", got, want)
	}
	none, err := ix.Search(Request{Query: "不存在的词语"})
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(none)
	if !strings.Contains(string(js), `"hits":[]`) || !strings.Contains(string(js), `"year":[]`) {
		t.Errorf("empty answer must have empty lists, not null: %s", js)
	}
}

func TestSearchJSONShape(t *testing.T) {
	ix := openTestIndex(t)
	res, err := ix.Search(Request{Query: "联动救助", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(res)
	var m map[string]any
	if err := json.Unmarshal(js, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"query", "total", "hits", "facets"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON lacks %q: %s", k, js)
		}
	}
	hit := m["hits"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "section", "title", "url", "date", "score", "snippet"} {
		if _, ok := hit[k]; !ok {
			t.Errorf("hit lacks %q: %v", k, hit)
		}
	}
	if hit["date"] != "2024-12-01" || hit["url"] != "/kb/rules/linked-aid/" {
		t.Errorf("hit %v", hit)
	}
}

func TestSnippets(t *testing.T) {
	ix := openTestIndex(t)
	tests := []struct {
		name, query, id string
		want            string
	}{
		{"escaped with marks", "救助摘要", "escape-test", "包含 &lt;script&gt;alert(1)&lt;/script&gt; 与 &amp; 符号的<mark>救助摘要</mark>。"},
		{"traditional text, simplified query", "孤儿", "orphan-taiwan-style", "對特別困難的<mark>孤兒</mark>給予救助，並協調教育部門資助學業。"},
		{"single character marks the character", "孤", "single-char", "战争遗<mark>孤</mark>晚年生活困难。"},
		{"body when summary does not match", "释法说理", "petition-case", "当事人长期信访，法院在查明困难情况后依法给予救助并做好<mark>释法说理</mark>。"},
		{"title-only match uses the summary start", "转义测试", "escape-test", "包含 &lt;script&gt;alert(1)&lt;/script&gt; 与 &amp; 符号的救助摘要。"},
		{"phrase marked whole", "先行救助", "spc-procedure", "救助申请人应当提交救助申请书。对急需救助的，可以<mark>先行救助</mark>。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ix.Search(Request{Query: tt.query, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				if h.ID == tt.id {
					if h.Snippet != tt.want {
						t.Errorf("snippet\n got %s\nwant %s", h.Snippet, tt.want)
					}
					return
				}
			}
			t.Errorf("%s not among %v", tt.id, ids(res))
		})
	}
}

func TestSnippetWindow(t *testing.T) {
	long := strings.Repeat("前文", 60) + "先行救助" + strings.Repeat("后文", 60)
	ms := []textMatcher{}
	m, _ := compileText(Clause{Kind: TermClause, Text: "先行救助"})
	ms = append(ms, m)
	got := makeSnippet(&docText{Body: long}, ms)
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.Contains(got, "<mark>先行救助</mark>") {
		t.Errorf("snippet %q", got)
	}
	plain := strings.NewReplacer("<mark>", "", "</mark>", "", "…", "").Replace(got)
	if n := len([]rune(plain)); n < 70 || n > 90 {
		t.Errorf("window of %d characters: %q", n, got)
	}
	short := makeSnippet(&docText{Summary: "短摘要\n\n第二行"}, nil)
	if short != "短摘要 第二行" {
		t.Errorf("short snippet %q", short)
	}
}

// TestPhraseAcrossRuns pins bleve's phrase semantics: bigrams at consecutive
// positions, even when a punctuation break separates the runs.
func TestPhraseAcrossRuns(t *testing.T) {
	tests := []struct {
		text, phrase string
		want         bool
	}{
		{"法院决定先行救助。", "先行救助", true},
		{"先行调查后救助", "先行救助", false},
		{"先行，行救助", "先行救助", true}, // 先行(1) 行救(2) 救助(3)
		{"先行，救助", "先行救助", false},
		{"先行 abc 行救助", "先行救助", false},
		{"先行😀行救助", "先行救助", true},
		{"孤兒院", "孤儿院", true},
		{"社会救助衔接机制", "社会救助 衔接", false},
		{"社会救助，衔接机制", "社会救助 衔接", true},
		{"社会救助。\n\n衔接", "社会救助 衔接", true},
		{"社会救助，再衔接", "社会救助 衔接", false},
		{"孤，兒", "孤 儿", true},
		{"孤儿", "孤 儿", false},
		{"救助 v2 机制", "救助 v2 机制", true},
	}
	for _, tt := range tests {
		m, _ := compileText(Clause{Kind: PhraseClause, Text: tt.phrase})
		needle, chain := cjkChain(m.tokens)
		got := phraseIn(tt.text, m.tokens, needle, chain)
		slow := len(phraseSpans(Analyze(tt.text), m.tokens)) > 0
		if got != tt.want || slow != tt.want {
			t.Errorf("phrase %q in %q: fast %v, token check %v, want %v", tt.phrase, tt.text, got, slow, tt.want)
		}
	}
}

// TestPhraseShortcutsMatchTokens checks phraseIn's substring shortcuts
// against the token check on random text.
func TestPhraseShortcutsMatchTokens(t *testing.T) {
	pieces := []string{"社会", "救助", "衔接", "，", "。\n", " ", "先行", "行", "孤", "兒", "儿", "再", "v2", "😀", "機制"}
	phrases := []string{"社会救助 衔接", "先行救助", "孤 儿", "救助 衔接", "衔接 社会", "救助 v2", "先行 救助", "行救"}
	rng := rand.New(rand.NewPCG(9, 4))
	found := 0
	for range 20000 {
		var sb strings.Builder
		for range 1 + rng.IntN(10) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text, phrase := sb.String(), phrases[rng.IntN(len(phrases))]
		m, _ := compileText(Clause{Kind: PhraseClause, Text: phrase})
		needle, chain := cjkChain(m.tokens)
		got := phraseIn(text, m.tokens, needle, chain)
		if slow := len(phraseSpans(Analyze(text), m.tokens)) > 0; got != slow {
			t.Fatalf("phrase %q in %q: shortcut %v, token check %v", phrase, text, got, slow)
		}
		if got {
			found++
		}
	}
	if found < 100 {
		t.Errorf("only %d texts hold their phrase: the comparison proves little", found)
	}
}
