package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
)

// EventsPath is where pages subscribe to build news (Server-Sent Events):
// "reload" with {"paths": [...]} after a good build, "errors" with
// {"errors": [...]} after a failed one, and "hints" with {"hints": [...]}:
// the warnings and tagging suggestions of the last good build.
const EventsPath = "/__casebook/events"

// event is one Server-Sent Event.
type event struct {
	name string // reload | errors
	data []byte // one line of JSON
}

// hub hands build news to every open page, and remembers the errors of a
// broken build so that a page opened meanwhile shows them at once.
type hub struct {
	mu      sync.Mutex
	clients map[chan event]struct{}
	last    *event        // the errors event while the build is broken, else nil
	notes   *event        // the hints event of the last good build
	done    chan struct{} // closed when the server stops
	closed  bool
}

func newHub() *hub {
	return &hub{clients: map[chan event]struct{}{}, done: make(chan struct{})}
}

// broken records and sends the errors of a failed build.
func (h *hub) broken(lines []string) {
	data, _ := json.Marshal(struct {
		Errors []string `json:"errors"`
	}{lines})
	e := event{name: "errors", data: data}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.last = &e
	h.sendLocked(e)
}

// fixed sends a reload after a good build: to pages showing changed paths,
// and to every page when the build was broken before. A build that changed
// nothing after a good one sends no reload. The build's hints are sent
// first, and remembered for pages that connect later.
func (h *hub) fixed(paths, hints []string) {
	data, _ := json.Marshal(struct {
		Paths []string `json:"paths"`
	}{paths})
	if hints == nil {
		hints = []string{}
	}
	notes, _ := json.Marshal(struct {
		Hints []string `json:"hints"`
	}{hints})
	h.mu.Lock()
	defer h.mu.Unlock()
	wasBroken := h.last != nil
	h.last = nil
	h.notes = &event{name: "hints", data: notes}
	h.sendLocked(*h.notes)
	if wasBroken || len(paths) > 0 {
		h.sendLocked(event{name: "reload", data: data})
	}
}

// sendLocked queues e for every client; a client too slow to keep up is
// dropped (its page reconnects and catches up).
func (h *hub) sendLocked(e event) {
	for ch := range h.clients {
		select {
		case ch <- e:
		default:
			delete(h.clients, ch)
			close(ch)
		}
	}
}

// subscribe adds a client; ok is false once the hub is closed.
func (h *hub) subscribe() (ch chan event, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, false
	}
	ch = make(chan event, 16)
	if h.last != nil {
		ch <- *h.last
	} else if h.notes != nil {
		ch <- *h.notes
	}
	h.clients[ch] = struct{}{}
	return ch, true
}

func (h *hub) unsubscribe(ch chan event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[ch]; ok {
		delete(h.clients, ch)
		close(ch)
	}
}

// close ends every event stream; later subscribers are refused.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return
	}
	h.closed = true
	close(h.done)
	for ch := range h.clients {
		delete(h.clients, ch)
		close(ch)
	}
}

// ServeHTTP streams events to one page until it leaves or the server stops.
func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ch, ok := h.subscribe()
	if !ok {
		http.Error(w, "the server is stopping", http.StatusServiceUnavailable)
		return
	}
	defer h.unsubscribe(ch)
	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream; charset=utf-8")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// A lost connection is retried after a second.
	if _, err := fmt.Fprint(w, "retry: 1000\n\n"); err != nil {
		return
	}
	if rc.Flush() != nil {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		case e, open := <-ch:
			if !open {
				return
			}
			if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data); err != nil {
				return
			}
			if rc.Flush() != nil {
				return
			}
		}
	}
}
