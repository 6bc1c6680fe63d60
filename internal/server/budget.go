package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// budget bounds the bytes held by requests whose signature is not checked
// yet: anyone can send them, so together they must not exhaust memory.
type budget struct {
	mu    sync.Mutex
	used  int64
	max   int64
	gauge prometheus.Gauge
}

func (b *budget) take(n int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.used+n > b.max {
		return false
	}
	b.used += n
	b.gauge.Set(float64(b.used))
	return true
}

func (b *budget) give(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= n
	b.gauge.Set(float64(b.used))
}

var (
	errBusy    = errors.New("too many bytes in flight from unauthenticated requests")
	errTooBig  = errors.New("body too large")
	errReading = errors.New("reading body")
)

// readVerified reads a body within the budget and checks its signature,
// then gives the bytes back: a verified body is GitHub's, bounded by the
// queue. The body is never parsed before the signature matches.
func (s *Server) readVerified(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.ContentLength > s.opts.MaxBody {
		return nil, errTooBig
	}
	var body []byte
	var held int64
	defer func() { s.budget.give(held) }()
	if r.ContentLength >= 0 {
		if !s.budget.take(r.ContentLength) {
			return nil, errBusy
		}
		held = r.ContentLength
		body = make([]byte, r.ContentLength)
		if _, err := io.ReadFull(r.Body, body); err != nil {
			return nil, fmt.Errorf("%w: %v", errReading, err)
		}
	} else {
		// No length (chunked): take the budget as the bytes arrive.
		var buf bytes.Buffer
		chunk := make([]byte, 32<<10)
		in := http.MaxBytesReader(w, r.Body, s.opts.MaxBody)
		for {
			n, err := in.Read(chunk)
			if n > 0 {
				if !s.budget.take(int64(n)) {
					return nil, errBusy
				}
				held += int64(n)
				buf.Write(chunk[:n])
			}
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, errTooBig
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				return nil, fmt.Errorf("%w: %v", errReading, err)
			}
		}
		body = buf.Bytes()
	}
	if err := verify(s.opts.WebhookSecret, body, r.Header.Get("X-Hub-Signature-256")); err != nil {
		return nil, err
	}
	return body, nil
}
