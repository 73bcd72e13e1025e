package search

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/document"
)

func TestTableRoundTrip(t *testing.T) {
	dir := t.TempDir()
	rec := func(id string, n int) docRecord {
		return docRecord{
			ID: id, Hash: fmt.Sprintf("h%d", n), Section: "cases", Title: "标题" + id, URL: "/kb/cases/" + id + "/",
			Date:       time.Date(2020, 3, n%28+1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)),
			Categories: []string{"执行救助"}, Methods: []string{"分期发放", "联动救助"}, Region: "四川",
			TextOff: int64(n * 100), TextLen: 100, FieldLens: [len(textFields)]int32{1, 2, 3, int32(n), 5, 6},
		}
	}
	base := tableBase{Version: indexVersion(), TextFile: "text-1.bin", Gen: 4, Docs: []docRecord{rec("a", 1), rec("b", 2), rec("c", 3)}}
	base.Docs[1].Date = time.Time{}
	entries := []tableEntry{
		{Gen: 5, Put: []docRecord{rec("b", 20)}},
		{Gen: 6, Put: []docRecord{rec("aa", 30), rec("d", 31)}, Del: []string{"c"}},
	}
	want := [][]docRecord{
		base.Docs,
		{base.Docs[0], rec("b", 20), base.Docs[2]},
		{base.Docs[0], rec("aa", 30), rec("b", 20), rec("d", 31)},
	}

	if _, err := writeBase(dir, &base); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, manifestName)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ends := []int{len(data)} // file length after the base and after each entry
	for i := range entries {
		data = appendFrame(data, entries[i].encode(nil))
		ends = append(ends, len(data))
	}

	check := func(t *testing.T, data []byte, gen uint64, want []docRecord, validLen int) {
		t.Helper()
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := readTable(dir)
		if err != nil {
			t.Fatal(err)
		}
		if got.Gen != gen || got.validLen != int64(validLen) || got.TextFile != base.TextFile || got.Version != base.Version {
			t.Errorf("gen %d, valid %d, %q %q; want gen %d, valid %d", got.Gen, got.validLen, got.TextFile, got.Version, gen, validLen)
		}
		if len(got.Docs) != len(want) {
			t.Fatalf("%d records, want %d", len(got.Docs), len(want))
		}
		for i := range want {
			if !got.Docs[i].equal(&want[i]) || got.Docs[i].Date.Format(time.RFC3339) != want[i].Date.Format(time.RFC3339) {
				t.Errorf("record %d: %+v, want %+v", i, got.Docs[i], want[i])
			}
		}
	}
	t.Run("whole", func(t *testing.T) { check(t, data, 6, want[2], len(data)) })
	// An append torn anywhere leaves the state before it.
	t.Run("torn", func(t *testing.T) {
		for k := 1; k < len(ends); k++ {
			for cut := ends[k-1]; cut < ends[k]; cut++ {
				check(t, data[:cut], base.Gen+uint64(k-1), want[k-1], ends[k-1])
			}
		}
	})
	t.Run("garbage after", func(t *testing.T) {
		junk := append(slices.Clone(data), "\x10\x00\x00\x00garbage garbage garbage"...)
		check(t, junk, 6, want[2], len(data))
	})
	t.Run("flipped byte", func(t *testing.T) {
		bad := slices.Clone(data)
		bad[ends[1]+12] ^= 0x40
		check(t, bad, 5, want[1], ends[1])
	})
	t.Run("corrupt base", func(t *testing.T) {
		bad := slices.Clone(data)
		bad[20] ^= 0x40
		if err := os.WriteFile(path, bad, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := readTable(dir); err == nil {
			t.Error("a table with a corrupt base was read")
		}
	})
}

