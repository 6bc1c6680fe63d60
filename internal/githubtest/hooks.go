package githubtest

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// HookDelivery is one attempt to deliver a webhook to the app, as GitHub
// records it: a redelivery is a new attempt with the same GUID.
type HookDelivery struct {
	ID          int64
	GUID        string
	Event       string
	Action      string
	Payload     []byte
	DeliveredAt time.Time
	Redelivery  bool
	// StatusCode is the app's answer; 0 when there was none (connection
	// refused or reset, or no answer within HookTimeout).
	StatusCode int
	Status     string
}

// hooks is the app's webhook: where the fake sends deliveries, with what
// secret, and every attempt it made. It has its own lock: sending a
// delivery calls the app, which may call the fake back.
type hooks struct {
	mu       sync.Mutex
	url      string
	secret   []byte
	timeout  time.Duration
	attempts []*HookDelivery // by ID, ascending
	nextID   int64
	sending  sync.WaitGroup
}

func (s *Server) hookState() *hooks {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hooks == nil {
		s.hooks = &hooks{timeout: 10 * time.Second, nextID: 1}
	}
	return s.hooks
}

// SetHook points the app's webhook at url, signed with secret. GitHub
// waits 10 seconds for an answer; timeout overrides that when above 0.
func (s *Server) SetHook(url string, secret []byte, timeout time.Duration) {
	h := s.hookState()
	h.mu.Lock()
	defer h.mu.Unlock()
	h.url, h.secret = url, secret
	if timeout > 0 {
		h.timeout = timeout
	}
}

// SendHook delivers an event to the app's webhook, as GitHub does, and
// records the attempt. It returns the attempt once the app answered.
func (s *Server) SendHook(event string, payload []byte) HookDelivery {
	var b [16]byte
	rand.Read(b[:])
	guid := hex.EncodeToString(b[:])
	return s.hookState().send(guid, event, payload, false)
}

// HookDeliveries returns every delivery attempt, oldest first.
func (s *Server) HookDeliveries() []HookDelivery {
	h := s.hookState()
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]HookDelivery, len(h.attempts))
	for i, a := range h.attempts {
		out[i] = *a
	}
	return out
}

// WaitHooks waits until the redeliveries asked for have been attempted.
func (s *Server) WaitHooks() {
	s.hookState().sending.Wait()
}

func (h *hooks) send(guid, event string, payload []byte, redelivery bool) HookDelivery {
	h.mu.Lock()
	url, secret, timeout := h.url, h.secret, h.timeout
	a := &HookDelivery{ID: h.nextID, GUID: guid, Event: event, Payload: payload, DeliveredAt: time.Now().UTC(), Redelivery: redelivery}
	h.nextID++
	h.mu.Unlock()
	var w struct{ Action string }
	json.Unmarshal(payload, &w)
	a.Action = w.Action
	mac := hmac.New(sha256.New, secret)
	mac.Write(payload)
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(payload))
	if err == nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-GitHub-Event", event)
		req.Header.Set("X-GitHub-Delivery", guid)
		req.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))
		var resp *http.Response
		resp, err = (&http.Client{Timeout: timeout}).Do(req)
		if err == nil {
			resp.Body.Close()
			a.StatusCode = resp.StatusCode
		}
	}
	switch {
	case err != nil && strings.Contains(err.Error(), "Timeout"):
		a.Status = "timed out"
	case err != nil:
		a.Status = "failed to connect to host"
	case a.StatusCode >= 200 && a.StatusCode < 300:
		a.Status = "OK"
	default:
		a.Status = fmt.Sprintf("Invalid HTTP Response: %d", a.StatusCode)
	}
	h.mu.Lock()
	h.attempts = append(h.attempts, a)
	sort.Slice(h.attempts, func(i, j int) bool { return h.attempts[i].ID < h.attempts[j].ID })
	h.mu.Unlock()
	return *a
}

func hookJSON(a *HookDelivery) map[string]any {
	return map[string]any{
		"id": a.ID, "guid": a.GUID, "delivered_at": a.DeliveredAt.Format(time.RFC3339Nano), "redelivery": a.Redelivery,
		"duration": 0.1, "status": a.Status, "status_code": a.StatusCode, "event": a.Event, "action": a.Action,
		"installation_id": 1, "repository_id": 1,
	}
}

// hookRoutes adds the app's delivery log: GET /app/hook/deliveries (newest
// first, cursor pagination) and POST /app/hook/deliveries/{id}/attempts
// (202; the redelivery is attempted in the background, as on GitHub).
func (s *Server) hookRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /app/hook/deliveries", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			writeError(w, 401, "A JSON web token could not be decoded")
			return
		}
		h := s.hookState()
		h.mu.Lock()
		all := make([]*HookDelivery, len(h.attempts))
		for i, a := range h.attempts {
			all[len(all)-1-i] = a
		}
		h.mu.Unlock()
		per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
		if per <= 0 || per > 100 {
			per = 30
		}
		from, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		from = min(max(from, 0), len(all))
		to := min(from+per, len(all))
		if to < len(all) {
			w.Header().Set("Link", fmt.Sprintf(`<%s/app/hook/deliveries?per_page=%d&cursor=%d>; rel="next"`, s.URL, per, to))
		}
		out := []map[string]any{}
		for _, a := range all[from:to] {
			out = append(out, hookJSON(a))
		}
		writeJSON(w, 200, out)
	})
	mux.HandleFunc("POST /app/hook/deliveries/{id}/attempts", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			writeError(w, 401, "A JSON web token could not be decoded")
			return
		}
		id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
		h := s.hookState()
		h.mu.Lock()
		var orig *HookDelivery
		for _, a := range h.attempts {
			if a.ID == id {
				orig = a
			}
		}
		if orig != nil {
			h.sending.Add(1)
		}
		h.mu.Unlock()
		if orig == nil {
			writeError(w, 404, "Not Found")
			return
		}
		go func() {
			defer h.sending.Done()
			h.send(orig.GUID, orig.Event, orig.Payload, true)
		}()
		writeJSON(w, 202, map[string]any{})
	})
}
