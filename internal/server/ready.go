package server

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/google/go-github/v62/github"
)

// readiness caches the one remote check /readyz makes, that GitHub accepts
// the app's key: probes are unauthenticated, so each one must not become a
// signed GitHub call.
type readiness struct {
	mu        sync.Mutex
	checkedAt time.Time
	err       error
}

// errNotAuthenticated is what /readyz says when GitHub refuses the app's
// JWT; GitHub's own text goes to the log only.
var errNotAuthenticated = errors.New("GitHub does not accept the app's key (see the server log)")

// check returns the cached result, or checks again when it is older than
// ReadyTTL (a minute after a failure). Concurrent probes wait for one check.
func (s *Server) readyCheck() error {
	r := &s.ready
	r.mu.Lock()
	defer r.mu.Unlock()
	ttl := s.opts.ReadyTTL
	if r.err != nil {
		ttl = min(ttl, time.Minute)
	}
	now := s.opts.Clock()
	if !r.checkedAt.IsZero() && now.Sub(r.checkedAt) < ttl {
		return r.err
	}
	ctx, cancel := context.WithTimeout(s.baseCtx, 10*time.Second)
	defer cancel()
	r.checkedAt, r.err = now, nil
	gh, err := s.clients.appClient()
	if err == nil {
		_, _, err = gh.Apps.Get(ctx, "")
	}
	var er *github.ErrorResponse
	switch {
	case err == nil:
	case errors.As(err, &er) && er.Response != nil && (er.Response.StatusCode == 401 || er.Response.StatusCode == 403):
		s.log.Error("not ready: GitHub refuses the app's JWT", "err", err)
		r.err = errNotAuthenticated
	default:
		// GitHub unreachable or failing says nothing about this replica:
		// taking it out of service would not help, deliveries fail and
		// are redelivered either way.
		s.log.Warn("readiness: could not reach GitHub; staying ready", "err", err)
	}
	return r.err
}

// readyz answers 200 when the server accepts deliveries: it is not
// shutting down and GitHub accepted the app's key at the last check.
func (s *Server) readyz(w http.ResponseWriter, _ *http.Request) {
	s.mu.RLock()
	closed := s.closed
	s.mu.RUnlock()
	if closed {
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	if err := s.readyCheck(); err != nil {
		http.Error(w, err.Error(), http.StatusServiceUnavailable)
		return
	}
	io.WriteString(w, "ok\n")
}
