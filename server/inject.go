package server

import (
	"bytes"
	_ "embed"
	"net/http"
)

// reloadScript opens the event stream, reloads the page when it changed and
// shows build errors as an overlay.
//
//go:embed assets/reload.js
var reloadScript []byte

// scriptTag is what the server adds to every HTML page it serves (never to
// files on disk).
const scriptTag = `<script src="` + ScriptPath + `"></script>`

// injectScript returns page with the script tag added just before its last
// </body>, or at its end when it has none.
func injectScript(page []byte) []byte {
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(scriptTag)+1)
	out = append(out, page[:i]...)
	out = append(out, scriptTag...)
	out = append(out, '\n')
	return append(out, page[i:]...)
}

// serveScript serves the live-reload script.
func serveScript(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Write(reloadScript)
}
