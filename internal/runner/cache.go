package runner

import (
	"crypto/sha256"
	"fmt"
	"sync"
)

// contentCache keeps what was computed from a file's content (a parsed
// issue form, a parsed term README), keyed by the content's hash and
// whatever else the result depends on: the App sees the same files on
// every event, and parsing them was most of an event's work. It holds at
// most max entries and forgets all of them when full (the files change
// rarely, so a cleared cache refills at once).
type contentCache[V any] struct {
	mu  sync.Mutex
	max int
	m   map[[sha256.Size]byte]V
}

func newContentCache[V any](max int) *contentCache[V] {
	return &contentCache[V]{max: max, m: map[[sha256.Size]byte]V{}}
}

// get returns the value for data and the extra key, computing it with f
// (outside the lock) when it is not cached.
func (c *contentCache[V]) get(data []byte, extra string, f func() V) V {
	h := sha256.New()
	fmt.Fprintf(h, "%d:%s:", len(extra), extra)
	h.Write(data)
	var key [sha256.Size]byte
	h.Sum(key[:0])
	c.mu.Lock()
	v, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = f()
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[key] = v
	c.mu.Unlock()
	return v
}
