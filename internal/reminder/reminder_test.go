package reminder

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	goldenfile "github.com/mentorbot/mentorbot/internal/golden"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

var la = func() *time.Location {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		panic(err)
	}
	return loc
}()

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, la)
	if err != nil {
		panic(err)
	}
	return t
}

// The 2026 Term 3 timeline: midterm in daylight time, final in standard time.
func input(now time.Time) Input {
	return Input{
		Term:     umbrella.Term{Year: 2026, Number: 3},
		Location: la, Now: now, Umbrella: plan.Issue(40),
		Labels: []string{"LFX Mentorship", "term/3"},
		Timeline: []umbrella.Date{
			{Activity: "Midterm Mentee Evaluations", Start: utc("2026-10-20 18:00"), HasTime: true},
			{Activity: "**Final** Mentee Evaluations <b>@everyone</b>", Start: utc("2026-11-24 19:00"), HasTime: true},
			{Activity: "Last Day of Term", Start: day("2026-11-27")},
		},
		Mentors: []string{"zoe", "Ada", "ada", "not a login"}, MentorsFrom: "programs/lfx-mentorship/2026/03-Sep-Nov/lfx-export.json",
	}
}

func testConfig() *config.Config {
	cfg := config.Default()
	cfg.Administrators = []string{"nate-w", "kaslin"}
	cfg.Reminders = map[string]config.Reminder{
		"midterm_evals": {DaysBefore: config.Ints{3}, Notify: config.Strings{"mentors"}},
		"final_evals":   {DaysBefore: config.Ints{7, 1}, Notify: config.Strings{"mentors", "admins", "@cncf/mentoring-admins"}, Post: "issue"},
		"term_end":      {DaysBefore: config.Ints{0}, Notify: config.Strings{"admins"}},
	}
	return cfg
}

func TestStates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		now  time.Time
		sent []string
		want map[string]string // key/days -> state
	}{
		{"long before", utc("2026-09-01 00:00"), nil, map[string]string{"midterm_evals/3": "waiting", "final_evals/7": "waiting", "final_evals/1": "waiting", "term_end/0": "waiting"}},
		// 3 days before 11:00 PDT on Oct 20 is 11:00 PDT on Oct 17: 18:00 UTC.
		{"a minute early", utc("2026-10-17 17:59"), nil, map[string]string{"midterm_evals/3": "waiting", "final_evals/7": "waiting", "final_evals/1": "waiting", "term_end/0": "waiting"}},
		{"on time", utc("2026-10-17 18:00"), nil, map[string]string{"midterm_evals/3": "due", "final_evals/7": "waiting", "final_evals/1": "waiting", "term_end/0": "waiting"}},
		{"already sent", utc("2026-10-18 00:00"), []string{Marker(umbrella.Term{Year: 2026, Number: 3}, "midterm_evals", 3)}, map[string]string{"midterm_evals/3": "sent", "final_evals/7": "waiting", "final_evals/1": "waiting", "term_end/0": "waiting"}},
		{"deadline over", utc("2026-10-20 18:00"), nil, map[string]string{"midterm_evals/3": "passed", "final_evals/7": "waiting", "final_evals/1": "waiting", "term_end/0": "waiting"}},
		// 7 days before 11:00 PST on Nov 24 is 11:00 PST on Nov 17 (19:00 UTC).
		{"across the fall change", utc("2026-11-17 19:00"), nil, map[string]string{"midterm_evals/3": "passed", "final_evals/7": "due", "final_evals/1": "waiting", "term_end/0": "waiting"}},
		{"missed the earlier offset", utc("2026-11-23 20:00"), nil, map[string]string{"midterm_evals/3": "passed", "final_evals/7": "superseded", "final_evals/1": "due", "term_end/0": "waiting"}},
		// A date: due from the start of its day in the term's zone, until its end.
		{"the last day", utc("2026-11-27 08:00"), nil, map[string]string{"midterm_evals/3": "passed", "final_evals/7": "passed", "final_evals/1": "passed", "term_end/0": "due"}},
		{"after the last day", utc("2026-11-28 08:00"), nil, map[string]string{"midterm_evals/3": "passed", "final_evals/7": "passed", "final_evals/1": "passed", "term_end/0": "passed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := input(tt.now)
			in.Sent = map[string]bool{}
			for _, m := range tt.sent {
				in.Sent[m] = true
			}
			res, err := Plan(in, testConfig())
			if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			got := map[string]string{}
			due := 0
			for _, x := range res.Reminders {
				got[x.Key+"/"+strconv.Itoa(x.Days)] = x.State
				if x.State == "due" {
					due++
				}
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("states (-want +got):\n%s", d)
			}
			markers := 0
			for _, a := range res.Plan.Actions {
				switch a := a.(type) {
				case plan.UpsertComment:
					markers++
					if a.Issue != plan.Issue(40) {
						t.Errorf("got a comment on %s, want #40", a.Issue)
					}
				case plan.CreateIssue:
					markers++
				}
			}
			if markers != due {
				t.Errorf("got %d reminders planned, want %d", markers, due)
			}
		})
	}
}

