//go:build !unix

package outdir

import "os"

// Create writes data to path, replacing what path held (not atomically: for
// files of a folder no one reads yet), with permissions 0644.
func Create(path string, data []byte) error { return os.WriteFile(path, data, 0o644) }
