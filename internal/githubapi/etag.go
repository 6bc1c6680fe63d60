package githubapi

import (
	"bytes"
	"io"
	"net/http"
	"sync"
)

// Conditional is an http.RoundTripper that makes GETs conditional: it keeps
// each 200 answer that carries an ETag and asks again with If-None-Match,
// so an unchanged resource comes back as 304 Not Modified, which GitHub
// does not count against the rate limit, and is answered from the copy.
// One Conditional belongs to one client (one token), so a copy is never
// served to another identity. It keeps at most MaxBytes of bodies.
type Conditional struct {
	Base     http.RoundTripper
	MaxBytes int // default 8 MiB

	mu    sync.Mutex
	size  int
	m     map[string]*cached
	order []string
}

type cached struct {
	etag   string
	header http.Header
	body   []byte
}

// maxCachedBody is the largest body kept.
const maxCachedBody = 1 << 20

func (c *Conditional) key(req *http.Request) string {
	return req.Header.Get("Accept") + " " + req.URL.String()
}

// RoundTrip implements http.RoundTripper.
func (c *Conditional) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet || req.Header.Get("Range") != "" {
		return c.Base.RoundTrip(req)
	}
	k := c.key(req)
	c.mu.Lock()
	hit := c.m[k]
	c.mu.Unlock()
	if hit != nil {
		req = req.Clone(req.Context())
		req.Header.Set("If-None-Match", hit.etag)
	}
	resp, err := c.Base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && hit != nil:
		resp.Body.Close()
		out := &http.Response{Status: "200 OK", StatusCode: http.StatusOK, Proto: resp.Proto, ProtoMajor: resp.ProtoMajor, ProtoMinor: resp.ProtoMinor,
			Header: hit.header.Clone(), Body: io.NopCloser(bytes.NewReader(hit.body)), ContentLength: int64(len(hit.body)), Request: resp.Request}
		// Rate-limit headers are the fresh ones, and so are the pages: a
		// page's body can be unchanged while the listing grew a next page,
		// and the cached Link would end the listing here.
		for h, v := range resp.Header {
			if (len(h) > 11 && h[:11] == "X-Ratelimit") || h == "Link" {
				out.Header[h] = v
			}
		}
		return out, nil
	case resp.StatusCode == http.StatusOK && resp.Header.Get("ETag") != "":
		data, err := io.ReadAll(io.LimitReader(resp.Body, maxCachedBody+1))
		rest := resp.Body
		if err != nil || len(data) > maxCachedBody {
			resp.Body = struct {
				io.Reader
				io.Closer
			}{io.MultiReader(bytes.NewReader(data), rest), rest}
			return resp, nil
		}
		rest.Close()
		resp.Body = io.NopCloser(bytes.NewReader(data))
		c.store(k, &cached{etag: resp.Header.Get("ETag"), header: resp.Header.Clone(), body: data})
	}
	return resp, nil
}

func (c *Conditional) store(k string, e *cached) {
	max := c.MaxBytes
	if max <= 0 {
		max = 8 << 20
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*cached{}
	}
	if old, ok := c.m[k]; ok {
		c.size -= len(old.body)
	} else {
		c.order = append(c.order, k)
	}
	c.m[k] = e
	c.size += len(e.body)
	for c.size > max && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		if o, ok := c.m[old]; ok {
			c.size -= len(o.body)
			delete(c.m, old)
		}
	}
}
