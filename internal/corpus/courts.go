package corpus

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// place is what court names and case numbers need to know of a region.
type place struct {
	full  string // official name, e.g. 四川省
	abbr  string // one-character abbreviation used in case numbers, e.g. 川
	city  bool   // a municipality directly under the central government
	corps bool   // 新疆生产建设兵团
}

// placeOf describes a region name; unknown names get a plain description.
func placeOf(name string) place {
	const table = "北京:北京市:京:m 天津:天津市:津:m 上海:上海市:沪:m 重庆:重庆市:渝:m " +
		"河北:河北省:冀 山西:山西省:晋 内蒙古:内蒙古自治区:蒙 辽宁:辽宁省:辽 吉林:吉林省:吉 " +
		"黑龙江:黑龙江省:黑 江苏:江苏省:苏 浙江:浙江省:浙 安徽:安徽省:皖 福建:福建省:闽 " +
		"江西:江西省:赣 山东:山东省:鲁 河南:河南省:豫 湖北:湖北省:鄂 湖南:湖南省:湘 " +
		"广东:广东省:粤 广西:广西壮族自治区:桂 海南:海南省:琼 四川:四川省:川 贵州:贵州省:黔 " +
		"云南:云南省:云 西藏:西藏自治区:藏 陕西:陕西省:陕 甘肃:甘肃省:甘 青海:青海省:青 " +
		"宁夏:宁夏回族自治区:宁 新疆:新疆维吾尔自治区:新 新疆生产建设兵团:新疆生产建设兵团:兵:c"
	for _, rec := range strings.Fields(table) {
		f := strings.Split(rec, ":")
		if f[0] == name {
			return place{full: f[1], abbr: f[2], city: len(f) > 3 && f[3] == "m", corps: len(f) > 3 && f[3] == "c"}
		}
	}
	return place{full: name, abbr: string([]rune(name)[:1])}
}

// courtName invents a generic court of the given level in a region.
func courtName(r *rand.Rand, p place, level string) string {
	switch {
	case level == "最高":
		return "最高人民法院"
	case level == "高级" && p.corps:
		return "新疆维吾尔自治区高级人民法院生产建设兵团分院"
	case level == "高级":
		return p.full + "高级人民法院"
	case p.corps && level == "中级":
		return "新疆生产建设兵团第某师中级人民法院"
	case p.corps:
		return "新疆生产建设兵团某垦区人民法院"
	case p.city && level == "中级":
		return p.full + oneOf(r, "第一", "第二", "第三", "第四", "第五") + "中级人民法院"
	case p.city:
		return p.full + oneOf(r, "某区", "某区", "某县") + "人民法院"
	case level == "中级":
		return p.full + oneOf(r, "某市", "某市", "某市", "某州", "某地区") + "中级人民法院"
	default:
		return p.full + oneOf(r, "某市", "某州") + oneOf(r, "某县", "某区", "某县", "某市") + "人民法院"
	}
}

// caseNumber invents an original case number such as （2023）川01刑初123号.
func caseNumber(r *rand.Rand, p place, level string, year int, kind string) string {
	if level == "最高" {
		return fmt.Sprintf("（%d）最高法%s%d号", year, kind, between(r, 1, 400))
	}
	code := ""
	switch level {
	case "中级":
		code = fmt.Sprintf("%02d", between(r, 1, 20))
	case "基层":
		code = fmt.Sprintf("%02d%02d", between(r, 1, 20), between(r, 1, 30))
	}
	return fmt.Sprintf("（%d）%s%s%s%d号", year, p.abbr, code, kind, between(r, 1, 2999))
}