func TestBodiesGolden(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for _, now := range []time.Time{utc("2026-10-17 18:00"), utc("2026-11-23 20:00"), utc("2026-11-27 08:00")} {
		res, err := Plan(input(now), testConfig())
		if err != nil {
			t.Fatalf("Plan: %v", err)
		}
		b.WriteString("# at " + now.Format(time.RFC3339) + "\n" + res.Plan.Text() + "\n")
	}
	out := b.String()
	goldenfile.Assert(t, filepath.Join("testdata", "reminders.txt"), []byte(out))
	for _, bad := range []string{"<b>", "@everyone", "**Final**"} {
		if strings.Contains(out, bad) {
			t.Errorf("a reminder echoes %q from the README", bad)
		}
	}
	for _, want := range []string{"@Ada, @zoe (mentors", "@nate-w, @kaslin (administrators)", "@cncf/mentoring-admins",
		"Tuesday, October 20, 2026, 11:00 AM PDT (18:00 UTC, October 20)", "Tuesday, November 24, 2026, 11:00 AM PST (19:00 UTC, November 24)"} {
		if !strings.Contains(out, want) {
			t.Errorf("the reminders lack %q", want)
		}
	}
}

func TestNoUmbrellaNoMentors(t *testing.T) {
	t.Parallel()
	in := input(utc("2026-10-17 18:00"))
	in.Umbrella = plan.IssueRef{}
	res, err := Plan(in, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Plan.Empty() || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "no umbrella issue") {
		t.Errorf("got plan %v notes %q, want an empty plan and a note on the missing umbrella issue", res.Plan.Actions, res.Notes)
	}
	in = input(utc("2026-10-17 18:00"))
	in.Mentors, in.MentorsFrom = nil, ""
	res, _ = Plan(in, testConfig())
	if got := res.Plan.Actions[0].(plan.UpsertComment).Body; !strings.Contains(got, "no lfx-export.json") {
		t.Errorf("got body %q, want it to say the term has no export yet", got)
	}
	// A forged marker in an issue stops a follow-up issue (the executor
	// finds issues by marker); comments are the executor's to tell apart.
	in = input(utc("2026-11-23 20:00"))
	in.Forged = map[string]string{Marker(in.Term, "final_evals", 1): "mallory"}
	res, _ = Plan(in, testConfig())
	if !res.Plan.Empty() || !strings.Contains(strings.Join(res.Notes, "\n"), "an issue by @mallory carries the reminder's marker") {
		t.Errorf("got plan %v notes %q, want no follow-up issue over a forged marker", res.Plan.Actions, res.Notes)
	}
	in = input(utc("2026-10-17 18:00"))
	in.Forged = map[string]string{Marker(in.Term, "midterm_evals", 3): "mallory"}
	if res, _ = Plan(in, testConfig()); len(res.Plan.Actions) != 1 {
		t.Errorf("got plan %v, want the comment reminder planned whatever issues carry", res.Plan.Actions)
	}
}
