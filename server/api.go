package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"casebook/generator"
	"casebook/search"
)

// SearchPath is where the server answers searches, at its root: the JSON of
// `casebook search --json`, from the live index.
const SearchPath = generator.PreviewSearchAPI

// maxLimit bounds the hits one answer may ask for.
const maxLimit = 1000

// serveSearch answers /api/search?q=…&sort=relevance|date&limit=N&offset=N
// &filter=TAXONOMY=TERM (filter may repeat). A malformed query is answered
// 400 with {"error": "..."}.
func (s *Server) serveSearch(w http.ResponseWriter, r *http.Request) {
	req, err := searchRequest(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, errorBody(err))
		return
	}
	s.build.RLock()
	res, err := s.cfg.Builder.Search(req)
	s.build.RUnlock()
	var qe *search.QueryError
	switch {
	case errors.As(err, &qe):
		writeJSON(w, http.StatusBadRequest, errorBody(err))
	case err != nil:
		writeJSON(w, http.StatusServiceUnavailable, errorBody(err))
	default:
		writeJSON(w, http.StatusOK, res)
	}
}

// searchRequest reads a search request from a URL's query.
func searchRequest(r *http.Request) (search.Request, error) {
	q := r.URL.Query()
	req := search.Request{Query: q.Get("q"), Sort: q.Get("sort")}
	switch req.Sort {
	case "", "relevance", "date":
	default:
		return req, fmt.Errorf("sort must be relevance or date, not %q", req.Sort)
	}
	var err error
	if req.Limit, err = intParam(q.Get("limit"), "limit", maxLimit); err != nil {
		return req, err
	}
	if req.Offset, err = intParam(q.Get("offset"), "offset", -1); err != nil {
		return req, err
	}
	for _, f := range q["filter"] {
		name, value, ok := strings.Cut(f, "=")
		if !ok || name == "" || value == "" {
			return req, fmt.Errorf("filter must be TAXONOMY=TERM, e.g. categories=未成年人救助, not %q", f)
		}
		if req.Filters == nil {
			req.Filters = map[string][]string{}
		}
		req.Filters[name] = append(req.Filters[name], value)
	}
	return req, nil
}

// intParam parses an optional non-negative integer no larger than max (when
// max ≥ 0).
func intParam(v, name string, max int) (int, error) {
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || (max >= 0 && n > max) {
		if max >= 0 {
			return 0, fmt.Errorf("%s must be a whole number from 0 to %d, not %q", name, max, v)
		}
		return 0, fmt.Errorf("%s must be a whole number ≥ 0, not %q", name, v)
	}
	return n, nil
}

func errorBody(err error) any {
	return struct {
		Error string `json:"error"`
	}{err.Error()}
}

// writeJSON answers with v as JSON, HTML left unescaped (snippets carry
// <mark>), as `casebook search --json` prints it.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
