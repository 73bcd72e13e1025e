package corpus

import (
	"fmt"
	"slices"
	"strings"
)

// caseFlags say which forms of aid a case shows; they steer the text and the methods.
type caseFlags struct {
	child, advance, instalment, social, joint, counsel, education, employment, linked, followUp, medical, rural, hotline, exOfficio bool
}

// caseEntry invents typical case i.
func (g *gen) caseEntry(c *ctx, i int) *doc {
	r := c.r
	d := &doc{date: g.plan.dates[secCases][i], amount: -1}
	sc := scenarios[g.scenarios.index(r)]

	// people: pseudonyms for children, X某 for adults
	nick := r.Perm(len(nicknames))
	sur := r.Perm(len(surnames))
	jia, yi := "小"+nicknames[nick[0]], "小"+nicknames[nick[1]]
	c.pseudo[jia], c.pseudo[yi] = true, true
	adult := func(k int) string { return surnames[sur[k]] + oneOf(r, "某", "某", "某某") }
	f := caseFlags{}
	f.child = sc.key == "death" || sc.key == "minor" || (sc.key == "support" && chance(r, 0.5))
	applicant := adult(0)
	if f.child {
		applicant = jia
	}
	f.advance = sc.key == "urgent" || chance(r, 0.1)
	f.instalment = (f.child && chance(r, 0.55)) || chance(r, 0.05)
	f.social = chance(r, 0.35)
	f.joint = (f.child && chance(r, 0.5)) || chance(r, 0.06)
	f.counsel = (f.child && chance(r, 0.4)) || chance(r, 0.08)
	f.education = f.child && chance(r, 0.4)
	f.employment = (sc.key == "injury" && chance(r, 0.5)) || chance(r, 0.03)
	f.linked = chance(r, 0.1)
	f.followUp = chance(r, 0.4)
	f.medical = sc.key == "urgent" || (sc.key == "injury" && chance(r, 0.3))
	f.rural = chance(r, 0.35)
	f.hotline = chance(r, 0.02)

	// court and region
	level := pick(r, []string{"基层", "中级", "高级", "最高"}, []float64{45, 38, 14, 3})
	d.region = g.regions.pick(r)
	if level == "最高" && g.national {
		d.region = nationalRegion
	}
	pl := placeOf(d.region)
	d.court, d.courtLevel = courtName(r, pl, level), level
	d.stage = oneOf(r, sc.stages...)
	year := max(2012, d.date.Year()-between(r, 0, 2))
	aidYear := min(d.date.Year(), year+between(r, 0, 1))

	// difficulty and amount
	diff := pick(r, []string{"困难", "非常困难", "特别困难"}, []float64{40, 38, 22})
	amount := map[string]int{"困难": between(r, 3, 30), "非常困难": between(r, 20, 60), "特别困难": between(r, 50, 200)}[diff] * 1000
	if chance(r, 0.3) {
		amount += between(r, 1, 9) * 100
	}
	persons := 1
	if f.child {
		persons = pick(r, []int{1, 2, 3, 4, 5, 6}, []float64{30, 35, 18, 9, 5, 3})
	} else if chance(r, 0.2) {
		persons = between(r, 2, 4)
	}

	c.vals = map[string]string{
		"甲": jia, "乙": yi, "申请人": applicant, "被害人": adult(1), "被告人": adult(2),
		"年": fmt.Sprint(year), "月": fmt.Sprint(between(r, 1, 12)),
		"救年": fmt.Sprint(aidYear), "救月": fmt.Sprint(between(r, 1, 12)),
		"法院": d.court, "金额": yuan(amount), "人数": countWord(persons),
		"亲属": relations[r.IntN(len(relations))], "年龄": fmt.Sprint(between(r, 3, 16)),
		"老年年龄": fmt.Sprint(between(r, 68, 86)), "刑期": chineseNumber(between(r, 3, 15)),
		"批次": chineseNumber(between(r, 2, 6)), "天数": chineseNumber(between(r, 2, 7)),
		"债额": yuan(between(r, 3, 40) * 10000), "留守": oneOf(r, "农村留守", "", ""),
		"罪名": g.pools["罪名"].pick(r), "监护人": oneOf(r, "祖母", "外祖母", "祖父", "叔叔", "姑姑"),
	}

	d.body = g.caseBody(c, sc, &f, amount)
	d.title = g.caseTitle(c, sc)
	d.pseudonyms = c.used

	// front matter
	if chance(r, 0.85) {
		d.summary = c.expand(oneOf(r, sc.gist...), false)
	}
	catKeys := slices.Clone(sc.catHints)
	if f.child {
		catKeys = append(catKeys, "未成年")
	}
	if f.rural {
		catKeys = append(catKeys, "乡村振兴", "农村")
	}
	d.categories = firstN(matchTerms(g.vocab.Categories, catKeys), between(r, 1, 3))
	if len(d.categories) == 0 {
		d.categories = []string{g.cats.pick(r)}
	}
	if chance(r, 0.8) {
		grpKeys := slices.Clone(sc.groupHints)
		if f.rural {
			grpKeys = append(grpKeys, "农村")
		}
		d.groups = firstN(matchTerms(g.vocab.Groups, grpKeys), between(r, 1, 3))
	}
	if chance(r, 0.85) {
		d.methods = matchTerms(g.vocab.Methods, f.methodKeys())
	}
	if chance(r, 0.75) {
		d.keywords = g.keywords.pickN(r, between(r, 2, 5))
	}
	if chance(r, 0.9) {
		d.amount = amount
	}
	if chance(r, 0.85) {
		d.persons = persons
	}
	if chance(r, 0.8) {
		d.difficulty = diff
	}
	if chance(r, 0.8) {
		d.caseNumber = caseNumber(r, pl, level, year, sc.caseKind)
	}
	if chance(r, 0.6) {
		d.cites = append(d.cites, g.earlier(c, secPolicies, g.plan.upTo(secPolicies, d.date), between(r, 1, 2))...)
	}
	if chance(r, 0.4) {
		d.cites = append(d.cites, g.earlier(c, secRules, g.plan.upTo(secRules, d.date), 1)...)
	}
	if chance(r, 0.25) {
		d.cites = append(d.cites, g.earlier(c, secCases, i, between(r, 1, 2))...)
	}
	d.draft = isDraft(secCases, i)
	return d
}

