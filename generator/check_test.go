package generator

import (
	"strings"
	"testing"

	"casebook/privacy"
)

// testConfig is the vocabulary of testdata/site.
func testConfig(t *testing.T) *Config {
	t.Helper()
	cfg, ds := LoadConfig(osDirFS("testdata/site"))
	if cfg == nil {
		t.Fatalf("testdata/site/site.toml: %v", ds)
	}
	return cfg
}

const caseHead = `title = "案例"
date = 2024-01-02
region = "四川"
categories = ["刑事被害人救助"]
court = "某法院"
court_level = "基层"
stage = "审判"
`

// TestEntryChecks runs one entry file through load and check and expects a
// diagnostic containing want on the given line ("" and 0: no diagnostic).
func TestEntryChecks(t *testing.T) {
	tests := []struct {
		name    string
		section string
		file    string
		line    int
		want    string
	}{
		{"valid case", "cases", "+++\n" + caseHead + "+++\n正文\n", 0, ""},
		{"unknown key", "cases", "+++\n" + caseHead + "amout = 3\n+++\n", 9, `unknown key "amout"; did you mean "amount"?`},
		{"key of another section", "cases", "+++\n" + caseHead + "issuer = [\"x\"]\n+++\n", 9, `key "issuer" does not apply to cases`},
		{"missing required", "cases", "+++\ntitle = \"x\"\ndate = 2024-01-01\n+++\n", 1, `missing required key "court"`},
		{"wrong type", "cases", "+++\n" + caseHead + "amount = \"三万\"\n+++\n", 9, `key "amount" must be an integer, not the string`},
		{"negative amount", "cases", "+++\n" + caseHead + "amount = -1\n+++\n", 9, `amount must be 0 or more`},
		{"zero persons", "cases", "+++\n" + caseHead + "persons = 0\n+++\n", 9, `persons must be at least 1`},
		{"invalid date", "cases", "+++\n" + strings.Replace(caseHead, "2024-01-02", `"2024/1/2"`, 1) + "+++\n", 3, `invalid date "2024/1/2"`},
		{"date out of range", "cases", "+++\n" + strings.Replace(caseHead, "2024-01-02", "2024-13-02", 1) + "+++\n", 3, `malformed TOML`},
		{"unknown term", "cases", "+++\n" + strings.Replace(caseHead, "刑事被害人救助", "刑事被害救助", 1) + "+++\n", 5, `did you mean "刑事被害人救助"?`},
		{"traditional term", "cases", "+++\n" + strings.Replace(caseHead, "刑事被害人救助", "刑事被害人救助", 1) + "groups = [\"孤兒\"]\n+++\n", 0, ""},
		{"unknown region", "cases", "+++\n" + strings.Replace(caseHead, "四川", "四州", 1) + "+++\n", 4, `unknown region "四州"; did you mean "四川"?`},
		{"bad court level", "cases", "+++\n" + strings.Replace(caseHead, "基层", "初级", 1) + "+++\n", 7, `court_level "初级" is not one of 最高, 高级, 中级, 基层`},
		{"traditional stage", "cases", "+++\n" + strings.Replace(caseHead, "审判", "審判", 1) + "+++\n", 0, ""},
		{"unresolved cite", "cases", "+++\n" + caseHead + "cites = [\"nope\"]\n+++\n", 9, `cites "nope", which is not an entry`},
		{"self cite", "cases", "+++\n" + caseHead + "cites = [\"x\"]\n+++\n", 9, `cannot cite itself`},
		{"implements non-policy", "rules", "+++\ntitle = \"r\"\ndate = 2020-01-01\nregion = \"四川\"\nissuer = [\"x\"]\nimplements = [\"x\"]\n+++\n", 0, "is a rules entry, not a policy"},
		{"bad status", "rules", "+++\ntitle = \"r\"\ndate = 2020-01-01\nregion = \"四川\"\nissuer = [\"x\"]\nstatus = \"有效\"\n+++\n", 6, `status "有效" is not one of`},
		{"malformed TOML", "cases", "+++\ntitle = \"x\n+++\n", 2, "malformed TOML"},
		{"missing front matter", "cases", "# 标题\n", 1, "missing front matter"},
		{"unclosed front matter", "cases", "+++\ntitle = \"x\"\n", 1, "front matter is not closed"},
		{"empty file", "cases", "", 1, "empty file"},
		{"only spaces", "cases", "  \n\n", 1, "empty file"},
		{"binary", "cases", "+++\x00\n", 1, "binary data"},
		{"gbk", "cases", "+++\ntitle = \"\xcb\xbe\xb7\xa8\"\n+++\n", 2, "not UTF-8 (it looks like GBK)"},
		{"big5", "cases", "+++\ntitle = \"\xa5\x71\xaa\x6b\xb1\xcf\xa7\x55\"\n+++\n", 2, "not UTF-8 (it looks like Big5)"},
		{"BOM and CRLF", "cases", "\xEF\xBB\xBF+++\r\n" + strings.ReplaceAll(caseHead, "\n", "\r\n") + "+++\r\n正文\r\n", 0, ""},
		{"allow without reason", "cases", "+++\n" + caseHead + "[[allow]]\ntext = \"12368\"\n+++\n", 9, "needs exactly a text and a reason"},
		{"params are free", "cases", "+++\n" + caseHead + "[params]\nanything = 1\n+++\n", 0, ""},
		{"ID number in body", "cases", "+++\n" + caseHead + "+++\n\n申请人身份证号11010519491231002X。\n", 11, "身份证号: 1101**********002X"},
		{"phone in summary", "cases", "+++\n" + caseHead + "summary = \"联系电话13812345678\"\n+++\n", 9, "手机号: 138****5678"},
		{"denylisted name", "cases", "+++\n" + caseHead + "+++\n\n邹明轩申请救助。\n", 11, "禁用姓名: 邹**"},
		{"full-width phone", "cases", "+++\n" + caseHead + "+++\n\n电话１３８１２３４５６７８\n", 11, "手机号"},
		{"pseudonym unmarked", "cases", "+++\n" + caseHead + "pseudonyms = [\"小吉\"]\n+++\n\n小吉的父亲被害。\n", 12, "化名未标注: mark the first use"},
		{"pseudonym unused", "cases", "+++\n" + caseHead + "pseudonyms = [\"小吉\"]\n+++\n\n正文。\n", 9, "化名未使用"},
		{"pseudonym marked", "cases", "+++\n" + caseHead + "pseudonyms = [\"小吉\"]\n+++\n\n小吉（化名）的父亲被害。\n", 0, ""},
		{"allowed hotline", "cases", "+++\n" + caseHead + "[[allow]]\ntext = \"010-67550000\"\nreason = \"法院公开的诉讼服务电话\"\n+++\n\n可拨打010-67550000咨询。\n", 0, ""},
		{"case number is not personal data", "cases", "+++\n" + caseHead + "case_number = \"（2023）川01刑初123号\"\n+++\n\n拨打12368，救助金3.5万元，2023年5月6日。\n", 0, ""},
	}
	cfg := testConfig(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := "x"
			src := source{path: "content/" + tc.section + "/" + id + ".md", section: tc.section, id: id}
			fsys := mapFS(src.path, tc.file)
			entries, ds := loadEntries(fsys, cfg, privacy.NewGuard([]string{"邹明轩"}), []source{src})
			ds = append(ds, checkEntries(cfg, entries)...)
			errs := ds.Errors()
			if tc.want == "" {
				if len(errs) > 0 {
					t.Fatalf("unexpected diagnostics:\n%s", errs.Error())
				}
				return
			}
			for _, d := range errs {
				if strings.Contains(d.Msg, tc.want) {
					if tc.line != 0 && d.Line != tc.line {
						t.Errorf("line %d, want %d: %s", d.Line, tc.line, d)
					}
					if d.Path != src.path {
						t.Errorf("path %q, want %q", d.Path, src.path)
					}
					return
				}
			}
			t.Errorf("no diagnostic contains %q; got:\n%s", tc.want, errs.Error())
		})
	}
}

