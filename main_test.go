package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"casebook/internal/corpus"
)

// copySite copies the generator's small test site into a temporary folder.
func copySite(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dst, os.DirFS("generator/testdata/site")); err != nil {
		t.Fatal(err)
	}
	return dst
}

func runCmd(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	good := copySite(t)
	bad := filepath.Join(t.TempDir(), "bad")
	if err := os.CopyFS(bad, os.DirFS("generator/testdata/bad")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		out  string // in stdout or stderr
	}{
		{"build ok", []string{"build", "--source", good, "--dest", filepath.Join(t.TempDir(), "p")}, 0, "built 6 entries"},
		{"build with drafts", []string{"build", "--source", good, "--dest", filepath.Join(t.TempDir(), "p"), "--drafts"}, 0, "built 7 entries"},
		{"build bad content", []string{"build", "--source", bad, "--dest", filepath.Join(t.TempDir(), "p")}, 1, "content/cases/gbk.md:2: file is not UTF-8"},
		{"check ok", []string{"check", "--source", good}, 0, "ok: 7 entries"},
		{"check bad", []string{"check", "--source", bad}, 1, "13 error(s)"},
		{"no command", nil, 2, "Usage"},
		{"unknown command", []string{"bulid"}, 2, `unknown command "bulid"`},
		{"unknown flag", []string{"build", "--sauce", good}, 2, "flag provided but not defined"},
		{"stray argument", []string{"build", "extra"}, 2, `unexpected argument "extra"`},
		{"new without slug", []string{"new", "cases"}, 2, "usage: casebook new SECTION SLUG"},
		{"new bad section", []string{"new", "--source", good, "verdicts", "x"}, 2, `unknown section "verdicts"`},
		{"new bad slug", []string{"new", "--source", good, "cases", "Bad Slug"}, 2, `invalid slug "Bad Slug"`},
		{"new existing", []string{"new", "--source", good, "rules", "xiaoji-children"}, 2, "already exists"},
		{"search without query", []string{"search", "--source", good}, 2, "give a query"},
		{"search bad sort", []string{"search", "--source", good, "--sort", "size", "救助"}, 2, "--sort is relevance or date"},
		{"search bad filter", []string{"search", "--source", good, "--filter", "colour=red", "救助"}, 2, `unknown filter field "colour"`},
		{"search malformed query", []string{"search", "--source", good, `"救助`}, 2, "casebook search:"},
		{"search ok", []string{"search", "--source", good, "救助"}, 0, "hit(s) for 救助"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCmd(tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, errs)
			}
			if !strings.Contains(out+errs, tc.out) {
				t.Errorf("output lacks %q\nstdout: %s\nstderr: %s", tc.out, out, errs)
			}
		})
	}
}

