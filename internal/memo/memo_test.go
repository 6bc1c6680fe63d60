package memo

import "testing"

func TestCacheKeysByContentAndExtra(t *testing.T) {
	c := New[int](3)
	calls := 0
	f := func(v int) func() int { return func() int { calls++; return v } }
	if got := c.Get([]byte("a"), "x", f(1)); got != 1 {
		t.Fatalf("got %d, want 1", got)
	}
	if got := c.GetString("a", "x", f(2)); got != 1 || calls != 1 {
		t.Errorf("same content as a string: got %d after %d computations, want the cached 1 after 1", got, calls)
	}
	if got := c.Get([]byte("a"), "y", f(3)); got != 3 {
		t.Errorf("other extra key: got %d, want a new value 3", got)
	}
	// "a"+"x" and "ax"+"" must not share a key.
	if got := c.Get([]byte("x"), "a", f(4)); got != 4 {
		t.Errorf("content and extra swapped: got %d, want 4", got)
	}
	if got := c.Get([]byte(""), "ax", f(5)); got != 5 {
		t.Errorf("content moved into extra: got %d, want 5", got)
	}
	// Full: the next new value clears the cache, so "a"/"x" is computed again.
	if got := c.Get([]byte("a"), "x", f(6)); got != 6 {
		t.Errorf("after the cache filled: got %d, want 6 (recomputed)", got)
	}
	if len(c.m) > c.max {
		t.Errorf("cache holds %d values, max %d", len(c.m), c.max)
	}
}

func BenchmarkGetHit(b *testing.B) {
	c := New[int](16)
	data := make([]byte, 8<<10)
	c.Get(data, "k", func() int { return 1 })
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		c.Get(data, "k", func() int { return 2 })
	}
}
