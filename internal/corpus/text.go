package corpus

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"
)

// ctx fills template slots for one entry and remembers which pseudonyms it used.
type ctx struct {
	r      *rand.Rand
	vals   map[string]string // fixed slot values
	pools  map[string]*pool  // slots drawn anew at each use
	pseudo map[string]bool   // values that are pseudonyms
	marked map[string]bool   // pseudonyms already marked 化名 in the body
	used   []string          // pseudonyms in order of first use
}

func newCtx(r *rand.Rand, pools map[string]*pool) *ctx {
	return &ctx{r: r, vals: map[string]string{}, pools: pools, pseudo: map[string]bool{}, marked: map[string]bool{}}
}

// expand fills the slots of tpl. With mark, a pseudonym's first use is followed by （化名）.
func (c *ctx) expand(tpl string, mark bool) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		key := tpl[i+1 : i+j]
		tpl = tpl[i+j+1:]
		v, ok := c.vals[key]
		if !ok {
			if p := c.pools[key]; p != nil {
				v = p.pick(c.r)
			} else {
				v = key
			}
		}
		b.WriteString(v)
		if c.pseudo[v] && mark && !c.marked[v] {
			c.marked[v] = true
			c.used = append(c.used, v)
			b.WriteString("（化名）")
		}
	}
}

// slots lists the slot names of a template.
func slots(tpl string) []string {
	var out []string
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			return out
		}
		out = append(out, tpl[i+1:i+j])
		tpl = tpl[i+j+1:]
	}
}

// usable reports whether every pseudonym slot of tpl was already used in the body.
func (c *ctx) usable(tpl string) bool {
	for _, k := range slots(tpl) {
		if v := c.vals[k]; c.pseudo[v] && !c.marked[v] {
			return false
		}
	}
	return true
}

// body accumulates Markdown and counts its characters.
type body struct {
	b     strings.Builder
	runes int
}

func (d *body) heading(h string) {
	d.b.WriteString("## " + h + "\n\n")
}

func (d *body) para(sentences []string) {
	if len(sentences) == 0 {
		return
	}
	s := strings.Join(sentences, "")
	d.b.WriteString(s + "\n\n")
	d.runes += utf8.RuneCountInString(s)
}

func (d *body) raw(s string) {
	d.b.WriteString(s)
	d.runes += utf8.RuneCountInString(s)
}

// paragraphs splits sentences into paragraphs of two to four sentences.
func (d *body) paragraphs(r *rand.Rand, sentences []string) {
	for len(sentences) > 0 {
		n := min(between(r, 2, 4), len(sentences))
		d.para(sentences[:n])
		sentences = sentences[n:]
	}
}

// fill draws sentences from tpls (without repetition, in random order) until want runes.
func (c *ctx) fill(tpls []string, want int) []string {
	return c.fillOrder(tpls, want, false)
}

// fillOrder is fill; with keep, the sentences drawn stay in the order of tpls.
func (c *ctx) fillOrder(tpls []string, want int, keep bool) []string {
	var picked []int
	n := 0
	for _, k := range c.r.Perm(len(tpls)) {
		if n >= want {
			break
		}
		picked = append(picked, k)
		n += utf8.RuneCountInString(tpls[k]) // an estimate: slots change the length a little
	}
	if keep {
		slices.Sort(picked)
	}
	out := make([]string, len(picked))
	for i, k := range picked {
		out[i] = c.expand(tpls[k], true)
	}
	return out
}

var cnDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// chineseNumber writes 1 ≤ n ≤ 99 in Chinese numerals (第二十三条).
func chineseNumber(n int) string {
	switch {
	case n < 10:
		return cnDigits[n]
	case n == 10:
		return "十"
	case n < 20:
		return "十" + cnDigits[n%10]
	case n%10 == 0:
		return cnDigits[n/10] + "十"
	default:
		return cnDigits[n/10] + "十" + cnDigits[n%10]
	}
}

// countWord writes a small head count as in 两人, 三名.
func countWord(n int) string {
	if n == 2 {
		return "两"
	}
	return chineseNumber(n)
}

// yuan writes an amount the way judgments do: 5万元, 3.5万元, 8600元.
func yuan(a int) string {
	switch {
	case a >= 10000 && a%10000 == 0:
		return fmt.Sprintf("%d万元", a/10000)
	case a >= 10000 && a%1000 == 0:
		return fmt.Sprintf("%d.%d万元", a/10000, a%10000/1000)
	default:
		return fmt.Sprintf("%d元", a)
	}
}
