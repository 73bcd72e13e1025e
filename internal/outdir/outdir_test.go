package outdir

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestDirsMakeParents(t *testing.T) {
	root := t.TempDir()
	d := NewDirs()
	deep := filepath.Join(root, "a", "b", "c")
	for range 2 { // the second time from memory
		if err := d.Make(deep); err != nil {
			t.Fatal(err)
		}
	}
	if info, err := os.Stat(deep); err != nil || !info.IsDir() {
		t.Fatalf("%s not made: %v", deep, err)
	}
	if err := os.WriteFile(filepath.Join(root, "file"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := NewDirs().Make(filepath.Join(root, "file")); err == nil {
		t.Error("Make over a file succeeded")
	}
}

func TestWriteReplacesOrLeavesAsItWas(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f.json")
	if err := WriteFile(path, []byte("old")); err != nil {
		t.Fatal(err)
	}
	failed := errors.New("disk full")
	err := Write(path, func(w io.Writer) error {
		w.Write([]byte("half"))
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("Write returned %v, want the writer's error", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("after a failed write the file holds %q", b)
	}
	if err := WriteFile(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "new" {
		t.Errorf("the file holds %q, want new", b)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", info.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the folder, want 1: a temporary file was left", len(entries))
	}
}

func TestRemoveEmptyDirsStopsAtRootAndContent(t *testing.T) {
	root := t.TempDir()
	keep := filepath.Join(root, "a")
	empty := filepath.Join(keep, "b", "c")
	if err := os.MkdirAll(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(keep, "f"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	RemoveEmptyDirs(root, empty)
	if _, err := os.Stat(filepath.Join(keep, "b")); !os.IsNotExist(err) {
		t.Errorf("empty folder b left: %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("folder a with a file removed: %v", err)
	}
	os.Remove(filepath.Join(keep, "f"))
	RemoveEmptyDirs(root, keep)
	if _, err := os.Stat(root); err != nil {
		t.Errorf("root removed: %v", err)
	}
}

func TestCreateWritesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "index.html")
	big := bytes.Repeat([]byte("司法救助"), 1<<18) // 3 MiB: more than one write may take
	for _, data := range [][]byte{big, []byte("short"), nil} {
		if err := Create(path, data); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(path); err != nil || !bytes.Equal(b, data) {
			t.Fatalf("the file holds %d bytes (%v), want %d", len(b), err, len(data))
		}
	}
	if info, _ := os.Stat(path); info.Mode().Perm()&^0o022 != 0o644&^0o022 {
		t.Errorf("mode %v, want 0644 less the umask", info.Mode().Perm())
	}
	err := Create(filepath.Join(dir, "missing", "index.html"), []byte("x"))
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != filepath.Join(dir, "missing", "index.html") {
		t.Errorf("Create in a missing folder: %v, want a path error that is fs.ErrNotExist", err)
	}
}
