// Package githubapi builds go-github clients for mentorbot: the retrying
// transport that go-github lacks, token and App authentication, and read
// helpers such as a repository snapshot as an fs.FS.
package githubapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Retry is an http.RoundTripper that retries what GitHub asks to be retried:
// secondary rate limits (403 or 429 with Retry-After, or a 403 whose message
// names a secondary rate limit, retried after at least a minute as GitHub
// asks), primary rate limits (X-RateLimit-Remaining: 0, waiting until
// X-RateLimit-Reset) and server errors (500, 502, 503, 504) with exponential
// backoff. Attempts are bounded, and so is any single wait: a wait longer
// than MaxWait is not made and the response is returned as it is.
//
// With Pace set, content-creating requests (POST, PATCH, PUT, DELETE) go
// through it: one at a time, a minimum gap apart.
//
// A POST that failed with a server error is not retried, because GitHub may
// have applied it (a second try could open a duplicate issue); the executor
// checks and retries those itself. Rate-limited requests were not applied
// and are always retried.
type Retry struct {
	Base        http.RoundTripper
	MaxAttempts int           // total tries, default 4
	BaseDelay   time.Duration // first backoff on 5xx, default 1s
	MaxWait     time.Duration // longest single wait, default 90s
	// Sleep waits for d or until ctx ends; tests replace it.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock for X-RateLimit-Reset; tests replace it.
	Now func() time.Time
	// OnResponse, when set, observes every response (metrics).
	OnResponse func(req *http.Request, resp *http.Response, err error)
	// Pace, when set, serializes and spaces writes. Share one Pacer among
	// all the transports that act for one installation or token.
	Pace *Pacer
}

// SecondaryLimitWait is how long a secondary rate limit without
// Retry-After is waited out: GitHub asks for "at least one minute".
const SecondaryLimitWait = time.Minute

func (t *Retry) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// RoundTrip implements http.RoundTripper.
func (t *Retry) RoundTrip(req *http.Request) (*http.Response, error) {
	attempts := cmpOr(t.MaxAttempts, 4)
	sleep := t.Sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	body, err := replayableBody(req)
	if err != nil {
		return nil, err
	}
	for try := 1; ; try++ {
		r := req
		if body != nil {
			r = req.Clone(req.Context())
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		resp, err := t.send(r)
		if t.OnResponse != nil {
			t.OnResponse(r, resp, err)
		}
		if try >= attempts {
			return resp, err
		}
		wait, retry := t.decide(req, resp, err, try)
		if !retry {
			return resp, err
		}
		if resp != nil {
			io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
		}
		if err := sleep(req.Context(), wait); err != nil {
			return nil, fmt.Errorf("waiting to retry %s %s: %w", req.Method, req.URL.Path, err)
		}
	}
}

// send makes one attempt, through the pacer when the request writes.
func (t *Retry) send(r *http.Request) (*http.Response, error) {
	if t.Pace == nil || !isWrite(r) {
		return t.base().RoundTrip(r)
	}
	release, err := t.Pace.acquire(r.Context())
	if err != nil {
		return nil, fmt.Errorf("waiting for the write pacer before %s %s: %w", r.Method, r.URL.Path, err)
	}
	defer release()
	return t.base().RoundTrip(r)
}

// isWrite reports whether a request may create content, in the sense of
// GitHub's secondary limits. Minting an installation token creates none.
func isWrite(r *http.Request) bool {
	switch r.Method {
	case http.MethodPost, http.MethodPatch, http.MethodPut, http.MethodDelete:
		return !strings.HasSuffix(r.URL.Path, "/access_tokens")
	}
	return false
}

func replayableBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(req.Body)
	req.Body.Close()
	if err != nil {
		return nil, fmt.Errorf("reading request body: %w", err)
	}
	return b, nil
}

