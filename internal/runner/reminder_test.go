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
	"github.com/mentorbot/mentorbot/internal/reminder"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

const remTermDir = "programs/lfx-mentorship/2026/03-Sep-Nov"

// remSetup is a repository with the example 2026 Term 3 (final evaluations
// Tue Nov 24, 11:00 PST), an LFX export, and its umbrella issue opened by
// mentorbot.
func remSetup(t *testing.T, post string) (*githubtest.Server, fstest.MapFS, *config.Config, int) {
	t.Helper()
	readme, err := os.ReadFile("../../examples/mentoring/" + remTermDir + "/README.md")
	if err != nil {
		t.Fatal(err)
	}
	exp, err := os.ReadFile("../export/testdata/golden/lfx-export.json")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		remTermDir + "/README.md":       {Data: readme},
		remTermDir + "/lfx-export.json": {Data: exp},
	}
	cfg := config.Default()
	cfg.Administrators = []string{"nate-w"}
	cfg.Reminders = map[string]config.Reminder{
		"final_evals": {DaysBefore: config.Ints{7, 1}, Notify: config.Strings{"mentors", "admins"}, Post: post},
	}
	gh := githubtest.NewServer(t)
	gh.AddRepo(umbOwner, umbRepo)
	tm := umbrella.Term{Year: 2026, Number: 3}
	labels, err := umbrella.Labels(tm, cfg)
	if err != nil {
		t.Fatal(err)
	}
	u := gh.SeedIssue(umbOwner, umbRepo, githubtest.Issue{Title: "LFX Mentorship 2026 Term 3", User: "mentorbot[bot]",
		Body: "Umbrella\n\n" + umbrella.Marker(tm, umbrella.KeyUmbrella) + "\n", Labels: labels})
	return gh, fsys, cfg, u.Number
}

func remEnv(gh *githubtest.Server, fsys fstest.MapFS, cfg *config.Config, now time.Time) *Env {
	return &Env{Owner: umbOwner, Repo: umbRepo, DefaultBranch: "main", FS: fsys, Config: cfg, Now: now, GH: gh.Client("t")}
}

func markedBy(gh *githubtest.Server, n int, marker string) (bot, others int) {
	for _, c := range gh.Comments(umbOwner, umbRepo, n) {
		if strings.Contains(c.Body, marker) {
			if c.User == "mentorbot[bot]" {
				bot++
			} else {
				others++
			}
		}
	}
	return bot, others
}

// TestRemindersOnceAcrossRunsAndReplicas runs the job again and again from
// two replicas (two runners, two clients, one fake GitHub) over the days
// before the deadline: each offset is posted once.
func TestRemindersOnceAcrossRunsAndReplicas(t *testing.T) {
	t.Parallel()
	gh, fsys, cfg, u := remSetup(t, "comment")
	tm := umbrella.Term{Year: 2026, Number: 3}
	m7, m1 := reminder.Marker(tm, "final_evals", 7), reminder.Marker(tm, "final_evals", 1)
	start := time.Date(2026, 11, 17, 18, 0, 0, 0, time.UTC) // an hour before 7 days ahead
	var writesAfterFirst int
	for h := 0; h < 24*7; h += 5 {
		now := start.Add(time.Duration(h) * time.Hour)
		for replica := 0; replica < 2; replica++ {
			_, before := gh.Total()
			res, err := Reminders(context.Background(), remEnv(gh, fsys, cfg, now))
			if err != nil {
				t.Fatalf("replica %d at %s: %v", replica, now, err)
			}
			_, after := gh.Total()
			if res.Report != nil && res.Report.Changed() {
				continue
			}
			writesAfterFirst += after - before
		}
	}
	if writesAfterFirst != 0 {
		t.Errorf("got %d writes from runs that changed nothing, want 0", writesAfterFirst)
	}
	for _, m := range []string{m7, m1} {
		if bot, _ := markedBy(gh, u, m); bot != 1 {
			t.Errorf("got %d comments with %s, want 1", bot, m)
		}
	}
	if got, want := len(gh.Comments(umbOwner, umbRepo, u)), 2; got != want {
		t.Errorf("got %d comments on the umbrella issue, want %d", got, want)
	}
	body := gh.Comments(umbOwner, umbRepo, u)[0].Body
	for _, want := range []string{"Tuesday, November 24, 2026, 11:00 AM PST (19:00 UTC, November 24)", "@anaruiz", "@nate-w (administrators)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the reminder lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "@not a handle") || strings.Contains(body, "@everyone") {
		t.Errorf("the reminder mentions an invalid handle:\n%s", body)
	}
}

