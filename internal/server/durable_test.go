package server_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/server"
)

// recovering turns the recovery loop on (an hour apart: the tests run
// passes themselves) with no grace, so that a pass redelivers at once.
func recovering(o *server.Options) {
	o.RecoverInterval, o.RecoverGrace = time.Hour, time.Nanosecond
}

// blockTokens makes the first installation token request wait until the
// returned function is called (or the test ends): the one worker is stuck.
func blockTokens(t *testing.T, gh *githubtest.Server) (started <-chan struct{}, release func()) {
	t.Helper()
	st, rel := make(chan struct{}), make(chan struct{})
	var once, relOnce sync.Once
	gh.Inject(githubtest.Fault{Route: "POST /app/installations/{id}/access_tokens", Before: func() {
		once.Do(func() { close(st) })
		<-rel
	}})
	release = func() { relOnce.Do(func() { close(rel) }) }
	t.Cleanup(release) // runs before the fake is closed
	return st, release
}

// sendAll delivers n copies of the fixture through the fake GitHub, the
// first one alone (so that it is the one the worker holds), and returns
// once the rest are queued; wait returns when every attempt is answered.
func sendAll(t *testing.T, a *app, gh *githubtest.Server, n int, started <-chan struct{}) (wait func() []string) {
	t.Helper()
	body := fixture(t, "pull_request.opened.json")
	var mu sync.Mutex
	var guids []string
	var wg sync.WaitGroup
	send := func() {
		defer wg.Done()
		d := gh.SendHook("pull_request", body)
		mu.Lock()
		guids = append(guids, d.GUID)
		mu.Unlock()
	}
	wg.Add(1)
	go send()
	<-started
	for range n - 1 {
		wg.Add(1)
		go send()
	}
	waitFor(t, func() bool {
		return strings.Contains(a.get(t, "/metrics"), "mentorbot_queue_depth "+strconv.Itoa(n-1))
	})
	return func() []string { wg.Wait(); return guids }
}

// ledger checks GitHub's record: every guid's latest attempt succeeded and
// each guid was redelivered exactly wantRedeliveries times.
func ledger(t *testing.T, gh *githubtest.Server, guids []string, wantRedeliveries int) {
	t.Helper()
	latest := map[string]githubtest.HookDelivery{}
	redeliveries := map[string]int{}
	for _, d := range gh.HookDeliveries() {
		latest[d.GUID] = d
		if d.Redelivery {
			redeliveries[d.GUID]++
		}
	}
	want := map[string]int{}
	got := map[string]int{}
	for _, g := range guids {
		if d := latest[g]; d.StatusCode < 200 || d.StatusCode > 299 {
			t.Errorf("delivery %s: last attempt got %d %q, want a 2xx", g, d.StatusCode, d.Status)
		}
		want[g], got[g] = wantRedeliveries, redeliveries[g]
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("redeliveries per delivery (-want +got):\n%s", diff)
	}
}

