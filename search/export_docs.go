package search

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// exportFacetValues returns the values of facet field name for d, as the
// index holds them (year derives from the date).
func exportFacetValues(d *Doc, name string) []string {
	one := func(s string) []string {
		if s == "" {
			return nil
		}
		return []string{s}
	}
	switch name {
	case fieldSection:
		return one(d.Section)
	case fieldCategories:
		return d.Categories
	case fieldGroups:
		return d.Groups
	case fieldMethods:
		return d.Methods
	case fieldRegion:
		return one(d.Region)
	case fieldCourtLevel:
		return one(d.CourtLevel)
	case fieldStage:
		return one(d.Stage)
	case fieldYear:
		if d.Date.IsZero() {
			return nil
		}
		return []string{strconv.Itoa(d.Date.Year())}
	}
	return nil
}

// exportCivilDays is the number of days from 1970-01-01 to d's calendar date.
func exportCivilDays(d time.Time) int64 {
	y, m, day := d.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// writeExportDocTable writes docs/stats.json, the columns every query reads:
//
//	date     days since 1970-01-01 of the first doc, then the difference to
//	         the previous doc (docs are newest first), base 36; "-" no date
//	len      per text field, its length in tokens per doc, as a fixed column
//	facets   per facet field except year: when no doc has two values, a
//	         fixed column of value index + 1 (0: none); otherwise per doc
//	         the indexes joined by ".", base 36, docs joined by ","
//
// A fixed column is "=", the width w (one digit), then w base64url digits
// (most significant first) per doc: about a third smaller, compressed,
// than separated numbers.
//
// It returns the dictionaries, one sorted list of values per facet field.
func writeExportDocTable(w *exportWriter, docs []Doc, ix *exportIndex) (map[string][]string, error) {
	dicts := map[string][]string{}
	index := map[string]map[string]int{}
	for _, name := range facetFields {
		if name == fieldYear {
			continue
		}
		seen := map[string]bool{}
		for i := range docs {
			for _, v := range exportFacetValues(&docs[i], name) {
				seen[v] = true
			}
		}
		list := make([]string, 0, len(seen))
		for v := range seen {
			list = append(list, v)
		}
		sort.Strings(list)
		dicts[name] = list
		index[name] = map[string]int{}
		for i, v := range list {
			index[name][v] = i
		}
	}

	var date []string
	prev := int64(0)
	first := true
	for i := range docs {
		d := docs[i].Date
		if d.IsZero() {
			date = append(date, "-")
			continue
		}
		days := exportCivilDays(d)
		if first {
			date = append(date, strconv.FormatInt(days, 36))
			first = false
		} else {
			date = append(date, strconv.FormatInt(prev-days, 36))
		}
		prev = days
	}

	lens := map[string]string{}
	for f, name := range textFields {
		lens[name] = exportFixedColumn(ix.lengths[f])
	}

	facets := map[string]string{}
	for _, name := range facetFields {
		if name == fieldYear {
			continue
		}
		col := make([]string, len(docs))
		single := make([]int, len(docs)) // value index + 1; 0: none
		multi := false
		for i := range docs {
			vals := exportFacetValues(&docs[i], name)
			parts := make([]string, len(vals))
			for k, v := range vals {
				parts[k] = strconv.FormatInt(int64(index[name][v]), 36)
			}
			col[i] = strings.Join(parts, ".")
			if len(vals) == 1 {
				single[i] = index[name][vals[0]] + 1
			}
			multi = multi || len(vals) > 1
		}
		if multi {
			facets[name] = strings.Join(col, ",")
		} else {
			facets[name] = exportFixedColumn(single)
		}
	}
	err := w.writeJSON("docs/stats.json", map[string]any{
		"date":   strings.Join(date, ","),
		"len":    lens,
		"facets": facets,
	})
	return dicts, err
}

// exportText is text/N.json: what a hit shows, and the summary its snippet
// is cut from. A body of at most exportChunkRunes characters (trailing
// white space removed) is in "body"; a longer one is text/N-1.json
// {"body": …} ("more": 1), fetched only when the summary has no match.
type exportText struct {
	ID      string `json:"id"`
	Section string `json:"section"`
	Title   string `json:"title"`
	URL     string `json:"url"`
	Date    string `json:"date"`
	Summary string `json:"summary"`
	Body    string `json:"body,omitempty"`
	More    int    `json:"more"` // 1 when the body is in text/N-1.json
}

// exportChunkRunes is the longest body kept beside the summary.
const exportChunkRunes = 600

func writeExportTexts(w *exportWriter, docs []Doc) error {
	var mu sync.Mutex
	var firstErr error
	const chunk = 256
	exportParallel((len(docs)+chunk-1)/chunk, func(c int) {
		for i := c * chunk; i < min((c+1)*chunk, len(docs)); i++ {
			d := &docs[i]
			date := ""
			if !d.Date.IsZero() {
				date = d.Date.Format("2006-01-02")
			}
			body := strings.TrimRightFunc(d.Body, unicode.IsSpace)
			t := exportText{ID: d.ID, Section: d.Section, Title: d.Title, URL: d.URL, Date: date, Summary: d.Summary}
			var err error
			if utf8.RuneCountInString(body) <= exportChunkRunes {
				t.Body = body
			} else {
				t.More = 1
				err = w.writeJSON("text/"+strconv.Itoa(i)+"-1.json", map[string]string{"body": body})
			}
			if err == nil {
				err = w.writeJSON("text/"+strconv.Itoa(i)+".json", t)
			}
			if err != nil {
				mu.Lock()
				firstErr = err
				mu.Unlock()
			}
		}
	})
	return firstErr
}

// exportB64 is the base64url alphabet, the digits of a fixed column.
const exportB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

// exportFixedColumn encodes non-negative numbers as a fixed column.
func exportFixedColumn(vals []int) string {
	w, top := 1, 64
	for _, v := range vals {
		for v >= top {
			w++
			top *= 64
		}
	}
	b := make([]byte, 0, 2+w*len(vals))
	b = append(b, '=', byte('0'+w))
	for _, v := range vals {
		for k := w - 1; k >= 0; k-- {
			b = append(b, exportB64[(v>>(6*k))&63])
		}
	}
	return string(b)
}
