package corpus

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
)

// Options say what to generate.
type Options struct {
	N          int    // number of entries, at least 1
	Seed       int64  // the same seed gives the same bytes
	ConfigPath string // site.toml whose vocabularies are used and copied; empty: the built-in one
	Workers    int    // parallel writers; 0: GOMAXPROCS
}

// Stats describe what Generate wrote.
type Stats struct {
	Policies    int           // entries in content/policies
	Rules       int           // entries in content/rules
	Cases       int           // entries in content/cases
	Traditional int           // entries written in Traditional characters
	Files       int           // files written, site.toml included
	Bytes       int64         // bytes written
	Duration    time.Duration // wall time
}

// gen holds what all entries share; it is read-only once built.
type gen struct {
	seed      int64
	plan      *plan
	vocab     *Vocabulary
	national  bool
	hant      map[rune]rune
	pools     map[string]*pool // slot pools for templates
	regions   *pool            // local region names
	cats      *pool            // category names
	groups    *pool            // group names
	methods   *pool            // method names
	keywords  *pool
	scenarios *pool // scenario keys
}

// Generate writes a complete site of opts.N entries into dir: dir/site.toml and
// dir/content/{policies,rules,cases}/*.md. dir must not already hold content.
func Generate(dir string, opts Options) (Stats, error) {
	start := time.Now()
	var st Stats
	if opts.N < 1 {
		return st, errors.New("corpus: N must be at least 1")
	}
	config := DefaultSiteTOML()
	if opts.ConfigPath != "" {
		b, err := os.ReadFile(opts.ConfigPath)
		if err != nil {
			return st, fmt.Errorf("corpus: %w", err)
		}
		config = b
	}
	vocab, err := ParseVocabulary(config)
	if err != nil {
		return st, fmt.Errorf("corpus: %s: %w", configName(opts.ConfigPath), err)
	}
	content := filepath.Join(dir, "content")
	if ents, err := os.ReadDir(content); err == nil && len(ents) > 0 {
		return st, fmt.Errorf("corpus: %s already holds content; choose an empty folder", content)
	}
	for _, s := range sectionNames {
		if err := os.MkdirAll(filepath.Join(content, s), 0o755); err != nil {
			return st, fmt.Errorf("corpus: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), config, 0o644); err != nil {
		return st, fmt.Errorf("corpus: %w", err)
	}
	st.Files, st.Bytes = 1, int64(len(config))
	if n, err := writeDenylist(dir, config); err != nil {
		return st, err
	} else if n > 0 {
		st.Files++
		st.Bytes += n
	}

	g := newGen(opts.Seed, opts.N, vocab)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	total := g.plan.total()
	results := make([]Stats, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for k := w; k < total; k += workers {
				s, i := g.plan.locate(k)
				data, hant := g.entry(s, i)
				name := filepath.Join(content, sectionNames[s], g.plan.id(s, i)+".md")
				if err := os.WriteFile(name, data, 0o644); err != nil {
					errs[w] = fmt.Errorf("corpus: %w", err)
					return
				}
				results[w].Files++
				results[w].Bytes += int64(len(data))
				if hant {
					results[w].Traditional++
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return st, err
	}
	for _, r := range results {
		st.Files += r.Files
		st.Bytes += r.Bytes
		st.Traditional += r.Traditional
	}
	st.Policies, st.Rules, st.Cases = g.plan.counts[0], g.plan.counts[1], g.plan.counts[2]
	st.Duration = time.Since(start)
	return st, nil
}

func configName(path string) string {
	if path == "" {
		return "built-in site.toml"
	}
	return path
}

// writeDenylist creates the privacy denylist that config names, if it is a relative
// path that does not exist yet, so that the generated site is complete.
func writeDenylist(dir string, config []byte) (int64, error) {
	var f struct {
		Privacy struct {
			Denylist string `toml:"denylist"`
		} `toml:"privacy"`
	}
	if _, err := toml.Decode(string(config), &f); err != nil || f.Privacy.Denylist == "" || filepath.IsAbs(f.Privacy.Denylist) {
		return 0, nil
	}
	name := filepath.Join(dir, filepath.FromSlash(f.Privacy.Denylist))
	if _, err := os.Stat(name); err == nil {
		return 0, nil
	}
	data := []byte("# Names that must never be published, one a line.\n")
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return 0, fmt.Errorf("corpus: %w", err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return 0, fmt.Errorf("corpus: %w", err)
	}
	return int64(len(data)), nil
}

func newGen(seed int64, n int, v *Vocabulary) *gen {
	g := &gen{seed: seed, plan: newPlan(seed, n), vocab: v, national: v.national(), hant: hantTable()}
	g.pools = map[string]*pool{
		"地点":   newPool(0.8, places...),
		"罪名":   newPool(1, crimes...),
		"长辈":   newPool(0.8, elders...),
		"生计":   newPool(0.8, livelihoods...),
		"疾病":   newPool(0.8, illnesses...),
		"伤残等级": newPool(0.8, disability...),
		"部门":   newPool(1, agencies...),
		"部门二":  newPool(0.7, agencies...),
		"困境":   newPool(1, hardships...),
	}
	var regions []string
	for _, r := range v.localRegions() {
		regions = append(regions, r.Name)
	}
	g.regions = newPool(0.6, regions...)
	g.cats = newPool(1, termNames(v.Categories)...)
	g.groups = newPool(1, termNames(v.Groups)...)
	g.methods = newPool(1, termNames(v.Methods)...)
	g.keywords = newPool(1.1, keywordBank...)
	keys := make([]string, len(scenarios))
	for i, s := range scenarios {
		keys[i] = s.key
	}
	g.scenarios = newPool(1.1, keys...)
	return g
}

func termNames(ts []Term) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

// entry renders entry i of section s; it reports whether it is written in Traditional characters.
func (g *gen) entry(s, i int) ([]byte, bool) {
	r := newRand(g.seed, uint64(3+s), i)
	c := newCtx(r, g.pools)
	var d *doc
	switch s {
	case secPolicies:
		d = g.policy(c, i)
	case secRules:
		d = g.rule(c, i)
	default:
		d = g.caseEntry(c, i)
	}
	hant := chance(r, 0.05)
	if hant {
		d.toHant(g.hant)
	}
	return d.render(), hant
}
