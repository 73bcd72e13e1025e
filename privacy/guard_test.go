package privacy

import "testing"

func TestGuardScanMixed(t *testing.T) {
	id := completeID("51010419900101123")
	g := NewGuard([]string{"赵铁柱"})
	in := "赵铁柱（身份证号" + id + "，电话13800138000）住解放路123号，车牌川A12345。"
	wantFindings(t, g, in,
		"禁用姓名=赵铁柱",
		"身份证号="+id,
		"手机号=13800138000",
		"地址=解放路123号",
		"车牌号=川A12345",
	)
	var nilGuard *Guard
	if fs := nilGuard.Scan("13800138000"); len(fs) != 1 {
		t.Errorf("nil guard: got %v", fs)
	}
	if fs := g.Scan(""); fs != nil {
		t.Errorf("empty text: got %v", fs)
	}
}
