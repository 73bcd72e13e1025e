// Command gencorpus writes a synthetic Casebook site of any size, for benchmarks and tests:
//
//	go run ./internal/gencorpus -n 10000 -o DIR [-seed 1] [-config site.toml]
//
// Without -config it uses the repository's site.toml when run inside the repository,
// and the built-in vocabulary otherwise.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"casebook/internal/corpus"
)

func main() {
	n := flag.Int("n", 10000, "number of entries")
	out := flag.String("o", "", "output folder (required; must not already hold content)")
	seed := flag.Int64("seed", 1, "random seed; the same seed gives the same files")
	config := flag.String("config", "", "site.toml to take vocabularies from (default: the repository's site.toml, else built in)")
	workers := flag.Int("workers", 0, "parallel writers (default: number of CPUs)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: gencorpus -n N -o DIR [-seed S] [-config site.toml] [-workers W]")
		flag.PrintDefaults()
	}
	flag.Parse()
	if *out == "" || *n < 1 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *config == "" {
		*config = repoConfig()
	}
	st, err := corpus.Generate(*out, corpus.Options{N: *n, Seed: *seed, ConfigPath: *config, Workers: *workers})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	vocab := *config
	if vocab == "" {
		vocab = "built-in vocabulary"
	}
	fmt.Printf("wrote %d entries (%d policies, %d rules, %d cases; %d in Traditional characters) to %s\n",
		st.Policies+st.Rules+st.Cases, st.Policies, st.Rules, st.Cases, st.Traditional, *out)
	fmt.Printf("%d files, %.1f MB, %s, vocabulary from %s\n", st.Files, float64(st.Bytes)/1e6, st.Duration.Round(1e6), vocab)
}

// repoConfig finds site.toml at the root of the casebook module that holds the current
// folder; it returns "" when there is none.
func repoConfig() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if isCasebookModule(filepath.Join(dir, "go.mod")) {
			site := filepath.Join(dir, "site.toml")
			if _, err := os.Stat(site); err == nil {
				return site
			}
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func isCasebookModule(gomod string) bool {
	f, err := os.Open(gomod)
	if err != nil {
		return false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if line := strings.TrimSpace(s.Text()); strings.HasPrefix(line, "module ") {
			return strings.TrimSpace(strings.TrimPrefix(line, "module ")) == "casebook"
		}
	}
	return false
}