// TestRemindersReads checks the reads: nothing when no reminder is due, a
// label list and a comment list when one is.
func TestRemindersReads(t *testing.T) {
	t.Parallel()
	gh, fsys, cfg, _ := remSetup(t, "comment")
	res, err := Reminders(context.Background(), remEnv(gh, fsys, cfg, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	if all, _ := gh.Total(); all != 0 || res.Skipped == "" {
		t.Errorf("got %d requests and skipped %q with nothing due, want none and a reason", all, res.Skipped)
	}
	if !strings.Contains(res.Skipped, "final_evals 7d before 2026-11-24 19:00 UTC: waiting until 2026-11-17 19:00 UTC") {
		t.Errorf("got skipped %q, want the waiting reminder named", res.Skipped)
	}
	if _, err := Reminders(context.Background(), remEnv(gh, fsys, cfg, time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC))); err != nil {
		t.Fatal(err)
	}
	all, writes := gh.Total()
	t.Logf("one due reminder: %d requests, %d writes: %v", all, writes, gh.Calls())
	if got := gh.Count(routeListIssues); got != 1 {
		t.Errorf("got %d issue lists, want 1", got)
	}
}

// TestRemindersFollowUpIssue opens the reminder as an issue linked under
// the umbrella issue, once.
func TestRemindersFollowUpIssue(t *testing.T) {
	t.Parallel()
	gh, fsys, cfg, u := remSetup(t, "issue")
	now := time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if _, err := Reminders(context.Background(), remEnv(gh, fsys, cfg, now.Add(time.Duration(i)*time.Hour))); err != nil {
			t.Fatal(err)
		}
	}
	var found []githubtest.Issue
	for _, is := range gh.Issues(umbOwner, umbRepo) {
		if strings.Contains(is.Body, "mentorbot:reminder") {
			found = append(found, is)
		}
	}
	if len(found) != 1 {
		t.Fatalf("got %d reminder issues, want 1", len(found))
	}
	parent, _ := gh.Issue(umbOwner, umbRepo, u)
	if len(parent.SubIssues) != 1 || parent.SubIssues[0] != found[0].ID {
		t.Errorf("got sub-issues %v of the umbrella issue, want [%d]", parent.SubIssues, found[0].ID)
	}
	if got := gh.Count(routeCreateIssue); got != 1 {
		t.Errorf("got %d issue creations, want 1", got)
	}
}

// TestRemindersForgedMarker: a person's comment carrying the marker is not
// taken for the reminder, and not edited: mentorbot posts its own. A
// person's issue carrying a follow-up issue's marker stops that issue.
func TestRemindersForgedMarker(t *testing.T) {
	t.Parallel()
	gh, fsys, cfg, u := remSetup(t, "comment")
	tm := umbrella.Term{Year: 2026, Number: 3}
	forged := "ha " + reminder.Marker(tm, "final_evals", 7)
	gh.SeedComment(umbOwner, umbRepo, u, "mallory", forged)
	for i := 0; i < 2; i++ {
		if _, err := Reminders(context.Background(), remEnv(gh, fsys, cfg, time.Date(2026, 11, 18, i, 0, 0, 0, time.UTC))); err != nil {
			t.Fatal(err)
		}
	}
	bot, others := markedBy(gh, u, reminder.Marker(tm, "final_evals", 7))
	if bot != 1 || others != 1 {
		t.Errorf("got %d reminders by mentorbot and %d comments by others with the marker, want 1 and 1", bot, others)
	}
	for _, c := range gh.Comments(umbOwner, umbRepo, u) {
		if c.User == "mallory" && c.Body != forged {
			t.Errorf("mallory's comment was edited to %q", c.Body)
		}
	}

	gh, fsys, cfg, _ = remSetup(t, "issue")
	labels, _ := umbrella.Labels(tm, cfg)
	gh.SeedIssue(umbOwner, umbRepo, githubtest.Issue{Title: "mine", User: "mallory", Labels: labels, Body: reminder.Marker(tm, "final_evals", 7)})
	res, err := Reminders(context.Background(), remEnv(gh, fsys, cfg, time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	if _, writes := gh.Total(); writes != 0 || !strings.Contains(res.Skipped, "an issue by @mallory carries the reminder's marker") {
		t.Errorf("got %d writes, skipped %q; want none and the forged issue named", writes, res.Skipped)
	}
}

// TestRemindersNoUmbrella: without an umbrella issue nothing is written.
func TestRemindersNoUmbrella(t *testing.T) {
	t.Parallel()
	gh, fsys, cfg, _ := remSetup(t, "comment")
	cfg2 := *cfg
	cfg2.Labels.Program = "other-program" // the umbrella is not listed
	res, err := Reminders(context.Background(), remEnv(gh, fsys, &cfg2, time.Date(2026, 11, 18, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	if _, writes := gh.Total(); writes != 0 || !strings.Contains(res.Skipped, "no umbrella issue") {
		t.Errorf("got %d writes, skipped %q; want none and the missing umbrella issue named", writes, res.Skipped)
	}
}
