package server

import (
	"context"
	"fmt"
	"strings"
	"sync"
)

// identity is the login the app writes as, "<slug>[bot]": Options.BotLogin
// when given, otherwise learned from GitHub (GET /app with the app's JWT).
// Its comments are its state (reports, records, markers), so a delivery is
// not handled before it is known: with the wrong login every run would take
// its own report for someone else's and post a new one.
type identity struct {
	mu    sync.Mutex
	login string
}

func (id *identity) get() string {
	id.mu.Lock()
	defer id.mu.Unlock()
	return id.login
}

// BotLogin returns the login the app writes as, learning it from GitHub
// (GET /app: the slug) when Options.BotLogin is empty and it is not known
// yet. A failure is returned and tried again on the next call.
func (s *Server) BotLogin(ctx context.Context) (string, error) {
	if l := s.id.get(); l != "" {
		return l, nil
	}
	gh, err := s.clients.appClient()
	if err != nil {
		return "", err
	}
	app, _, err := gh.Apps.Get(ctx, "")
	if err != nil {
		return "", fmt.Errorf("asking GitHub for the app's login (GET /app; or set --bot-login): %w", err)
	}
	slug := strings.TrimSpace(app.GetSlug())
	if slug == "" || strings.ContainsAny(slug, " \t\r\n[]@/") {
		return "", fmt.Errorf("GitHub answered GET /app with the slug %q, which is no app login: set --bot-login", slug)
	}
	login := slug + "[bot]"
	s.id.mu.Lock()
	defer s.id.mu.Unlock()
	if s.id.login == "" {
		s.id.login = login
		s.log.Info("the app's login, learned from GitHub", "login", login)
	}
	return s.id.login, nil
}