func TestSIGTERMWithFullQueueLosesNoDelivery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		answerWithin time.Duration
		wantFirst    []int // status codes of the first attempts
	}{
		// The six requests wait for their outcome: all answered 5xx, so
		// GitHub records six failures that the other replica redelivers.
		{"answered with the outcome", 0, []int{500, 503, 503, 503, 503, 503}},
		// All six answered 202 at once, then failed on shutdown: the
		// replica asks GitHub to redeliver them on its way out.
		{"answered 202 before the outcome", time.Millisecond, []int{202, 202, 202, 202, 202, 202}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gh := githubtest.NewServer(t)
			gh.AddRepo("cncf", "mentoring")
			seedPullRequest(gh)
			started, release := blockTokens(t, gh)
			a := newApp(t, gh, func(o *server.Options) {
				recovering(o)
				o.Workers, o.QueueSize, o.AnswerWithin = 1, 5, tt.answerWithin
			})
			b := newApp(t, gh, recovering)
			gh.SetHook(a.http.URL+"/webhook", []byte(secret), 0)
			wait := sendAll(t, a, gh, 6, started)
			if tt.answerWithin > 0 {
				wait()
			}
			// From now on the load balancer sends to the other replica.
			gh.SetHook(b.http.URL+"/webhook", []byte(secret), 0)
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			if err := a.srv.Shutdown(ctx); err == nil {
				t.Errorf("Shutdown: got no error, want the deadline (a job was stuck)")
			}
			guids := wait()
			release()
			var first []int
			for _, d := range gh.HookDeliveries() {
				if !d.Redelivery {
					first = append(first, d.StatusCode)
				}
			}
			if diff := cmp.Diff(tt.wantFirst, first); diff != "" {
				t.Errorf("first attempts' status (-want +got):\n%s", diff)
			}
			gh.WaitHooks()
			if _, err := b.srv.Recover(context.Background()); err != nil {
				t.Fatal(err)
			}
			gh.WaitHooks()
			ledger(t, gh, guids, 1)
			// Once per delivery: later passes, on either live replica, ask
			// for nothing more.
			c := newApp(t, gh, recovering)
			for _, r := range []*app{b, c} {
				rep, err := r.srv.Recover(context.Background())
				if err != nil || len(rep.Redelivered) != 0 {
					t.Errorf("a later pass redelivered %v (%v), want none", rep.Redelivered, err)
				}
			}
			b.drain(t)
			if n := len(gh.CheckRuns("cncf", "mentoring")); n != 1 {
				t.Errorf("got %d check runs, want 1; logs:\n%s", n, b.logs)
			}
		})
	}
}

func TestKilledServerLosesNoDelivery(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	seedPullRequest(gh)
	started, release := blockTokens(t, gh)
	a := newApp(t, gh, func(o *server.Options) { o.Workers, o.QueueSize = 1, 5 })
	b := newApp(t, gh, recovering)
	gh.SetHook(a.http.URL+"/webhook", []byte(secret), 0)
	wait := sendAll(t, a, gh, 4, started)
	// kill -9: the connections drop unanswered and nothing more runs.
	a.http.CloseClientConnections()
	guids := wait()
	expired, cancel := context.WithCancel(context.Background())
	cancel()
	a.srv.Shutdown(expired)
	release()
	for _, d := range gh.HookDeliveries() {
		if d.StatusCode != 0 {
			t.Errorf("got an answer %d from the killed server, want none", d.StatusCode)
		}
	}
	gh.SetHook(b.http.URL+"/webhook", []byte(secret), 0)
	if _, err := b.srv.Recover(context.Background()); err != nil {
		t.Fatal(err)
	}
	gh.WaitHooks()
	ledger(t, gh, guids, 1)
}

