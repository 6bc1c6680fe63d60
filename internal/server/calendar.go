package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/calendar"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/githubapi"
)

// The calendar feed endpoint: GET /calendar/{owner}/{repo}.ics serves the
// feed of a public repository the App is installed on, rendered from its
// default branch. Feeds are cached (at most feedCacheSize repositories,
// each for feedTTL, unknown ones included, so a flood of requests for
// repositories that are not installed costs one lookup each per TTL), and
// answered with an ETag: a calendar client that sends If-None-Match gets
// 304 while the feed is unchanged.
const (
	feedCacheSize = 256
	feedTTL       = 5 * time.Minute
)

var repoNameRE = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,100}$`)

type feedEntry struct {
	body []byte // nil: not served (not installed, private, or no such repository)
	etag string
	at   time.Time
}

// feedCache is a bounded cache of rendered feeds by "owner/repo"; the
// oldest entry goes first when it is full.
type feedCache struct {
	mu      sync.Mutex
	entries map[string]*feedEntry
	order   []string
}

func (c *feedCache) get(key string, now time.Time) (*feedEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || now.Sub(e.at) >= feedTTL {
		return nil, false
	}
	return e, true
}

func (c *feedCache) put(key string, e *feedEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*feedEntry{}
	}
	if _, ok := c.entries[key]; !ok {
		c.order = append(c.order, key)
	}
	c.entries[key] = e
	for len(c.order) > feedCacheSize {
		delete(c.entries, c.order[0])
		c.order = c.order[1:]
	}
}

func (c *feedCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// errNotServed is a repository whose feed is not served: 404.
var errNotServed = errors.New("not served")

func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) {
	owner, file := r.PathValue("owner"), r.PathValue("file")
	repo, ok := strings.CutSuffix(file, ".ics")
	if !ok || !repoNameRE.MatchString(owner) || !repoNameRE.MatchString(repo) {
		http.NotFound(w, r)
		return
	}
	key := strings.ToLower(owner + "/" + repo)
	e, hit := s.feeds.get(key, s.opts.Now())
	if !hit {
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.JobTimeout)
		body, err := s.renderFeed(ctx, owner, repo)
		cancel()
		switch {
		case errors.Is(err, errNotServed):
			e = &feedEntry{at: s.opts.Now()}
		case err != nil:
			s.log.Error("calendar feed", "repository", owner+"/"+repo, "err", err)
			http.Error(w, "the feed could not be read from GitHub", http.StatusBadGateway)
			return
		default:
			sum := sha256.Sum256(body)
			e = &feedEntry{body: body, etag: `"` + hex.EncodeToString(sum[:16]) + `"`, at: s.opts.Now()}
		}
		s.feeds.put(key, e)
	}
	if e.body == nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("ETag", e.etag)
	w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(feedTTL.Seconds())))
	if etagMatch(r.Header.Get("If-None-Match"), e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Write(e.body)
}

// etagMatch reports whether an If-None-Match header names etag (weak
// comparison, as RFC 9110 asks for If-None-Match).
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// renderFeed reads a repository's default branch and renders its feed. A
// repository the App is not installed on, or a private one, is
// errNotServed, and nothing of it is read.
func (s *Server) renderFeed(ctx context.Context, owner, repo string) ([]byte, error) {
	id, err := s.clients.installationFor(ctx, owner, repo)
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusNotFound {
		return nil, errNotServed
	}
	if err != nil {
		return nil, err
	}
	gh, err := s.clients.installation(id)
	if err != nil {
		return nil, err
	}
	rp, _, err := gh.Repositories.Get(ctx, owner, repo)
	if err != nil {
		return nil, fmt.Errorf("reading %s/%s: %w", owner, repo, err)
	}
	if rp.GetPrivate() {
		return nil, errNotServed
	}
	branch := rp.GetDefaultBranch()
	fsys := githubapi.NewFS(ctx, gh, owner, repo, branch)
	cfg, err := config.Load(fsys, config.DefaultPath)
	if err != nil {
		return nil, err
	}
	in, err := calendar.Load(fsys, cfg, calendar.Options{Repo: owner + "/" + repo, Branch: branch})
	if err != nil {
		return nil, err
	}
	return calendar.Render(in)
}
