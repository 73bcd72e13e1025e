// Command bench measures casebook build on generated corpora: for each size,
// a clean build (wall, user and system CPU, peak memory, pages per second,
// output, index and static search sizes) and rebuilds with nothing and with
// one entry changed. Each build runs as its own process, so peak memory is
// the build's alone. Creating 50,000 files costs system time that depends
// on the disk and on what the kernel is still writing back; -runs and
// -drop-caches make figures comparable from one run to the next. With
// -runs, every size is built once per round, and the bench prints, from
// each size to the next, how many times longer a clean build took within a
// round: time that grows linearly grows as many times as the entries.
//
// The output of one clean build is moved aside before the next, and removed
// only once every build has been measured. On ext4 without a journal, the
// kernel skips the inodes freed in the last minutes when it allocates new
// ones, looking each one up: a build right after removing the 50,000 files
// of the last output spends seconds of system time (more per file as the
// output grows) in that search, which a first build does not.
//
//	go run ./internal/bench -sizes 1000,10000
//	sudo go run ./internal/bench -sizes 10000 -runs 3 -drop-caches
//
// With -hugo and -pagefind, each clean build is followed by one of the
// same content with Hugo and then Pagefind, so that both are measured in
// the same minutes of a machine whose speed drifts. The Hugo release the
// performance targets were set against, and Pagefind with its Chinese
// segmentation, can be had from the Go module proxy and npm:
//
//	GOBIN=/tmp/hugo go install github.com/gohugoio/hugo@v0.111.3
//	(cd /tmp/pf && npm install pagefind)
//	go run ./internal/bench -sizes 10000 -runs 3 -hugo /tmp/hugo/hugo \
//		-pagefind /tmp/pf/node_modules/@pagefind/linux-x64/bin/pagefind_extended
package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"casebook/internal/corpus"
)

