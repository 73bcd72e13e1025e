package privacy

import (
	"sort"
	"sync"
)

// The guard.
//
// A Guard runs every detector over a text: ID numbers, mobile and landline
// numbers, bank cards, e-mail addresses, vehicle plates, property certificate
// numbers, addresses below county level and the denylisted names. It is built
// once per site and is safe for concurrent use: Scan keeps its state local,
// in memory it takes from a pool of the guard's and gives back.

// Guard scans texts for personal data.
type Guard struct {
	names *matcher  // denylisted names, folded
	texts sync.Pool // *normText whose memory a Scan may reuse
}

// NewGuard returns a guard that also reports the names in denylist.
func NewGuard(denylist []string) *Guard {
	return &Guard{names: newMatcher(denylist)}
}

// Scan returns the findings in text, ordered by position. Offsets are byte
// offsets into text, on rune boundaries; a finding lying inside another
// finding of the same kind is dropped.
func (g *Guard) Scan(text string) []Finding {
	if text == "" {
		return nil
	}
	if g == nil {
		g = new(Guard) // a nil guard scans without a denylist
	}
	t, _ := g.texts.Get().(*normText)
	if t == nil {
		t = new(normText)
	}
	normalizeInto(t, text)
	out := g.scan(t, text)
	g.texts.Put(t)
	return out
}

// scan is Scan of text, normalised in t. The findings keep no reference to
// t.
func (g *Guard) scan(t *normText, text string) []Finding {
	var hs []hit
	hs = scanNumbers(t, hs)
	hs = scanParenLandlines(t, hs)
	hs = scanEmails(t, hs)
	hs = scanPlates(t, hs)
	hs = scanPropertyCerts(t, hs)
	hs = scanAddresses(t, hs)
	if g.names != nil {
		hs = g.names.scan(t, hs)
	}
	out := make([]Finding, 0, len(hs))
	for _, h := range hs {
		if h.i < 0 || h.j <= h.i {
			continue
		}
		s, e := t.span(h.i, h.j)
		out = append(out, Finding{Kind: h.kind, Severity: severityOf(h.kind), Start: s, End: e, Text: text[s:e]})
	}
	sortFindings(out)
	return dropNested(out)
}

// sortFindings orders findings by start, longer first, then kind.
func sortFindings(fs []Finding) {
	sort.Slice(fs, func(a, b int) bool {
		x, y := fs[a], fs[b]
		if x.Start != y.Start {
			return x.Start < y.Start
		}
		if x.End != y.End {
			return x.End > y.End
		}
		return x.Kind < y.Kind
	})
}

// dropNested removes findings contained in an earlier finding of the same kind.
func dropNested(fs []Finding) []Finding {
	out := fs[:0]
	for _, f := range fs {
		nested := false
		for k := len(out) - 1; k >= 0 && k >= len(out)-8; k-- {
			o := out[k]
			if o.Kind == f.Kind && o.Start <= f.Start && f.End <= o.End {
				nested = true
				break
			}
		}
		if !nested {
			out = append(out, f)
		}
	}
	return out
}