// decide says whether to retry and after how long.
func (t *Retry) decide(req *http.Request, resp *http.Response, err error, try int) (time.Duration, bool) {
	backoff := cmpOr(t.BaseDelay, time.Second) << (try - 1)
	if err != nil {
		// A transport error: the request may or may not have arrived.
		if req.Context().Err() != nil || !replayable(req) {
			return 0, false
		}
		return backoff, true
	}
	if wait, limited := t.rateLimitWait(resp); limited {
		return wait, wait <= cmpOr(t.MaxWait, 90*time.Second)
	}
	switch resp.StatusCode {
	case 500, 502, 503, 504:
		return backoff, replayable(req)
	}
	return 0, false
}

type noReplayKey struct{}

// NoReplay marks the requests made under ctx as unsafe to send twice
// after an answer that may follow an applied write (a server error, a
// lost connection), as a POST is: a check run update appends its
// annotations, so a second try would add them again. The caller checks
// what was applied and retries itself. Rate-limited requests were not
// applied and are still retried.
func NoReplay(ctx context.Context) context.Context {
	return context.WithValue(ctx, noReplayKey{}, true)
}

// replayable reports whether a request may be sent again after an answer
// that does not say whether it was applied.
func replayable(req *http.Request) bool {
	return req.Method != http.MethodPost && req.Context().Value(noReplayKey{}) == nil
}

// rateLimitWait reports whether resp is a rate-limit refusal and how long
// GitHub asks to wait before trying again.
func (t *Retry) rateLimitWait(resp *http.Response) (time.Duration, bool) {
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusTooManyRequests {
		return 0, false
	}
	if s := resp.Header.Get("Retry-After"); s != "" {
		if secs, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && secs >= 0 {
			return time.Duration(secs) * time.Second, true
		}
		if at, err := http.ParseTime(s); err == nil {
			return max(at.Sub(t.now()), 0), true
		}
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		if reset, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			return max(time.Unix(reset, 0).Sub(t.now()), 0) + time.Second, true
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests || secondaryLimit(resp) {
		return SecondaryLimitWait, true
	}
	// Any other 403 is a permission problem: final.
	return 0, false
}

// secondaryLimit reports whether a 403 says it is a secondary rate limit
// ("You have exceeded a secondary rate limit"). It reads at most 64 KiB
// of the body and puts what it read back.
func secondaryLimit(resp *http.Response) bool {
	if resp.StatusCode != http.StatusForbidden || resp.Body == nil {
		return false
	}
	head, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), resp.Body), resp.Body}
	if err != nil {
		return false
	}
	return bytes.Contains(bytes.ToLower(head), []byte("secondary rate limit"))
}

func (t *Retry) now() time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return time.Now()
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// DefaultWriteGap spaces content-creating requests: GitHub asks for no more
// than 80 a minute, and one at a time.
const DefaultWriteGap = 750 * time.Millisecond

// Pacer lets one write through at a time, each starting at least Gap after
// the previous one started. Its zero value uses DefaultWriteGap and the
// real clock; it is safe for concurrent use.
type Pacer struct {
	Gap time.Duration
	// Now and Sleep are the clock; tests replace them.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error

	once sync.Once
	turn chan struct{} // holds a token while a write is in flight
	last time.Time     // when the previous write started
}

// acquire waits for the pacer's turn and its gap, and returns the function
// that ends the write.
func (p *Pacer) acquire(ctx context.Context) (func(), error) {
	p.once.Do(func() { p.turn = make(chan struct{}, 1) })
	select {
	case p.turn <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	now := p.now()
	if wait := p.last.Add(cmpOr(p.Gap, DefaultWriteGap)).Sub(now); !p.last.IsZero() && wait > 0 {
		sleep := p.Sleep
		if sleep == nil {
			sleep = sleepCtx
		}
		if err := sleep(ctx, wait); err != nil {
			<-p.turn
			return nil, err
		}
		now = p.now()
	}
	p.last = now
	return func() { <-p.turn }, nil
}

func (p *Pacer) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}
