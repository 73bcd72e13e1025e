package privacy

import (
	"bufio"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/corpus from the templates in corpus_test.go")

// The corpus is written from these templates, so that every ID and card
// number in it is invented and carries a computed check digit. Placeholders:
// {id:17 digits} {idfw:17 digits} {idX:14 digits} {badid:17 digits}
// {card:prefix} {card4:prefix} {cardfw:prefix} {badcard:prefix}.

// corpusDenylist is the invented denylist the corpus is scanned with.
var corpusDenylist = []string{"赵铁柱", "钱多多", "李思远", "周晓燕", "張偉", "陳曉明"}

var positiveTemplates = []struct{ line, kind string }{
	{"申请人身份证号码为{id:11010519491231002}。", "身份证号"},
	{"公民身份号码{id:51010419900101123}，户籍四川。", "身份证号"},
	{"身份证：{id:44030419850615231}（已核实）", "身份证号"},
	{"被害人之女身份证号{idX:32010620080808}。", "身份证号"},
	{"身份证号{idfw:61010320120229456}，系未成年人。", "身份证号"},
	{"其子身份证号码为{id:50010320150304789}", "身份证号"},
	{"原身份证号110105491231002已作废。", "身份证号"},
	{"ID{id:37020219760512004}", "身份证号"},
	{"身份证号 {id:4201061988}", "身份证号"},
	{"证件号：{id:13010219670101333}", "身份证号"},
	{"联系电话13800138000。", "手机号"},
	{"请拨打138-0013-8000联系。", "手机号"},
	{"手机 139 0000 1111 已停机", "手机号"},
	{"联系方式+8613900001111", "手机号"},
	{"电话86-13700002222，", "手机号"},
	{"手机号１３６００００３３３３", "手机号"},
	{"（联系电话：15900004444）", "手机号"},
	{"手机15000005555联系", "手机号"},
	{"tel:18600006666", "手机号"},
	{"其母亲电话19900007777。", "手机号"},
	{"办公电话010-62345678。", "固定电话"},
	{"电话0755-2345678", "固定电话"},
	{"联系电话（028）86543210", "固定电话"},
	{"传真(0571)87654321。", "固定电话"},
	{"住宅电话021 64001234", "固定电话"},
	{"座机028-8765-4321", "固定电话"},
	{"分机010-62345678-801", "固定电话"},
	{"电话０８５１－８５５５１２３４", "固定电话"},
	{"救助金汇入其银行卡{card:622202123456789}。", "银行卡号"},
	{"账号{card:621700000000000012}", "银行卡号"},
	{"卡号 {card4:622848001234567} 户名略", "银行卡号"},
	{"卡号 {card4:621226000011112222}", "银行卡号"},
	{"银行卡号{cardfw:622588012345678}", "银行卡号"},
	{"信用卡{card:411111111111111}", "银行卡号"},
	{"卡号{card:531234567890123}。", "银行卡号"},
	{"收款账号{card:622848040256489001}", "银行卡号"},
	{"联系邮箱zhangsan@example.org。", "电子邮箱"},
	{"来信请寄wang.wu+case@mail.example.cn，", "电子邮箱"},
	{"邮箱：li_si2023＠example.com", "电子邮箱"},
	{"电子邮件a.b-c@example.net.", "电子邮箱"},
	{"邮箱ZHAO@EXAMPLE.ORG", "电子邮箱"},
	{"联系人邮箱 help.desk@sub.example.com.cn", "电子邮箱"},
	{"肇事车辆川A12345逃逸。", "车牌号"},
	{"车牌号京A·F0236", "车牌号"},
	{"车牌为粤BD12345的新能源车", "车牌号"},
	{"一辆滬A12345轿车", "车牌号"},
	{"车牌川Ａ１２３４５", "车牌号"},
	{"教练车鲁B1234学", "车牌号"},
	{"号牌贵A 3C5D7。", "车牌号"},
	{"货车苏E・88888", "车牌号"},
	{"房屋登记于川(2021)成都市不动产权第0123456号。", "不动产权证号"},
	{"权证为不动产权第 0234567号", "不动产权证号"},
	{"京(2020)朝阳区不动产证明第0012345号", "不动产权证号"},
	{"粵(2019)廣州市不動產權第0765432號", "不动产权证号"},
	{"其家住解放路123号。", "地址"},
	{"暂住人民南路三段17号", "地址"},
	{"户籍幸福村3组", "地址"},
	{"居住在红星村五组的村民", "地址"},
	{"租住阳光小区5栋", "地址"},
	{"翠苑小区12号楼", "地址"},
	{"长乐路123弄", "地址"},
	{"5号楼2单元301室", "地址"},
	{"滨江大道88号", "地址"},
	{"建设街45号附近", "地址"},
	{"申请人赵铁柱称", "禁用姓名"},
	{"钱多多到庭", "禁用姓名"},
	{"李思远系被害人之子", "禁用姓名"},
	{"张伟出庭作证", "禁用姓名"},
	{"陈晓明未到庭", "禁用姓名"},
	{"周曉燕签收", "禁用姓名"},
}

var negativeTemplates = []string{
	"（2023）川01刑初123号刑事判决书",
	"(2022)最高法执监45号",
	"（2021）京0105民初12345号",
	"救助金12000元",
	"一次性发放3.5万元",
	"人民币120000.00元",
	"救助金共计250000元",
	"2023年5月6日",
	"2023-05-06",
	"2023.05.06",
	"2023/05/06",
	"5月12号开庭",
	"依据第十二条",
	"第12条第2款",
	"诉讼服务热线12368",
	"拨打12345政务热线",
	"报警110，急救120",
	"编号{badid:11010519491231002}",
	"编号{badid:51010419900101123}",
	"流水号12345678901234567",
	"流水号12345678901234567890",
	"订单号2023050612345678901",
	"快递单号SF1234567890123",
	"订单编号DD20230506123456",
	"2019-2023年",
	"2020—2022年度",
	"卡号{badcard:622202123456789}",
	"川高法〔2023〕12号",
	"法发〔2016〕16号",
	"京ICP备12345678号",
	"张某、李某某到庭",
	"小吉（化名）",
	"沿人民路前行",
	"某某路某号",
	"该村共有3个村民小组",
	"阳光小区",
	"3号文件",
	"5号楼",
	"12.5%",
	"3,000,000元",
	"1380013800",
	"138001380001",
	"该村第3组",
	"川A1234",
	"A股上市",
	"京A级景区",
	"型号XY12345",
	"@张三 你好",
	"user@localhost",
	"0-12345678",
	"《刑法》第234条",
	"邮编610041",
	"1390000",
	"+86",
	"金额13800138000.5元",
	"110105491331002",
	"统一社会信用代码91510100MA6CA1234X",
	"20230506",
	"v1.2.3",
	"14:30",
	"192.168.1.1",
	"0.5%",
	"400-123-4567",
	"95588",
	"第1-3组",
	"梅花三弄",
	"3号办公室",
	"不动产权第某号",
	"办理不动产权登记",
	"赵某到庭",
	"（2023）川0104执恢12号之一",
	"2018年至2023年",
	"标的额13500000000元",
	"¥13800138000",
	"涉案金额共计{card:622202123456789}元",
	"GB 11643-1999",
	"川ICP备2023012345号-1",
	"4008-123-456",
}

var placeholder = regexp.MustCompile(`\{(id|idfw|idX|badid|card|card4|cardfw|badcard):([0-9]+)\}`)

// expand fills in the placeholders of a template.
func expand(t *testing.T, s string) string {
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		p := placeholder.FindStringSubmatch(m)
		arg := p[2]
		switch p[1] {
		case "id":
			if len(arg) == 10 { // region + year: complete with a fixed birthday and sequence
				arg += "0315123"
			}
			return completeID(arg)
		case "idfw":
			return fullWidth(completeID(arg))
		case "idX":
			return idEndingX(arg)
		case "badid":
			return wrongID(arg)
		case "card":
			return completeCard(arg)
		case "card4":
			return group4(completeCard(arg), " ")
		case "cardfw":
			return fullWidth(completeCard(arg))
		case "badcard":
			return wrongCard(arg)
		}
		t.Fatalf("unknown placeholder %s", m)
		return ""
	})
}