func TestSlugAndDuplicateChecks(t *testing.T) {
	cfg := testConfig(t)
	body := "+++\n" + caseHead + "+++\n"
	srcs := []source{
		{path: "content/cases/a.md", section: "cases", id: "a"},
		{path: "content/cases/Bad_Slug.md", section: "cases", id: "Bad_Slug"},
		{path: "content/rules/a.md", section: "rules", id: "a"},
	}
	fsys := mapFS(srcs[0].path, body, srcs[1].path, body, srcs[2].path, "+++\ntitle = \"r\"\ndate = 2020-01-01\nregion = \"四川\"\nissuer = [\"x\"]\n+++\n")
	entries, ds := loadEntries(fsys, cfg, privacy.NewGuard(nil), srcs)
	ds = append(ds, checkEntries(cfg, entries)...)
	text := ds.Error()
	for _, want := range []string{
		`content/cases/Bad_Slug.md:1: invalid slug "Bad_Slug": use lower-case ASCII letters, digits and single hyphens, e.g. "bad-slug"`,
		`duplicate slug "a"`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in:\n%s", want, text)
		}
	}
}

func TestConfigChecks(t *testing.T) {
	tests := []struct{ name, toml, want string }{
		{"unknown key", "title = \"t\"\nbaseURL = \"https://x.org/\"\ntitel = 1\n", `site.toml:3: unknown key "titel"`},
		{"relative baseURL", "title = \"t\"\nbaseURL = \"/kb/\"\n", `site.toml:2: baseURL "/kb/" is not an absolute URL`},
		{"term without slug", "title = \"t\"\nbaseURL = \"https://x.org/\"\n[taxonomies.categories]\nname = \"c\"\n[[taxonomies.categories.terms]]\nname = \"甲\"\n", `term "甲" needs a slug`},
		{"unknown parent", "title = \"t\"\nbaseURL = \"https://x.org/\"\n[taxonomies.categories]\nname = \"c\"\n[[taxonomies.categories.terms]]\nname = \"甲\"\nslug = \"a\"\nparent = \"乙\"\n", `parent "乙" of term "甲" is not a term`},
		{"malformed", "title = \n", `site.toml:1: malformed TOML`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, ds := ParseConfig(tc.toml)
			if !strings.Contains(ds.Error(), tc.want) {
				t.Errorf("got:\n%s\nwant it to contain %q", ds.Error(), tc.want)
			}
		})
	}
}
