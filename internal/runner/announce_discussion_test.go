package runner

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/githubtest"
)

const annMarker = "<!-- mentorbot:meeting-announcement 2026-11-19 -->"

// discussionFixture is the example minutes (upcoming stub November 19,
// 10:00 PST) with announcements as discussions in "Announcements".
func discussionFixture(t *testing.T) (*githubtest.Server, string, []byte, func(now time.Time, fsys fstest.MapFS) *Env) {
	t.Helper()
	src, err := os.ReadFile("../../examples/mentoring/" + annMinutes)
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.Announce.Enabled, cfg.Announce.Via, cfg.Announce.Category = true, "discussion", "Announcements"
	cfg.Announce.AgendaLabel = "wg-agenda"
	gh := githubtest.NewServer(t)
	gh.AddRepo(umbOwner, umbRepo)
	gh.AddDiscussionCategory(umbOwner, umbRepo, "General")
	cat := gh.AddDiscussionCategory(umbOwner, umbRepo, "Announcements")
	env := func(now time.Time, fsys fstest.MapFS) *Env {
		return &Env{Owner: umbOwner, Repo: umbRepo, DefaultBranch: "main", FS: fsys, Config: cfg, Now: now, GH: gh.Client("t")}
	}
	return gh, cat, src, env
}

func announcementDiscussions(gh *githubtest.Server, user string) []githubtest.Discussion {
	var out []githubtest.Discussion
	for _, d := range gh.Discussions(umbOwner, umbRepo) {
		if strings.Contains(d.Body, annMarker) && d.User == user {
			out = append(out, d)
		}
	}
	return out
}

// TestAnnounceDiscussionThroughFake: posted once under repeated runs (a
// person's discussion carrying the marker ignored, neither edited nor
// closed), edited in place when the stub's agenda changes, closed after the
// meeting; the GraphQL requests of each run counted.
func TestAnnounceDiscussionThroughFake(t *testing.T) {
	t.Parallel()
	gh, cat, src, env := discussionFixture(t)
	fsys := fstest.MapFS{annMinutes: {Data: src}}
	forged := gh.SeedDiscussion(umbOwner, umbRepo, githubtest.Discussion{CategoryID: cat, User: "mallory",
		Title: "Mentoring WG meeting", Body: "join my zoom instead\n\n" + annMarker + "\n"})
	type counts struct{ Queries, Mutations, Cost int }
	var perRun []counts
	run := func(now time.Time, fsys fstest.MapFS) {
		t.Helper()
		gh.ResetCalls()
		if _, err := Announce(context.Background(), env(now, fsys)); err != nil {
			t.Fatal(err)
		}
		st := gh.GraphQLStats()
		perRun = append(perRun, counts{st.Queries, st.Mutations, st.Cost})
	}
	for i := 0; i < 3; i++ {
		run(time.Date(2026, 11, 13, i, 0, 0, 0, time.UTC), fsys)
	}
	got := announcementDiscussions(gh, "mentorbot[bot]")
	if len(got) != 1 {
		t.Fatalf("got %d announcements by mentorbot, want 1", len(got))
	}
	if got[0].CategoryID != cat {
		t.Errorf("got category %s, want Announcements (%s)", got[0].CategoryID, cat)
	}
	for _, want := range []string{"10am PST / 6pm UTC / 7pm CET / 11:30pm IST", "https://zoom.example.org/my/mentoring-wg"} {
		if !strings.Contains(got[0].Body, want) {
			t.Errorf("the announcement lacks %q:\n%s", want, got[0].Body)
		}
	}
	// The stub's agenda grows: the same discussion is edited, once.
	edited := strings.Replace(string(src), "### Agenda\n", "### Agenda\n\n* Review the new mentor guide\n", 1)
	fsys2 := fstest.MapFS{annMinutes: {Data: []byte(edited)}}
	run(time.Date(2026, 11, 14, 0, 0, 0, 0, time.UTC), fsys2)
	run(time.Date(2026, 11, 14, 1, 0, 0, 0, time.UTC), fsys2)
	got = announcementDiscussions(gh, "mentorbot[bot]")
	if len(got) != 1 || !strings.Contains(got[0].Body, "Review the new mentor guide") || got[0].Edits != 1 {
		t.Fatalf("got %+v, want one discussion edited once with the new item", got)
	}
	// After the meeting: closed as resolved.
	run(time.Date(2026, 11, 19, 19, 30, 0, 0, time.UTC), fsys2)
	got = announcementDiscussions(gh, "mentorbot[bot]")
	if len(got) != 1 || !got[0].Closed || got[0].CloseReason != "RESOLVED" {
		t.Errorf("got %+v after the meeting, want it closed as RESOLVED", got)
	}
	mal := announcementDiscussions(gh, "mallory")
	if len(mal) != 1 || mal[0].Closed || mal[0].Edits != 0 || mal[0].Body != forged.Body {
		t.Errorf("got %+v, want the person's discussion untouched", mal)
	}
	want := []counts{
		{2, 1, 3},            // created
		{2, 0, 2}, {2, 0, 2}, // unchanged: no write
		{2, 1, 3}, // edited
		{2, 0, 2}, // unchanged
		{2, 1, 3}, // closed
	}
	if d := cmp.Diff(want, perRun); d != "" {
		t.Errorf("GraphQL requests per run (-want +got):\n%s", d)
	}
	t.Logf("GraphQL per announcement run (queries, mutations, cost): %+v", perRun)
}

