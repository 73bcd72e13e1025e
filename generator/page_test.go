package generator

import (
	"reflect"
	"testing"
)

// TestGroupByRegion checks that groups follow site.toml's order of
// regions, keep the list's order within a region and leave out entries of
// regions site.toml does not list.
func TestGroupByRegion(t *testing.T) {
	rank := map[string]int{"四川": 0, "吉林": 1, "广东": 2}
	var list []*Entry
	for i, region := range []string{"吉林", "四川", "火星", "吉林", "广东", "四川", ""} {
		list = append(list, &Entry{ID: string(rune('a' + i)), Region: region})
	}
	var got [][]string
	for _, g := range groupByRegion(rank, list) {
		ids := []string{g.Region}
		for _, e := range g.Entries {
			ids = append(ids, e.ID)
		}
		got = append(got, ids)
	}
	want := [][]string{{"四川", "b", "f"}, {"吉林", "a", "d"}, {"广东", "e"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("groups %v, want %v", got, want)
	}
	if g := groupByRegion(rank, nil); len(g) != 0 {
		t.Fatalf("groups of no entries: %v", g)
	}
}
