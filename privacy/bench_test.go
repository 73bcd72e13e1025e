package privacy

import (
	"strings"
	"testing"
	"time"
)

// benchText builds about 100 KB of case text with some personal data in it.
func benchText() string {
	paras := []string{
		"申请人小吉（化名），男，2012年3月出生，系被害人之子。2022年5月6日，被害人在务工途中遭他人故意伤害致死，被告人赔偿能力有限，附带民事赔偿未能执行到位。",
		"人民法院经审查认为，申请人家庭因案陷入生活困难，符合《关于建立完善国家司法救助制度的意见（试行）》第二条规定的救助情形，决定给予司法救助金人民币3.5万元。",
		"（2023）川01刑初123号案件执行过程中，执行法官发现被执行人名下无可供执行财产，遂告知申请人可申请国家司法救助，并拨打12368诉讼服务热线咨询。",
		"联系人电话13800138000，住解放路123号，银行卡号6222021234567898，车牌川A12345。",
		"救助决定作出后，法院联合民政部门将申请人纳入最低生活保障范围，教育部门为其办理助学金，实现司法救助与社会救助的有效衔接，救助金12000元分三期发放。",
		"根据第十二条的规定，救助金额一般以案件管辖法院所在省、自治区、直辖市上一年度职工月平均工资为基准确定，一般不超过三十六个月的月平均工资总额。",
	}
	var b strings.Builder
	for b.Len() < 100*1024 {
		for _, p := range paras {
			b.WriteString(p)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func BenchmarkScan(b *testing.B) {
	text := benchText()
	g := NewGuard([]string{"赵铁柱", "钱多多", "李思远", "周晓燕", "张伟", "陈晓明"})
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if len(g.Scan(text)) == 0 {
			b.Fatal("no findings")
		}
	}
}

// TestScanLinear guards against super-linear behaviour on hostile input:
// long runs of characters that start patterns but never complete them.
func TestScanLinear(t *testing.T) {
	g := NewGuard([]string{"赵铁柱"})
	for _, unit := range []string{"@", "a@", "1 ", "1-", "(0", "路1", "村", "赵铁", "川A", "不动产权第1", "5号1"} {
		s := strings.Repeat(unit, 100000/len(unit))
		start := time.Now()
		g.Scan(s)
		// A linear scan takes a few milliseconds; a quadratic one takes minutes.
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("unit %q: %v for %d bytes", unit, d, len(s))
		}
	}
}
