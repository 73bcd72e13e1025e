package privacy

import (
	"fmt"
	"testing"
)

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

// TestGuardScanReusesMemory scans texts of falling and rising length with
// one guard, whose scans reuse each other's memory: each finds what a
// fresh guard finds, nothing of the longer text before it.
func TestGuardScanReusesMemory(t *testing.T) {
	id := completeID("51010419900101123")
	texts := []string{
		"当事人住解放路123号，电话13800138000，身份证号" + id + "。",
		"电话138",
		"",
		"身份证号" + id,
		"无",
		"车牌川A12345，邮箱a@b.cn，当事人住解放路123号，电话13800138000。",
	}
	g := NewGuard(nil)
	for round := range 3 {
		for _, text := range texts {
			got, want := fmt.Sprint(g.Scan(text)), fmt.Sprint(NewGuard(nil).Scan(text))
			if got != want {
				t.Errorf("round %d, %q: got %s, want %s", round, text, got, want)
			}
		}
	}
}
