package corpus

// scenario is one kind of typical case: what happened, and which vocabulary terms it suggests.
type scenario struct {
	key        string   // short internal name
	catHints   []string // words matched against category names and hints
	groupHints []string // words matched against group names and hints
	caseKind   string   // case-number type of the original case, e.g. 刑初
	stages     []string // plausible stages when aid was decided
	facts      []string // opening sentences of 基本案情
	gist       []string // summary templates
	titles     []string // title templates
}

// scenarios are ordered by frequency: earlier ones are drawn more often.
var scenarios = []scenario{
	{
		key: "death", catHints: []string{"近亲属", "刑事被害人", "未成年"}, groupHints: []string{"近亲属", "未成年", "孤儿"},
		caseKind: "刑初", stages: []string{"审判", "审判", "执行", "立案"},
		facts: []string{
			"{年}年{月}月，被害人{被害人}在{地点}与被告人{被告人}发生口角，被告人{被告人}持刀将其刺伤，{被害人}经抢救无效死亡。",
			"{年}年{月}月，被告人{被告人}因琐事对被害人{被害人}怀恨在心，在{地点}实施{罪名}犯罪，致{被害人}当场死亡。",
			"被害人{被害人}系{甲}的{亲属}，生前在外{生计}，是全家唯一的经济来源。{年}年{月}月，{被害人}遭被告人{被告人}{罪名}身亡。",
		},
		gist: []string{
			"被害人因刑事犯罪死亡，被告人无赔偿能力，其未成年子女失去主要生活来源，法院依法给予司法救助并协调多部门持续帮扶。",
			"刑事被害人死亡后近亲属生活陷入困境，法院主动启动救助程序，以救助金解燃眉之急并衔接社会救助。",
		},
		titles: []string{"{甲}等{人数}人申请刑事被害人司法救助案", "{甲}申请司法救助案", "被害人{被害人}近亲属申请国家司法救助案"},
	},
	{
		key: "injury", catHints: []string{"重伤", "残疾", "刑事被害人"}, groupHints: []string{"被害人", "残疾"},
		caseKind: "刑初", stages: []string{"审判", "执行", "审判"},
		facts: []string{
			"{年}年{月}月，被害人{申请人}在{地点}遭被告人{被告人}殴打，致其重伤二级，经鉴定构成{伤残等级}伤残。",
			"{年}年{月}月，被告人{被告人}因邻里纠纷持械伤害{申请人}，致{申请人}颅脑损伤、肢体功能障碍，长期需要康复治疗。",
		},
		gist: []string{
			"被害人受犯罪侵害致重伤残疾，丧失劳动能力，被告人无力赔偿，法院依法决定救助并为其链接康复和就业资源。",
			"刑事被害人致残后家庭陷入困境，法院在审判阶段及时救助，实现案结事了人和。",
		},
		titles: []string{"{申请人}申请刑事被害人司法救助案", "{申请人}受伤致残申请司法救助案"},
	},
	{
		key: "minor", catHints: []string{"未成年", "弱势群体"}, groupHints: []string{"未成年", "孤儿", "留守"},
		caseKind: "刑初", stages: []string{"审判", "执行", "立案"},
		facts: []string{
			"{甲}系{年龄}岁{留守}儿童，父母离异后随{长辈}生活。{年}年{月}月，{甲}遭受不法侵害，身心受到严重伤害。",
			"{年}年{月}月，{甲}的{亲属}{被害人}被{被告人}{罪名}致死，{甲}与{乙}两人成为事实无人抚养儿童，生活和学业难以为继。",
			"{甲}今年{年龄}岁，患有{疾病}，{亲属}在案件中遇害，家中仅剩年迈的{长辈}照料其生活。",
		},
		gist: []string{
			"未成年人因案件陷入生存困境，法院以司法救助托底，并分批发放救助金、协调助学和心理疏导，实现当下救与长久助相衔接。",
			"对事实无人抚养的未成年被害人，法院依职权启动救助，会同民政、妇联、教育等部门联合帮扶。",
		},
		titles: []string{"{甲}申请司法救助案", "未成年人{甲}申请国家司法救助案", "{甲}等{人数}名儿童申请司法救助案"},
	},
	{
		key: "enforcement", catHints: []string{"执行", "民事"}, groupHints: []string{"申请执行人", "农民工"},
		caseKind: "执", stages: []string{"执行", "执行", "信访"},
		facts: []string{
			"申请执行人{申请人}与被执行人{被告人}劳务合同纠纷一案，法院判决被执行人支付劳务报酬及赔偿金{债额}。判决生效后，被执行人未履行义务。",
			"{申请人}在工地务工时受伤，经诉讼获得赔偿判决，但被执行人{被告人}下落不明，名下无可供执行的财产，案件终结本次执行程序。",
		},
		gist: []string{
			"执行案件中被执行人确无财产可供执行，申请执行人因伤致贫，法院依法给予救助并做好息诉服判工作。",
			"对执行不能案件中的困难当事人及时救助，兼顾法律效果与社会效果。",
		},
		titles: []string{"{申请人}申请执行救助案", "{申请人}劳务报酬执行不能申请司法救助案"},
	},
	{
		key: "support", catHints: []string{"赡养", "抚育", "扶养"}, groupHints: []string{"老年", "妇女", "未成年"},
		caseKind: "民初", stages: []string{"执行", "审判"},
		facts: []string{
			"{申请人}现年{老年年龄}岁，丧偶多年，起诉要求其子{被告人}支付赡养费。判决生效后，{被告人}因重病无履行能力，{申请人}生活无着。",
			"{申请人}离婚后独自抚养{甲}，法院判决{被告人}每月支付抚育费，但{被告人}长期无业、无财产可供执行，母子生活十分困难。",
		},
		gist: []string{
			"追索赡养费、抚育费案件中被执行人无履行能力，申请执行人生活困难，法院依法给予司法救助。",
		},
		titles: []string{"{申请人}追索赡养费执行不能申请司法救助案", "{申请人}追索抚育费申请司法救助案"},
	},
	{
		key: "traffic", catHints: []string{"交通", "民事侵权"}, groupHints: []string{"交通事故", "农村"},
		caseKind: "民初", stages: []string{"审判", "执行"},
		facts: []string{
			"{年}年{月}月，{被告人}驾驶无牌摩托车与步行的{申请人}相撞，致{申请人}多处骨折。肇事车辆未投保交强险，{被告人}无力赔偿。",
			"{申请人}的{亲属}在道路交通事故中不幸身亡，肇事者{被告人}经济困难，法院判决的赔偿款无法执行到位。",
		},
		gist: []string{
			"道路交通事故受害人无法通过诉讼获得赔偿而生活困难，法院依法救助并衔接医疗保障。",
		},
		titles: []string{"{申请人}道路交通事故申请司法救助案", "{申请人}申请民事侵权司法救助案"},
	},
	{
		key: "urgent", catHints: []string{"急需救治", "刑事被害人"}, groupHints: []string{"被害人"},
		caseKind: "刑初", stages: []string{"立案", "审判"},
		facts: []string{
			"{年}年{月}月，被害人{申请人}遭被告人{被告人}持刀伤害，送医时生命垂危，医院已垫付部分抢救费用，后续治疗费用无力承担。",
		},
		gist: []string{
			"被害人受犯罪侵害危及生命、急需救治，法院启动先行救助快捷审批，为抢救赢得时间。",
		},
		titles: []string{"{申请人}急需救治申请先行救助案", "{申请人}申请刑事被害人先行救助案"},
	},
	{
		key: "property", catHints: []string{"财产损失", "刑事被害人"}, groupHints: []string{"被害人", "老年"},
		caseKind: "刑初", stages: []string{"执行", "审判"},
		facts: []string{
			"被害人{申请人}年逾六旬，{年}年{月}月被被告人{被告人}以投资理财为名骗走全部积蓄{债额}，赃款已被挥霍，追赃无果。",
		},
		gist: []string{
			"被害人因诈骗犯罪遭受重大财产损失，追赃挽损不能，生活陷入困境，法院依法给予救助。",
		},
		titles: []string{"{申请人}财产损失申请司法救助案"},
	},
	{
		key: "petition", catHints: []string{"信访"}, groupHints: []string{"农村", "低保"},
		caseKind: "民终", stages: []string{"信访"},
		facts: []string{
			"{申请人}因一起人身损害赔偿纠纷多年信访，其诉求虽经法院依法处理，但赔偿款始终未能到位，家庭生活十分困难。",
		},
		gist: []string{
			"涉法涉诉信访人诉求具有一定合理性且生活困难，法院依法救助并做好释法明理，促进息诉罢访。",
		},
		titles: []string{"{申请人}涉诉信访申请司法救助案"},
	},
	{
		key: "witness", catHints: []string{"证人", "举报人"}, groupHints: []string{"证人", "举报人"},
		caseKind: "刑初", stages: []string{"审判", "立案"},
		facts: []string{
			"{申请人}在一起涉黑案件中出庭作证，{年}年{月}月遭被告人{被告人}的亲属打击报复，致其轻伤，经营的小店被砸毁。",
		},
		gist: []string{
			"证人因作证遭受打击报复，人身和财产受到损害，法院依法给予救助，彰显对作证行为的保护。",
		},
		titles: []string{"证人{申请人}遭打击报复申请司法救助案"},
	},
}
