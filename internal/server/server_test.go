package server_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/server"
)

var (
	keyOnce sync.Once
	keyPEM  []byte
)

// privateKey is the app key the tests sign JWTs with (made once).
func privateKey(t testing.TB) []byte {
	keyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		keyPEM = pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
	})
	return keyPEM
}

const secret = "s3cret-webhook-value"

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type app struct {
	gh   *githubtest.Server
	srv  *server.Server
	http *httptest.Server
	logs *syncBuffer
}

// newApp starts a fake GitHub with repository cncf/mentoring and the real
// webhook server on loopback in front of it.
func newApp(t testing.TB, gh *githubtest.Server, tweak func(*server.Options)) *app {
	t.Helper()
	if gh == nil {
		gh = githubtest.NewServer(t)
		gh.AddRepo("cncf", "mentoring")
	}
	logs := &syncBuffer{}
	opts := server.Options{
		AppID: 99, PrivateKey: privateKey(t), WebhookSecret: []byte(secret), APIURL: gh.URL,
		Logger:     slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		RetrySleep: func(context.Context, time.Duration) error { return nil },
	}
	if tweak != nil {
		tweak(&opts)
	}
	srv, err := server.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		hs.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	})
	return &app{gh: gh, srv: srv, http: hs, logs: logs}
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// deliver posts a signed delivery and returns the status and body.
func (a *app) deliver(t *testing.T, eventName, delivery string, body []byte) (int, string) {
	t.Helper()
	return a.post(t, body, map[string]string{
		"X-GitHub-Event": eventName, "X-GitHub-Delivery": delivery,
		"X-Hub-Signature-256": server.Sign([]byte(secret), body),
	})
}

func (a *app) post(t *testing.T, body []byte, headers map[string]string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, a.http.URL+"/webhook", bytes.NewReader(body))
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// drain waits until every accepted delivery has been handled.
func (a *app) drain(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := a.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
}

const badTerm = `# Term 02 - 2025 June - August

Status: Complete

### Timeline

| Activity | Date |
| --- | --- |
| Project Proposals Open | Wed, April 16 – Tue, May 13, 2025 11AM PDT (18:00 UTC) |
| Mentee Applications Open | Thu, May 15 – Tue, May 27, 2025 11AM PST (18:00 UTC) |
| Application Review Period | Wed, May 28 – Tue, June 3, 2025 11 AM PDT (18:00 UTC) |
| Selection Notifications | Wed, June 4, 2025 |
| Mentorship Program Begins | Mon, June 9, 2025 |
| Midterm Mentee Evaluations | Tue, July 15, 2025 11AM PDT (18:00 UTC) |
| Final Mentee Evaluations | Tues, August 26, 2025 11AM PDT (18:00 UTC) |
| Last Day of Term | Fri, August 29, 2025 |
`

// seedPullRequest makes the pull request of the fixture: its head commit
// adds a term README with one mistake.
func seedPullRequest(gh *githubtest.Server) {
	gh.SetFile("cncf", "mentoring", "main", "README.md", "# mentoring\n")
	gh.AddBranch("cncf", "mentoring", "fix-term", "main", "HEADSHA")
	gh.SetFileAt("cncf", "mentoring", "fix-term", "programs/lfx-mentorship/2025/02-Jun-Aug/README.md", badTerm)
	gh.SetPullFiles("cncf", "mentoring", 5, []string{"programs/lfx-mentorship/2025/02-Jun-Aug/README.md"})
}

