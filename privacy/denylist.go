package privacy

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Denylisted names.
//
// The site keeps a private list of real names that must never be published.
// Names and text are compared after folding (full-width to ASCII, Traditional
// to Simplified for common name characters, ASCII case), so 張偉 in the text
// matches 张伟 in the list. All names are matched in one pass with an
// Aho–Corasick automaton over runes.

// LoadDenylist reads a denylist: one name per line, blank lines and text from
// '#' to the end of a line ignored. A name of a single character is an error,
// since it would match all over the text.
func LoadDenylist(r io.Reader) ([]string, error) {
	var names []string
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		s := sc.Text()
		if k := strings.IndexByte(s, '#'); k >= 0 {
			s = s[:k]
		}
		s = strings.TrimSpace(strings.TrimPrefix(s, "\uFEFF"))
		if s == "" {
			continue
		}
		if !utf8.ValidString(s) {
			return nil, fmt.Errorf("denylist line %d: not valid UTF-8; save the file as UTF-8", line)
		}
		if utf8.RuneCountInString(s) < 2 {
			return nil, fmt.Errorf("denylist line %d: a one-character name would match everywhere; list full names", line)
		}
		names = append(names, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading denylist: %w", err)
	}
	return names, nil
}

// acNode is a state of the Aho–Corasick automaton.
type acNode struct {
	next map[rune]int32
	fail int32
	outs []int32 // lengths in runes of the names that end here
}

// matcher finds folded names in folded text.
type matcher struct {
	nodes []acNode
	first [1 << 16 / 64]uint64 // first runes of names in the Basic Multilingual Plane
	wide  bool                 // some name starts outside the BMP
}

// newMatcher builds an automaton for names (folded with foldName).
func newMatcher(names []string) *matcher {
	m := &matcher{nodes: []acNode{{}}}
	for _, name := range names {
		rs := foldRunes(strings.TrimSpace(name), foldName)
		if len(rs) == 0 {
			continue
		}
		if rs[0] < 1<<16 {
			m.first[rs[0]>>6] |= 1 << (rs[0] & 63)
		} else {
			m.wide = true
		}
		cur := int32(0)
		for _, c := range rs {
			nx, ok := m.nodes[cur].next[c]
			if !ok {
				nx = int32(len(m.nodes))
				m.nodes = append(m.nodes, acNode{})
				if m.nodes[cur].next == nil {
					m.nodes[cur].next = map[rune]int32{}
				}
				m.nodes[cur].next[c] = nx
			}
			cur = nx
		}
		m.nodes[cur].outs = appendUnique(m.nodes[cur].outs, int32(len(rs)))
	}
	// Breadth-first: set fail links and inherit outputs.
	queue := make([]int32, 0, len(m.nodes))
	for _, nx := range m.nodes[0].next {
		queue = append(queue, nx)
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for c, v := range m.nodes[u].next {
			f := m.nodes[u].fail
			for {
				if nx, ok := m.nodes[f].next[c]; ok && nx != v {
					m.nodes[v].fail = nx
					break
				}
				if f == 0 {
					m.nodes[v].fail = 0
					break
				}
				f = m.nodes[f].fail
			}
			for _, o := range m.nodes[m.nodes[v].fail].outs {
				m.nodes[v].outs = appendUnique(m.nodes[v].outs, o)
			}
			queue = append(queue, v)
		}
	}
	return m
}

func appendUnique(s []int32, v int32) []int32 {
	for _, x := range s {
		if x == v {
			return s
		}
	}
	return append(s, v)
}

// step follows the automaton from state s on rune c.
func (m *matcher) step(s int32, c rune) int32 {
	for {
		if nx, ok := m.nodes[s].next[c]; ok {
			return nx
		}
		if s == 0 {
			return 0
		}
		s = m.nodes[s].fail
	}
}

// scan reports every occurrence of a name in t.
func (m *matcher) scan(t *normText, out []hit) []hit {
	if len(m.nodes) == 1 {
		return out
	}
	s := int32(0)
	for i, c := range t.r {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if s == 0 && !m.wide && (c >= 1<<16 || m.first[c>>6]&(1<<(c&63)) == 0) {
			continue // no name starts here: stay at the root
		}
		s = m.step(s, c)
		for _, l := range m.nodes[s].outs {
			out = append(out, hit{KindDenylist, i + 1 - int(l), i + 1})
		}
	}
	return out
}