// methodKeys names the forms of aid the case shows, for matching method terms.
func (f caseFlags) methodKeys() []string {
	keys := []string{"救助金"}
	for _, k := range []struct {
		on  bool
		key string
	}{
		{f.advance, "先行救助"}, {f.instalment, "分批"}, {f.social, "社会救助"}, {f.joint, "联合救助"},
		{f.counsel, "心理"}, {f.education, "助学"}, {f.employment, "就业"}, {f.linked, "联动"},
		{f.followUp, "回访"}, {f.exOfficio, "依职权"}, {f.medical, "绿色通道"}, {f.instalment, "监管"},
	} {
		if k.on {
			keys = append(keys, k.key)
		}
	}
	return keys
}

// caseBody writes 基本案情, 救助过程 and 典型意义 at a length of 1,000–2,000 characters.
func (g *gen) caseBody(c *ctx, sc scenario, f *caseFlags, amount int) string {
	r := c.r
	want := between(r, 1000, 2000)
	var b body

	b.heading("基本案情")
	facts := []string{c.expand(oneOf(r, sc.facts...), true)}
	more := append(slices.Clone(factsMore), factsAdult...)
	if f.child {
		more = append(slices.Clone(factsMore), factsChild...)
	}
	facts = append(facts, c.fillOrder(more, want*3/10, true)...)
	b.paragraphs(r, facts)

	b.heading("救助过程")
	var steps []string
	add := func(on bool, tpls ...string) {
		if on {
			steps = append(steps, c.expand(oneOf(r, tpls...), true))
		}
	}
	first := r.IntN(3)
	f.exOfficio = first == 2
	add(true, rescue[first])
	add(chance(r, 0.7), rescue[6])
	add(true, rescue[3])
	add(true, rescue[4])
	add(f.advance, rescueAdvance...)
	add(f.medical, rescueMedical...)
	add(true, rescue[5])
	add(f.linked, rescueLinked...)
	add(f.instalment, rescueInstalment...)
	add(f.social, rescueSocial...)
	add(f.joint, rescueJoint...)
	add(f.counsel, rescueCounsel...)
	add(f.education, rescueEducation...)
	add(f.employment, rescueEmployment...)
	add(chance(r, 0.5), rescue[7], rescue[8])
	add(chance(r, 0.5), rescue[9])
	add(f.followUp, rescueFollowUp...)
	add(f.hotline, "{申请人}可通过诉讼服务热线12368查询救助进度。")
	b.paragraphs(r, steps)
	switch {
	case f.instalment && chance(r, 0.6):
		b.raw(instalmentTable(c, amount))
	case chance(r, 0.25):
		b.raw(measuresList(c, f, amount))
	}

	b.heading("典型意义")
	var mean []string
	if f.child {
		mean = append(mean, c.fill(meaningMinor, 120)...)
	}
	if f.rural {
		mean = append(mean, c.fill(meaningRural, 60)...)
	}
	if f.social || f.joint {
		mean = append(mean, c.fill(meaningSocial, 60)...)
	}
	rest := max(150, want-b.runes-sum(mean))
	mean = append(c.fill(meaning, rest), mean...)
	b.paragraphs(r, mean)
	return b.b.String()
}

