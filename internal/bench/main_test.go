package main

import (
	"strings"
	"testing"
	"time"
)

// TestPrintGrowth checks that growth compares sizes in ascending order,
// within each round, and reports the median round.
func TestPrintGrowth(t *testing.T) {
	s := func(walls ...float64) []measure {
		ms := make([]measure, len(walls))
		for i, w := range walls {
			d := time.Duration(w * float64(time.Second))
			ms[i] = measure{wall: d, user: d, sys: d}
		}
		return ms
	}
	corpora := []*corpusRun{
		{n: 100000, cleans: s(150, 99, 120)},
		{n: 10000, cleans: s(15, 10, 10)},
		{n: 1000, cleans: s(2, 1, 1)},
	}
	var b strings.Builder
	printGrowth(&b, corpora)
	want := "growth 1000 -> 10000 entries (x10.0): wall x10.00 (7.50 10.00 10.00), CPU x10.00 (7.50 10.00 10.00)\n" +
		"growth 10000 -> 100000 entries (x10.0): wall x10.00 (10.00 9.90 12.00), CPU x10.00 (10.00 9.90 12.00)\n"
	if b.String() != want {
		t.Errorf("got\n%swant\n%s", b.String(), want)
	}
}
