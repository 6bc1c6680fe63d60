package runner

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/githubtest"
)

const annMinutes = "mentoring-wg/2026-meeting-minutes.md"

// TestAnnounceThroughFake: the example minutes (upcoming stub November 19,
// 10:00 PST) announced once over repeated runs, edited in place when the
// stub's agenda changes, and closed after the meeting.
func TestAnnounceThroughFake(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../../examples/mentoring/" + annMinutes)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{annMinutes: {Data: src}}
	cfg := config.Default()
	cfg.Announce.Enabled, cfg.Announce.AgendaLabel, cfg.Announce.OnTheDay = true, "wg-agenda", true
	gh := githubtest.NewServer(t)
	gh.AddRepo(umbOwner, umbRepo)
	gh.SeedIssue(umbOwner, umbRepo, githubtest.Issue{Title: "Talk about stipends", Labels: []string{"wg-agenda"}})
	env := func(now time.Time, fsys fstest.MapFS) *Env {
		return &Env{Owner: umbOwner, Repo: umbRepo, DefaultBranch: "main", FS: fsys, Config: cfg, Now: now, GH: gh.Client("t")}
	}
	announcements := func() []githubtest.Issue {
		var out []githubtest.Issue
		for _, is := range gh.Issues(umbOwner, umbRepo) {
			if strings.Contains(is.Body, "mentorbot:meeting-announcement 2026-11-19") {
				out = append(out, is)
			}
		}
		return out
	}
	for i := 0; i < 3; i++ {
		if _, err := Announce(context.Background(), env(time.Date(2026, 11, 13, i, 0, 0, 0, time.UTC), fsys)); err != nil {
			t.Fatal(err)
		}
	}
	got := announcements()
	if len(got) != 1 {
		t.Fatalf("got %d announcements, want 1", len(got))
	}
	for _, want := range []string{"10am PST / 6pm UTC / 7pm CET / 11:30pm IST", "https://zoom.example.org/my/mentoring-wg", "Talk about stipends"} {
		if !strings.Contains(got[0].Body, want) {
			t.Errorf("the announcement lacks %q:\n%s", want, got[0].Body)
		}
	}
	if n := gh.Count(routeCreateIssue); n != 1 {
		t.Errorf("got %d issue creations, want 1", n)
	}
	// The stub's agenda grows: the same issue is edited.
	edited := strings.Replace(string(src), "### Agenda\n", "### Agenda\n\n* Review the new mentor guide\n", 1)
	fsys2 := fstest.MapFS{annMinutes: {Data: []byte(edited)}}
	if _, err := Announce(context.Background(), env(time.Date(2026, 11, 14, 0, 0, 0, 0, time.UTC), fsys2)); err != nil {
		t.Fatal(err)
	}
	got = announcements()
	if len(got) != 1 || !strings.Contains(got[0].Body, "Review the new mentor guide") {
		t.Fatalf("got %d announcements, want 1 edited with the new item:\n%+v", len(got), got)
	}
	// On the day: one comment, whatever the runs.
	for i := 0; i < 2; i++ {
		if _, err := Announce(context.Background(), env(time.Date(2026, 11, 19, 16, i, 0, 0, time.UTC), fsys2)); err != nil {
			t.Fatal(err)
		}
	}
	if cs := gh.Comments(umbOwner, umbRepo, got[0].Number); len(cs) != 1 || !strings.Contains(cs[0].Body, "**Today:**") {
		t.Errorf("got comments %+v, want one on-the-day comment", cs)
	}
	// After the meeting: closed.
	if _, err := Announce(context.Background(), env(time.Date(2026, 11, 19, 19, 30, 0, 0, time.UTC), fsys2)); err != nil {
		t.Fatal(err)
	}
	if is, _ := gh.Issue(umbOwner, umbRepo, got[0].Number); is.State != "closed" {
		t.Errorf("got state %q after the meeting, want closed", is.State)
	}
}
