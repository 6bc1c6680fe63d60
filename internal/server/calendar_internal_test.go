package server

import (
	"fmt"
	"testing"
	"time"
)

func TestFeedCacheIsBounded(t *testing.T) {
	t.Parallel()
	var c feedCache
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < feedCacheSize+50; i++ {
		c.put(fmt.Sprintf("o/r%d", i), &feedEntry{at: now})
	}
	if got := c.len(); got != feedCacheSize {
		t.Errorf("got %d entries, want %d", got, feedCacheSize)
	}
	if _, ok := c.get("o/r0", now); ok {
		t.Error("got the oldest entry, want it evicted")
	}
	if _, ok := c.get(fmt.Sprintf("o/r%d", feedCacheSize+49), now); !ok {
		t.Error("got no newest entry, want it kept")
	}
	if _, ok := c.get(fmt.Sprintf("o/r%d", feedCacheSize+49), now.Add(feedTTL)); ok {
		t.Error("got an entry after its TTL, want it expired")
	}
}
