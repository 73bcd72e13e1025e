package privacy

import (
	"strings"
	"testing"
)

func TestCheckPseudonyms(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		names []string
		want  []string // kind@offset
	}{
		{"full-width paren", "小吉（化名）今年九岁。小吉上学。", []string{"小吉"}, nil},
		{"ascii paren", "小吉(化名)今年九岁。", []string{"小吉"}, nil},
		{"均为", "小吉（均为化名）", []string{"小吉"}, nil},
		{"list", "小吉、小花（均系化名）是姐弟。", []string{"小吉", "小花"}, nil},
		{"list with 和", "小吉和小花（均为化名）", []string{"小吉", "小花"}, nil},
		{"quoted", "“小吉”（化名）", []string{"小吉"}, nil},
		{"mark before", "化名为小吉的孩子", []string{"小吉"}, nil},
		{"mark before quoted", "化名“小吉”", []string{"小吉"}, nil},
		{"traditional paren", "小吉（化名）", []string{"小吉"}, nil},
		{"full-width name", "ＡＢ（化名）", []string{"AB"}, nil},
		{"unmarked", "今年，小吉九岁。小吉（化名）", []string{"小吉"}, []string{"化名未标注@9"}},
		{"mark only later", "小吉上学。小吉（化名）", []string{"小吉"}, []string{"化名未标注@0"}},
		{"paren without mark", "小吉（九岁）", []string{"小吉"}, []string{"化名未标注@0"}},
		{"unused", "小吉（化名）", []string{"小吉", "小花"}, []string{"化名未使用@0"}},
		{"not a list", "小吉的母亲李某（化名）", []string{"小吉"}, []string{"化名未标注@0"}},
		{"longer pseudonym first", "小吉祥（化名）与小吉（化名）", []string{"小吉", "小吉祥"}, nil},
		{"blank and duplicate", "小吉（化名）", []string{"小吉", " ", "小吉"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckPseudonyms(tt.body, tt.names)
			var gs []string
			for _, f := range got {
				gs = append(gs, string(f.Kind)+"@"+itoa(f.Start))
				if f.Severity != Error {
					t.Errorf("severity %v, want error", f.Severity)
				}
				if f.Kind == KindPseudonymUnmarked && tt.body[f.Start:f.End] != f.Text {
					t.Errorf("text %q does not match offsets", f.Text)
				}
			}
			if strings.Join(gs, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", gs, tt.want)
			}
		})
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
