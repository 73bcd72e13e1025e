package privacy

import (
	"strings"
	"testing"
)

func TestDenylist(t *testing.T) {
	g := NewGuard([]string{"赵铁柱", "张伟", "陳曉明", "张伟明", "Li Siyuan", "  "})
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"simple", "申请人赵铁柱称", []string{"禁用姓名=赵铁柱"}},
		{"traditional text", "張偉到庭", []string{"禁用姓名=張偉"}},
		{"traditional list", "陈晓明到庭", []string{"禁用姓名=陈晓明"}},
		{"longer name wins", "张伟明到庭", []string{"禁用姓名=张伟明"}},
		{"latin case", "LI SIYUAN said", []string{"禁用姓名=LI SIYUAN"}},
		{"full-width latin", "Ｌｉ Ｓｉｙｕａｎ", []string{"禁用姓名=Ｌｉ Ｓｉｙｕａｎ"}},
		{"twice", "赵铁柱、赵铁柱", []string{"禁用姓名=赵铁柱", "禁用姓名=赵铁柱"}},
		{"pseudonym", "赵某到庭", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantFindings(t, g, tt.in, tt.want...) })
	}
}

func TestLoadDenylist(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr string
	}{
		{"comments and blanks", "\uFEFF# names\n赵铁柱\n\n  钱多多  # aunt\n", []string{"赵铁柱", "钱多多"}, ""},
		{"single character", "赵铁柱\n李\n", nil, "line 2"},
		{"invalid utf-8", "\xff\xfe\n", nil, "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LoadDenylist(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Fatalf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
