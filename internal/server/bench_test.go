package server_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/server"
)

// BenchmarkWebhookLoad sends signed pull_request deliveries to the real
// server on loopback, with the fake GitHub on loopback behind it. Each
// delivery is answered with its outcome, so its time includes its job
// (about 4 requests to the fake GitHub once a pull request's tree is
// known). Run:
//
//	go test -run '^$' -bench WebhookLoad -benchtime 3000x ./internal/server
//
// Sub-benchmarks:
//
//   - prs=64/max: 8 senders, each sending its next delivery as soon as the
//     last is answered, spread over 64 pull requests (each with its own
//     head commit), as a busy repository's are: the throughput.
//   - prs=64/rate=1000, rate=3000: deliveries sent on a fixed schedule of
//     1,000 or 3,000 a second, whatever the answers: the latency at that
//     load. With a closed loop of senders at saturation, a delivery's time
//     is mostly its wait behind the others (Little's law), not the
//     server's.
//   - prs=1/max: every delivery about one pull request. The server
//     handles one subject's deliveries one at a time (two workers never
//     plan against one issue or pull request), so this measures one
//     job's latency, not the server's throughput.
//
// The benchmark runs with the serve command's collector settings
// (server.TuneGC: GOGC=400 unless GOGC or GOMEMLIMIT is set); prefix the
// command with GOGC=100 for Go's defaults.
//
// Metrics: events/s handled; p50-ms and p99-ms of the handling time
// (a job's run); e2e-p99-ms, from when a delivery was due to be sent to
// its answer (rate runs only); heap-MiB in use at the end.
func BenchmarkWebhookLoad(b *testing.B) {
	prevPct, prevLimit := debug.SetGCPercent(-1), debug.SetMemoryLimit(-1)
	debug.SetGCPercent(prevPct)
	server.TuneGC(os.Getenv)
	defer func() { debug.SetGCPercent(prevPct); debug.SetMemoryLimit(prevLimit) }()
	b.Run("prs=64/max", func(b *testing.B) { webhookLoad(b, 64, 0) })
	for _, r := range []int{1000, 3000} {
		b.Run(fmt.Sprintf("prs=64/rate=%d", r), func(b *testing.B) { webhookLoad(b, 64, r) })
	}
	b.Run("prs=1/max", func(b *testing.B) { webhookLoad(b, 1, 0) })
}

// webhookLoad sends b.N deliveries about prs pull requests: with rate 0
// from 8 senders as fast as they are answered, else rate a second on a
// fixed schedule.
func webhookLoad(b *testing.B, prs, rate int) {
	var mu sync.Mutex
	var handled, e2e []time.Duration
	var failures int
	a := newApp(b, nil, func(o *server.Options) {
		o.Workers, o.QueueSize = 4, 10000
		// Logged as in production (JSON lines at info level), to a
		// sink: the tests' in-memory log grows without bound.
		o.Logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
		o.OnHandled = func(_ string, d time.Duration, err error) {
			mu.Lock()
			defer mu.Unlock()
			handled = append(handled, d)
			if err != nil {
				failures++
			}
		}
	})
	a.gh.LogLimit = 1000
	a.gh.SetFile("cncf", "mentoring", "main", "README.md", "# mentoring\n")
	base := fixture(b, "pull_request.opened.json")
	type delivery struct{ body, sig []byte }
	var deliveries []delivery
	for i := range prs {
		n, branch, head := 100+i, fmt.Sprintf("term-%d", i), fmt.Sprintf("%040x", 0xbe00+i)
		a.gh.AddBranch("cncf", "mentoring", branch, "main", head)
		a.gh.SetFileAt("cncf", "mentoring", branch, "programs/lfx-mentorship/2025/02-Jun-Aug/README.md", badTerm)
		a.gh.SetPullFiles("cncf", "mentoring", n, []string{"programs/lfx-mentorship/2025/02-Jun-Aug/README.md"})
		body := bytes.ReplaceAll(base, []byte(`"number": 5,`), fmt.Appendf(nil, `"number": %d,`, n))
		body = bytes.ReplaceAll(body, []byte(`{"sha": "HEADSHA", "ref": "fix-term"}`), fmt.Appendf(nil, `{"sha": %q, "ref": %q}`, head, branch))
		deliveries = append(deliveries, delivery{body, []byte(server.Sign([]byte(secret), body))})
	}
	senders := 8
	if rate > 0 {
		senders = 64 // enough that a slow answer never delays the schedule
	}
	// The senders keep their connections open, as a load generator
	// should: the figure is the server's, not the sender's dialing.
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: senders}}
	defer client.CloseIdleConnections()
	send := func(i int) {
		d := deliveries[i%len(deliveries)]
		req, _ := http.NewRequest(http.MethodPost, a.http.URL+"/webhook", bytes.NewReader(d.body))
		req.Header.Set("X-GitHub-Event", "pull_request")
		req.Header.Set("X-GitHub-Delivery", fmt.Sprintf("load-%d", i))
		req.Header.Set("X-Hub-Signature-256", string(d.sig))
		resp, err := client.Do(req)
		if err != nil {
			b.Error(err)
			return
		}
		io.Copy(io.Discard, resp.Body) // read to its end, so the connection is reused
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Errorf("got %d, want 200", resp.StatusCode)
		}
	}
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	next := make(chan int)
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				due := start
				if rate > 0 {
					due = start.Add(time.Duration(i) * time.Second / time.Duration(rate))
					time.Sleep(time.Until(due))
				}
				send(i)
				if rate > 0 {
					mu.Lock()
					e2e = append(e2e, time.Since(due))
					mu.Unlock()
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
	if failures > 0 || len(handled) != b.N {
		b.Fatalf("handled %d of %d, %d failed", len(handled), b.N, failures)
	}
	if got := len(a.gh.CheckRuns("cncf", "mentoring")); got != min(prs, b.N) {
		b.Fatalf("got %d check runs, want one per pull request (%d)", got, min(prs, b.N))
	}
	pct := func(ds []time.Duration, p float64) float64 {
		slices.Sort(ds)
		return float64(ds[int(float64(len(ds)-1)*p)].Microseconds()) / 1000
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "events/s")
	b.ReportMetric(pct(handled, 0.50), "p50-ms")
	b.ReportMetric(pct(handled, 0.99), "p99-ms")
	if rate > 0 {
		b.ReportMetric(pct(e2e, 0.99), "e2e-p99-ms")
	}
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
}