func TestPullRequestBecomesCheckRun(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, nil)
	seedPullRequest(a.gh)
	status, body := a.deliver(t, "pull_request", "d-1", fixture(t, "pull_request.opened.json"))
	if status != http.StatusOK || !strings.Contains(body, "handled") {
		t.Fatalf("got %d %q, want 200 handled (answered with the outcome)", status, body)
	}
	a.drain(t)
	crs := a.gh.CheckRuns("cncf", "mentoring")
	if len(crs) != 1 {
		t.Fatalf("got %d check runs, want 1; logs:\n%s", len(crs), a.logs)
	}
	cr := crs[0]
	if cr.HeadSHA != "HEADSHA" || cr.Conclusion != "failure" || len(cr.Annotations) != 1 {
		t.Errorf("got check run %+v, want a failure on HEADSHA with 1 annotation", cr)
	}
	if got := cr.Annotations[0]["path"]; got != "programs/lfx-mentorship/2025/02-Jun-Aug/README.md" {
		t.Errorf("got annotation path %v, want the README", got)
	}
	if !strings.Contains(cr.Summary, "timezone-abbreviation") {
		t.Errorf("summary lacks the finding:\n%s", cr.Summary)
	}
	if got := a.gh.TokensMinted(); got != 1 {
		t.Errorf("got %d installation tokens minted, want 1 (cached)", got)
	}
}