// caseTitle picks a title whose pseudonyms the body already introduced.
func (g *gen) caseTitle(c *ctx, sc scenario) string {
	var ok []string
	for _, t := range sc.titles {
		if c.usable(t) {
			ok = append(ok, t)
		}
	}
	if len(ok) == 0 {
		ok = []string{"{法院}办理的国家司法救助案"}
	}
	t := c.expand(oneOf(c.r, ok...), false)
	if chance(c.r, 0.3) {
		t += "——" + oneOf(c.r, "分批发放救助金保障未成年人长远生活", "司法救助与社会救助有效衔接", "先行救助解燃眉之急",
			"多部门联合救助点亮希望", "联动救助破解基层资金难题", "以司法温度守护困难群众")
	}
	return t
}

// instalmentTable is a GFM table of payments that add up to amount.
func instalmentTable(c *ctx, amount int) string {
	n := between(c.r, 2, 5)
	var b strings.Builder
	b.WriteString("救助金分批发放情况如下：\n\n| 批次 | 发放时间 | 金额（元） | 用途 |\n|---|---|---|---|\n")
	year := c.vals["救年"]
	left := amount
	for k := 1; k <= n; k++ {
		part := left
		if k < n {
			part = amount / n / 100 * 100
		}
		left -= part
		fmt.Fprintf(&b, "| 第%s批 | %s年%d月 | %d | %s |\n", chineseNumber(k), year, min(12, k*2), part,
			oneOf(c.r, "生活费", "学杂费", "医疗费", "康复治疗", "生活费及学杂费"))
	}
	b.WriteString("\n")
	return b.String()
}

// measuresList is a Markdown list of the aid given.
func measuresList(c *ctx, f *caseFlags, amount int) string {
	items := []string{"发放司法救助金" + yuan(amount)}
	for _, m := range []struct {
		on   bool
		text string
	}{
		{f.social, "协助申请最低生活保障和临时救助"}, {f.joint, "协调相关部门开展联合救助"},
		{f.counsel, "开展心理疏导"}, {f.education, "落实学杂费减免和公益助学"},
		{f.employment, "提供就业培训和岗位推荐"}, {f.followUp, "定期回访，跟踪救助效果"},
		{true, "释法明理，引导当事人息诉服判"},
	} {
		if m.on {
			items = append(items, m.text)
		}
	}
	return "法院采取的主要帮扶措施：\n\n- " + strings.Join(items, "\n- ") + "\n\n"
}

func firstN(ss []string, n int) []string {
	if len(ss) > n {
		return ss[:n]
	}
	return ss
}

func sum(ss []string) int {
	n := 0
	for _, s := range ss {
		n += len([]rune(s))
	}
	return n
}

// pick draws one of items with the given weights.
func pick[T any](r interface{ Float64() float64 }, items []T, weights []float64) T {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for k, w := range weights {
		if x < w {
			return items[k]
		}
		x -= w
	}
	return items[len(items)-1]
}
