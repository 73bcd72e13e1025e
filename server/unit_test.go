package server

import (
	"reflect"
	"testing"
)

func TestInjectScript(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"before body end", "<html><body><p>x</p></body></html>", "<html><body><p>x</p>" + scriptTag + "\n</body></html>"},
		{"upper case", "<BODY>x</BODY>", "<BODY>x" + scriptTag + "\n</BODY>"},
		{"last body end", "<body><pre>&lt;/body></pre></body>", "<body><pre>&lt;/body></pre>" + scriptTag + "\n</body>"},
		{"literal in text", "<body><code>\"</body>\"</code></body>", "<body><code>\"</body>\"</code>" + scriptTag + "\n</body>"},
		{"no body", "<p>fragment</p>", "<p>fragment</p>" + scriptTag + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(injectScript([]byte(tt.in))); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestURLPaths(t *testing.T) {
	got := urlPaths("/kb/", []string{"index.html", "cases/x/index.html", "css/site.css"}, []string{"cases/y/index.html"})
	want := []string{"/kb/", "/kb/cases/x/", "/kb/css/site.css", "/kb/cases/y/"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRelevantPaths(t *testing.T) {
	w := &watcher{}
	tests := []struct {
		rel  string
		want bool
	}{
		{"site.toml", true},
		{"content", true},
		{"themes", true},
		{"content/cases/x.md", true},
		{"content/cases/x/index.md", true},
		{"content/cases/x/photo.jpg", true},
		{"themes/default/layouts/entry.html", true},
		{"public/index.html", false},
		{".casebook/preview/index.html", false},
		{"README.md", false},
		{"site.toml~", false},
		{".site.toml.swp", false},
		{"content/cases/.x.md.swp", false},
		{"content/cases/x.md~", false},
		{"content/cases/#x.md#", false},
		{"content/cases/.#x.md", false},
		{"content/cases/4913", false},
		{"content/cases/x.md.tmp", false},
		{"content/.git/HEAD", false},
		{"content/cases/.hidden/x.md", false},
	}
	for _, tt := range tests {
		t.Run(tt.rel, func(t *testing.T) {
			if got := w.relevant(tt.rel); got != tt.want {
				t.Errorf("relevant(%q) = %v, want %v", tt.rel, got, tt.want)
			}
		})
	}
}
