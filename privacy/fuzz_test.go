package privacy

import (
	"bytes"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
	"unicode/utf8"
)

// boundaries returns the rune boundaries of s as decoding walks it (invalid
// bytes count as one-byte runes).
func boundaries(s string) map[int]bool {
	b := map[int]bool{len(s): true}
	for i := 0; i < len(s); {
		b[i] = true
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return b
}

// checkFinding asserts the invariants every finding with a span must hold.
func checkFinding(t *testing.T, s string, bounds map[int]bool, f Finding) {
	t.Helper()
	if f.Start < 0 || f.End > len(s) || f.Start >= f.End {
		t.Fatalf("%s: bad span %d:%d in %d bytes", f.Kind, f.Start, f.End, len(s))
	}
	if !bounds[f.Start] || !bounds[f.End] {
		t.Fatalf("%s: span %d:%d not on rune boundaries of %q", f.Kind, f.Start, f.End, s)
	}
	if s[f.Start:f.End] != f.Text {
		t.Fatalf("%s: Text %q is not s[%d:%d]", f.Kind, f.Text, f.Start, f.End)
	}
	if f.Severity != Error && f.Severity != Warning {
		t.Fatalf("%s: severity %d", f.Kind, f.Severity)
	}
	if len(f.Text) > 6 && strings.Contains(f.Masked(), f.Text) {
		t.Fatalf("%s: masked %q still contains %q", f.Kind, f.Masked(), f.Text)
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"身份证号11010519491231002X，电话138-0013-8000，住解放路123号",
		"（028）86543210 zhangsan@example.org 川A·12345 不动产权第0123456号",
		"卡号 6222 0212 3456 7898 赵铁柱",
	} {
		f.Add(s)
	}
	g := NewGuard([]string{"赵铁柱", "張偉", "ab"})
	f.Fuzz(func(t *testing.T, s string) {
		bounds := boundaries(s)
		for _, fd := range g.Scan(s) {
			checkFinding(t, s, bounds, fd)
		}
	})
}

func FuzzMask(f *testing.F) {
	for _, s := range []string{"510104199001011234", "13812345678", "z@example.org", "张三", "a-b-c-d-e-f-g", "@@@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := Mask(s)
		if s != "" && m == "" {
			t.Fatalf("Mask(%q) is empty", s)
		}
		if len(s) > 6 && !strings.Contains(s, "*") && strings.Contains(m, s) {
			t.Fatalf("Mask(%q) = %q repeats the input", s, m)
		}
		if !strings.Contains(s, "@") && utf8.ValidString(s) && utf8.RuneCountInString(m) != utf8.RuneCountInString(s) {
			t.Fatalf("Mask(%q) = %q changes the length", s, m)
		}
	})
}

func FuzzCheckPseudonyms(f *testing.F) {
	f.Add("小吉（化名）今年九岁，小花上学。", "小吉", "小花")
	f.Add("化名“小吉”与小花、小草（均系化名）", "小草", "小吉")
	f.Fuzz(func(t *testing.T, body, p1, p2 string) {
		bounds := boundaries(body)
		for _, fd := range CheckPseudonyms(body, []string{p1, p2}) {
			if fd.Kind == KindPseudonymUnused {
				if fd.Start != 0 || fd.End != 0 || fd.Text == "" {
					t.Fatalf("unused finding %+v", fd)
				}
				continue
			}
			checkFinding(t, body, bounds, fd)
		}
	})
}

func FuzzStripImageMetadata(f *testing.F) {
	var jb, pb bytes.Buffer
	if err := jpeg.Encode(&jb, testImage(), nil); err != nil {
		f.Fatal(err)
	}
	if err := png.Encode(&pb, testImage()); err != nil {
		f.Fatal(err)
	}
	withExif := append(append(append([]byte{}, jb.Bytes()[:2]...), jpegSegment(0xE1, "Exif\x00\x00"+gpsSecret)...), jb.Bytes()[2:]...)
	f.Add(jb.Bytes())
	f.Add(withExif)
	f.Add(pb.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := StripImageMetadata("fuzz", data)
		if err != nil {
			return
		}
		if len(out) > len(data) || !bytes.Equal(out[:2], data[:2]) {
			t.Fatalf("output of %d bytes from %d, prefix % x", len(out), len(data), out[:2])
		}
		again, err := StripImageMetadata("fuzz", out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("stripping is not idempotent: %v", err)
		}
	})
}
