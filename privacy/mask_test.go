package privacy

import "testing"

func TestMask(t *testing.T) {
	tests := []struct{ in, want string }{
		{"510104199001011234", "5101**********1234"},
		{"13812345678", "138****5678"},
		{"138-1234-5678", "138-****-5678"},
		{"zhangsan@example.org", "z***@example.org"},
		{"张三丰", "张**"},
		{"张三", "张*"},
		{"川A12345", "川*****5"},
		{"解放路123号", "解*****号"},
		{"6222021234567890", "6222********7890"},
		{"", ""},
		{"---", "***"},
		{"张", "*"},
		{"     0 ", "     * "},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Mask(tt.in); got != tt.want {
				t.Errorf("Mask(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	f := Finding{Text: "13812345678"}
	if f.Masked() != "138****5678" {
		t.Errorf("Finding.Masked() = %q", f.Masked())
	}
}

func TestSeverityString(t *testing.T) {
	if Error.String() != "error" || Warning.String() != "warning" || Severity(0).String() != "unknown" {
		t.Errorf("got %s %s %s", Error, Warning, Severity(0))
	}
}
