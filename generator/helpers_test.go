package generator

import (
	"io/fs"
	"os"
	"testing/fstest"
)

// mapFS makes an in-memory file system of path, content pairs.
func mapFS(pairs ...string) fs.FS {
	m := fstest.MapFS{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = &fstest.MapFile{Data: []byte(pairs[i+1])}
	}
	return m
}

func osDirFS(dir string) fs.FS { return os.DirFS(dir) }
