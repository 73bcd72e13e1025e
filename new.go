package main

import (
	"fmt"
	"io"
	"time"

	"casebook/generator"
)

func runNew(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", stderr)
	source := fs.String("source", ".", "site folder")
	pos, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 2 {
		fmt.Fprintln(stderr, "usage: casebook new SECTION SLUG   (SECTION is policies, rules or cases)")
		return exitUsage
	}
	path, err := generator.NewEntry(*source, pos[0], pos[1], time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "casebook new: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "created %s\n", path)
	return exitOK
}