func TestGitHubOutageLosesNoDelivery(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	seedPullRequest(gh)
	// GitHub fails every try of two deliveries, and of one recovery pass.
	gh.Inject(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/commits/{ref}/check-runs", Status: 502, Times: 8})
	gh.Inject(githubtest.Fault{Route: "GET /app/hook/deliveries", Status: 502, Times: 4})
	a := newApp(t, gh, func(o *server.Options) { recovering(o); o.Workers = 1 })
	gh.SetHook(a.http.URL+"/webhook", []byte(secret), 0)
	body := fixture(t, "pull_request.opened.json")
	var guids []string
	for range 2 {
		d := gh.SendHook("pull_request", body)
		if d.StatusCode != 500 {
			t.Errorf("during the outage: got %d %q, want 500 (a failure GitHub records)", d.StatusCode, d.Status)
		}
		guids = append(guids, d.GUID)
	}
	if _, err := a.srv.Recover(context.Background()); err == nil {
		t.Error("a pass during the outage: got no error, want the listing's failure")
	}
	rep, err := a.srv.Recover(context.Background())
	if err != nil || len(rep.Redelivered) != 2 {
		t.Fatalf("after the outage: redelivered %v (%v), want both", rep.Redelivered, err)
	}
	gh.WaitHooks()
	ledger(t, gh, guids, 1)
	a.drain(t)
	if n := len(gh.CheckRuns("cncf", "mentoring")); n != 1 {
		t.Errorf("got %d check runs, want 1", n)
	}
}

func TestRecoveryGivesUpAfterAttempts(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	seedPullRequest(gh)
	gh.Inject(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/commits/{ref}/check-runs", Status: 502, Times: 1000})
	a := newApp(t, gh, func(o *server.Options) { recovering(o); o.RecoverAttempts = 3 })
	gh.SetHook(a.http.URL+"/webhook", []byte(secret), 0)
	d := gh.SendHook("pull_request", fixture(t, "pull_request.opened.json"))
	var redelivered []int
	for range 4 {
		rep, err := a.srv.Recover(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		gh.WaitHooks()
		redelivered = append(redelivered, len(rep.Redelivered))
	}
	if diff := cmp.Diff([]int{1, 1, 0, 0}, redelivered); diff != "" {
		t.Errorf("redeliveries per pass (-want +got):\n%s", diff)
	}
	if n := len(gh.HookDeliveries()); n != 3 {
		t.Errorf("got %d attempts of %s, want 3 (RecoverAttempts)", n, d.GUID)
	}
	if !strings.Contains(a.logs.String(), "given up") {
		t.Errorf("logs do not say the delivery was given up:\n%s", a.logs)
	}
}

func TestRedeliveryInFlightSharesTheOutcome(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	seedPullRequest(gh)
	started, release := blockTokens(t, gh)
	a := newApp(t, gh, nil)
	body := fixture(t, "pull_request.opened.json")
	answers := make(chan string, 2)
	deliver := func() {
		s, msg := a.deliver(t, "pull_request", "f-1", body)
		answers <- fmt.Sprint(s, " ", strings.TrimSpace(msg))
	}
	go deliver()
	<-started
	// A redelivery of f-1 arrives while f-1 runs: it must not be answered
	// "duplicate" before f-1's outcome is known (f-1 could still fail).
	go deliver()
	waitFor(t, func() bool { return strings.Contains(a.get(t, "/metrics"), "mentorbot_webhook_waiting 2") })
	release()
	got := []string{<-answers, <-answers}
	if diff := cmp.Diff([]string{"200 handled f-1", "200 handled f-1"}, got); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
	a.drain(t)
	if n := len(gh.CheckRuns("cncf", "mentoring")); n != 1 {
		t.Errorf("got %d check runs, want 1", n)
	}
}

func TestInstallationWritesArePaced(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var paced int
	a := newApp(t, nil, func(o *server.Options) {
		o.WriteGap = 750 * time.Millisecond
		fixed := time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC)
		o.Clock = func() time.Time { return fixed } // every write after the first waits a whole gap
		o.RetrySleep = func(_ context.Context, d time.Duration) error {
			mu.Lock()
			defer mu.Unlock()
			if d == 750*time.Millisecond {
				paced++
			}
			return nil
		}
	})
	seedExample(t, a.gh)
	// A new term's umbrella issue and its sub-issues: many writes.
	body := payload(t, map[string]any{
		"ref": "refs/heads/main", "before": "a", "after": "b",
		"commits": []map[string]any{{"added": []string{"programs/lfx-mentorship/2027/01-Mar-May/README.md"}, "modified": []string{}, "removed": []string{}}},
	})
	if s, msg := a.deliver(t, "push", "w-1", body); s != 200 {
		t.Fatalf("got %d %q, want 200", s, msg)
	}
	a.drain(t)
	writes := 0
	for _, l := range a.gh.Log() {
		if !strings.HasPrefix(l, "GET ") && !strings.HasSuffix(l, "/access_tokens") {
			writes++
		}
	}
	if writes < 2 || paced != writes-1 {
		t.Errorf("got %d paced waits for %d writes, want one before each write but the first", paced, writes)
	}
}

func TestRecoveryDoesNotRedeliverMalformed(t *testing.T) {
	t.Parallel()
	a := newApp(t, nil, recovering)
	a.gh.SetHook(a.http.URL+"/webhook", []byte(secret), 0)
	if d := a.gh.SendHook("pull_request", []byte("{")); d.StatusCode != 400 {
		t.Fatalf("got %d, want 400", d.StatusCode)
	}
	rep, err := a.srv.Recover(context.Background())
	if err != nil || len(rep.Redelivered) != 0 {
		t.Errorf("redelivered %v (%v), want none: it would be refused again", rep.Redelivered, err)
	}
}