// corpusFiles returns the expected contents of positive.txt and negative.txt.
func corpusFiles(t *testing.T) (pos, neg string) {
	var p, n strings.Builder
	for _, tt := range positiveTemplates {
		p.WriteString(expand(t, tt.line) + "\t" + tt.kind + "\n")
	}
	for _, s := range negativeTemplates {
		n.WriteString(expand(t, s) + "\n")
	}
	return p.String(), n.String()
}

// TestCorpusFiles pins testdata/corpus to the templates; -update rewrites it.
func TestCorpusFiles(t *testing.T) {
	pos, neg := corpusFiles(t)
	dir := filepath.Join("testdata", "corpus")
	for name, want := range map[string]string{"positive.txt": pos, "negative.txt": neg} {
		path := filepath.Join(dir, name)
		if *update {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestCorpusFiles -update)", err)
		}
		if string(got) != want {
			t.Errorf("%s is out of date with the templates; run go test -run TestCorpusFiles -update", path)
		}
	}
	if *update {
		writeLines(t, filepath.Join(dir, "denylist.txt"), corpusDenylist)
	}
}

func writeLines(t *testing.T, path string, lines []string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("# invented names for the test corpus\n"+strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readLines returns the non-empty lines of a corpus file.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sc.Text() != "" {
			out = append(out, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestCorpus asserts zero misses on positive.txt (each line yields exactly
// its expected kind and nothing else) and zero false alarms on negative.txt.
func TestCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "corpus")
	f, err := os.Open(filepath.Join(dir, "denylist.txt"))
	if err != nil {
		t.Fatal(err)
	}
	names, err := LoadDenylist(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	g := NewGuard(names)
	pos := readLines(t, filepath.Join(dir, "positive.txt"))
	neg := readLines(t, filepath.Join(dir, "negative.txt"))
	if len(pos) < 60 || len(neg) < 60 {
		t.Fatalf("corpus too small: %d positive, %d negative lines", len(pos), len(neg))
	}
	misses, alarms := 0, 0
	for i, line := range pos {
		text, kind, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("positive.txt:%d: no tab", i+1)
		}
		fs := g.Scan(text)
		found := false
		for _, f := range fs {
			if string(f.Kind) == kind {
				found = true
			} else {
				alarms++
				t.Errorf("positive.txt:%d: unexpected %s %q in %q", i+1, f.Kind, f.Text, text)
			}
		}
		if !found {
			misses++
			t.Errorf("positive.txt:%d: missed %s in %q (got %v)", i+1, kind, text, kindsOf(fs))
		}
	}
	for i, text := range neg {
		for _, f := range g.Scan(text) {
			alarms++
			t.Errorf("negative.txt:%d: false alarm %s %q in %q", i+1, f.Kind, f.Text, text)
		}
	}
	t.Logf("corpus: %d positive, %d negative; %d misses, %d false alarms", len(pos), len(neg), misses, alarms)
}
