package githubapi

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DebugLog is an http.RoundTripper that logs each request to GitHub at
// debug level: method, URL, status, time taken, the request id GitHub
// gives and the rate limit left. It never logs a header or a body, so a
// token or an Authorization header never reaches the log, and it blanks
// query values whose names hint at a secret ("access_token", "code",
// "client_secret", ...) and any user:password in the URL.
type DebugLog struct {
	Base http.RoundTripper // default http.DefaultTransport
	Log  *slog.Logger
	// Now is the clock for the time taken; tests replace it.
	Now func() time.Time
}

// RoundTrip implements http.RoundTripper.
func (t *DebugLog) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.Base
	if base == nil {
		base = http.DefaultTransport
	}
	now := t.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	resp, err := base.RoundTrip(req)
	attrs := []any{"method", req.Method, "url", RedactURL(req.URL), "took", now().Sub(start).Round(time.Millisecond)}
	if err != nil {
		t.Log.DebugContext(req.Context(), "github request failed", append(attrs, "err", err.Error())...)
		return resp, err
	}
	attrs = append(attrs, "status", resp.StatusCode)
	if id := resp.Header.Get("X-GitHub-Request-Id"); id != "" {
		attrs = append(attrs, "request_id", id)
	}
	if left := resp.Header.Get("X-RateLimit-Remaining"); left != "" {
		attrs = append(attrs, "rate_limit_remaining", left)
	}
	t.Log.DebugContext(req.Context(), "github request", attrs...)
	return resp, nil
}

// secretWords mark query parameters whose values are not logged.
var secretWords = []string{"token", "secret", "code", "key", "password", "signature", "sig", "jwt", "auth"}

// RedactURL returns u as it may be logged: without user information, and
// with the values of secret-looking query parameters replaced.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q := c.Query()
		for name := range q {
			lower := strings.ToLower(name)
			for _, w := range secretWords {
				if strings.Contains(lower, w) {
					q[name] = []string{"REDACTED"}
					break
				}
			}
		}
		c.RawQuery = q.Encode()
	}
	return c.String()
}
