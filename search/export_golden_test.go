package search

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// exportGoldenFile pins the content of the exports of exportGoldenSets:
// one line per file, "set path sha256".
const exportGoldenFile = "testdata/export/golden.txt"

// exportGoldenSets are doc sets, with the options to export them, whose
// exports the golden file pins.
func exportGoldenSets() []struct {
	name string
	docs []Doc
	opts ExportOptions
} {
	day := time.Date(2023, 3, 4, 0, 0, 0, 0, time.UTC)
	odd := []Doc{
		{ID: "no-facets", Title: "无分类", Body: "生活困难，先行救助。", Date: day},
		{ID: "empty"},
		{ID: "invalid-utf8", Title: "bad \xff title", Body: "救助\xe2\x80金 İstanbul İ", Summary: "\xc3"},
		{ID: "controls", Title: "tab\tand\nnewline\x01", Body: "line\u2028sep\u2029end <b>&amp;</b> \"quoted\" \\", Date: day},
		{ID: "long", Body: strings.Repeat("孤兒先行救助，", 120), Keywords: []string{"孤儿", "先行救助", "国家司法救助"}, Date: day.AddDate(-1, 0, 0)},
		{ID: "frequent", Body: strings.Repeat("救助", 80), Categories: []string{"执行不能救助", "未成年人救助"}, Region: "四川"},
		{ID: "ascii", Title: "Case 12 of 2024", Body: "The court granted aid to the applicant; amount 30000 yuan.", DocNumber: "(2024)川01司救12号"},
	}
	synth := synthDocs(150)
	for i := range synth {
		synth[i].Body = synth[i].Body[:len(synth[i].Body)/3]
	}
	return []struct {
		name string
		docs []Doc
		opts ExportOptions
	}{
		{"fixture", exportFixtureDocs(), ExportOptions{TermShardBytes: 1024, PosBlockDocs: 8}},
		{"fixture-defaults", exportFixtureDocs(), ExportOptions{}},
		{"odd", odd, ExportOptions{TermShardBytes: 512, PosBlockDocs: 2, PosShardBytes: 256, Phrases: []string{"生活困难", "孤兒先行"}}},
		{"synth", synth, ExportOptions{TermShardBytes: 4096, PosBlockDocs: 64, DocCount: 1000, FieldCardinality: map[string]int{fieldBody: 123456}}},
	}
}

// TestExportGolden checks every file of the exports of exportGoldenSets
// against testdata/export/golden.txt; -update rewrites it.
func TestExportGolden(t *testing.T) {
	var lines []string
	for _, set := range exportGoldenSets() {
		// Made in memory: TestExportInMemory checks that Export writes
		// the same files.
		_, files, err := NewExporter("", set.opts).export(set.docs, "")
		if err != nil {
			t.Fatal(err)
		}
		for path, data := range files {
			sum := sha256.Sum256(data)
			lines = append(lines, fmt.Sprintf("%s %s %s", set.name, path, hex.EncodeToString(sum[:12])))
		}
	}
	slices.Sort(lines)
	got := strings.Join(lines, "\n") + "\n"
	if *update {
		if err := os.WriteFile(exportGoldenFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(exportGoldenFile)
	if err != nil {
		t.Fatalf("%v (run go test ./search/ -run ExportGolden -update)", err)
	}
	wantLines := strings.Split(strings.TrimSuffix(string(want), "\n"), "\n")
	gotSet := map[string]bool{}
	for _, l := range lines {
		gotSet[l] = true
	}
	wantSet := map[string]bool{}
	for _, l := range wantLines {
		wantSet[l] = true
		if !gotSet[l] {
			t.Errorf("missing or changed: %s", l)
		}
	}
	for _, l := range lines {
		if !wantSet[l] {
			t.Errorf("new or changed: %s", l)
		}
	}
}