func TestRejectedDeliveries(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, func(o *server.Options) { o.MaxBody = 64 << 10 })
	body := fixture(t, "pull_request.opened.json")
	sha1sig := func(b []byte) string {
		h := sha1.Sum(append([]byte(secret), b...)) // any SHA-1 value: it is refused unread
		return "sha1=" + hex.EncodeToString(h[:])
	}
	tests := []struct {
		name    string
		body    []byte
		headers map[string]string
		want    int
	}{
		{"no signature", body, map[string]string{"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "x1"}, 401},
		{"sha1 only", body, map[string]string{"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "x2", "X-Hub-Signature": sha1sig(body)}, 401},
		{"bad signature", body, map[string]string{"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "x3", "X-Hub-Signature-256": server.Sign([]byte("wrong"), body)}, 401},
		{"signature of another body", body, map[string]string{"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "x4", "X-Hub-Signature-256": server.Sign([]byte(secret), []byte("{}"))}, 401},
		{"no event header", body, map[string]string{"X-GitHub-Delivery": "x5", "X-Hub-Signature-256": server.Sign([]byte(secret), body)}, 400},
		{"no delivery header", body, map[string]string{"X-GitHub-Event": "pull_request", "X-Hub-Signature-256": server.Sign([]byte(secret), body)}, 400},
		{"oversized", bytes.Repeat([]byte("a"), 65<<10), map[string]string{"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "x6"}, 413},
		{"bad json", []byte("{"), map[string]string{"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "x7", "X-Hub-Signature-256": server.Sign([]byte(secret), []byte("{"))}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, msg := a.post(t, tt.body, tt.headers); got != tt.want {
				t.Errorf("got %d %q, want %d", got, msg, tt.want)
			}
		})
	}
	t.Run("wrong method", func(t *testing.T) {
		resp, err := http.Get(a.http.URL + "/webhook")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("got %d, want 405", resp.StatusCode)
		}
	})
	a.drain(t)
	if all, _ := a.gh.Total(); all != 0 {
		t.Errorf("rejected deliveries made %d GitHub calls, want 0", all)
	}
}

func TestDuplicateDeliveryIsHandledOnce(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, func(o *server.Options) { o.Workers = 1 })
	seedPullRequest(a.gh)
	body := fixture(t, "pull_request.opened.json")
	first, _ := a.deliver(t, "pull_request", "dup-1", body)
	second, msg := a.deliver(t, "pull_request", "dup-1", body)
	if first != 200 || second != 200 || !strings.Contains(msg, "duplicate") {
		t.Errorf("got %d then %d %q, want 200 handled then 200 duplicate", first, second, msg)
	}
	a.drain(t)
	if n := len(a.gh.CheckRuns("cncf", "mentoring")); n != 1 {
		t.Errorf("got %d check runs, want 1", n)
	}
}

func TestFailedDeliveryCanBeRedelivered(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	seedPullRequest(gh)
	// Every try of the first run fails: GitHub is down for a while.
	gh.Inject(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/commits/{ref}/check-runs", Status: 502, Times: 4})
	a := newApp(t, gh, func(o *server.Options) { o.Workers = 1 })
	body := fixture(t, "pull_request.opened.json")
	// The failure is answered as one, so GitHub records it.
	if s, msg := a.deliver(t, "pull_request", "r-1", body); s != 500 {
		t.Fatalf("got %d %q, want 500", s, msg)
	}
	if s, msg := a.deliver(t, "pull_request", "r-1", body); s != 200 {
		t.Fatalf("redelivery: got %d %q, want 200 (a failed delivery is not marked seen)", s, msg)
	}
	a.drain(t)
	if n := len(gh.CheckRuns("cncf", "mentoring")); n != 1 {
		t.Errorf("got %d check runs, want 1 after the redelivery", n)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 20s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestFullQueueAnswers503(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	seedPullRequest(gh)
	release := make(chan struct{})
	var once sync.Once
	started := make(chan struct{})
	// The one worker blocks in its first GitHub call until released.
	gh.Inject(githubtest.Fault{Route: "POST /app/installations/{id}/access_tokens", Before: func() {
		once.Do(func() { close(started) })
		<-release
	}})
	// Answered at once: the requests do not wait for the blocked worker.
	a := newApp(t, gh, func(o *server.Options) { o.Workers, o.QueueSize, o.AnswerWithin = 1, 1, -1 })
	body := fixture(t, "pull_request.opened.json")
	if s, _ := a.deliver(t, "pull_request", "q-1", body); s != 202 {
		t.Fatalf("got %d, want 202", s)
	}
	<-started // the worker holds q-1
	if s, _ := a.deliver(t, "pull_request", "q-2", body); s != 202 {
		t.Fatalf("got %d, want 202 (queued)", s)
	}
	s, _ := a.deliver(t, "pull_request", "q-3", body)
	if s != http.StatusServiceUnavailable {
		t.Errorf("got %d, want 503 with the queue full", s)
	}
	close(release)
	a.drain(t)
	metrics := a.get(t, "/metrics")
	if !strings.Contains(metrics, "mentorbot_queue_dropped_total 1") {
		t.Errorf("metrics lack the drop:\n%s", grep(metrics, "mentorbot_"))
	}
}

func (a *app) get(t *testing.T, path string) string {
	t.Helper()
	resp, err := http.Get(a.http.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: got %d %s", path, resp.StatusCode, b)
	}
	return string(b)
}

func grep(s, prefix string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestHealthReadyMetricsAndNoSecretsInLogs(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, nil)
	seedPullRequest(a.gh)
	if got := a.get(t, "/healthz"); got != "ok\n" {
		t.Errorf("healthz: got %q", got)
	}
	if got := a.get(t, "/readyz"); got != "ok\n" {
		t.Errorf("readyz: got %q", got)
	}
	a.deliver(t, "pull_request", "m-1", fixture(t, "pull_request.opened.json"))
	a.drain(t)
	m := a.get(t, "/metrics")
	for _, want := range []string{
		`mentorbot_webhooks_total{event="pull_request",result="handled"} 1`,
		`mentorbot_jobs_total{event="pull_request",result="ok"} 1`,
		`mentorbot_handler_duration_seconds_count{event="pull_request"} 1`,
		`mentorbot_github_requests_total{status="201"}`,
		`mentorbot_queue_depth 0`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q:\n%s", want, grep(m, "mentorbot_"))
		}
	}
	logs := a.logs.String()
	if !strings.Contains(logs, `"delivery":"m-1"`) || !strings.Contains(logs, `"number":5`) || !strings.Contains(logs, `"repository":"cncf/mentoring"`) {
		t.Errorf("logs lack the delivery, number or repository:\n%s", logs)
	}
	for _, h := range a.gh.AuthHeaders {
		tok := strings.TrimPrefix(strings.TrimPrefix(h, "token "), "Bearer ")
		if strings.Contains(logs, tok) {
			t.Errorf("logs contain a credential %.12s...", tok)
		}
	}
	if strings.Contains(logs, secret) || strings.Contains(logs, "PRIVATE KEY") {
		t.Error("logs contain the webhook secret or the key")
	}
}

func TestRefusesToStartWithoutSecret(t *testing.T) {
	t.Parallel()
	_, err := server.New(server.Options{AppID: 1, PrivateKey: privateKey(t)})
	if err != server.ErrNoSecret {
		t.Errorf("got %v, want ErrNoSecret", err)
	}
}

func TestBotEventsAreIgnored(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, nil)
	body := bytes.Replace(fixture(t, "pull_request.opened.json"), []byte(`"login": "alice", "type": "User"`), []byte(`"login": "mentorbot[bot]", "type": "Bot"`), 1)
	s, msg := a.deliver(t, "pull_request", "b-1", body)
	if s != 200 || !strings.Contains(msg, "bot") {
		t.Errorf("got %d %q, want 200 ignored", s, msg)
	}
	a.drain(t)
	if all, _ := a.gh.Total(); all != 0 {
		t.Errorf("got %d GitHub calls, want 0", all)
	}
}

func TestTwoReplicasNeverDoubleAct(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	seedPullRequest(gh)
	a, b := newApp(t, gh, nil), newApp(t, gh, nil)
	body := fixture(t, "pull_request.opened.json")
	// Behind a load balancer a delivery reaches one replica and a
	// redelivery may reach the other, after the first has acted.
	for i, r := range []*app{a, b, a, b} {
		r.deliver(t, "pull_request", "rep-1", body)
		want := fmt.Sprintf(`mentorbot_jobs_total{event="pull_request",result="ok"} %d`, i/2+1)
		waitFor(t, func() bool { return strings.Contains(r.get(t, "/metrics"), want) || i >= 2 })
	}
	a.drain(t)
	b.drain(t)
	if n := len(gh.CheckRuns("cncf", "mentoring")); n != 1 {
		t.Errorf("got %d check runs from two replicas, want 1", n)
	}
}

func TestShutdownFinishesInFlight(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	seedPullRequest(gh)
	started := make(chan struct{})
	gh.Inject(githubtest.Fault{Route: "POST /app/installations/{id}/access_tokens", Before: func() {
		close(started)
		time.Sleep(200 * time.Millisecond)
	}})
	a := newApp(t, gh, nil)
	a.deliver(t, "pull_request", "s-1", fixture(t, "pull_request.opened.json"))
	<-started
	a.drain(t) // Shutdown returns only when the delivery is done
	if n := len(gh.CheckRuns("cncf", "mentoring")); n != 1 {
		t.Errorf("got %d check runs, want the in-flight delivery finished", n)
	}
	if s, _ := a.deliver(t, "pull_request", "s-2", fixture(t, "pull_request.opened.json")); s != 503 {
		t.Errorf("after shutdown: got %d, want 503", s)
	}
}

// TestConnectionsToGitHubAreReused: the workers' requests to GitHub reuse
// kept-alive connections (http.DefaultTransport keeps 2 per host, so with
// 4 workers most requests opened, and on GitHub TLS-handshook, a new one).
func TestConnectionsToGitHubAreReused(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, func(o *server.Options) { o.Workers = 4 })
	seedPullRequest(a.gh)
	base := fixture(t, "pull_request.opened.json")
	var wg sync.WaitGroup
	for i := range 8 {
		n := 200 + i
		a.gh.SetPullFiles("cncf", "mentoring", n, []string{"programs/lfx-mentorship/2025/02-Jun-Aug/README.md"})
		body := bytes.ReplaceAll(base, []byte(`"number": 5,`), fmt.Appendf(nil, `"number": %d,`, n))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 10 {
				if status, msg := a.deliver(t, "pull_request", fmt.Sprintf("reuse-%d-%d", i, j), body); status != http.StatusOK {
					t.Errorf("got %d %q, want 200", status, msg)
				}
			}
		}()
	}
	wg.Wait()
	all, _ := a.gh.Total()
	if got := a.gh.Connections(); got > 4+2 {
		t.Errorf("80 deliveries (%d requests to GitHub) opened %d connections to it, want at most one per worker and the token client's", all, got)
	}
}
