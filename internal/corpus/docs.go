package corpus

import (
	"fmt"
	"strings"
)

// policy invents national policy i.
func (g *gen) policy(c *ctx, i int) *doc {
	r := c.r
	d := &doc{date: g.plan.dates[secPolicies][i], amount: -1}
	topic := policyTopics[r.IntN(len(policyTopics))]
	kind := oneOf(r, docKinds...)
	trial := chance(r, 0.3)
	d.issuer = []string{nationalIssuer[0]}
	if chance(r, 0.35) {
		d.issuer = newPool(0.5, nationalIssuer...).pickN(r, between(r, 2, 6))
	}
	d.title = "关于" + topic.subject + "的" + kind
	if len(d.issuer) == 1 {
		d.title = d.issuer[0] + d.title
	}
	if trial {
		d.title += "（试行）"
	}
	if chance(r, 0.85) {
		d.docNumber = fmt.Sprintf("%s〔%d〕%d号", oneOf(r, docPrefixes...), d.date.Year(), between(r, 1, 60))
	}
	if chance(r, 0.6) {
		d.shortTitle = topic.short
	}
	g.docCommon(c, d, trial)
	if g.national && chance(r, 0.5) {
		d.region = nationalRegion
	}
	if chance(r, 0.5) {
		d.cites = g.earlier(c, secPolicies, i, between(r, 1, 2))
	}
	vals := map[string]string{"范围": "人民法院", "依据": "《中华人民共和国刑事诉讼法》《关于建立完善国家司法救助制度的意见（试行）》"}
	d.body = g.docBody(c, d, kind, vals, true)
	d.summary = g.docSummary(c, d, topic)
	return d
}

// rule invents regional rule i.
func (g *gen) rule(c *ctx, i int) *doc {
	r := c.r
	d := &doc{date: g.plan.dates[secRules][i], amount: -1}
	d.region = g.regions.pick(r)
	pl := placeOf(d.region)
	topic := ruleTopics[r.IntN(len(ruleTopics))]
	kind := oneOf(r, docKinds...)
	trial := chance(r, 0.35)
	high := courtName(r, pl, "高级")
	d.issuer = []string{high}
	if chance(r, 0.4) {
		for _, o := range newPool(0.8, provIssuers...).pickN(r, between(r, 1, 2)) {
			d.issuer = append(d.issuer, pl.full+o)
		}
	}
	d.title = strings.Join(d.issuer, "、") + "关于" + topic.subject + "的" + kind
	if trial {
		d.title += "（试行）"
	}
	if chance(r, 0.8) {
		d.docNumber = fmt.Sprintf("%s高法〔%d〕%d号", pl.abbr, d.date.Year(), between(r, 1, 300))
	}
	if chance(r, 0.6) {
		d.shortTitle = pl.abbr + topic.short
	}
	g.docCommon(c, d, trial)
	if np := g.plan.upTo(secPolicies, d.date); chance(r, 0.9) {
		if np == 0 {
			np = 1 // every rule can implement the first policy, whatever its date
		}
		d.implements = g.earlier(c, secPolicies, np, between(r, 1, 2))
	}
	if chance(r, 0.4) {
		d.cites = g.earlier(c, secRules, i, 1)
	}
	vals := map[string]string{"范围": "全省法院", "依据": "《最高人民法院关于加强和规范人民法院国家司法救助工作的意见》"}
	if pl.city || pl.corps {
		vals["范围"] = "全市法院"
		if pl.corps {
			vals["范围"] = "兵团法院"
		}
	}
	d.body = g.docBody(c, d, kind, vals, false)
	d.summary = g.docSummary(c, d, topic)
	return d
}

// docCommon sets the optional keys policies and rules share.
func (g *gen) docCommon(c *ctx, d *doc, trial bool) {
	r := c.r
	if chance(r, 0.9) {
		d.status = pick(r, []string{"现行有效", "试行", "已修订", "已废止"}, []float64{70, 15, 10, 5})
		if trial && d.status == "现行有效" {
			d.status = "试行"
		}
	}
	if chance(r, 0.7) {
		d.effective = min(lastDay, d.date+day(between(r, 0, 60)))
	}
	if chance(r, 0.6) {
		d.categories = g.cats.pickN(r, between(r, 1, 3))
	}
	if chance(r, 0.5) {
		d.groups = g.groups.pickN(r, between(r, 1, 3))
	}
	if chance(r, 0.5) {
		d.methods = g.methods.pickN(r, between(r, 1, 3))
	}
	if chance(r, 0.7) {
		d.keywords = g.keywords.pickN(r, between(r, 2, 5))
	}
}

// docSummary is present in most entries.
func (g *gen) docSummary(c *ctx, d *doc, t docTopic) string {
	if !chance(c.r, 0.8) {
		return ""
	}
	return oneOf(c.r,
		"本文件围绕"+t.subject+"作出规定，明确了救助对象、救助标准、办理程序和资金保障等内容。",
		"就"+t.subject+"提出具体要求，推动实现依法救助、科学救助、有效救助。",
		"细化"+t.subject+"的职责分工和工作流程，规范救助案件办理。")
}

// docBody writes numbered articles under chapter headings, 1,000–2,000 characters.
func (g *gen) docBody(c *ctx, d *doc, kind string, vals map[string]string, national bool) string {
	r := c.r
	genre := kind
	switch kind {
	case "实施细则":
		genre = "细则"
	case "工作指引":
		genre = "指引"
	}
	c.vals = vals
	c.vals["文种"] = genre
	c.vals["解释机关"] = d.issuer[0]
	eff := d.effective
	if eff == 0 {
		eff = d.date
	}
	c.vals["施行日期"] = eff.cnDate()

	want := between(r, 1000, 2000)
	var b body
	article := 0
	for k, sec := range docSections {
		last := k == len(docSections)-1
		if k > 0 && !last && b.runes > want {
			continue
		}
		b.heading(fmt.Sprintf("第%s章　%s", chineseNumber(k+1), sec.heading))
		order := c.r.Perm(len(sec.articles))[:between(r, 2, len(sec.articles))]
		if last {
			order = []int{0, 1} // 附则: interpretation, then entry into force
		}
		for _, a := range order {
			article++
			b.para([]string{fmt.Sprintf("**第%s条**　%s", chineseNumber(article), c.expand(sec.articles[a], false))})
		}
		switch {
		case sec.heading == "救助对象和范围" && national && chance(r, 0.6):
			b.raw("本" + genre + "所称需要救助的情形包括：\n\n- " + strings.Join(situations, "；\n- ") + "。\n\n")
		case sec.heading == "救助标准" && chance(r, 0.4):
			b.raw(standardTable(c))
		}
	}
	return b.b.String()
}

// standardTable is the quantified standard of the three hardship levels as a GFM table.
func standardTable(c *ctx) string {
	lo := between(c.r, 3, 6)
	mid := lo + between(c.r, 4, 8)
	hi := mid + between(c.r, 6, 14)
	return "救助金基准额度按照困难等级确定：\n\n| 困难等级 | 认定情形 | 救助基准额度 |\n|---|---|---|\n" +
		fmt.Sprintf("| 困难 | 家庭收入不能维持基本生活，短期内难以改善 | 上一年度职工月平均工资的%d倍以内 |\n", lo) +
		fmt.Sprintf("| 非常困难 | 失去主要生活来源，或者因病因残支出巨大 | %d倍至%d倍 |\n", lo, mid) +
		fmt.Sprintf("| 特别困难 | 生活陷入绝境，或者急需救治无力承担费用 | %d倍至%d倍 |\n\n", mid, hi)
}
