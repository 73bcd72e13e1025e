package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"casebook/generator"
	"casebook/search"
)

func TestServesPagesWithScript(t *testing.T) {
	ts := startServer(t, copyFixture(t))
	if want := ts.root + "/kb/"; ts.URL() != want {
		t.Errorf("URL() = %q, want %q", ts.URL(), want)
	}
	tests := []struct {
		name, path string
		status     int
		script     bool   // the live-reload tag is added
		contains   string // the body holds this
	}{
		{"entry", "/kb/" + entryPage, 200, true, "法院派员将救助金送到家中"},
		{"entry file", "/kb/" + entryPage + "index.html", 200, true, "法院派员将救助金送到家中"},
		{"home", "/kb/", 200, true, "测试案例库"},
		{"draft shown", "/kb/cases/draft-case/", 200, true, "草稿案例"},
		{"bundle resource", "/kb/rules/sc-linkage/summary.txt", 200, false, ""},
		{"feed", "/kb/index.xml", 200, false, "<feed"},
		{"missing page", "/kb/no-such-page/", 404, true, "</html>"},
		{"outside base path", "/elsewhere/", 404, true, ""},
		{"script", ScriptPath, 200, false, "EventSource"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, h := ts.get(t, ts.root+tt.path)
			if status != tt.status {
				t.Fatalf("status %d, want %d", status, tt.status)
			}
			if got := strings.Count(body, scriptTag); got != map[bool]int{true: 1, false: 0}[tt.script] {
				t.Errorf("script tag found %d times", got)
			}
			if tt.script && !strings.Contains(body, scriptTag+"\n</body>") {
				t.Errorf("script tag not just before </body>")
			}
			if !strings.Contains(body, tt.contains) {
				t.Errorf("body does not hold %q", tt.contains)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" {
				t.Errorf("headers %v lack nosniff / no-store", h)
			}
		})
	}
	t.Run("404 is the site's page", func(t *testing.T) {
		_, body, _ := ts.get(t, ts.site+"no-such-page/")
		if want := readFile(t, ts.dest, "404.html"); body != string(injectScript([]byte(want))) {
			t.Errorf("404 body is not the site's 404.html with the script")
		}
	})
	t.Run("files on disk carry no script", func(t *testing.T) {
		err := filepath.WalkDir(ts.dest, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if strings.Contains(string(data), ScriptPath) {
				t.Errorf("%s holds the live-reload script", p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestRedirects(t *testing.T) {
	ts := startServer(t, copyFixture(t))
	tests := []struct{ name, path, location string }{
		{"root to base path", "/", "/kb/"},
		{"base path without slash", "/kb", "/kb/"},
		{"folder without slash", "/kb/cases/xiaoji-children", "/kb/cases/xiaoji-children/"},
		{"folder keeps query", "/kb/cases?page=2", "/kb/cases/?page=2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := ts.client.Get(ts.root + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode/100 != 3 || resp.Header.Get("Location") != tt.location {
				t.Errorf("%d Location %q, want a redirect to %q", resp.StatusCode, resp.Header.Get("Location"), tt.location)
			}
		})
	}
}

func TestEditDeliversReload(t *testing.T) {
	ts := startServer(t, copyFixture(t))
	events := ts.subscribe(t)
	entry := readFile(t, ts.source, entryRel)
	writeFile(t, ts.source, entryRel, withBody(t, entry, "改写后的正文：救助金已分三次发放。"))
	events.expect(t, "reload", `"/kb/`+entryPage+`"`)
	_, body, _ := ts.get(t, ts.site+entryPage)
	if !strings.Contains(body, "改写后的正文") {
		t.Error("the page does not show the new text after the reload event")
	}
	if !strings.Contains(ts.log.String(), "rebuilt in ") {
		t.Errorf("log lacks the rebuild line:\n%s", ts.log)
	}
}

func TestEditSendsTaggingHints(t *testing.T) {
	ts := startServer(t, copyFixture(t))
	events := ts.subscribe(t)
	entry := readFile(t, ts.source, entryRel)
	writeFile(t, ts.source, entryRel, withBody(t, entry, "小吉（化名）的救助金分批发放。"))
	if ev := events.expect(t, "hints"); ev.data != `{"hints":[]}` {
		t.Fatalf("the first build sent hints %s; the fixture has none", ev.data)
	}
	events.expect(t, "hints", `consider adding \"分批发放\" to methods`, "content/cases/xiaoji-children.md:")
	late := ts.subscribe(t)
	late.expect(t, "hints", "分批发放") // a page opened later sees them at once
}

func TestBrokenBuildShowsErrorsThenRecovers(t *testing.T) {
	ts := startServer(t, copyFixture(t))
	events := ts.subscribe(t)
	entry := readFile(t, ts.source, entryRel)
	want := entryRel + ":2:"

	writeFile(t, ts.source, entryRel, withBadKey(withBody(t, entry, "这一版有错误。")))
	events.expect(t, "errors", want, "colour")
	status, body, _ := ts.get(t, ts.site+entryPage)
	if status != 200 || !strings.Contains(body, "法院派员将救助金送到家中") || strings.Contains(body, "这一版有错误") {
		t.Errorf("the last good page is not served while broken (status %d)", status)
	}
	if !strings.Contains(ts.log.String(), want) {
		t.Errorf("the terminal log lacks %q:\n%s", want, ts.log)
	}
	late := ts.subscribe(t)
	late.expect(t, "errors", want)

	writeFile(t, ts.source, entryRel, withBody(t, entry, "修好之后的正文。"))
	events.expect(t, "reload")
	late.expect(t, "reload")
	_, body, _ = ts.get(t, ts.site+entryPage)
	if !strings.Contains(body, "修好之后的正文") {
		t.Error("the fixed page is not served")
	}
	ts.hub.mu.Lock()
	broken := ts.hub.last != nil
	ts.hub.mu.Unlock()
	if broken {
		t.Error("the hub still remembers errors after a good build")
	}
}

func TestFirstBuildBroken(t *testing.T) {
	dir := copyFixture(t)
	entry := readFile(t, dir, entryRel)
	writeFile(t, dir, entryRel, withBadKey(entry))
	ts := startServer(t, dir)
	events := ts.subscribe(t)
	events.expect(t, "errors", entryRel+":2:")
	status, body, _ := ts.get(t, ts.site+entryPage)
	if status != 404 || !strings.Contains(body, scriptTag) {
		t.Errorf("before any good build: status %d, script %v; want 404 with the script", status, strings.Contains(body, scriptTag))
	}
	writeFile(t, dir, entryRel, entry)
	events.expect(t, "reload", "/kb/"+entryPage)
	if status, _, _ := ts.get(t, ts.site+entryPage); status != 200 {
		t.Errorf("after the fix: status %d", status)
	}
}

func TestSaveByRename(t *testing.T) {
	tests := []struct{ name, temp string }{
		{"hidden temporary", "content/cases/.xiaoji-children.md.tmp123"},
		{"temporary outside the tree", ".casebook/save.tmp"},
		{"backup name", "content/cases/xiaoji-children.md~"},
	}
	ts := startServer(t, copyFixture(t))
	events := ts.subscribe(t)
	entry := readFile(t, ts.source, entryRel)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "改名保存的正文 " + strings.Repeat("甲", i+1)
			writeFile(t, ts.source, tt.temp, withBody(t, entry, text))
			if err := os.Rename(filepath.Join(ts.source, tt.temp), filepath.Join(ts.source, entryRel)); err != nil {
				t.Fatal(err)
			}
			events.expect(t, "reload", "/kb/"+entryPage)
			if _, body, _ := ts.get(t, ts.site+entryPage); !strings.Contains(body, text) {
				t.Errorf("the page does not show %q", text)
			}
		})
	}
	t.Run("site.toml", func(t *testing.T) {
		cfg := readFile(t, ts.source, "site.toml")
		writeFile(t, ts.source, ".site.toml.swp", strings.Replace(cfg, `title = "测试案例库"`, `title = "改名后的案例库"`, 1))
		if err := os.Rename(filepath.Join(ts.source, ".site.toml.swp"), filepath.Join(ts.source, "site.toml")); err != nil {
			t.Fatal(err)
		}
		events.expect(t, "reload", `"/kb/"`)
		if _, body, _ := ts.get(t, ts.site); !strings.Contains(body, "改名后的案例库") {
			t.Error("the home page does not show the new title")
		}
	})
}

