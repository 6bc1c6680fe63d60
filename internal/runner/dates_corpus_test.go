package runner

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
)

const corpusRoot = "../../../shared/corpus/cncf-mentoring/"

func corpusFile(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(corpusRoot + p)
	if os.IsNotExist(err) {
		t.Skipf("corpus absent (%s): the real cncf/mentoring files are not here", corpusRoot)
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestRemindersCorpus plans the reminders of the real 2026 Term 3 (its
// README at HEAD, its first LFX export) across the fall time change: the
// midterm deadline "Tue, Oct 20, 18:00 UTC" is 11:00 AM PDT, the final one
// "Tue, Nov 24, 18:00 UTC" is 10:00 AM PST.
func TestRemindersCorpus(t *testing.T) {
	t.Parallel()
	dir := "programs/lfx-mentorship/2026/03-Sep-Nov/"
	fsys := fstest.MapFS{
		dir + "README.md":       {Data: corpusFile(t, dir+"README.md")},
		dir + "lfx-export.json": {Data: corpusFile(t, "history/bece9985/"+dir+"lfx-export.json")},
	}
	cfg := config.Default()
	cfg.Reminders = map[string]config.Reminder{
		"midterm_evals": {DaysBefore: config.Ints{3}, Notify: config.Strings{"mentors"}},
		"final_evals":   {DaysBefore: config.Ints{3}, Notify: config.Strings{"mentors"}},
	}
	tests := []struct {
		now, want string
	}{
		{"2026-10-17T18:00:00Z", "Tuesday, October 20, 2026, 11:00 AM PDT (18:00 UTC, October 20)"},
		{"2026-11-21T18:00:00Z", "Tuesday, November 24, 2026, 10:00 AM PST (18:00 UTC, November 24)"},
	}
	for _, tt := range tests {
		now, _ := time.Parse(time.RFC3339, tt.now)
		res, err := Reminders(context.Background(), &Env{Owner: "local", FS: fsys, Config: cfg, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Plan.Actions) != 1 {
			t.Fatalf("at %s: got %d actions (skipped %q), want 1 reminder", tt.now, len(res.Plan.Actions), res.Skipped)
		}
		body := res.Plan.Actions[0].(plan.UpsertComment).Body
		if !strings.Contains(body, tt.want) {
			t.Errorf("at %s: the reminder lacks %q:\n%s", tt.now, tt.want, body)
		}
		if n := strings.Count(body, "@"); n < 7 {
			t.Errorf("at %s: got %d mentions, want the export's mentors (7 programs):\n%s", tt.now, n, body)
		}
	}
}

// TestAnnounceCorpus announces the real 2025 minutes' upcoming meeting
// (April 17, 2025, 10:00 AM PDT; the EU is on CEST since March 30).
func TestAnnounceCorpus(t *testing.T) {
	t.Parallel()
	p := "cncf-toc-mentoring-subproject/2025-meeting-minutes.md"
	fsys := fstest.MapFS{p: {Data: corpusFile(t, p)}}
	cfg := config.Default()
	cfg.Meeting.Path = "cncf-toc-mentoring-subproject/{year}-meeting-minutes.md"
	cfg.Announce.Enabled = true
	res, err := Announce(context.Background(), &Env{Owner: "local", FS: fsys, Config: cfg, Now: time.Date(2025, 4, 11, 12, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var body string
	for _, a := range res.Plan.Actions {
		if c, ok := a.(plan.CreateIssue); ok {
			body = c.Body
		}
	}
	for _, want := range []string{"**Thursday, April 17, 2025**, 10am PDT / 5pm UTC / 7pm CEST / 10:30pm IST", "https://zoom-lfx.platform.linuxfoundation.org/meeting/98463708370", "Nothing on the agenda yet"} {
		if !strings.Contains(body, want) {
			t.Errorf("the announcement lacks %q:\n%s", want, body)
		}
	}
}
