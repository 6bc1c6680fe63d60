package githubapi

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"time"
)

// RequestTimeout bounds a request whose context has no deadline (the
// Action's, whose job GitHub bounds only after hours). The App's jobs carry
// their own deadline, which then bounds every request of the job.
const RequestTimeout = 60 * time.Second

// maxErrorBody is how much of a non-2xx body is kept for the error message.
const maxErrorBody = 1 << 20

// bodies is the outermost transport under go-github. It bounds each request
// by its context (never by http.Client.Timeout, whose per-request timer
// lives until the body is closed) and, for a response that is not 2xx,
// reads the body and closes it before go-github sees it: go-github's
// CheckResponse replaces such a body without closing it, which kept one
// goroutine per missing file alive for a minute.
type bodies struct{ base http.RoundTripper }

func (t bodies) RoundTrip(req *http.Request) (*http.Response, error) {
	cancel := context.CancelFunc(func() {})
	if _, ok := req.Context().Deadline(); !ok {
		var ctx context.Context
		ctx, cancel = context.WithTimeout(req.Context(), RequestTimeout)
		req = req.WithContext(ctx)
	}
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		cancel()
		return nil, err
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		resp.Body = &cancelBody{ReadCloser: resp.Body, cancel: cancel}
		return resp, nil
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	cancel()
	resp.Body = io.NopCloser(bytes.NewReader(data))
	return resp, nil
}

// cancelBody ends the request's own deadline once its body is closed.
type cancelBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}
