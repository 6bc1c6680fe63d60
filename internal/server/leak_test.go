package server_test

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/server"
)

// TestGoroutinesFlatAcrossDeliveries delivers 2,000 pull_request events,
// each of which reads a config file the repository does not have (a 404,
// whose body go-github never closed) and reports a check run. The
// goroutine count after them must be the count after the first few, give
// or take 10: nothing a delivery starts outlives it.
func TestGoroutinesFlatAcrossDeliveries(t *testing.T) {
	var handled, failed atomic.Int64
	a := newApp(t, nil, func(o *server.Options) {
		o.QueueSize = 10000
		o.OnHandled = func(_ string, _ time.Duration, err error) {
			if err != nil {
				failed.Add(1)
			}
			handled.Add(1)
		}
	})
	seedPullRequest(a.gh)
	body := fixture(t, "pull_request.opened.json")
	send := func(from, to int) {
		for i := from; i < to; i++ {
			// 200 when handled within the answer window, 202 when still running.
			if code, msg := a.deliver(t, "pull_request", fmt.Sprintf("leak-%d", i), body); code != 200 && code != 202 {
				t.Fatalf("delivery %d: got %d %s, want 200 or 202", i, code, msg)
			}
		}
	}
	settle := func() int {
		// Let handled deliveries finish: wait for the count to stop falling.
		n := runtime.NumGoroutine()
		for range 50 {
			time.Sleep(20 * time.Millisecond)
			m := runtime.NumGoroutine()
			if m >= n {
				return m
			}
			n = m
		}
		return n
	}
	send(0, 20)
	waitFor(t, func() bool { return handled.Load() == 20 })
	before := settle()
	send(20, 2020)
	waitFor(t, func() bool { return handled.Load() == 2020 })
	if n := failed.Load(); n > 0 {
		t.Fatalf("got %d failed deliveries, want none", n)
	}
	after := settle()
	if after > before+10 {
		t.Errorf("got %d goroutines after 2,000 deliveries, %d before: want flat (within 10)", after, before)
	}
}
