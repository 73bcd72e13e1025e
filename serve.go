package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"

	"casebook/generator"
	"casebook/server"
)

// runServe builds the site with drafts into a private folder, serves it
// with live reload and rebuilds on every change until interrupted.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", stderr)
	source := fs.String("source", ".", "site folder")
	bind := fs.String("bind", "127.0.0.1", "address to listen on (loopback unless told otherwise)")
	port := fs.Int("port", 1314, "port to listen on; 0 picks a free one")
	if code := parseNoArgs(fs, args, stderr); code >= 0 {
		return code
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "casebook serve: --port %d is not a port number (0–65535)\n", *port)
		return exitUsage
	}
	dest := filepath.Join(*source, generator.CacheDir, "preview")
	b := generator.NewBuilder(generator.Options{Source: *source, Dest: dest, Drafts: true, Preview: true})
	defer b.Close()
	srv, err := server.New(server.Config{
		Builder: b,
		Source:  *source,
		Dest:    dest,
		Addr:    net.JoinHostPort(*bind, strconv.Itoa(*port)),
		Log:     stderr,
	})
	if err != nil {
		fmt.Fprintf(stderr, "casebook serve: %v\n", err)
		return exitContent
	}
	if ip := net.ParseIP(*bind); *bind != "localhost" && (ip == nil || !ip.IsLoopback()) {
		fmt.Fprintf(stderr, "casebook serve: listening on %s: drafts are visible to other machines\n", *bind)
	}
	fmt.Fprintf(stdout, "serving %s\n", srv.URL())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := srv.Run(ctx); err != nil {
		fmt.Fprintf(stderr, "casebook serve: %v\n", err)
		return exitContent
	}
	fmt.Fprintln(stderr, "stopped")
	return exitOK
}
