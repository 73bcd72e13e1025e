package privacy

import "testing"

func TestIDCard(t *testing.T) {
	id := completeID("11010519491231002")
	idX := idEndingX("32010619880808")
	g := NewGuard(nil)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain 18", "身份证号" + id + "。", []string{"身份证号=" + id}},
		{"X check", "证件号码：" + idX + "，", []string{"身份证号=" + idX}},
		{"lower-case x", "号码" + idX[:17] + "x。", []string{"身份证号=" + idX[:17] + "x"}},
		{"full-width", "身份证号" + fullWidth(id) + "。", []string{"身份证号=" + fullWidth(id)}},
		{"grouped 6-8-4", "身份证 " + id[:6] + " " + id[6:14] + " " + id[14:] + " 。", []string{"身份证号=" + id[:6] + " " + id[6:14] + " " + id[14:]}},
		{"grouped 4-4-4-4-2", "证号" + group4(id, " ") + "。", []string{"身份证号=" + group4(id, " ")}},
		{"grouped 6-8-3 X", idX[:6] + "-" + idX[6:14] + "-" + idX[14:], []string{"身份证号=" + idX[:6] + "-" + idX[6:14] + "-" + idX[14:]}},
		{"after letters", "ID" + id, []string{"身份证号=" + id}},
		{"15-digit", "旧证号110105491231002。", []string{"身份证号=110105491231002"}},
		{"wrong check digit", "编号" + wrongID("11010519491231002"), nil},
		{"bad birth date", "编号" + completeID("11010519491331002"), nil},
		{"bad province", "编号" + completeID("00010519491231002"), nil},
		{"15 bad date", "编号110105491331002", nil},
		{"inside longer run", "流水号9" + id, nil},
		{"followed by digit", id + "9", nil},
		{"X then letters", idX + "YZ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantFindings(t, g, tt.in, tt.want...) })
	}
}

func TestIDCheckDigitKnownVector(t *testing.T) {
	// The worked example of GB 11643-1999.
	if got := idCheckDigit([]rune("11010519491231002")); got != 'X' {
		t.Fatalf("check digit = %c, want X", got)
	}
}
