package generator

import (
	"fmt"
	"regexp"
	"strings"

	"casebook/search"
)

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// validSlug reports whether s may be an entry id or a URL segment.
func validSlug(s string) bool { return slugPattern.MatchString(s) }

// foldKey is the form under which names are compared: Traditional folded to
// Simplified with the search analysis's own table, case and spaces ignored.
func foldKey(s string) string {
	return strings.ToLower(strings.TrimSpace(search.Fold(s)))
}

// nearest returns the candidate closest to s in edit distance (over folded
// characters), or "" when none is reasonably close.
func nearest(s string, candidates []string) string {
	key := []rune(foldKey(s))
	best, bestD := "", 1<<30
	for _, c := range candidates {
		d := editDistance(key, []rune(foldKey(c)))
		if d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(len(key), 2) {
		return ""
	}
	return best
}

// nearestHint phrases nearest's answer for a message.
func nearestHint(s string, candidates []string) string {
	if n := nearest(s, candidates); n != "" {
		return fmt.Sprintf("; did you mean %q?", n)
	}
	return ""
}

func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
