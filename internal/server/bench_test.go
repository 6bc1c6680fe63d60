package server_test

import (
	"bytes"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/server"
)

// BenchmarkWebhookLoad sends signed pull_request deliveries to the real
// server on loopback, with the fake GitHub on loopback behind it, from 8
// concurrent senders, and reports deliveries handled per second, the p50
// and p99 handling time, and the heap in use afterwards. Run:
//
//	go test -run '^$' -bench WebhookLoad -benchtime 2000x ./internal/server
func BenchmarkWebhookLoad(b *testing.B) {
	var mu sync.Mutex
	var durations []time.Duration
	var failures int
	a := newApp(b, nil, func(o *server.Options) {
		o.Workers, o.QueueSize = 4, 10000
		o.OnHandled = func(_ string, d time.Duration, err error) {
			mu.Lock()
			defer mu.Unlock()
			durations = append(durations, d)
			if err != nil {
				failures++
			}
		}
	})
	seedPullRequest(a.gh)
	body := fixture(b, "pull_request.opened.json")
	sig := server.Sign([]byte(secret), body)
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	next := make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				req, _ := http.NewRequest(http.MethodPost, a.http.URL+"/webhook", bytes.NewReader(body))
				req.Header.Set("X-GitHub-Event", "pull_request")
				req.Header.Set("X-GitHub-Delivery", fmt.Sprintf("load-%d", i))
				req.Header.Set("X-Hub-Signature-256", sig)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Errorf("got %d, want 200", resp.StatusCode)
				}
			}
		}()
	}
	for i := range b.N {
		next <- i
	}
	close(next)
	wg.Wait()
	a.drain(b)
	elapsed := time.Since(start)
	b.StopTimer()
	if failures > 0 || len(durations) != b.N {
		b.Fatalf("handled %d of %d, %d failed", len(durations), b.N, failures)
	}
	slices.Sort(durations)
	pct := func(p float64) float64 {
		return float64(durations[int(float64(len(durations)-1)*p)].Microseconds()) / 1000
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
}
