package corpus

import (
	"math"
	"math/rand/v2"
	"sort"
)

// newRand returns the random source of entry i: independent of the order in which
// entries are generated, so that parallel generation stays deterministic.
func newRand(seed int64, stream uint64, i int) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed)^0x9e3779b97f4a7c15*stream, uint64(i)*0xbf58476d1ce4e5b9+stream))
}

// pool is a list of strings drawn with Zipf-like weights: the first is the most frequent.
type pool struct {
	items []string
	cum   []float64 // cumulative weights
}

// newPool builds a pool whose item k has weight 1/(k+1)^s.
func newPool(s float64, items ...string) *pool {
	p := &pool{items: items, cum: make([]float64, len(items))}
	total := 0.0
	for k := range items {
		total += 1 / math.Pow(float64(k+1), s)
		p.cum[k] = total
	}
	return p
}

// pick draws one item.
func (p *pool) pick(r *rand.Rand) string {
	return p.items[p.index(r)]
}

// index draws the index of one item.
func (p *pool) index(r *rand.Rand) int {
	x := r.Float64() * p.cum[len(p.cum)-1]
	return sort.SearchFloat64s(p.cum, x)
}

// pickN draws up to n distinct items, in pool order.
func (p *pool) pickN(r *rand.Rand, n int) []string {
	if n > len(p.items) {
		n = len(p.items)
	}
	seen := make(map[int]bool, n)
	for tries := 0; len(seen) < n && tries < 8*n; tries++ {
		seen[p.index(r)] = true
	}
	out := make([]string, 0, len(seen))
	for k, it := range p.items {
		if seen[k] {
			out = append(out, it)
		}
	}
	return out
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool {
	return r.Float64() < p
}

// between returns an integer in [lo, hi].
func between(r *rand.Rand, lo, hi int) int {
	return lo + r.IntN(hi-lo+1)
}

// oneOf returns one of the given strings, uniformly.
func oneOf(r *rand.Rand, items ...string) string {
	return items[r.IntN(len(items))]
}
