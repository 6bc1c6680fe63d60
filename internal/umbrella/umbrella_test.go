package umbrella

import (
	"encoding/json"
	goldenfile "github.com/mentorbot/mentorbot/internal/golden"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
)

func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Assert(t, filepath.Join("testdata", "golden", name), []byte(got))
}

var la = func() *time.Location {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		panic(err)
	}
	return loc
}()

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, la)
	if err != nil {
		panic(err)
	}
	return t
}

func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// timeline is the 2027 Term 1 timeline as the term parser would read it.
func timeline() []Date {
	return []Date{
		{Activity: "Project Proposals Open", Text: "Wednesday, January 6 – Tuesday, January 26, 2027, 11:00 AM PST (19:00 UTC)", Start: day("2027-01-06"), End: at("2027-01-26 19:00"), HasTime: true},
		{Activity: "Mentee Applications Open", Text: "Monday, February 1 – Tuesday, February 16, 2027", Start: day("2027-02-01"), End: day("2027-02-16")},
		{Activity: "Mentorship Kick-Off Call", Text: "Tuesday, March 9, 2027, Times TBD", Start: day("2027-03-09")},
		{Activity: "**Midterm Mentee Evaluations Due**", Text: "Tuesday, April 20, 2027, 11:00 AM PDT (18:00 UTC)", Start: at("2027-04-20 18:00"), HasTime: true},
		{Activity: "Last Day of Term", Text: "Friday, May 28, 2027", Start: day("2027-05-28")},
	}
}

func loadTasks(t testing.TB) *Tasks {
	t.Helper()
	data, err := os.ReadFile("testdata/tasks.yml")
	if err != nil {
		t.Fatal(err)
	}
	tasks, err := ParseTasks(data, "testdata/tasks.yml")
	if err != nil {
		t.Fatalf("ParseTasks: %v", err)
	}
	return tasks
}

func input(t testing.TB) Input {
	return Input{
		Term: Term{Year: 2027, Number: 1}, Repo: "cncf/mentoring", Dir: "programs/lfx-mentorship/2027/01-Mar-May",
		Timeline: timeline(), Tasks: loadTasks(t), Now: day("2027-01-10"),
	}
}

// apply plays a plan the way the executor does, against a list of existing
// issues: it opens issues (numbered after the highest so far) and links
// sub-issues, and returns the issues afterwards. stopAfter > 0 cuts the run
// off after that many actions, as a failing run would.
func apply(t testing.TB, p *plan.Plan, existing []Issue, stopAfter int) []Issue {
	t.Helper()
	out := append([]Issue(nil), existing...)
	next := 100
	for _, x := range out {
		next = max(next, x.Number+1)
	}
	refs := map[string]int{}
	num := func(r plan.IssueRef) int {
		if r.Number > 0 {
			return r.Number
		}
		n, ok := refs[r.Ref]
		if !ok {
			t.Fatalf("plan refers to %s before creating it", r)
		}
		return n
	}
	for i, a := range p.Actions {
		if stopAfter > 0 && i == stopAfter {
			break
		}
		switch a := a.(type) {
		case plan.CreateIssue:
			if !strings.Contains(a.Body, a.Marker) {
				t.Fatalf("issue %q: body lacks its marker %s", a.Title, a.Marker)
			}
			refs[a.Ref] = next
			out = append(out, Issue{Number: next, Marker: FindMarker(a.Body)})
			next++
		case plan.AddSubIssue:
			child := num(a.Child)
			for j := range out {
				if out[j].Number == child {
					if out[j].Parent != 0 {
						t.Fatalf("plan links #%d twice", child)
					}
					out[j].Parent = num(a.Parent)
				}
			}
		}
	}
	return out
}

func TestPlanNewTermGolden(t *testing.T) {
	t.Parallel()
	in := input(t)
	p, err := Plan(in, config.Default())
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	golden(t, "new-term.txt", p.Text())
	js, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "new-term.json", string(js)+"\n")
	// 4 labels, then umbrella + 13 tasks, each but the umbrella linked.
	if got, want := len(p.Actions), 4+14+13; got != want {
		t.Errorf("got %d actions, want %d", got, want)
	}
}