// TestBuildTimings checks that --timings names every stage of a build in
// order, the search export among them, whether the output is written whole
// or changed in place.
func TestBuildTimings(t *testing.T) {
	site := copySite(t)
	stages := regexp.MustCompile(`(?m)^stages: cache \S+, load \S+, plan \S+, index \S+, export \S+, write \S+$`)
	code, out, errs := runCmd("build", "--source", site, "--timings")
	if code != 0 || !stages.MatchString(out) {
		t.Fatalf("first build: exit %d, stages not as expected\nstdout: %s\nstderr: %s", code, out, errs)
	}
	entry := filepath.Join(site, "content/cases/xiaoquan-orphan.md")
	b, err := os.ReadFile(entry)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(entry, append(b, "\n另查明，申请人已获先行救助。\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs = runCmd("build", "--source", site, "--timings")
	if code != 0 || !stages.MatchString(out) || !strings.Contains(out, "built 6 entries, ") {
		t.Errorf("rebuild with one entry changed: exit %d, stages not as expected\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

func TestNewEntryBuildsAfterFilling(t *testing.T) {
	site := copySite(t)
	code, out, errs := runCmd("new", "--source", site, "cases", "fresh-case")
	if code != 0 {
		t.Fatalf("new: %d %s %s", code, out, errs)
	}
	file := filepath.Join(site, "content/cases/fresh-case.md")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "draft = true") {
		t.Errorf("a new entry is not a draft:\n%s", b)
	}
	code, _, errs = runCmd("check", "--source", site)
	if code != 1 || !strings.Contains(errs, "content/cases/fresh-case.md") || !strings.Contains(errs, "a case needs at least one category") {
		t.Errorf("check of an unfilled scaffold: exit %d\n%s", code, errs)
	}
	filled := strings.Replace(string(b), "categories = []", `categories = ["刑事被害人救助"]`, 1)
	if err := os.WriteFile(file, []byte(filled), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errs = runCmd("check", "--source", site); code != 0 {
		t.Errorf("check of a filled scaffold: exit %d\n%s", code, errs)
	}
}

func TestSearchJSON(t *testing.T) {
	site := copySite(t)
	code, out, errs := runCmd("search", "--source", site, "--json", "--limit", "1", "孤儿")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var res struct {
		Query string `json:"query"`
		Total int    `json:"total"`
		Hits  []struct {
			ID, Section, Title, URL, Date, Snippet string
			Score                                  float64
		} `json:"hits"`
		Facets map[string][]struct {
			Term  string `json:"term"`
			Count int    `json:"count"`
		} `json:"facets"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if res.Total != 1 || len(res.Hits) != 1 || res.Hits[0].ID != "xiaoquan-orphan" || res.Hits[0].URL != "/kb/cases/xiaoquan-orphan/" {
		t.Errorf("孤儿 should find the Traditional 孤兒 entry once: %+v", res)
	}
	if !strings.Contains(res.Hits[0].Snippet, "<mark>孤兒</mark>") {
		t.Errorf("snippet %q lacks the marked match", res.Hits[0].Snippet)
	}
	for _, f := range []string{"section", "categories", "groups", "methods", "region", "court_level", "stage", "year"} {
		if _, ok := res.Facets[f]; !ok {
			t.Errorf("facet %s missing", f)
		}
	}
}

// buildBinary compiles the command once for tests that need a process.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "casebook")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestInterruptedBuildKeepsLastGoodSite(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and builds a corpus")
	}
	bin := buildBinary(t)
	site := filepath.Join(t.TempDir(), "site")
	if _, err := corpus.Generate(site, corpus.Options{N: 300, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if out, err := exec.Command(bin, "build", "--source", site, "--dest", dest).CombinedOutput(); err != nil {
		t.Fatalf("first build: %v\n%s", err, out)
	}
	before := dirDigest(t, dest)
	// Change every entry, so the second build has much to do, then interrupt it.
	interrupted := 0
	for _, delay := range []time.Duration{300 * time.Millisecond, 900 * time.Millisecond, 1500 * time.Millisecond} {
		touchAll(t, filepath.Join(site, "content"))
		cmd := exec.Command(bin, "build", "--source", site, "--dest", dest)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGINT)
		_ = cmd.Wait()
		if cmd.ProcessState.Success() {
			before = dirDigest(t, dest) // it finished first; the site is then the new one
			continue
		}
		interrupted++
		// The output is the last good site, or, when the interruption came
		// after the new site was swapped in, exactly what a build gives.
		if got := dirDigest(t, dest); got != before {
			ref := filepath.Join(t.TempDir(), "public")
			if out, err := exec.Command(bin, "build", "--source", site, "--dest", ref).CombinedOutput(); err != nil {
				t.Fatalf("reference build: %v\n%s", err, out)
			}
			if got != dirDigest(t, ref) {
				t.Fatalf("an interrupted build (after %v) left an output that is neither the old site nor the new one", delay)
			}
			before = got
		}
	}
	if interrupted == 0 {
		t.Fatal("every build finished before its interruption; nothing was tested")
	}
	// The cache stays usable: the next build succeeds and leaves no temporary folder.
	if out, err := exec.Command(bin, "build", "--source", site, "--dest", dest).CombinedOutput(); err != nil {
		t.Fatalf("build after interruption: %v\n%s", err, out)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".public.new-*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary folders left behind: %v", leftovers)
	}
}

// touchAll appends a line to every entry, so every page must be rebuilt.
func touchAll(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".md" {
			return err
		}
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		_, err = f.WriteString("\n补充说明。\n")
		f.Close()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// dirDigest summarises a folder: every file's path, size and content.
func dirDigest(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b.WriteString(rel)
		b.Write(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
