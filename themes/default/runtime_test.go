package theme

import (
	"os"
	"os/exec"
	"testing"
)

// TestSearchRuntime runs the browser search runtime's own tests under node.
func TestSearchRuntime(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node is needed to test the search runtime")
		}
		t.Skip("node is not installed")
	}
	out, err := exec.Command(node, "--test", "static/js/").CombinedOutput()
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
	t.Logf("%s", lastLines(string(out), 8))
}

func lastLines(s string, n int) string {
	end := len(s)
	for i := len(s) - 1; i >= 0 && n > 0; i-- {
		if s[i] == '\n' && i < end-1 {
			n--
			if n == 0 {
				return s[i+1:]
			}
		}
	}
	return s
}