func TestPlanIsIdempotentAndResumable(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	in := input(t)
	first, err := Plan(in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, stop := range []int{0, 5, 6, 11, 20, len(first.Actions) - 1} {
		t.Run(map[bool]string{true: "complete", false: "cut off"}[stop == 0]+"-"+string(rune('0'+stop/10))+string(rune('0'+stop%10)), func(t *testing.T) {
			t.Parallel()
			in := input(t)
			in.Existing = apply(t, first, nil, stop)
			second, err := Plan(in, cfg)
			if err != nil {
				t.Fatal(err)
			}
			in.Existing = apply(t, second, in.Existing, 0)
			if got, want := len(in.Existing), 14; got != want {
				t.Errorf("got %d issues after the second run, want %d (nothing twice)", got, want)
			}
			third, err := Plan(in, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !third.Empty() {
				t.Errorf("got a third plan %s, want no changes", third.Text())
			}
		})
	}
}

func TestPlanLinksOnlyMissing(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	term := Term{Year: 2027, Number: 1}
	mk := func(n int, key string, parent int) Issue {
		return Issue{Number: n, Marker: Marker(term, key), Parent: parent}
	}
	in := input(t)
	in.Tasks = &Tasks{Sections: []Task{{Title: "4. Midterm", Key: "4-midterm", Children: []Task{
		{Title: "Approve stipends", Key: "4-midterm/approve-stipends"},
		{Title: "Share eval form", Key: "4-midterm/share-eval-form"},
		{Title: "Send results", Key: "4-midterm/send-results"},
	}}}}
	in.Existing = []Issue{
		mk(1, KeyUmbrella, 0),
		mk(2, "task/4-midterm", 1),
		mk(3, "task/4-midterm/approve-stipends", 0),             // created, link lost
		mk(4, "task/4-midterm/share-eval-form", 77),             // a person moved it
		mk(9, "task/4-midterm/share-eval-form", 0),              // a later duplicate: ignored
		{Number: 5, Marker: Marker(Term{2026, 3}, KeyUmbrella)}, // another term
	}
	p, err := Plan(in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"ensure-label", "ensure-label", "ensure-label", "ensure-label",
		"add-sub-issue #3 -> #2",
		"create-issue 2027-1/task/4-midterm/send-results",
		"add-sub-issue {2027-1/task/4-midterm/send-results} -> #2",
	}
	var got []string
	for _, a := range p.Actions {
		switch a := a.(type) {
		case plan.AddSubIssue:
			got = append(got, "add-sub-issue "+a.Child.String()+" -> "+a.Parent.String())
		case plan.CreateIssue:
			got = append(got, "create-issue "+a.Ref)
		default:
			got = append(got, a.Kind())
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("actions mismatch (-want +got):\n%s", diff)
	}
}

func TestPlanMenteesAndRetrospective(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name              string
		onboarding, retro bool
		now               string
		mentees           []string
		wantTitles        []string
	}{
		{"off by default", false, false, "2027-05-27", []string{"alice"}, nil},
		{"onboarding per mentee", true, false, "2027-03-08", []string{"@alice", "bob", " "}, []string{"[LFX 2027 T1] Onboarding: @alice", "[LFX 2027 T1] Onboarding: @bob"}},
		{"retrospective not yet due", false, true, "2027-05-20", nil, nil},
		{"retrospective a week before term end", false, true, "2027-05-21", nil, []string{"[LFX 2027 T1] Retrospective"}},
		{"retrospective after term end", false, true, "2027-06-10", nil, []string{"[LFX 2027 T1] Retrospective"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := config.Default()
			cfg.Umbrella.MenteeOnboarding, cfg.Umbrella.Retrospective = tc.onboarding, tc.retro
			in := input(t)
			in.Tasks, in.Mentees, in.Now = nil, tc.mentees, day(tc.now)
			in.Existing = []Issue{{Number: 1, Marker: Marker(in.Term, KeyUmbrella)}}
			p, err := Plan(in, cfg)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range p.Actions {
				if c, ok := a.(plan.CreateIssue); ok {
					got = append(got, c.Title)
				}
			}
			if diff := cmp.Diff(tc.wantTitles, got); diff != "" {
				t.Errorf("created titles mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMenteeAndRetrospectiveBodiesGolden(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	cfg.Umbrella.MenteeOnboarding, cfg.Umbrella.Retrospective = true, true
	in := input(t)
	in.Tasks, in.Mentees, in.Now = nil, []string{"alice"}, day("2027-05-28")
	in.Existing = []Issue{{Number: 1, Marker: Marker(in.Term, KeyUmbrella)}}
	p, err := Plan(in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "mentee-retrospective.txt", p.Text())
}

func TestPlanTemplates(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, title, body string
		wantTitle         string
		wantErr           string
	}{
		{"default", "", "", "LFX Mentorship 2027 Term 1 (Mar-May)", ""},
		{"custom", "{{.Short}}: {{.FirstLong}} to {{.LastLong}}", "{{len .Timeline}} dates", "LFX 2027 T1: March to May", ""},
		{"unknown field", "{{.Nope}}", "", "", "umbrella.title template"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := config.Default()
			cfg.Umbrella.Title, cfg.Umbrella.Body = tc.title, tc.body
			in := input(t)
			in.Tasks = nil
			p, err := Plan(in, cfg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			c := p.Actions[4].(plan.CreateIssue)
			if c.Title != tc.wantTitle {
				t.Errorf("got title %q, want %q", c.Title, tc.wantTitle)
			}
			if tc.body != "" && !strings.HasPrefix(c.Body, "5 dates\n") {
				t.Errorf("got body %q, want it to start with the custom template's output", c.Body)
			}
		})
	}
}

func TestPlanUnknownTermLabel(t *testing.T) {
	t.Parallel()
	in := input(t)
	in.Term.Number = 4
	if _, err := Plan(in, config.Default()); err == nil || !strings.Contains(err.Error(), "labels.terms") {
		t.Errorf("got error %v, want one naming labels.terms", err)
	}
}

func BenchmarkPlanCorpusTree(b *testing.B) {
	p := "../../../shared/corpus/cncf-mentoring/programs/lfx-mentorship/automation/term-issues.yml"
	data, err := os.ReadFile(p)
	if err != nil {
		b.Skipf("corpus not available: %v", err)
	}
	tasks, err := ParseTasks(data, p)
	if err != nil {
		b.Fatal(err)
	}
	cfg := config.Default()
	in := input(b)
	in.Tasks = tasks
	first, err := Plan(in, cfg)
	if err != nil {
		b.Fatal(err)
	}
	done := apply(b, first, nil, 0)
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			if _, err := Plan(in, cfg); err != nil {
				b.Fatal(err)
			}
		}
	})
	in.Existing = done
	b.Run("no-op", func(b *testing.B) {
		for b.Loop() {
			if _, err := Plan(in, cfg); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestLayout(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	cfg.Umbrella.MenteeOnboarding = true
	in := input(t)
	in.Mentees = []string{"alice"}
	got, err := Layout(in, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for child, want := range map[string]string{
		"task/0-key-dates":                  KeyUmbrella,
		"task/0-key-dates/last-day-of-term": "task/0-key-dates",
		"task/2-proposals/2-1-announce-applications-open-for-candidates/initial-announcement": "task/2-proposals/2-1-announce-applications-open-for-candidates",
		"onboarding/alice": KeyUmbrella,
	} {
		if got[child] != want {
			t.Errorf("parent of %s: got %q, want %q", child, got[child], want)
		}
	}
	if got, want := len(got), 14; got != want {
		t.Errorf("got %d linked issues, want %d", got, want)
	}
	if _, ok := got[KeyUmbrella]; ok {
		t.Errorf("got a parent for the umbrella, want none")
	}
}

// The README's "11:00 AM PDT (18:00 UTC)" on a January date is one event
// with two deadlines: the umbrella issue says the one its tasks say (the
// local time, in PST) and flags the README, instead of copying it.
func TestUmbrellaTimelineSaysTheRightDeadline(t *testing.T) {
	t.Parallel()
	in := input(t)
	in.Timeline = []Date{{
		Activity: "Project Proposals Open", Text: "Wednesday, January 6 – Tuesday, January 26, 2027, 11:00 AM PDT (18:00 UTC)",
		Start: day("2027-01-06"), End: at("2027-01-26 19:00"), HasTime: true, Zone: "PDT",
	}}
	p, err := Plan(in, config.Default())
	if err != nil {
		t.Fatal(err)
	}
	var body string
	for _, a := range p.Actions {
		if c, ok := a.(plan.CreateIssue); ok && strings.Contains(c.Body, "### Timeline") {
			body = c.Body
			break
		}
	}
	want := "- [ ] Project Proposals Open: Wednesday, January 6 – Tuesday, January 26, 2027, 11:00 AM PST (19:00 UTC) (the README says PDT: it is PST on that date, fix the README)\n"
	if !strings.Contains(body, want) {
		t.Errorf("umbrella body:\n%s\nwant the line\n%s", body, want)
	}
}
