package githubapi

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-github/v62/github"
)

// UserAgent identifies mentorbot to GitHub.
const UserAgent = "mentorbot"

// NewClient returns a go-github client that authenticates with token (none
// when empty) against apiURL ("" or "https://api.github.com" for github.com,
// GITHUB_API_URL in Actions, the Enterprise or fake server URL otherwise),
// with the retrying transport underneath. GETs are conditional (see
// Conditional: an unchanged answer costs no rate limit), requests are
// bounded by their context (RequestTimeout when it has no deadline), and
// every response body is closed (see bodies).
func NewClient(token, apiURL string, rt http.RoundTripper) (*github.Client, error) {
	if rt == nil {
		rt = &Retry{}
	}
	c := github.NewClient(&http.Client{Transport: bodies{base: &Conditional{Base: rt}}})
	c.UserAgent = UserAgent
	if token != "" {
		c = c.WithAuthToken(token)
	}
	return WithBaseURL(c, apiURL)
}

// WithBaseURL points c at apiURL; an empty URL keeps github.com.
func WithBaseURL(c *github.Client, apiURL string) (*github.Client, error) {
	if apiURL == "" || strings.TrimRight(apiURL, "/") == "https://api.github.com" {
		return c, nil
	}
	u, err := url.Parse(strings.TrimRight(apiURL, "/") + "/")
	if err != nil || u.Scheme == "" || u.Host == "" {
		return nil, fmt.Errorf("GitHub API URL %q is not an absolute URL", apiURL)
	}
	c.BaseURL = u
	c.UploadURL = u
	return c, nil
}