func TestNewBundleIsWatched(t *testing.T) {
	ts := startServer(t, copyFixture(t))
	events := ts.subscribe(t)
	entry := readFile(t, ts.source, entryRel)
	bundle := "content/cases/new-bundle/index.md"
	text := strings.Replace(withBody(t, entry, "新的案例包。"), `title = "小吉等六名儿童司法救助案"`, `title = "新案例包"`, 1)
	if err := os.Mkdir(filepath.Join(ts.source, "content/cases/new-bundle"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, ts.source, bundle, text)
	events.expect(t, "reload", "/kb/cases/new-bundle/")

	// The folder is now watched: a later edit inside it is seen on its own.
	writeFile(t, ts.source, bundle, strings.Replace(text, "新的案例包。", "案例包第二版。", 1))
	events.expect(t, "reload", "/kb/cases/new-bundle/")
	if _, body, _ := ts.get(t, ts.site+"cases/new-bundle/"); !strings.Contains(body, "案例包第二版") {
		t.Error("the bundle's page does not show its second version")
	}
	writeFile(t, ts.source, "content/cases/new-bundle/note.txt", "附件")
	events.expect(t, "reload", "/kb/cases/new-bundle/note.txt")
}

func TestBurstGivesOneRebuild(t *testing.T) {
	ts := startServer(t, copyFixture(t))
	events := ts.subscribe(t)
	entry := readFile(t, ts.source, entryRel)
	before := ts.builder.builds.Load()
	const n = 200
	for i := range n {
		slug := "burst-" + strings.Repeat("x", 1+i%3) + "-" + itoa(i)
		text := strings.Replace(entry, `title = "小吉等六名儿童司法救助案"`, `title = "批量案例 `+itoa(i)+`"`, 1)
		writeFile(t, ts.source, "content/cases/"+slug+".md", text)
	}
	last := "/kb/cases/burst-" + strings.Repeat("x", 1+(n-1)%3) + "-" + itoa(n-1) + "/"
	for {
		ev := events.expect(t, "reload")
		if strings.Contains(ev.data, last) {
			break
		}
	}
	// One more change, after the burst, shows that no rebuild is still due.
	writeFile(t, ts.source, entryRel, withBody(t, entry, "批量之后的修改。"))
	events.expect(t, "reload", "/kb/"+entryPage)
	burst := ts.builder.builds.Load() - before - 1
	if burst < 1 || burst > 2 {
		t.Errorf("%d writes gave %d rebuilds, want 1 (at most 2)", n, burst)
	}
	t.Logf("%d writes → %d rebuild(s)\n%s", n, burst, ts.log)
}

func TestSearchAPI(t *testing.T) {
	ts := startServer(t, copyFixture(t))
	tests := []struct {
		name, query string
		status      int
		hit         string // a hit's id expected in the answer
		req         *search.Request
	}{
		{"words", "q=救助金", 200, "xiaoji-children", &search.Request{Query: "救助金"}},
		{"drafts are searched", "q=草稿", 200, "draft-case", &search.Request{Query: "草稿"}},
		{"filter and sort", "q=救助&sort=date&limit=5&filter=categories=未成年人救助", 200, "xiaoji-children",
			&search.Request{Query: "救助", Sort: "date", Limit: 5, Filters: map[string][]string{"categories": {"未成年人救助"}}}},
		{"malformed query", `q="孤儿`, 400, "", nil},
		{"unknown field", "q=colour:red", 400, "", nil},
		{"unknown filter", "q=救助&filter=colour=red", 400, "", nil},
		{"bad limit", "q=救助&limit=many", 400, "", nil},
		{"bad sort", "q=救助&sort=size", 400, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, h := ts.get(t, ts.root+SearchPath+"?"+encodeQuery(tt.query))
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			if tt.status != 200 {
				var e struct{ Error string }
				if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error == "" {
					t.Errorf("error answer %q is not {\"error\": ...}", body)
				}
				return
			}
			var res search.Result
			if err := json.Unmarshal([]byte(body), &res); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, h := range res.Hits {
				found = found || h.ID == tt.hit
			}
			if res.Total == 0 || !found {
				t.Errorf("answer lacks hit %q: %s", tt.hit, body)
			}
			direct, err := ts.builder.Search(*tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if want, _ := json.Marshal(direct); !jsonEqual(t, want, []byte(body)) {
				t.Errorf("API answer differs from the index's:\n got %s\nwant %s", body, want)
			}
		})
	}
}

func TestSearchSeesRebuilds(t *testing.T) {
	ts := startServer(t, copyFixture(t))
	events := ts.subscribe(t)
	entry := readFile(t, ts.source, entryRel)
	writeFile(t, ts.source, entryRel, withBody(t, entry, "独一无二的蝴蝶标本。"))
	events.expect(t, "reload")
	_, body, _ := ts.get(t, ts.root+SearchPath+"?"+encodeQuery("q=蝴蝶标本"))
	if !strings.Contains(body, `"id":"xiaoji-children"`) {
		t.Errorf("the live index does not find the new text: %s", body)
	}
}

func TestMethodNotAllowed(t *testing.T) {
	ts := startServer(t, copyFixture(t))
	resp, err := ts.client.Post(ts.site, "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", resp.StatusCode)
	}
}

