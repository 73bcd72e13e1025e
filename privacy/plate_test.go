package privacy

import "testing"

func TestPlate(t *testing.T) {
	g := NewGuard(nil)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"ordinary", "车牌川A12345的车", []string{"车牌号=川A12345"}},
		{"middle dot", "京A·F0236", []string{"车牌号=京A·F0236"}},
		{"space", "贵A 3C5D7。", []string{"车牌号=贵A 3C5D7"}},
		{"new energy", "粤BD12345", []string{"车牌号=粤BD12345"}},
		{"traditional", "滬A12345", []string{"车牌号=滬A12345"}},
		{"full-width", "川Ａ１２３４５", []string{"车牌号=川Ａ１２３４５"}},
		{"coach suffix", "鲁B1234学", []string{"车牌号=鲁B1234学"}},
		{"katakana dot", "苏E・88888", []string{"车牌号=苏E・88888"}},
		{"four only", "川A1234", nil},
		{"no digit", "京ABCDEF", nil},
		{"lower-case", "川a12345", nil},
		{"ICP", "京ICP备12345678号", nil},
		{"court code", "（2023）川01刑初123号", nil},
		{"too long", "川A1234567", nil},
		{"grade", "京A级景区", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantFindings(t, g, tt.in, tt.want...) })
	}
}
