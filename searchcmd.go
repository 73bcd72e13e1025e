package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"casebook/generator"
	"casebook/search"
)

// filterFlag collects repeated --filter TAXONOMY=TERM flags.
type filterFlag map[string][]string

func (f filterFlag) String() string { return fmt.Sprint(map[string][]string(f)) }

func (f filterFlag) Set(v string) error {
	field, value, ok := strings.Cut(v, "=")
	if !ok || strings.TrimSpace(value) == "" {
		return fmt.Errorf("write a filter as FIELD=VALUE, e.g. categories=未成年人救助")
	}
	field = strings.TrimSpace(field)
	for _, known := range search.FilterFields() {
		if field == known {
			f[field] = append(f[field], strings.TrimSpace(value))
			return nil
		}
	}
	return fmt.Errorf("unknown filter field %q: use one of %s", field, strings.Join(search.FilterFields(), ", "))
}

func runSearch(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("search", stderr)
	var opts generator.Options
	fs.StringVar(&opts.Source, "source", ".", "site folder (its index in .casebook/ is brought up to date first)")
	indexDir := fs.String("index", "", "an index folder to use as it is")
	asJSON := fs.Bool("json", false, "print the answer as one JSON object")
	sortBy := fs.String("sort", "relevance", "relevance or date")
	limit := fs.Int("limit", search.DefaultLimit, "number of hits")
	filters := filterFlag{}
	fs.Var(filters, "filter", "TAXONOMY=TERM, repeatable")
	pos, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) == 0 {
		fmt.Fprintln(stderr, "casebook search: give a query, e.g. casebook search 先行救助")
		return exitUsage
	}
	if *sortBy != "relevance" && *sortBy != "date" {
		fmt.Fprintf(stderr, "casebook search: --sort is relevance or date, not %q\n", *sortBy)
		return exitUsage
	}
	if *limit < 1 {
		fmt.Fprintln(stderr, "casebook search: --limit must be at least 1")
		return exitUsage
	}
	ix, err := openIndex(opts, *indexDir)
	if err != nil {
		return reportError(err, stderr)
	}
	defer ix.Close()
	res, err := ix.Search(search.Request{Query: strings.Join(pos, " "), Filters: filters, Sort: *sortBy, Limit: *limit})
	var qe *search.QueryError
	if errors.As(err, &qe) {
		fmt.Fprintf(stderr, "casebook search: %v\n", qe)
		return exitUsage
	}
	if err != nil {
		return reportError(err, stderr)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(res); err != nil {
			return reportError(err, stderr)
		}
		return exitOK
	}
	printResult(stdout, res)
	return exitOK
}

// openIndex opens the index named by --index as it is, or the site's own
// index brought up to date.
func openIndex(opts generator.Options, dir string) (*search.Index, error) {
	if dir == "" {
		return generator.OpenIndex(opts)
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		if _, err2 := os.Stat(dir); err2 != nil {
			return nil, fmt.Errorf("--index %s: %w", dir, err2)
		}
	}
	return search.Open(dir)
}

var markTag = regexp.MustCompile(`</?mark>`)

// printResult writes hits for a terminal: title, section, date, snippet.
func printResult(w io.Writer, res *search.Result) {
	fmt.Fprintf(w, "%d hit(s) for %s\n", res.Total, res.Query)
	for i, h := range res.Hits {
		snippet := markTag.ReplaceAllStringFunc(h.Snippet, func(tag string) string {
			if tag == "<mark>" {
				return "【"
			}
			return "】"
		})
		fmt.Fprintf(w, "\n%d. %s\n   %s · %s · %s\n   %s\n", i+1, h.Title, generator.SectionNames[h.Section], h.Date, h.URL, html.UnescapeString(snippet))
	}
}
