package githubapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/githubapi"
)

// fakeClock is a clock whose Sleep advances it at once.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func TestSecondaryRateLimitWithoutRetryAfterWaitsAMinute(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		body      string
		wantCalls int32
		wantWaits []time.Duration
		want      int
	}{
		{"secondary limit, no headers", `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}`,
			2, []time.Duration{time.Minute}, 200},
		{"permission denied", `{"message":"Resource not accessible by integration"}`, 1, nil, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var calls atomic.Int32
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) == 1 {
					w.WriteHeader(http.StatusForbidden)
					w.Write([]byte(tt.body))
					return
				}
				w.Write([]byte("{}"))
			}))
			defer ts.Close()
			clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
			rt := &githubapi.Retry{Now: clock.Now, Sleep: clock.Sleep}
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/repos/o/r/issues/1/comments", nil)
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want || calls.Load() != tt.wantCalls {
				t.Errorf("got %d after %d calls, want %d after %d", resp.StatusCode, calls.Load(), tt.want, tt.wantCalls)
			}
			if diff := cmp.Diff(tt.wantWaits, clock.sleeps); diff != "" {
				t.Errorf("waits (-want +got):\n%s", diff)
			}
			for _, w := range clock.sleeps {
				if w < time.Minute {
					t.Errorf("got a wait of %s, want at least 60s for a secondary limit", w)
				}
			}
		})
	}
}

func TestSecondaryRateLimitBodyIsKeptWhenFinal(t *testing.T) {
	t.Parallel()
	const msg = `{"message":"Resource not accessible by integration"}`
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusForbidden)
		w.Write([]byte(msg))
	}))
	defer ts.Close()
	rt := &githubapi.Retry{Sleep: func(context.Context, time.Duration) error { return nil }}
	req, _ := http.NewRequest(http.MethodGet, ts.URL, nil)
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got [256]byte
	n, _ := resp.Body.Read(got[:])
	if string(got[:n]) != msg {
		t.Errorf("got body %q, want %q (the check must put back what it read)", got[:n], msg)
	}
}

func TestWritesArePacedAndSerialized(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	var mu sync.Mutex
	var inFlight, maxInFlight int
	var writeStarts []time.Time
	reads := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		if r.Method == http.MethodGet {
			reads++
			mu.Unlock()
			w.Write([]byte("{}"))
			return
		}
		inFlight++
		maxInFlight = max(maxInFlight, inFlight)
		writeStarts = append(writeStarts, clock.Now())
		mu.Unlock()
		time.Sleep(2 * time.Millisecond) // let a parallel write overlap, were there one
		mu.Lock()
		inFlight--
		mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	}))
	defer ts.Close()
	pace := &githubapi.Pacer{Gap: 750 * time.Millisecond, Now: clock.Now, Sleep: clock.Sleep}
	// Two transports for one installation share the pacer.
	rts := []*githubapi.Retry{{Pace: pace}, {Pace: pace}}
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodPost, ts.URL+"/repos/o/r/issues", nil)
			if resp, err := rts[i%2].RoundTrip(req); err == nil {
				resp.Body.Close()
			}
		}()
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, ts.URL+"/repos/o/r/issues", nil)
			if resp, err := rts[i%2].RoundTrip(req); err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	if maxInFlight != 1 || len(writeStarts) != 10 || reads != 10 {
		t.Fatalf("got %d writes (at most %d at once) and %d reads, want 10 writes one at a time and 10 reads", len(writeStarts), maxInFlight, reads)
	}
	for i := 1; i < len(writeStarts); i++ {
		if gap := writeStarts[i].Sub(writeStarts[i-1]); gap < 750*time.Millisecond {
			t.Errorf("write %d started %s after the previous one, want at least 750ms", i, gap)
		}
	}
	if span := writeStarts[9].Sub(writeStarts[0]); float64(9)/span.Minutes() > 80 {
		t.Errorf("got %.0f writes a minute, want at most 80", 9/span.Minutes())
	}
}
