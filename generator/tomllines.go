package generator

import (
	"strconv"
	"strings"
)

// tomlLines remembers on which line each key of a TOML text stands, so that
// problems found after decoding can still name a line. Keys are addressed by
// their table path and name: "title", "params.x", "allow.0.text" (the n-th
// table of an array of tables), "taxonomies.categories.terms.3.name".
type tomlLines struct {
	First int            // line number of the text's first line in its file
	Keys  map[string]int // key path → line number in the file
}

// scanTOMLLines records the line of every key and table header in text, whose
// first line is line first of its file. It is a line scanner, not a parser:
// multi-line strings and arrays are skipped over well enough for naming lines.
func scanTOMLLines(text string, first int) tomlLines {
	tl := tomlLines{First: first, Keys: map[string]int{}}
	table := ""
	counts := map[string]int{}
	inMulti := ""
	for i, line := range strings.Split(text, "\n") {
		n := first + i
		s := strings.TrimSpace(line)
		if inMulti != "" {
			if strings.Contains(s, inMulti) {
				inMulti = ""
			}
			continue
		}
		switch {
		case s == "" || strings.HasPrefix(s, "#"):
			continue
		case strings.HasPrefix(s, "[["):
			name := cleanKey(strings.TrimSuffix(strings.TrimPrefix(strings.SplitN(s, "]]", 2)[0], "[["), "]]"))
			table = name + "." + strconv.Itoa(counts[name])
			counts[name]++
			tl.set(table, n)
			continue
		case strings.HasPrefix(s, "["):
			table = cleanKey(strings.TrimPrefix(strings.SplitN(s, "]", 2)[0], "["))
			tl.set(table, n)
			continue
		}
		eq := strings.Index(s, "=")
		if eq <= 0 {
			continue
		}
		key := cleanKey(s[:eq])
		if table != "" {
			key = table + "." + key
		}
		tl.set(key, n)
		rest := strings.TrimSpace(s[eq+1:])
		for _, q := range []string{`"""`, `'''`} {
			if strings.HasPrefix(rest, q) && !strings.Contains(rest[3:], q) {
				inMulti = q
			}
		}
	}
	return tl
}

func (tl tomlLines) set(key string, line int) {
	if _, ok := tl.Keys[key]; !ok {
		tl.Keys[key] = line
	}
}

// line returns the line of the key path, or of its nearest enclosing table,
// or the text's first line.
func (tl tomlLines) line(path string) int {
	for path != "" {
		if n, ok := tl.Keys[path]; ok {
			return n
		}
		i := strings.LastIndex(path, ".")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return tl.First
}

// cleanKey normalises a TOML key as written: trims spaces and quotes around
// each dotted part.
func cleanKey(k string) string {
	parts := strings.Split(strings.TrimSpace(k), ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}
