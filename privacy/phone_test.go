package privacy

import "testing"

func TestMobile(t *testing.T) {
	g := NewGuard(nil)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "电话13800138000。", []string{"手机号=13800138000"}},
		{"hyphens", "电话138-0013-8000", []string{"手机号=138-0013-8000"}},
		{"spaces", "电话 138 0013 8000 联系", []string{"手机号=138 0013 8000"}},
		{"+86", "+8613900001111", []string{"手机号=+8613900001111"}},
		{"+86 spaced", "致电+86 139 0000 1111。", []string{"手机号=+86 139 0000 1111"}},
		{"86-", "86-13700002222", []string{"手机号=86-13700002222"}},
		{"full-width", "手机１３６００００３３３３", []string{"手机号=１３６００００３３３３"}},
		{"after date", "2023-05-06 13800138000", []string{"手机号=13800138000"}},
		{"12 prefix", "12800138000", nil},
		{"10 digits", "1380013800", nil},
		{"12 digits", "138001380001", nil},
		{"in longer run", "订单20231380013800099", nil},
		{"glued letters", "SF13800138000", nil},
		{"decimal", "13800138000.5元", nil},
		{"hyphen-joined prefix", "2023-13800138000", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantFindings(t, g, tt.in, tt.want...) })
	}
}

func TestLandline(t *testing.T) {
	g := NewGuard(nil)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"3-digit code", "电话010-62345678。", []string{"固定电话=010-62345678"}},
		{"4-digit code 7", "0755-2345678", []string{"固定电话=0755-2345678"}},
		{"full-width parens", "（028）86543210", []string{"固定电话=（028）86543210"}},
		{"ascii parens space", "(0571) 87654321", []string{"固定电话=(0571) 87654321"}},
		{"space", "021 64001234", []string{"固定电话=021 64001234"}},
		{"split local", "028-8765-4321", []string{"固定电话=028-8765-4321"}},
		{"extension", "010-62345678-801", []string{"固定电话=010-62345678-801"}},
		{"hotline 12368", "拨打12368", nil},
		{"400 number", "400-123-4567", nil},
		{"bad area", "011-62345678", nil},
		{"local starts 1", "010-12345678", nil},
		{"case number", "（2023）川01刑初123号", nil},
		{"year range", "2019-2023年", nil},
		{"no separator", "01062345678", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantFindings(t, g, tt.in, tt.want...) })
	}
}
