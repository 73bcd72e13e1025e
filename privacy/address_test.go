package privacy

import "testing"

func TestAddress(t *testing.T) {
	g := NewGuard(nil)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"road number", "住在解放路123号。", []string{"地址=解放路123号"}},
		{"section", "家住人民南路三段17号", []string{"地址=人民南路三段17号"}},
		{"road with rooms", "位于建设路45号5栋2单元301室，", []string{"地址=建设路45号5栋2单元301室"}},
		{"street", "搬到建设街45号", []string{"地址=建设街45号"}},
		{"avenue", "滨江大道88号", []string{"地址=滨江大道88号"}},
		{"village group", "幸福村3组", []string{"地址=幸福村3组"}},
		{"village chinese numeral", "红星村五组的村民", []string{"地址=红星村五组"}},
		{"estate building", "阳光小区5栋", []string{"地址=阳光小区5栋"}},
		{"estate number building", "翠苑小区12号楼", []string{"地址=翠苑小区12号楼"}},
		{"lane", "长乐路123弄", []string{"地址=长乐路123弄"}},
		{"number room", "5号楼2单元301室", []string{"地址=5号楼2单元301室"}},
		{"traditional", "解放路123號", []string{"地址=解放路123號"}},
		{"no number", "沿人民路前行", nil},
		{"pseudonymised", "某某路某号", nil},
		{"date day", "5月12号开庭", nil},
		{"document number", "川高法〔2023〕12号", nil},
		{"building alone", "5号楼", nil},
		{"office", "3号办公室", nil},
		{"song", "梅花三弄", nil},
		{"villager group", "该村共有3个村民小组", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantFindings(t, g, tt.in, tt.want...) })
	}
	for _, f := range g.Scan("解放路123号") {
		if f.Severity != Warning {
			t.Errorf("address severity = %v, want warning", f.Severity)
		}
	}
}

func TestPropertyCert(t *testing.T) {
	g := NewGuard(nil)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"with year", "川(2021)成都市不动产权第0123456号", []string{"不动产权证号=不动产权第0123456号"}},
		{"space", "不动产权第 0234567号", []string{"不动产权证号=不动产权第 0234567号"}},
		{"certificate of registration", "不动产证明第0012345号", []string{"不动产权证号=不动产证明第0012345号"}},
		{"traditional", "不動產權第0012345號", []string{"不动产权证号=不動產權第0012345號"}},
		{"no digits", "不动产权第某号", nil},
		{"words only", "办理不动产权登记", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantFindings(t, g, tt.in, tt.want...) })
	}
}
