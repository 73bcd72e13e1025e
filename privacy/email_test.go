package privacy

import "testing"

func TestEmail(t *testing.T) {
	g := NewGuard(nil)
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "邮箱zhangsan@example.org。", []string{"电子邮箱=zhangsan@example.org"}},
		{"dots and plus", "写信至wang.wu+case@mail.example.cn，", []string{"电子邮箱=wang.wu+case@mail.example.cn"}},
		{"full-width at", "li_si2023＠example.com", []string{"电子邮箱=li_si2023＠example.com"}},
		{"trailing dot", "联系a.b@example.org.", []string{"电子邮箱=a.b@example.org"}},
		{"no dot in domain", "user@localhost", nil},
		{"numeric tld", "a@b.123", nil},
		{"mention", "@张三 你好", nil},
		{"empty local", "。@example.org", nil},
		{"double at", "a@@example.org", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantFindings(t, g, tt.in, tt.want...) })
	}
}