// brokenBuilder fails every build with one content error.
type brokenBuilder struct{}

func (brokenBuilder) Build() (*generator.Result, error) {
	return nil, &generator.ContentError{Diagnostics: generator.Diagnostics{{Path: "site.toml", Line: 1, Msg: "broken"}}}
}

func (brokenBuilder) Search(search.Request) (*search.Result, error) {
	return nil, errors.New("not built")
}

func TestDefaultAddrIsLoopback(t *testing.T) {
	s, err := New(Config{Builder: brokenBuilder{}, Source: t.TempDir(), Dest: t.TempDir()})
	if err != nil {
		// The port may be taken on this machine; the message names the default.
		if !strings.Contains(err.Error(), "127.0.0.1:1314") {
			t.Fatalf("New: %v", err)
		}
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	defer s.Run(ctx)
	if got := s.Addr().String(); got != "127.0.0.1:1314" {
		t.Errorf("Addr() = %s, want 127.0.0.1:1314", got)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func encodeQuery(q string) string {
	var parts []string
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		parts = append(parts, k+"="+url.QueryEscape(v))
	}
	return strings.Join(parts, "&")
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatal(err)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}

func TestThemesFolderCreatedLater(t *testing.T) {
	ts := startServer(t, copyFixture(t))
	events := ts.subscribe(t)
	css := "themes/default/static/css/extra.css"
	writeFile(t, ts.source, css, "body { color: black; }\n")
	events.expect(t, "reload", "css/extra.css\"")
	writeFile(t, ts.source, css, "body { color: navy; }\n")
	ev := events.expect(t, "reload", "css/extra.css\"")
	var data struct{ Paths []string }
	if err := json.Unmarshal([]byte(ev.data), &data); err != nil || len(data.Paths) != 1 {
		t.Fatalf("reload data %s: want the one file that changed", ev.data)
	}
	if _, body, _ := ts.get(t, ts.root+data.Paths[0]); !strings.Contains(body, "navy") {
		t.Errorf("extra.css = %q", body)
	}
}
