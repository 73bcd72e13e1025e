package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// exportFixtureDocs are ~40 entries in Simplified and Traditional
// characters with varied facets and dates, for the export and agreement
// tests.
func exportFixtureDocs() []Doc {
	type row struct {
		id, section, title, body string
		cats, groups, methods    []string
		region, level, stage     string
		date                     string
		keywords                 []string
	}
	rows := []row{
		{"minor-victim-aid", "cases", "未成年被害人司法救助案", "被害人小吉系未成年人，其父亲在案件中死亡，家庭失去收入来源，生活困难。法院决定给予司法救助，并先行救助。", []string{"刑事被害人救助", "未成年人救助"}, []string{"未成年人"}, []string{"救助金"}, "四川", "中级", "审判", "2024-05-10", []string{"先行救助", "未成年人"}},
		{"orphan-joint-aid", "cases", "孤兒多部門聯合救助案", "孤兒小明父母雙亡，生活特別困難。法院與民政部門聯動，給予司法救助金並協調社會救助。", []string{"未成年人救助"}, []string{"孤儿"}, []string{"救助金", "社会救助衔接"}, "广东", "基层", "执行", "2023-11-02", []string{"孤儿", "联动救助"}},
		{"sick-minor-instalments", "cases", "患病未成年人分期发放救助金案", "申请人之子身患重病，医疗费用高昂，家庭非常困难。法院决定分期发放司法救助金。", []string{"未成年人救助", "因病致困救助"}, []string{"未成年人", "重病患者"}, []string{"分期发放"}, "浙江", "基层", "执行", "2025-01-15", []string{"分期发放"}},
		{"six-department-opinion", "policies", "关于建立完善国家司法救助制度的意见（试行）", "为了帮助受到侵害但无法获得有效赔偿的当事人摆脱生活困境，建立完善国家司法救助制度。刑事被害人受到犯罪侵害，致使重伤或严重残疾，因加害人死亡或没有赔偿能力，陷入生活困难的，应当给予救助。", nil, nil, nil, "全国", "", "", "2014-01-17", []string{"司法救助", "国家司法救助"}},
		{"spc-opinion", "policies", "最高人民法院关于加强和规范人民法院国家司法救助工作的意见", "人民法院在审判、执行工作中，对权利受到侵害无法获得有效赔偿的当事人，符合条件的，给予一次性救助金。", nil, nil, nil, "全国", "", "", "2016-07-01", []string{"人民法院", "一次性救助"}},
		{"spc-procedure", "policies", "人民法院国家司法救助案件办理程序规定（试行）", "救助申请人应当提交书面申请。人民法院应当在十个工作日内作出是否救助的决定。对急需救助的，可以先行救助。", nil, nil, nil, "全国", "", "", "2019-02-20", []string{"救助申请", "先行救助"}},
		{"sichuan-amounts", "rules", "四川省高级人民法院司法救助金额量化标准", "救助金额以困难程度分为困难、非常困难、特别困难三档。困难的，救助金不超过上一年度职工月平均工资的十二倍。", nil, nil, nil, "四川", "", "", "2021-03-05", []string{"救助标准", "特别困难"}},
		{"linkage-rule", "rules", "司法救助與社會救助銜接辦法", "人民法院與民政部門建立銜接機制。對司法救助後仍然生活困難的當事人，移送民政部門納入社會救助。", nil, nil, nil, "江苏", "", "", "2022-06-30", []string{"社会救助", "民政部门"}},
		{"linked-aid-pool", "rules", "三级法院联动救助资金统筹规则", "高级、中级、基层三级法院联动救助，统筹救助资金，提高救助效率。", nil, nil, nil, "湖北", "", "", "2023-09-12", []string{"联动救助"}},
		{"traffic-victim", "cases", "交通事故受害人司法救助案", "受害人在交通事故中重伤，赔偿义务人无力赔偿，申请人家庭生活困难，法院在执行阶段给予救助。", []string{"执行不能救助"}, []string{"残疾人"}, []string{"救助金"}, "河南", "基层", "执行", "2024-08-20", []string{"交通事故"}},
	}
	filler := strings.Repeat("本院经审查认为，该当事人符合相关规定，依法予以办理。 ", 30)
	rows = append(rows,
		row{"long-body-orphan", "cases", "长篇案例", filler + "其子系孤兒，法院決定先行救助。" + filler, []string{"未成年人救助"}, []string{"孤儿"}, []string{"救助金"}, "北京", "高级", "审判", "2020-02-02", nil},
		row{"long-body-rule", "rules", "長篇細則", filler + filler + filler + "對生活困難的申請人給予司法救助。\n\n  ", nil, nil, nil, "上海", "", "", "2018-08-08", []string{"司法救助"}},
	)
	regions := []string{"四川", "广东", "浙江", "河南", "湖北", "北京", "上海"}
	levels := []string{"最高", "高级", "中级", "基层"}
	stages := []string{"立案", "审判", "执行", "信访"}
	cats := []string{"刑事被害人救助", "未成年人救助", "因病致困救助", "执行不能救助", "涉法涉诉信访救助"}
	groups := []string{"未成年人", "孤儿", "残疾人", "老年人", "农民工"}
	methods := []string{"救助金", "分期发放", "社会救助衔接", "心理疏导"}
	phrases := []string{"司法救助", "刑事被害人", "生活困難", "先行救助", "未成年人", "法院", "申請人", "救助金", "特別困難", "家庭", "孤兒", "醫療費用", "故意伤害", "民政部门", "农民工工资", "涉法涉诉信访", "心理疏导", "执行不能", "赔偿义务人"}
	rng := rand.New(rand.NewPCG(7, 11))
	for i := len(rows); i < 40; i++ {
		var b strings.Builder
		for k := 0; k < 6+rng.IntN(10); k++ {
			b.WriteString(phrases[rng.IntN(len(phrases))])
			b.WriteString([]string{"，", "。", "的", "和", " "}[rng.IntN(5)])
		}
		day := time.Date(2019+rng.IntN(7), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
		r := row{
			id: fmt.Sprintf("case-%02d", i), section: "cases",
			title:  phrases[rng.IntN(len(phrases))] + "案例" + fmt.Sprint(i),
			body:   b.String(),
			cats:   []string{cats[rng.IntN(len(cats))]},
			groups: []string{groups[rng.IntN(len(groups))]}, methods: []string{methods[rng.IntN(len(methods))]},
			region: regions[rng.IntN(len(regions))], level: levels[rng.IntN(len(levels))], stage: stages[rng.IntN(len(stages))],
			date: day.Format("2006-01-02"),
		}
		if i%3 == 0 {
			r.date = "2024-05-10" // equal dates: order falls back to ids
		}
		if i%7 == 0 {
			r.section, r.level, r.stage, r.cats, r.groups, r.methods = "rules", "", "", nil, nil, nil
		}
		rows = append(rows, r)
	}
	docs := make([]Doc, len(rows))
	for i, r := range rows {
		date, err := time.Parse("2006-01-02", r.date)
		if err != nil {
			panic(err)
		}
		docs[i] = Doc{
			ID: r.id, Section: r.section, Title: r.title, URL: "/kb/" + r.section + "/" + r.id + "/",
			Date: date, Summary: summaryOf(r.id, r.body), Body: r.body, Keywords: r.keywords,
			Categories: r.cats, Groups: r.groups, Methods: r.methods, Region: r.region,
			CourtLevel: r.level, Stage: r.stage, Hash: fmt.Sprintf("h%d", i),
		}
	}
	return docs
}

// summaryOf is the first sentence, but none for long-body-rule, whose
// snippet then starts the body.
func summaryOf(id, body string) string {
	if id == "long-body-rule" {
		return ""
	}
	return firstSentence(body)
}

func firstSentence(s string) string {
	if i := strings.Index(s, "。"); i >= 0 {
		return s[:i+len("。")]
	}
	return s
}