// TestAnnounceDiscussionFailures: a failed read of the category or of the
// discussions is an error, never "no discussion" (no second one is
// posted); a category the repository lacks is an error naming the key; a
// failed write names the permission.
func TestAnnounceDiscussionFailures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		inject  func(gh *githubtest.Server)
		wantErr string
	}{
		{"graphql error", func(gh *githubtest.Server) {
			gh.InjectGraphQL(githubtest.GraphQLFault{Field: "repository", Message: "Resource not accessible by integration"})
		}, "Resource not accessible"},
		{"listing fails after the category", func(gh *githubtest.Server) {
			gh.InjectGraphQL(githubtest.GraphQLFault{Field: "repository", Skip: 1})
		}, "Something went wrong"},
		{"502", func(gh *githubtest.Server) {
			gh.Inject(githubtest.Fault{Route: "POST /graphql", Status: 502, Times: 20})
		}, "502"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gh, _, src, env := discussionFixture(t)
			fsys := fstest.MapFS{annMinutes: {Data: src}}
			now := time.Date(2026, 11, 13, 0, 0, 0, 0, time.UTC)
			if _, err := Announce(context.Background(), env(now, fsys)); err != nil {
				t.Fatal(err)
			}
			tt.inject(gh)
			_, err := Announce(context.Background(), env(now.Add(time.Hour), fsys))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got %v, want an error with %q", err, tt.wantErr)
			}
			if n := len(announcementDiscussions(gh, "mentorbot[bot]")); n != 1 {
				t.Errorf("got %d announcements, want still 1", n)
			}
		})
	}
	t.Run("missing category", func(t *testing.T) {
		t.Parallel()
		gh, _, src, env := discussionFixture(t)
		e := env(time.Date(2026, 11, 13, 0, 0, 0, 0, time.UTC), fstest.MapFS{annMinutes: {Data: src}})
		cfg := *e.Config
		cfg.Announce.Category = "Meetings"
		e.Config = &cfg
		_, err := Announce(context.Background(), e)
		if err == nil || !strings.Contains(err.Error(), `announce.category`) || !strings.Contains(err.Error(), `"Meetings"`) || !strings.Contains(err.Error(), `"Announcements"`) {
			t.Errorf("got %v, want an error naming announce.category, the missing and the existing categories", err)
		}
		if n := len(gh.Discussions(umbOwner, umbRepo)); n != 0 {
			t.Errorf("got %d discussions, want none", n)
		}
	})
	t.Run("write refused", func(t *testing.T) {
		t.Parallel()
		gh, _, src, env := discussionFixture(t)
		gh.InjectGraphQL(githubtest.GraphQLFault{Field: "createDiscussion", Message: "Resource not accessible by integration"})
		res, err := Announce(context.Background(), env(time.Date(2026, 11, 13, 0, 0, 0, 0, time.UTC), fstest.MapFS{annMinutes: {Data: src}}))
		if err == nil || !strings.Contains(err.Error(), "discussions write") {
			t.Errorf("got %v, want a failure naming discussions write", err)
		}
		if res == nil || res.Report == nil || res.Report.Count("failed") != 1 {
			t.Errorf("got %+v, want the write reported as failed", res)
		}
	})
}
