package runner

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

const routePutContents = "PUT /repos/{owner}/{repo}/contents/{path...}"

func calSeed(t *testing.T, gh *githubtest.Server) {
	t.Helper()
	for _, p := range []string{remTermDir + "/README.md", annMinutes} {
		data, err := os.ReadFile("../../examples/mentoring/" + p)
		if err != nil {
			t.Fatal(err)
		}
		gh.SetFile(umbOwner, umbRepo, "main", p, string(data))
	}
}

// TestCalendarFilesThroughFake: the feed and the README chart are committed
// once; a second run (reading the repository afresh) writes nothing.
func TestCalendarFilesThroughFake(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo(umbOwner, umbRepo)
	calSeed(t, gh)
	cfg := config.Default()
	cfg.Calendar.Commit, cfg.TimelineChart.Readme = true, true
	run := func() *Result {
		t.Helper()
		client := gh.Client("t")
		env := &Env{Owner: umbOwner, Repo: umbRepo, DefaultBranch: "main", Config: cfg, GH: client,
			FS: githubapi.NewFS(context.Background(), client, umbOwner, umbRepo, "main"), Now: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)}
		res, err := CalendarFiles(context.Background(), env)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	run()
	if got := gh.Count(routePutContents); got != 2 {
		t.Errorf("got %d file writes, want 2 (feed and README)", got)
	}
	feed, ok := gh.FileContent(umbOwner, umbRepo, "main", "calendar/mentoring.ics")
	if !ok || !strings.Contains(feed, "BEGIN:VCALENDAR") || !strings.Contains(strings.ReplaceAll(feed, "\r\n ", ""), "https://github.com/cncf/mentoring/tree/main/"+remTermDir) {
		t.Errorf("got feed %.200q, want a calendar linking the term folder", feed)
	}
	readme, _ := gh.FileContent(umbOwner, umbRepo, "main", remTermDir+"/README.md")
	if !strings.Contains(readme, umbrella.ChartBegin+"\n```mermaid\ngantt\n") {
		t.Errorf("the README has no chart block:\n%s", readme)
	}
	res := run()
	if got := gh.Count(routePutContents); got != 2 || res.Skipped == "" {
		t.Errorf("got %d file writes after a second run (skipped %q), want still 2", got, res.Skipped)
	}
}

func TestCalendarFilesPushAndMarkers(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	cfg.Calendar.Commit, cfg.TimelineChart.Readme = true, true
	push := func(paths ...string) *event.Event {
		return &event.Event{Name: "push", Push: &event.Push{Ref: "refs/heads/main", Changed: paths}}
	}
	readme, err := os.ReadFile("../../examples/mentoring/" + remTermDir + "/README.md")
	if err != nil {
		t.Fatal(err)
	}
	broken := string(readme) + "\n" + umbrella.ChartBegin + "\nmy own notes, no end marker\n"
	fsys := fstest.MapFS{remTermDir + "/README.md": {Data: []byte(broken)}}
	tests := []struct {
		name   string
		ev     *event.Event
		writes []string
		skip   string
	}{
		{"unrelated push", push("docs/x.md"), nil, "changed no term README"},
		{"other branch", &event.Event{Name: "push", Push: &event.Push{Ref: "refs/heads/dev", Changed: []string{remTermDir + "/README.md"}}}, nil, "not the default branch"},
		// The README's markers are malformed: only the feed is written.
		{"README push", push(remTermDir + "/README.md"), []string{"calendar/mentoring.ics"}, ""},
		{"minutes push", push(annMinutes), []string{"calendar/mentoring.ics"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := &Env{Owner: "local", FS: fsys, Config: cfg, DefaultBranch: "main", Event: tt.ev, Now: time.Now()}
			res, err := CalendarFiles(context.Background(), env)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range res.Plan.Actions {
				got = append(got, a.(interface{ Describe() string }).Describe())
			}
			if len(got) != len(tt.writes) {
				t.Fatalf("got actions %q, want writes of %q", got, tt.writes)
			}
			for i, w := range tt.writes {
				if !strings.Contains(got[i], w) {
					t.Errorf("got %q, want a write of %s", got[i], w)
				}
			}
			if tt.skip != "" && !strings.Contains(res.Skipped, tt.skip) {
				t.Errorf("got skipped %q, want %q", res.Skipped, tt.skip)
			}
			if strings.Contains(tt.name, "README") && !strings.Contains(res.Summary, "malformed timeline-chart markers") {
				t.Errorf("got summary %q, want the malformed markers named", res.Summary)
			}
		})
	}
}
