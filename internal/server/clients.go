package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/githubapi"
)

// clients makes go-github clients: one per installation, authenticated
// with installation tokens that ghinstallation caches and refreshes before
// they expire, over the same retrying transport as the Action.
type clients struct {
	opts *Options
	m    *metrics
	app  *ghinstallation.AppsTransport
	mu   sync.Mutex
	byID map[int64]*github.Client
}

func newClients(opts *Options, m *metrics) (*clients, error) {
	app, err := ghinstallation.NewAppsTransport(opts.retry(m.observe(0), nil), opts.AppID, opts.PrivateKey)
	if err != nil {
		return nil, fmt.Errorf("reading the app's private key: %w", err)
	}
	if opts.APIURL != "" {
		app.BaseURL = strings.TrimRight(opts.APIURL, "/")
	}
	return &clients{opts: opts, m: m, app: app, byID: map[int64]*github.Client{}}, nil
}

func (o *Options) retry(observe func(*http.Request, *http.Response, error), pace *githubapi.Pacer) *githubapi.Retry {
	return &githubapi.Retry{Base: o.Transport, Sleep: o.RetrySleep, OnResponse: observe, Pace: pace}
}

// installation returns the client for an installation.
func (c *clients) installation(id int64) (*github.Client, error) {
	if id == 0 {
		return nil, fmt.Errorf("the delivery names no installation: is it from a GitHub App webhook?")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gh, ok := c.byID[id]; ok {
		return gh, nil
	}
	itr := ghinstallation.NewFromAppsTransport(c.app, id)
	if c.opts.APIURL != "" {
		itr.BaseURL = strings.TrimRight(c.opts.APIURL, "/")
	}
	// Requests go: go-github -> installation token -> retry -> network.
	itr.Client = &http.Client{Transport: c.opts.retry(c.m.observe(id), nil), Timeout: 30 * time.Second}
	// One pacer per installation: GitHub's secondary limits are per
	// installation, and all its deliveries' writes share them.
	pace := &githubapi.Pacer{Gap: c.opts.WriteGap, Now: c.opts.Clock, Sleep: c.opts.RetrySleep}
	gh, err := githubapi.NewClient("", c.opts.APIURL, &tokenTransport{itr: itr, base: c.opts.retry(c.m.observe(id), pace)})
	if err != nil {
		return nil, err
	}
	c.byID[id] = gh
	return gh, nil
}

// tokenTransport adds the installation token to each request, then sends
// it through the retrying transport.
type tokenTransport struct {
	itr  *ghinstallation.Transport
	base http.RoundTripper
}

func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tok, err := t.itr.Token(req.Context())
	if err != nil {
		return nil, fmt.Errorf("getting an installation token: %w", err)
	}
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "token "+tok)
	return t.base.RoundTrip(r)
}

// appClient is authenticated as the app itself (JWT).
func (c *clients) appClient() (*github.Client, error) {
	return githubapi.NewClient("", c.opts.APIURL, c.app)
}

// installationFor finds the installation of the app on a repository.
func (c *clients) installationFor(ctx context.Context, owner, repo string) (int64, error) {
	gh, err := c.appClient()
	if err != nil {
		return 0, err
	}
	inst, _, err := gh.Apps.FindRepositoryInstallation(ctx, owner, repo)
	if err != nil {
		return 0, fmt.Errorf("finding the app's installation on %s/%s: %w", owner, repo, err)
	}
	return inst.GetID(), nil
}
