// Package memo keeps what was computed from a file's or a body's content,
// keyed by a hash of the content and whatever else the result depends on.
// The App sees the same files and issue bodies on every event, and parsing
// them was most of an event's work.
package memo

import (
	"hash/maphash"
	"sync"
)

// Cache holds at most max values and forgets all of them when full (the
// contents change rarely, so a cleared cache refills at once). Values are
// shared between the callers that ask for the same content: they must
// not modify them. It is safe for concurrent use.
type Cache[V any] struct {
	mu  sync.Mutex
	max int
	m   map[key]V
}

// key is a 64-bit hash of the content and the extra key, and their
// lengths (maphash, with a seed chosen at random per process, so no one
// can aim a collision). SHA-256 was most of an event's cost with 100 open
// proposals to look at.
type key struct {
	h   uint64
	len int
}

var seed = maphash.MakeSeed()

// New returns a cache of at most max values.
func New[V any](max int) *Cache[V] {
	return &Cache[V]{max: max, m: map[key]V{}}
}

// Get returns the value for data and the extra key, computing it with f
// (outside the lock) when it is not cached.
func (c *Cache[V]) Get(data []byte, extra string, f func() V) V {
	h := hashOf(extra)
	h.Write(data)
	return c.lookup(key{h.Sum64(), len(data)<<16 | len(extra)&0xffff}, f)
}

// GetString is Get for content held as a string (an issue body), without
// copying it: with 100 open proposals the copies were most of the garbage.
func (c *Cache[V]) GetString(data, extra string, f func() V) V {
	h := hashOf(extra)
	h.WriteString(data)
	return c.lookup(key{h.Sum64(), len(data)<<16 | len(extra)&0xffff}, f)
}

// hashOf starts the hash of a content with its extra key.
func hashOf(extra string) maphash.Hash {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(extra)
	h.WriteByte(0)
	return h
}

func (c *Cache[V]) lookup(k key, f func() V) V {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = f()
	c.mu.Lock()
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[k] = v
	c.mu.Unlock()
	return v
}
