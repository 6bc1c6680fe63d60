package server_test

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/server"
)

func TestUnsignedEventNamesDoNotBecomeLabels(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, nil)
	body := []byte(`{}`)
	for i := range 200 {
		a.post(t, body, map[string]string{"X-GitHub-Event": fmt.Sprintf("flood-%d", i), "X-GitHub-Delivery": "u"})
	}
	// Signed, but not an event mentorbot knows: "other", never its name.
	a.deliver(t, "made_up_event", "s-1", body)
	m := a.get(t, "/metrics")
	if strings.Contains(m, "flood-") || strings.Contains(m, "made_up_event") {
		t.Errorf("metrics carry request-chosen event names:\n%s", grep(m, "mentorbot_webhooks"))
	}
	for _, want := range []string{
		`mentorbot_webhooks_total{event="unknown",result="bad_signature"} 200`,
		`mentorbot_webhooks_total{event="other",`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q:\n%s", want, grep(m, "mentorbot_webhooks"))
		}
	}
}

// rawRequest opens a connection and sends a request's head and the first
// part of its body, leaving the connection open.
func rawRequest(t *testing.T, url string, contentLength int, partial []byte) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "POST /webhook HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: pull_request\r\nX-GitHub-Delivery: big\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", contentLength)
	conn.Write(partial)
	return conn
}

func readStatus(t *testing.T, conn net.Conn) int {
	t.Helper()
	// A deadline only so that a server that waits for the body fails the
	// test instead of hanging it.
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer before the body was sent: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestOversizedContentLengthIsRefusedBeforeReading(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, nil) // MaxBody: GitHub's 25 MiB
	conn := rawRequest(t, a.http.URL, 26<<20, nil)
	if got := readStatus(t, conn); got != http.StatusRequestEntityTooLarge {
		t.Errorf("got %d, want 413 without reading the body", got)
	}
}

func TestConcurrentUnauthenticatedUploadsShareOneBudget(t *testing.T) {
	t.Parallel()
	const mib = 1 << 20
	a := newApp(t, nil, func(o *server.Options) { o.MaxBody, o.MaxBuffered = mib, 2*mib })
	// Two uploads hold the whole budget while they trickle in.
	var conns []net.Conn
	for range 2 {
		conns = append(conns, rawRequest(t, a.http.URL, mib, []byte("{")))
	}
	waitFor(t, func() bool {
		return strings.Contains(a.get(t, "/metrics"), fmt.Sprintf("mentorbot_webhook_unverified_bytes %g", float64(2*mib)))
	})
	third := rawRequest(t, a.http.URL, mib, []byte("{"))
	if got := readStatus(t, third); got != http.StatusServiceUnavailable {
		t.Errorf("third upload: got %d, want 503 (budget spent)", got)
	}
	// The two finish unsigned: 401, and the budget is whole again.
	for _, c := range conns {
		c.Write(bytes.Repeat([]byte(" "), mib-1))
		if got := readStatus(t, c); got != http.StatusUnauthorized {
			t.Errorf("got %d, want 401", got)
		}
	}
	waitFor(t, func() bool { return strings.Contains(a.get(t, "/metrics"), "mentorbot_webhook_unverified_bytes 0") })
}

func TestReadyzDoesNotCallGitHubPerProbe(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, nil)
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(a.http.URL + "/readyz")
			if err == nil {
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	if got := a.gh.Count("GET /app"); got != 1 {
		t.Errorf("50 probes made %d signed GitHub calls, want 1 (cached)", got)
	}
}

func TestReadyzDoesNotEchoGitHubError(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	const leak = "Integration 99 is suspended; contact support with request id 7F3A:beef"
	gh.Inject(githubtest.Fault{Route: "GET /app", Status: 401, Body: leak})
	a := newApp(t, gh, nil)
	resp, err := http.Get(a.http.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusServiceUnavailable || strings.Contains(b.String(), "suspended") || strings.Contains(b.String(), "7F3A") {
		t.Errorf("got %d %q, want 503 without GitHub's text", resp.StatusCode, b.String())
	}
	if !strings.Contains(a.logs.String(), "suspended") {
		t.Errorf("GitHub's text is not in the log either:\n%s", a.logs)
	}
}

func TestReadyzStaysReadyWhenGitHubIsDown(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	gh.Inject(githubtest.Fault{Route: "GET /app", Status: 502, Times: 10})
	a := newApp(t, gh, nil)
	if got := a.get(t, "/readyz"); got != "ok\n" {
		t.Errorf("got %q, want ok: a GitHub outage is no reason to take the replica out", got)
	}
	a.drain(t)
	resp, err := http.Get(a.http.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("after shutdown: got %d, want 503", resp.StatusCode)
	}
}