// hitTitles returns the titles of the hits of q, by ID.
func hitTitles(t *testing.T, ix *Index, q string) map[string]string {
	t.Helper()
	res, err := ix.Search(Request{Query: q, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, h := range res.Hits {
		m[h.ID] = h.Title
	}
	return m
}

// committedAt opens the index in dir and commits docs to it.
func committedAt(t *testing.T, dir string, docs []Doc) *Index {
	t.Helper()
	ix := openAt(t, dir)
	if _, err := ix.Update(docs); err != nil {
		t.Fatal(err)
	}
	if err := ix.flush(); err != nil {
		t.Fatal(err)
	}
	return ix
}

func TestReopenAfterTornAppend(t *testing.T) {
	dir := t.TempDir()
	docs := testDocs()
	ix := committedAt(t, dir, docs)
	info, err := os.Stat(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	before := info.Size()

	// The next Update changes a doc's text and deletes another; its table
	// entry is then torn, as by a crash while it was written. bleve has
	// the Update on disk already.
	changed := slices.Clone(docs)
	changed[3].Body, changed[3].Hash = "新的正文：司法救助先行垫付。", "h-new"
	removed := changed[0].ID
	changed = changed[1:]
	st, err := ix.Update(changed)
	if err != nil {
		t.Fatal(err)
	}
	if st != (UpdateStats{Indexed: 1, Deleted: 1, Unchanged: len(changed) - 1}) {
		t.Fatalf("update %+v", st)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	info, err = os.Stat(filepath.Join(dir, manifestName))
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() <= before {
		t.Fatalf("the update appended nothing to the table (%d bytes, before %d)", info.Size(), before)
	}
	if err := os.Truncate(filepath.Join(dir, manifestName), info.Size()-3); err != nil {
		t.Fatal(err)
	}

	// Reopened, the index is in the state before the Update, bleve too.
	ix = openAt(t, dir)
	if ix.Len() != len(docs) {
		t.Errorf("reopened with %d docs, want %d", ix.Len(), len(docs))
	}
	if got := hitTitles(t, ix, "先行垫付"); len(got) != 0 {
		t.Errorf("the torn update's text is found: %v", got)
	}
	if got := hitTitles(t, ix, "孤儿"); got[removed] == "" {
		t.Errorf("the doc the torn update deleted is not found: %v", got)
	}
	ref := openTestIndex(t)
	if a, b := answerDigest(t, ix), answerDigest(t, ref); a != b {
		t.Errorf("answers after the torn update differ from a fresh index:\n%s\nwant\n%s", a, b)
	}

	// The next Update redoes it.
	st, err = ix.Update(changed)
	if err != nil {
		t.Fatal(err)
	}
	if st != (UpdateStats{Indexed: 1, Deleted: 1, Unchanged: len(changed) - 1}) {
		t.Errorf("update after reopen %+v", st)
	}
	if got := hitTitles(t, ix, "先行垫付"); got[changed[2].ID] == "" {
		t.Errorf("the redone update's text is not found: %v", got)
	}
}

// answerDigest runs a few queries and lists every hit with its score.
func answerDigest(t *testing.T, ix *Index) string {
	t.Helper()
	var sb strings.Builder
	for _, q := range []string{"司法救助", "孤儿 救助", "先行", "执行 -刑事", "救助金"} {
		res, err := ix.Search(Request{Query: q, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&sb, "%s:", q)
		for _, h := range res.Hits {
			fmt.Fprintf(&sb, " %s=%v", h.ID, h.Score)
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

func TestTextFileCompaction(t *testing.T) {
	dir := t.TempDir()
	ix := openAt(t, dir)
	docs := testDocs()
	if _, err := ix.Update(docs); err != nil {
		t.Fatal(err)
	}
	first := textFiles(t, dir)
	// Rewriting one doc again and again appends its text each time; once
	// most of the file is dead, it is rewritten.
	rewrites := 0
	for i := range 15 {
		docs[2].Body = strings.Repeat("救助资金分期发放。", 30) + fmt.Sprintf("第%d版", i)
		docs[2].Hash = fmt.Sprintf("v%d", i)
		if _, err := ix.Update(docs); err != nil {
			t.Fatal(err)
		}
		if err := ix.flush(); err != nil {
			t.Fatal(err)
		}
		now := textFiles(t, dir)
		if len(now) != 1 {
			t.Fatalf("text files %v after update %d, want one", now, i)
		}
		if now[0] != first[0] {
			rewrites++
			first = now
		}
		if got := hitTitles(t, ix, fmt.Sprintf("第%d版", i)); got[docs[2].ID] == "" {
			t.Fatalf("update %d: the new text is not found", i)
		}
	}
	if rewrites < 2 {
		t.Errorf("the text file was rewritten %d times, want at least 2", rewrites)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = openAt(t, dir)
	ref := openTestIndex(t)
	if _, err := ref.Update(docs); err != nil {
		t.Fatal(err)
	}
	if a, b := answerDigest(t, ix), answerDigest(t, ref); a != b {
		t.Errorf("answers after compaction differ from a fresh index:\n%s\nwant\n%s", a, b)
	}
	if st, err := ix.Update(docs); err != nil || st.Indexed != 0 {
		t.Errorf("update after reopen: %+v, %v", st, err)
	}
}

func textFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "text-*"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range m {
		m[i] = filepath.Base(m[i])
	}
	return m
}

func TestPlanUpdate(t *testing.T) {
	day := time.Date(2024, 5, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))
	old := []docRecord{{ID: "a", Hash: "1", Date: day}, {ID: "b", Hash: "2", Date: day}, {ID: "c", Hash: "3", Date: day}}
	tests := []struct {
		name  string
		edit  func(docs []*Doc)
		dirty map[string]bool
		fresh []string
		put   []string
		del   []string
	}{
		{"unchanged", nil, nil, nil, nil, nil},
		{"new hash", func(d []*Doc) { d[1].Hash = "2x" }, nil, []string{"b"}, []string{"b"}, nil},
		{"empty hash", func(d []*Doc) { d[0].Hash = "" }, nil, []string{"a"}, []string{"a"}, nil},
		{"metadata only", func(d []*Doc) { d[2].Title = "新" }, nil, nil, []string{"c"}, nil},
		{"same instant, other zone", func(d []*Doc) { d[0].Date = day.UTC() }, nil, nil, []string{"a"}, nil},
		{"dirty doc re-indexed whatever its hash", nil, map[string]bool{"b": true}, []string{"b"}, []string{"b"}, nil},
		{"dirty ghost deleted", nil, map[string]bool{"zz": true}, nil, nil, []string{"zz"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := []*Doc{{ID: "a", Hash: "1", Date: day}, {ID: "b", Hash: "2", Date: day}, {ID: "c", Hash: "3", Date: day}}
			if tt.edit != nil {
				tt.edit(docs)
			}
			p := planUpdate(old, docs, tt.dirty)
			var fresh, put []string
			for _, d := range p.docs {
				fresh = append(fresh, d.ID)
			}
			for _, i := range p.put {
				put = append(put, p.recs[i].ID)
			}
			if !slices.Equal(fresh, tt.fresh) || !slices.Equal(put, tt.put) || !slices.Equal(p.del, tt.del) {
				t.Errorf("indexed %v, written %v, deleted %v; want %v, %v, %v", fresh, put, p.del, tt.fresh, tt.put, tt.del)
			}
		})
	}
}

// TestSearchDuringUpdate checks that searches run while an Update indexes,
// and see one state whole: a doc whose title and text change together is
// never found by one text with the other title.
func TestSearchDuringUpdate(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	const synth, rounds = 60, 3
	docs := append(testDocs(), synthDocs(synth)...)
	flip := &docs[0]
	versions := []struct{ title, body, query string }{
		{"甲版", "甲乙丙丁戊己庚辛", "甲乙丙丁"},
		{"壬版", "壬癸子丑寅卯辰巳", "壬癸子丑"},
	}
	set := func(v int) {
		flip.Title, flip.Body, flip.Hash = versions[v].title, versions[v].body, versions[v].title
	}
	set(0)
	if _, err := ix.Update(docs); err != nil {
		t.Fatal(err)
	}

	type span struct{ from, to time.Time }
	var updates []span // written by the updater, read after done
	var updErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		for round := 1; round <= rounds; round++ {
			set(round % 2)
			// Every synthetic doc changes too, so that each Update
			// indexes for a while.
			for i := len(docs) - synth; i < len(docs); i++ {
				docs[i].Hash = fmt.Sprintf("%s-%d", docs[i].ID, round)
			}
			from := time.Now()
			if _, err := ix.Update(docs); err != nil {
				updErr = err
				return
			}
			updates = append(updates, span{from, time.Now()})
		}
	}()
	var searches []span
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		from := time.Now()
		for _, v := range versions {
			for id, title := range hitTitles(t, ix, v.query) {
				if id == flip.ID && title != v.title {
					t.Fatalf("%q found doc %s titled %q", v.query, id, title)
				}
			}
		}
		searches = append(searches, span{from, time.Now()})
	}
	if updErr != nil {
		t.Fatal(updErr)
	}
	// Count the searches that began and ended within one Update. Were
	// searches held up while an Update runs, only one already running
	// when it began could.
	within := 0
	for _, s := range searches {
		for _, u := range updates {
			if s.from.After(u.from) && s.to.Before(u.to) {
				within++
			}
		}
	}
	if within < 3*rounds {
		t.Errorf("%d of %d searches ran within an update, want at least %d", within, len(searches), 3*rounds)
	}
}

// TestSearchSeesOneState runs searches after an Update has applied its
// bleve batches but before it installs the new doc table: they see the
// state before the Update, in bleve as in the table.
func TestSearchSeesOneState(t *testing.T) {
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	docs := testDocs()
	docs[0].Title, docs[0].Body, docs[0].Hash = "甲版", "甲乙丙丁戊己庚辛", "v1"
	if _, err := ix.Update(docs); err != nil {
		t.Fatal(err)
	}
	docs[0].Title, docs[0].Body, docs[0].Hash = "壬版", "壬癸子丑寅卯辰巳", "v2"
	ran := false
	ix.w.afterApply = func() {
		ran = true
		if got := hitTitles(t, ix, "甲乙丙丁"); got[docs[0].ID] != "甲版" {
			t.Errorf("during the update, the old text finds %v", got)
		}
		if got := hitTitles(t, ix, "壬癸子丑"); len(got) != 0 {
			t.Errorf("during the update, the new text finds %v", got)
		}
	}
	if _, err := ix.Update(docs); err != nil {
		t.Fatal(err)
	}
	if !ran {
		t.Fatal("the update did not run the hook")
	}
	// Between Updates, searches read the live index, and so see what
	// scorch merges.
	if ix.w.pinned != nil || ix.bl != ix.w.live {
		t.Error("searches still read a pinned snapshot after the update")
	}
	if got := hitTitles(t, ix, "壬癸子丑"); got[docs[0].ID] != "壬版" {
		t.Errorf("after the update, the new text finds %v", got)
	}
	if got := hitTitles(t, ix, "甲乙丙丁"); len(got) != 0 {
		t.Errorf("after the update, the old text finds %v", got)
	}
}

// bleveDoc is what bleve indexes for d, as the index mapping reads it: the
// text fields, analysed and not stored.
func bleveDoc(d *Doc) map[string]any {
	return map[string]any{
		fieldTitle:      d.Title,
		fieldShortTitle: d.ShortTitle,
		fieldSummary:    d.Summary,
		fieldBody:       d.Body,
		fieldDocNumber:  d.DocNumber,
		fieldKeywords:   d.Keywords,
	}
}

// TestBleveDocumentMatchesMapping checks that newBleveDocument gives bleve
// what the index mapping would: the same fields with the same options,
// and once analysed, the same lengths and term frequencies; also when the
// fields count in memory that the fields of the docs before them used,
// forwards and backwards (so a small field takes a large one's memory,
// and the other way round).
func TestBleveDocumentMatchesMapping(t *testing.T) {
	im, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	analyzer := im.AnalyzerNamed(AnalyzerName)
	docs := append(testDocs(), synthDocs(20)...)
	docs = append(docs,
		Doc{ID: "empty"},
		Doc{ID: "mixed", Title: "ＡＢＣ司法救助2024年", Body: "孤兒\u00ad救助 Word's ｆｕｌｌ　width，㐀𠀀", Keywords: []string{"", "救助", "Ｘ"}},
		Doc{ID: "bad-utf8", Title: "救助\xff金", Body: "司法\xe6救助"},
	)
	// All docs but two carry the export's analysis, which the fields use
	// instead of analysing the text again.
	for i := range docs {
		docs[i].Hash = fmt.Sprint("h", i)
	}
	NewExporter("", ExportOptions{}).Analyse(docs[2:])
	if docs[0].pre != nil || docs[2].pre == nil || docs[len(docs)-1].pre == nil {
		t.Fatal("Analyse did not leave its analysis in the docs it analysed")
	}
	type field struct {
		name   string
		pos    string
		value  string
		opts   string
		length int
		freqs  string
	}
	describe := func(doc *document.Document) []field {
		var out []field
		for _, f := range doc.Fields {
			f.Analyze()
			var terms []string
			for term, tf := range f.AnalyzedTokenFrequencies() {
				terms = append(terms, fmt.Sprintf("%s:%d:%d", term, tf.Frequency(), len(tf.Locations)))
			}
			slices.Sort(terms)
			out = append(out, field{f.Name(), fmt.Sprint(f.ArrayPositions()), string(f.Value()), f.Options().String(),
				f.AnalyzedLength(), strings.Join(terms, " ")})
		}
		slices.SortFunc(out, func(a, b field) int { return strings.Compare(a.name+a.pos, b.name+b.pos) })
		return out
	}
	var mem freqMemory
	for round := range 3 {
		for k := range docs {
			i := k
			if round == 2 {
				i = len(docs) - 1 - k
			}
			want := document.NewDocument(docs[i].ID)
			if err := im.MapDocument(want, bleveDoc(&docs[i])); err != nil {
				t.Fatal(err)
			}
			var doc *document.Document
			if round == 0 {
				doc = newBleveDocument(&docs[i], analyzer, nil)
			} else {
				doc = newBleveDocument(&docs[i], analyzer, &mem)
			}
			got, exp := describe(doc), describe(want)
			if !slices.Equal(got, exp) {
				t.Errorf("round %d, %s:\ngot  %+v\nwant %+v", round, docs[i].ID, got, exp)
			}
			if len(want.CompositeFields) != 0 {
				t.Errorf("%s: the mapping makes composite fields %v", docs[i].ID, want.CompositeFields)
			}
			mem.reclaim([]*document.Document{doc})
		}
	}
}

// TestFailedWriteHeals makes writing an Update's table entry fail: the
// next Update reports it, the one after writes the whole table again, and
// the index reopens in that state.
func TestFailedWriteHeals(t *testing.T) {
	dir := t.TempDir()
	ix := openAt(t, dir)
	docs := testDocs()
	if _, err := ix.Update(docs); err != nil {
		t.Fatal(err)
	}
	if err := ix.flush(); err != nil {
		t.Fatal(err)
	}
	ix.w.table.Close() // the entry cannot be written

	docs[3].Body, docs[3].Hash = "新的正文：司法救助先行垫付。", "h-new"
	if _, err := ix.Update(docs); err != nil {
		t.Fatal(err)
	}
	if got := hitTitles(t, ix, "先行垫付"); got[docs[3].ID] == "" {
		t.Errorf("the update is not searchable: %v", got)
	}
	if _, err := ix.Update(docs); err == nil {
		t.Error("the failed write was not reported")
	}
	st, err := ix.Update(docs)
	if err != nil {
		t.Fatal(err)
	}
	if st != (UpdateStats{Indexed: 1, Unchanged: len(docs) - 1}) {
		t.Errorf("update after the failure %+v, want the changed doc indexed again", st)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix = openAt(t, dir)
	if got := hitTitles(t, ix, "先行垫付"); got[docs[3].ID] == "" {
		t.Errorf("after reopening, the update is lost: %v", got)
	}
	if st, err := ix.Update(docs); err != nil || st != (UpdateStats{Unchanged: len(docs)}) {
		t.Errorf("update after reopening: %+v, %v", st, err)
	}
}

func TestTextEncodedLen(t *testing.T) {
	docs := append(testDocs(), synthDocs(5)...)
	docs = append(docs, Doc{ID: "empty"}, Doc{ID: "long", Body: strings.Repeat("长", 50000), Keywords: []string{"", "a"}})
	for i := range docs {
		text := textOf(&docs[i])
		if got, want := text.encodedLen(), len(text.encode(nil)); got != want {
			t.Errorf("%s: encodedLen %d, encoded %d bytes", docs[i].ID, got, want)
		}
	}
}

// TestUpdateInBatches indexes in batches of three docs, so that Updates
// take the path of large ones (the list of changed docs in a batch of its
// own, deletions in the last), and compares the answers with an index
// built in one batch, before and after a torn table entry.
func TestUpdateInBatches(t *testing.T) {
	dir := t.TempDir()
	ix := openAt(t, dir)
	ix.w.batch = 3
	docs := testDocs()
	if _, err := ix.Update(docs); err != nil {
		t.Fatal(err)
	}
	ref := openTestIndex(t)
	same := func(ix, ref *Index) {
		t.Helper()
		if a, b := answerDigest(t, ix), answerDigest(t, ref); a != b {
			t.Errorf("answers differ from an index built in one batch:\n%s\nwant\n%s", a, b)
		}
		if len(ix.docs) != len(ref.docs) {
			t.Fatalf("%d docs, want %d", len(ix.docs), len(ref.docs))
		}
		for i := range ix.docs {
			if ix.docs[i].ID != ref.docs[i].ID || ix.docs[i].FieldLens != ref.docs[i].FieldLens {
				t.Errorf("record %s %v, want %s %v", ix.docs[i].ID, ix.docs[i].FieldLens, ref.docs[i].ID, ref.docs[i].FieldLens)
			}
		}
	}
	same(ix, ref)

	before := slices.Clone(docs)
	for i := 1; i < 6; i++ {
		docs[i].Body += "另行先行垫付救助金。"
		docs[i].Hash += "-2"
	}
	docs = docs[1:]
	if st, err := ix.Update(docs); err != nil || st != (UpdateStats{Indexed: 5, Deleted: 1, Unchanged: len(docs) - 5}) {
		t.Fatalf("update: %+v, %v", st, err)
	}
	if _, err := ref.Update(docs); err != nil {
		t.Fatal(err)
	}
	same(ix, ref)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// Tear the last entry: reopened, the index is as before the Update.
	path := filepath.Join(dir, manifestName)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(path, info.Size()-1); err != nil {
		t.Fatal(err)
	}
	ix = openAt(t, dir)
	old := openTestIndex(t)
	if _, err := old.Update(before); err != nil {
		t.Fatal(err)
	}
	same(ix, old)
}

// TestFirstUpdateListsNothingPending checks that the first Update into a
// new index leaves no pending list in bleve (scorch would copy it into
// every snapshot it persists), that a crash before its commit reopens as
// an empty index, and that later Updates list what they change.
func TestFirstUpdateListsNothingPending(t *testing.T) {
	dir := t.TempDir()
	docs := testDocs()
	ix := committedAt(t, dir, docs)
	if v, err := ix.w.live.GetInternal([]byte(pendingKey)); err != nil || v != nil {
		t.Errorf("after the first update, the pending list is %q (%v), want none", v, err)
	}
	changed := slices.Clone(docs)
	changed[1].Body, changed[1].Hash = "改过的正文", "h-changed"
	if _, err := ix.Update(changed); err != nil {
		t.Fatal(err)
	}
	v, err := ix.w.live.GetInternal([]byte(pendingKey))
	if err != nil {
		t.Fatal(err)
	}
	if _, ids, err := decodePending(v); err != nil || !slices.Equal(ids, []string{changed[1].ID}) {
		t.Errorf("the second update lists %q (%v), want [%s]", ids, err, changed[1].ID)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// A crash before the first commit leaves bleve without a doc table.
	if err := os.Remove(filepath.Join(dir, manifestName)); err != nil {
		t.Fatal(err)
	}
	ix = openAt(t, dir)
	if ix.Len() != 0 {
		t.Errorf("reopened without a doc table, the index has %d docs, want 0", ix.Len())
	}
	if got := hitTitles(t, ix, "司法救助"); len(got) != 0 {
		t.Errorf("reopened without a doc table, a search finds %v", got)
	}
}
