package corpus

import (
	"fmt"
	"strconv"
	"strings"
)

// frontMatter writes TOML keys in the order they are added.
type frontMatter struct {
	b strings.Builder
}

func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func (f *frontMatter) str(key, v string) {
	f.b.WriteString(key + " = " + tomlString(v) + "\n")
}

func (f *frontMatter) date(key string, d day) {
	f.b.WriteString(key + " = " + d.String() + "\n")
}

func (f *frontMatter) integer(key string, v int) {
	f.b.WriteString(key + " = " + strconv.Itoa(v) + "\n")
}

func (f *frontMatter) boolean(key string, v bool) {
	f.b.WriteString(key + " = " + strconv.FormatBool(v) + "\n")
}

// list writes an array of strings; an empty list writes nothing.
func (f *frontMatter) list(key string, vs []string) {
	if len(vs) == 0 {
		return
	}
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = tomlString(v)
	}
	f.b.WriteString(key + " = [" + strings.Join(q, ", ") + "]\n")
}
