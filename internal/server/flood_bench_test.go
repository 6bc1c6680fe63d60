package server_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// heapSampler records the peak of live heap objects while it runs.
type heapSampler struct {
	peak atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

func sampleHeap() *heapSampler {
	h := &heapSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(h.done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-h.stop:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	return h
}

func (h *heapSampler) Stop() float64 {
	close(h.stop)
	<-h.done
	return float64(h.peak.Load()) / (1 << 20)
}

func heapInUseMiB() float64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return float64(ms.HeapInuse) / (1 << 20)
}

// zeros is a body of n bytes that costs the sender no memory.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	m := min(int64(len(p)), z.n)
	clear(p[:m])
	z.n -= m
	return int(m), nil
}

// BenchmarkUnauthenticatedFloods measures the server's heap under the two
// floods of issue 11, with default options (the 256Mi pod limit is the
// bar). Each is one scenario: run with
//
//	go test -run '^$' -bench UnauthenticatedFloods -benchtime 1x ./internal/server
//
// distinct-event-names: 220,000 unsigned requests, each with its own
// X-GitHub-Event, from 8 senders; it reports the heap retained after GC
// (against the heap before) and the size of /metrics.
// uploads-25MiB: 12 concurrent unsigned 25 MiB uploads; it reports the
// peak of live heap objects during the flood and how the 12 were answered.
func BenchmarkUnauthenticatedFloods(b *testing.B) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16, MaxConnsPerHost: 16}}
	b.Run("distinct-event-names", func(b *testing.B) {
		for range b.N {
			a := newApp(b, nil, nil)
			before := heapInUseMiB()
			const n, senders = 220_000, 8
			var wg sync.WaitGroup
			next := make(chan int, 1024)
			for range senders {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range next {
						req, _ := http.NewRequest(http.MethodPost, a.http.URL+"/webhook", bytes.NewReader([]byte("{}")))
						req.Header.Set("X-GitHub-Event", fmt.Sprintf("flood-%06d-%s", i, "padding-padding-padding"))
						req.Header.Set("X-GitHub-Delivery", "x")
						resp, err := client.Do(req)
						if err != nil {
							b.Error(err)
							return
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
					}
				}()
			}
			for i := range n {
				next <- i
			}
			close(next)
			wg.Wait()
			after := heapInUseMiB()
			resp, err := client.Get(a.http.URL + "/metrics")
			if err != nil {
				b.Fatal(err)
			}
			m, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			b.ReportMetric(after-before, "retained-heap-MiB")
			b.ReportMetric(float64(len(m))/1024, "metrics-KiB")
			a.drain(b)
		}
	})
	b.Run("uploads-25MiB", func(b *testing.B) {
		for range b.N {
			a := newApp(b, nil, nil)
			base := heapInUseMiB()
			h := sampleHeap()
			var wg sync.WaitGroup
			var mu sync.Mutex
			answers := map[string]int{}
			for range 12 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					const size = 25 << 20
					req, _ := http.NewRequest(http.MethodPost, a.http.URL+"/webhook", &zeros{n: size})
					req.ContentLength = size
					req.Header.Set("X-GitHub-Event", "pull_request")
					req.Header.Set("X-GitHub-Delivery", "x")
					req.Header.Set("X-Hub-Signature-256", "sha256=00")
					resp, err := client.Do(req)
					key := "error"
					if err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						key = fmt.Sprint(resp.StatusCode)
					}
					mu.Lock()
					answers[key]++
					mu.Unlock()
				}()
			}
			wg.Wait()
			peak := h.Stop()
			b.ReportMetric(peak, "peak-heap-MiB")
			b.ReportMetric(peak-base, "peak-over-idle-MiB")
			b.ReportMetric(float64(answers["401"]), "answered-401")
			b.ReportMetric(float64(answers["503"]+answers["error"]), "refused-503")
			a.drain(b)
		}
	})
}
