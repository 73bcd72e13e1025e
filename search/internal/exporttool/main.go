// Command exporttool writes the static search export of a JSON array of
// search.Doc values, for the browser runtime's tests:
//
//	go run ./search/internal/exporttool -docs search/testdata/export/docs.json -out /tmp/x/search
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"casebook/search"
)

func main() {
	docsFile := flag.String("docs", "", "JSON array of search.Doc")
	out := flag.String("out", "", "export folder to write (replaced)")
	flag.Parse()
	if *docsFile == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: exporttool -docs DOCS.json -out DIR")
		os.Exit(2)
	}
	data, err := os.ReadFile(*docsFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "exporttool:", err)
		os.Exit(1)
	}
	var docs []search.Doc
	if err := json.Unmarshal(data, &docs); err != nil {
		fmt.Fprintln(os.Stderr, "exporttool:", err)
		os.Exit(1)
	}
	st, err := search.Export(docs, *out, search.ExportOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "exporttool:", err)
		os.Exit(1)
	}
	json.NewEncoder(os.Stdout).Encode(st)
}
