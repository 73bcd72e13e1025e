// Command casebook builds, checks, searches and previews a knowledge base on
// national judicial assistance (国家司法救助) as a static website.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"casebook/generator"
)

// Exit codes of the command.
const (
	exitOK      = 0 // done
	exitContent = 1 // the content has errors
	exitUsage   = 2 // bad command line
)

const usage = `casebook compiles a judicial-assistance knowledge base into a static site.

Usage:
  casebook build  [--source DIR] [--dest DIR] [--drafts] [--base-url URL]
  casebook serve  [--source DIR] [--bind ADDR] [--port N]
  casebook search [--source DIR | --index DIR] [--json] [--sort relevance|date] [--limit N]
                  [--filter TAXONOMY=TERM]... QUERY
  casebook check  [--source DIR]
  casebook new    SECTION SLUG

Run "casebook COMMAND -h" for a command's flags.
`

func main() {
	limitMemory()
	collectLessOnLargeHeaps(1 << 30)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(rest, stdout, stderr)
	case "check":
		return runCheck(rest, stdout, stderr)
	case "new":
		return runNew(rest, stdout, stderr)
	case "search":
		return runSearch(rest, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "casebook: unknown command %q\n\n%s", cmd, usage)
	return exitUsage
}

// newFlags makes a flag set that reports errors instead of exiting.
func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("casebook "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseFlags parses args, allowing flags after positional arguments too.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, int) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK
			}
			return nil, exitUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, -1
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// parseNoArgs parses the flags of a command that takes no arguments; it
// returns -1 to go on, or the exit status.
func parseNoArgs(fs *flag.FlagSet, args []string, stderr io.Writer) int {
	pos, code := parseFlags(fs, args)
	if code < 0 && len(pos) > 0 {
		fmt.Fprintf(stderr, "%s: unexpected argument %q\n", fs.Name(), pos[0])
		return exitUsage
	}
	return code
}

// reportError prints a build's error and returns the exit status for it.
func reportError(err error, stderr io.Writer) int {
	var ce *generator.ContentError
	if errors.As(err, &ce) {
		ce.Diagnostics.Sort()
		for _, d := range ce.Diagnostics {
			fmt.Fprintln(stderr, d.String())
		}
		fmt.Fprintf(stderr, "casebook: %d error(s); nothing was written\n", len(ce.Diagnostics.Errors()))
		return exitContent
	}
	fmt.Fprintf(stderr, "casebook: %v\n", err)
	return exitContent
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", stderr)
	var opts generator.Options
	fs.StringVar(&opts.Source, "source", ".", "site folder")
	fs.StringVar(&opts.Dest, "dest", "", "output folder (default: public/ in the site folder)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "publish entries marked draft")
	fs.StringVar(&opts.BaseURL, "base-url", "", "override site.toml's baseURL")
	timings := fs.Bool("timings", false, "print the time each stage took")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the build to `FILE`")
	if code := parseNoArgs(fs, args, stderr); code >= 0 {
		return code
	}
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "casebook: %v\n", err)
			return exitUsage
		}
		defer stop()
	}
	// Ctrl-C stops the build where it can stop without harm: before the
	// output changes, leaving it as it was, or after the change is complete.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := generator.BuildContext(ctx, opts)
	if ctx.Err() != nil && err != nil {
		fmt.Fprintln(stderr, "casebook: interrupted; the output was left as it was")
		return exitContent
	}
	if err != nil {
		return reportError(err, stderr)
	}
	printNotes(stderr, res.Warnings, res.Allowed)
	fmt.Fprintf(stdout, "built %d entries, %d pages, %d files in %v\n", res.Entries, res.Pages, res.Files, res.Took.Round(1e6))
	if *timings {
		fmt.Fprintln(stdout, formatTimings(res.Timings))
	}
	return exitOK
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", stderr)
	var opts generator.Options
	fs.StringVar(&opts.Source, "source", ".", "site folder")
	if code := parseNoArgs(fs, args, stderr); code >= 0 {
		return code
	}
	opts.Drafts = true
	site, ds, err := generator.Load(opts)
	if err != nil {
		return reportError(err, stderr)
	}
	printNotes(stderr, append(ds.Warnings(), generator.Suggest(site)...), nil)
	fmt.Fprintf(stdout, "ok: %d entries, no errors\n", len(site.Entries))
	return exitOK
}

// printNotes prints a build's warnings and the privacy findings that an
// [[allow]] let through, so that every exception stays visible.
func printNotes(w io.Writer, warnings, allowed generator.Diagnostics) {
	for _, d := range warnings {
		fmt.Fprintln(w, d.String())
	}
	if len(allowed) > 0 {
		fmt.Fprintf(w, "allowed by [[allow]] (%d):\n", len(allowed))
		for _, d := range allowed {
			fmt.Fprintln(w, "  "+d.String())
		}
	}
}