func main() {
	sizes := flag.String("sizes", "1000,10000", "corpus sizes, comma-separated")
	work := flag.String("dir", "", "working folder, made if missing; corpora found there are reused (default: a temporary one, removed afterwards)")
	seed := flag.Int64("seed", 1, "corpus seed")
	runs := flag.Int("runs", 1, "rounds, each building every size once; the clean build of median wall time is reported")
	drop := flag.Bool("drop-caches", false, "drop the kernel's page, dentry and inode caches before each clean build (needs root)")
	var rv rivals
	flag.StringVar(&rv.hugo, "hugo", "", "Hugo binary: after each clean build, build the same content with Hugo, then Pagefind (needs -pagefind)")
	flag.StringVar(&rv.pagefind, "pagefind", "", "Pagefind binary, run on Hugo's output")
	flag.Parse()
	if (rv.hugo == "") != (rv.pagefind == "") {
		fmt.Fprintln(os.Stderr, "bench: -hugo and -pagefind go together")
		os.Exit(2)
	}
	if err := run(*sizes, *work, *seed, *runs, *drop, rv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// measure is one process run of casebook build.
type measure struct {
	wall, user, sys time.Duration
	maxRSS          int64 // bytes
	pages           int
}

// cpu is the CPU time of the run, user and system.
func (m measure) cpu() time.Duration { return m.user + m.sys }

// corpusRun is one corpus size, its folders, and the measures of its clean
// builds, one per round.
type corpusRun struct {
	n                        int
	site, hugoDir            string
	cleans, hugos, pagefinds []measure
}

func run(sizeList, work string, seed int64, runs int, drop bool, rv rivals, w io.Writer) error {
	if work == "" {
		dir, err := os.MkdirTemp("", "casebook-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		work = dir
	} else if err := os.MkdirAll(work, 0o755); err != nil {
		return err
	}
	trash, err := os.MkdirTemp(work, "removed-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(trash)
	bin := filepath.Join(work, "casebook")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	var corpora []*corpusRun
	for _, s := range strings.Split(sizeList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("bad size %q", s)
		}
		c := &corpusRun{n: n, site: filepath.Join(work, "site-"+strconv.Itoa(n))}
		if _, err := os.Stat(c.site); err != nil {
			if _, err := corpus.Generate(c.site, corpus.Options{N: n, Seed: seed}); err != nil {
				return err
			}
		}
		if rv.hugo != "" {
			c.hugoDir = c.site + "-hugo"
			if err := hugoSite(c.hugoDir, c.site); err != nil {
				return err
			}
		}
		corpora = append(corpora, c)
	}
	// Each round builds every size once, so that the drift of the
	// machine's speed (a third within an hour) falls on all sizes alike
	// and the growth from one size to the next is measured within a round.
	for range max(runs, 1) {
		for _, c := range corpora {
			if err := settle(c.site, c.site, trash, drop, "public", ".casebook"); err != nil {
				return err
			}
			m, err := build(bin, c.site)
			if err != nil {
				return err
			}
			c.cleans = append(c.cleans, m)
			if rv.hugo == "" {
				continue
			}
			if err := settle(c.hugoDir, c.site, trash, drop, "public", "resources"); err != nil {
				return err
			}
			h, p, err := rv.build(c.hugoDir)
			if err != nil {
				return err
			}
			c.hugos, c.pagefinds = append(c.hugos, h), append(c.pagefinds, p)
		}
	}
	fmt.Fprintf(w, "%-18s %9s %9s %9s %9s %10s %10s %10s %10s %16s %10s %10s\n",
		"entries", "wall", "user", "sys", "peak", "pages/s", "content", "output", "index", "search(gz)", "rebuild=", "rebuild+1")
	for _, c := range corpora {
		clean := median(c.cleans)
		same, err := build(bin, c.site)
		if err != nil {
			return err
		}
		if err := changeOne(c.site); err != nil {
			return err
		}
		one, err := build(bin, c.site)
		if err != nil {
			return err
		}
		dest := filepath.Join(c.site, "public")
		searchRaw, searchGz := gzSize(filepath.Join(dest, "search"))
		fmt.Fprintf(w, "%-18d %9s %9s %9s %9s %10.0f %10s %10s %10s %16s %10s %10s\n",
			c.n, round(clean.wall), round(clean.user), round(clean.sys), mib(clean.maxRSS),
			float64(clean.pages)/clean.wall.Seconds(),
			mib(dirSize(filepath.Join(c.site, "content"))), mib(dirSize(dest)), mib(dirSize(filepath.Join(c.site, ".casebook", "index"))),
			mib(searchRaw)+"("+mib(searchGz)+")", round(same.wall), round(one.wall))
		if rv.hugo != "" {
			printRivals(w, c.n, c.hugoDir, c.hugos, c.pagefinds)
		}
	}
	printGrowth(w, corpora)
	return nil
}

// printGrowth prints, from each size to the next larger one, how many
// times longer the clean build took, in wall and CPU time (user and
// system): the median over rounds of the ratio within a round, and each
// round's. Time that grows linearly grows as many times as the entries.
func printGrowth(w io.Writer, corpora []*corpusRun) {
	sorted := slices.Clone(corpora)
	slices.SortFunc(sorted, func(a, b *corpusRun) int { return cmp.Compare(a.n, b.n) })
	for i := 1; i < len(sorted); i++ {
		a, b := sorted[i-1], sorted[i]
		if a.n == b.n {
			continue
		}
		walls, cpus := make([]float64, len(a.cleans)), make([]float64, len(a.cleans))
		for r := range a.cleans {
			walls[r] = b.cleans[r].wall.Seconds() / a.cleans[r].wall.Seconds()
			cpus[r] = b.cleans[r].cpu().Seconds() / a.cleans[r].cpu().Seconds()
		}
		fmt.Fprintf(w, "growth %d -> %d entries (x%.1f): wall x%s, CPU x%s\n",
			a.n, b.n, float64(b.n)/float64(a.n), ratios(walls), ratios(cpus))
	}
}

// ratios formats the median of rs, then each of them: "10.42 (10.1 10.4 11.2)".
func ratios(rs []float64) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = strconv.FormatFloat(r, 'f', 2, 64)
	}
	sorted := slices.Clone(rs)
	slices.Sort(sorted)
	return strconv.FormatFloat(sorted[len(sorted)/2], 'f', 2, 64) + " (" + strings.Join(parts, " ") + ")"
}

// median is the measure of median wall time.
func median(ms []measure) measure {
	ms = slices.Clone(ms)
	slices.SortFunc(ms, func(a, b measure) int { return cmp.Compare(a.wall, b.wall) })
	return ms[len(ms)/2]
}

// printRivals prints the median Hugo and Pagefind runs, and the median of
// the two together, under casebook's line for n entries.
func printRivals(w io.Writer, n int, dir string, hugos, pagefinds []measure) {
	both := make([]measure, len(hugos))
	for i, h := range hugos {
		p := pagefinds[i]
		both[i] = measure{wall: h.wall + p.wall, user: h.user + p.user, sys: h.sys + p.sys, maxRSS: max(h.maxRSS, p.maxRSS), pages: h.pages}
	}
	dest := filepath.Join(dir, "public")
	searchRaw, searchGz := gzSize(filepath.Join(dest, "pagefind"))
	for _, row := range []struct {
		name string
		m    measure
	}{{"hugo", median(hugos)}, {"pagefind", median(pagefinds)}, {"hugo+pagefind", median(both)}} {
		m := row.m
		output, search := "-", "-"
		if row.name != "hugo" {
			output, search = mib(dirSize(dest)), mib(searchRaw)+"("+mib(searchGz)+")"
		}
		fmt.Fprintf(w, "%-18s %9s %9s %9s %9s %10.0f %10s %10s %10s %16s %10s %10s\n",
			strconv.Itoa(n)+" "+row.name, round(m.wall), round(m.user), round(m.sys), mib(m.maxRSS),
			float64(m.pages)/m.wall.Seconds(), "-", output, "-", search, "-", "-")
	}
}

// settle prepares a clean build in dir: it moves the named output and
// cache folders into trash, has the kernel write what is pending to disk
// so that the build does not pay for it, drops the kernel's caches when
// asked, and reads the content of site once, as an editor's machine would
// have it in memory.
func settle(dir, site, trash string, drop bool, names ...string) error {
	aside, err := os.MkdirTemp(trash, "")
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := os.Rename(filepath.Join(dir, name), filepath.Join(aside, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	syscall.Sync()
	if drop {
		if err := os.WriteFile("/proc/sys/vm/drop_caches", []byte("3"), 0); err != nil {
			fmt.Fprintln(os.Stderr, "bench: cannot drop the caches:", err)
		}
	}
	_ = filepath.WalkDir(filepath.Join(site, "content"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			_, _ = os.ReadFile(p)
		}
		return nil
	})
	return nil
}

var casebookPagesRe = regexp.MustCompile(`(\d+) pages`)

// build runs one casebook build and measures it.
func build(bin, site string) (measure, error) {
	return timeRun(exec.Command(bin, "build", "--source", site), casebookPagesRe)
}

// timeRun runs cmd and measures it; pages is the sum of the numbers count
// finds in its output.
func timeRun(cmd *exec.Cmd, count *regexp.Regexp) (measure, error) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	m := measure{wall: time.Since(start)}
	if err != nil {
		return m, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out.String())
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.user, m.sys = time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
		m.maxRSS = ru.Maxrss * 1024
	}
	for _, sm := range count.FindAllStringSubmatch(out.String(), -1) {
		n, _ := strconv.Atoi(sm[1])
		m.pages += n
	}
	return m, nil
}

// changeOne edits one case, as an editor saving it would.
func changeOne(site string) error {
	matches, err := filepath.Glob(filepath.Join(site, "content", "cases", "*.md"))
	if err != nil || len(matches) == 0 {
		return fmt.Errorf("no case to change in %s", site)
	}
	f, err := os.OpenFile(matches[len(matches)/2], os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = fmt.Fprintf(f, "\n编辑于 %s。\n", time.Now().Format("15:04:05.000"))
	return err
}

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// gzSize is the size of a folder's files and their size gzip-compressed.
func gzSize(dir string) (raw, gz int64) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return nil
		}
		raw += int64(len(data))
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, 6)
		zw.Write(data)
		zw.Close()
		gz += int64(b.Len())
		return nil
	})
	return raw, gz
}

func round(d time.Duration) string { return d.Round(10 * time.Millisecond).String() }

func mib(n int64) string { return fmt.Sprintf("%.1fM", float64(n)/(1<<20)) }
