// Package theme embeds the default theme, so that the casebook command can
// build a site whose folder has no themes/ of its own.
package theme

import "embed"

// Files holds layouts/ (html/template files) and static/ (CSS, JS, images).
//
//go:embed layouts static
var Files embed.FS
