package server_test

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/server"
)

// seedFeedRepo copies the example repository's term READMEs and minutes into
// the fake's cncf/mentoring.
func seedFeedRepo(t *testing.T, gh *githubtest.Server) {
	t.Helper()
	root := "../../examples/mentoring"
	for _, p := range []string{
		"programs/lfx-mentorship/2026/03-Sep-Nov/README.md",
		"programs/lfx-mentorship/2027/01-Mar-May/README.md",
		"mentoring-wg/2026-meeting-minutes.md",
	} {
		data, err := os.ReadFile(filepath.Join(root, p))
		if err != nil {
			t.Fatal(err)
		}
		gh.SetFile("cncf", "mentoring", "main", p, string(data))
	}
}

func getFeed(t *testing.T, a *app, path, etag string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, a.http.URL+path, nil)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b)
}

func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	seedFeedRepo(t, gh)
	a := newApp(t, gh, nil)

	code, h, body := getFeed(t, a, "/calendar/cncf/mentoring.ics", "")
	if code != http.StatusOK {
		t.Fatalf("got %d, want 200: %s", code, body)
	}
	if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("got Content-Type %q, want text/calendar", ct)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("the feed does not parse: %v", err)
	}
	if got := len(cal.Events()); got < 20 {
		t.Errorf("got %d events, want the example's terms and meetings (27)", got)
	}
	etag := h.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag")
	}
	reads := gh.Count("GET /repos/{owner}/{repo}/contents/{path...}")
	all, _ := gh.Total()
	t.Logf("first request: %d GitHub requests (%d content reads): %v", all, reads, gh.Calls())
	code, h, body = getFeed(t, a, "/calendar/cncf/mentoring.ics", etag)
	if code != http.StatusNotModified || body != "" || h.Get("ETag") != etag {
		t.Errorf("got %d %q etag %q with If-None-Match, want 304, no body, the same ETag", code, body, h.Get("ETag"))
	}
	if code, _, _ := getFeed(t, a, "/calendar/cncf/mentoring.ics", `W/"other", `+etag); code != http.StatusNotModified {
		t.Errorf("got %d for a list naming the ETag, want 304", code)
	}
	if code, _, _ := getFeed(t, a, "/calendar/cncf/mentoring.ics", `"other"`); code != http.StatusOK {
		t.Errorf("got %d for another ETag, want 200", code)
	}
	if got := gh.Count("GET /repos/{owner}/{repo}/contents/{path...}"); got != reads {
		t.Errorf("got %d content reads after the first request, want none (cached)", got-reads)
	}
}

func TestCalendarFeedUnknownRepository(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	a := newApp(t, gh, nil)
	tests := []struct {
		path  string
		calls int // GitHub requests it may cost
	}{
		{"/calendar/someone/else.ics", 1}, // the installation lookup, once
		{"/calendar/someone/else.ics", 0}, // cached
		{"/calendar/cncf/mentoring.txt", 0},
		{"/calendar/cncf/..%2f..%2fsecrets.ics", 0},
		{"/calendar/bad%20owner/x.ics", 0},
	}
	for _, tt := range tests {
		before, _ := gh.Total()
		code, _, _ := getFeed(t, a, tt.path, "")
		after, _ := gh.Total()
		if code != http.StatusNotFound {
			t.Errorf("%s: got %d, want 404", tt.path, code)
		}
		if after-before != tt.calls {
			t.Errorf("%s: got %d GitHub requests, want %d", tt.path, after-before, tt.calls)
		}
	}
	if got := gh.Count("GET /repos/{owner}/{repo}/contents/{path...}"); got != 0 {
		t.Errorf("got %d content reads, want none for repositories not installed", got)
	}
}

// TestSchedulerRemindsOnceAcrossReplicas: two App replicas ticking over the
// example repository (final evaluations due in three days, a 7-day
// reminder configured) post one reminder on the umbrella issue.
func TestSchedulerRemindsOnceAcrossReplicas(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	seedExample(t, gh)
	u := gh.SeedIssue("cncf", "mentoring", githubtest.Issue{Title: "LFX Mentorship 2026 Term 3 (Sep-Nov)", User: "mentorbot[bot]",
		Body:   "Umbrella\n\n<!-- mentorbot:term-issue 2026-3 umbrella -->\n",
		Labels: []string{"lfx mentorship", "Term 3: Sept-Nov", "2026", "administration"}})
	tweak := func(o *server.Options) {
		o.ScheduleInterval, o.ScheduleRepos = time.Hour, []string{"cncf/mentoring"}
		o.Now = func() time.Time { return time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) }
	}
	marker := "<!-- mentorbot:reminder 2026-3 final_evals 7d -->"
	count := func() int {
		n := 0
		for _, c := range gh.Comments("cncf", "mentoring", u.Number) {
			if strings.Contains(c.Body, marker) && c.User == "mentorbot[bot]" {
				n++
			}
		}
		return n
	}
	a := newApp(t, gh, tweak)
	waitFor(t, func() bool { return count() > 0 })
	a.drain(t)
	b := newApp(t, gh, tweak)
	waitFor(t, func() bool { return strings.Contains(b.logs.String(), `"event":"schedule"`) })
	b.drain(t)
	if got := count(); got != 1 {
		t.Errorf("got %d reminders, want 1; logs:\n%s", got, b.logs)
	}
}
