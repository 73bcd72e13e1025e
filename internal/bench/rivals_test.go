package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"
)

// TestHugoSite checks that the Hugo site reads the bench site's content:
// contentDir must be a top-level key (after a table it would belong to
// the table, and Hugo would build an empty site), and the layouts under
// _default must be there (embed leaves out names starting with "_"
// unless told).
func TestHugoSite(t *testing.T) {
	site, dir := t.TempDir(), filepath.Join(t.TempDir(), "hugo")
	if err := hugoSite(dir, site); err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		ContentDir string              `toml:"contentDir"`
		Taxonomies map[string]string   `toml:"taxonomies"`
		Outputs    map[string][]string `toml:"outputs"`
	}
	if _, err := toml.DecodeFile(filepath.Join(dir, "config.toml"), &cfg); err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(site, "content"); cfg.ContentDir != want {
		t.Errorf("contentDir = %q, want %q", cfg.ContentDir, want)
	}
	if cfg.Taxonomies["category"] != "categories" || len(cfg.Outputs) == 0 {
		t.Errorf("taxonomies %v, outputs %v: the tables were not read", cfg.Taxonomies, cfg.Outputs)
	}
	for _, layout := range []string{"baseof", "single", "list", "terms"} {
		if _, err := os.Stat(filepath.Join(dir, "layouts", "_default", layout+".html")); err != nil {
			t.Error(err)
		}
	}
}
