package privacy

import "testing"

func TestBankCard(t *testing.T) {
	c16 := completeCard("622202123456789")
	c19 := completeCard("621700000000000012")
	visa := completeCard("411111111111111")
	g := NewGuard(nil)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"16 plain", "卡号" + c16 + "。", []string{"银行卡号=" + c16}},
		{"19 plain", "账号" + c19, []string{"银行卡号=" + c19}},
		{"visa", "卡号" + visa, []string{"银行卡号=" + visa}},
		{"grouped 16", "卡号 " + group4(c16, " ") + " 。", []string{"银行卡号=" + group4(c16, " ")}},
		{"grouped 19", "卡号 " + group4(c19, " "), []string{"银行卡号=" + group4(c19, " ")}},
		{"full-width", "卡号" + fullWidth(c16), []string{"银行卡号=" + fullWidth(c16)}},
		{"Luhn fails", "卡号" + wrongCard("622202123456789"), nil},
		{"starts with 2", "订单号" + completeCard("202305061234567"), nil},
		{"20 digits", completeCard("6222021234567890123"), nil},
		{"15 digits", completeCard("62220212345678"), nil},
		{"ID-shaped 18", wrongID("51010419900101123"), nil},
		{"glued letters", "NO" + c16, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantFindings(t, g, tt.in, tt.want...) })
	}
}

func TestLuhn(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"4111111111111111", true},
		{"4111111111111112", false},
		{"79927398713", true},
		{"0", true},
	}
	for _, tt := range tests {
		if got := luhnValid([]rune(tt.in)); got != tt.want {
			t.Errorf("luhnValid(%s) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
