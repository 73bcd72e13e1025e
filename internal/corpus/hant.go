package corpus

import "strings"

// hantPairs lists Simplified→Traditional character pairs, two characters per pair. Only
// characters whose Traditional form maps back to the same Simplified character are listed,
// so that a Traditional→Simplified fold restores the original text.
const hantPairs = "" +
	"国國发發门門们們会會个個为為这這时時对對于於后後与與关關经經务務动動过過还還进進实實现現点點" +
	"种種达達当當体體问問题題认認计計论論证證议議设設调調请請让讓说說语語访訪诉訴讼訟审審执執级級" +
	"县縣区區长長亲親属屬难難费費养養残殘伤傷医醫疗療财財产產损損赔賠偿償应應该該开開机機构構报報" +
	"资資额額标標规規范範条條细細则則办辦项項职職责責协協联聯络絡衔銜统統筹籌层層众眾乡鄉农農业業" +
	"儿兒独獨岁歲学學龄齡妇婦团團组組织織厅廳监監护護导導历歷纪紀录錄书書写寫帮幫贫貧脱脫稳穩单單" +
	"给給决決无無获獲侦偵杀殺抢搶盗盜骗騙诈詐险險严嚴轻輕车車辆輛驾駕驶駛祸禍劳勞赡贍抚撫终終结結" +
	"买買卖賣处處罚罰狱獄员員专專质質显顯温溫维維权權谐諧义義传傳递遞阳陽爱愛怀懷围圍绕繞创創优優" +
	"势勢灵靈补補贴貼减減缓緩纳納预預转轉拨撥续續踪蹤满滿观觀确確诊診术術药藥乐樂庆慶苏蘇闽閩赣贛" +
	"鲁魯粤粵琼瓊云雲陕陝宁寧龙龍辽遼晋晉沪滬东東广廣湾灣汉漢兴興华華刘劉张張陈陳杨楊赵趙黄黃吴吳" +
	"孙孫郑鄭冯馮邓鄧许許韩韓罗羅马馬叶葉万萬亿億两兩钱錢银銀号號节節据據辖轄镇鎮庄莊场場岗崗训訓" +
	"练練际際线線网網数數话話热熱电電视視频頻讲講读讀课課绩績选選择擇备備检檢举舉击擊恶惡坏壞废廢" +
	"试試订訂颁頒见見释釋总總阶階队隊党黨领領纠糾纷紛态態带帶来來从從间間爷爺妈媽邻鄰离離丧喪贷貸" +
	"债債赖賴负負担擔压壓状狀况況愿願觉覺营營杂雜积積极極赠贈划劃测測评評价價签簽兑兌账賬惊驚吓嚇" +
	"惧懼梦夢圆圓顺順毕畢综綜类類别別谈談询詢么麼几幾须須称稱门門问問闻聞记記归歸园園张張齐齊" +
	"边邊远遠运運连連选選适適遗遺邮郵释釋铁鐵钢鋼锁鎖队隊陆陸阴陰随隨险險隐隱难難韧韌顾顧预預领領" +
	"习習济濟变變临臨强強仅僅鱼魚频頻额額风風飞飛饭飯饮飲馆館驻駐骨骨鸡雞齿齒龄齡师師帅帥币幣岛島峡峽币幣庙廟厂廠厨廚县縣"

// hantTable returns the Simplified→Traditional map built from hantPairs.
func hantTable() map[rune]rune {
	rs := []rune(hantPairs)
	m := make(map[rune]rune, len(rs)/2)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			m[rs[i]] = rs[i+1]
		}
	}
	return m
}

// toHant writes s in Traditional characters using table t.
func toHant(t map[rune]rune, s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if h, ok := t[r]; ok {
			r = h
		}
		b.WriteRune(r)
	}
	return b.String()
}
