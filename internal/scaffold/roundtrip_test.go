package scaffold_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/scaffold"
	"github.com/mentorbot/mentorbot/internal/term"
)

// entry is one generated schedule entry: a date, an optional last date and
// the time as a schedule would write it.
type entry struct {
	key, label string
	start, end time.Time
	clock      string
}

// schedule writes a schedule file for term number n of year, its dates
// placed around the term's months the way LFX terms are: proposals two
// months ahead, applications and review before the start, evaluations
// mid-term and at the end. extra entries are merged in date order.
func schedule(year, n int, cfg *config.Config, extra ...entry) string {
	first, last, _ := cfg.Terms.TermMonths(n)
	begin := time.Date(year, first, 1, 0, 0, 0, 0, time.UTC)
	endYear := year
	if last < first {
		endYear++
	}
	end := time.Date(endYear, last+1, 0, 0, 0, 0, 0, time.UTC)
	monday := begin
	for monday.Weekday() != time.Monday {
		monday = monday.AddDate(0, 0, 1)
	}
	lastFriday := end
	for lastFriday.Weekday() != time.Friday {
		lastFriday = lastFriday.AddDate(0, 0, -1)
	}
	es := []entry{
		{"proposals_open", "Project Proposals Open", begin.AddDate(0, 0, -60), begin.AddDate(0, 0, -33), "18:00 UTC"},
		{"applications_open", "Mentee Applications Open", begin.AddDate(0, 0, -28), begin.AddDate(0, 0, -15), "11:00 AM"},
		{"application_review", "Application Review Period (2 weeks)", begin.AddDate(0, 0, -14), begin.AddDate(0, 0, -3), "19:00"},
		{"selection_notify", "Selection Notifications", begin.AddDate(0, 0, -2), time.Time{}, ""},
		{"term_start", "Mentorship Program Begins", monday, time.Time{}, ""},
		{"kickoff_call", "Mentorship Kick Off Call", monday.AddDate(0, 0, 1), time.Time{}, "Times TBD (will be multiple timezone options)"},
		{"midterm_evals", "Midterm Mentee Evaluations", monday.AddDate(0, 0, 43), time.Time{}, "18:00 UTC"},
		{"first_stipends", "First Stipend Payments", monday.AddDate(0, 0, 44), time.Time{}, ""},
		{"final_evals", "Final Mentee Evaluations", lastFriday.AddDate(0, 0, -3), time.Time{}, "18:00 UTC"},
		{"second_stipends", "Second Stipend Payments", lastFriday.AddDate(0, 0, -2), time.Time{}, ""},
		{"term_end", "Last Day of Term", lastFriday, time.Time{}, ""},
	}
	es = append(es, extra...)
	sort.SliceStable(es, func(i, j int) bool { return es[i].start.Before(es[j].start) })
	var b strings.Builder
	fmt.Fprintf(&b, "term: {year: %d, number: %d}\nschedule:\n", year, n)
	for _, e := range es {
		fmt.Fprintf(&b, "  - key: %s\n    label: %s\n    start: %s\n", e.key, e.label, e.start.Format(time.DateOnly))
		if !e.end.IsZero() {
			fmt.Fprintf(&b, "    end: %s\n", e.end.Format(time.DateOnly))
		}
		if e.clock != "" {
			fmt.Fprintf(&b, "    time: %q\n", e.clock)
		}
	}
	return b.String()
}

// validate renders the schedule and runs term validation on the result.
func validate(t *testing.T, src string, cfg *config.Config) {
	t.Helper()
	s, err := scaffold.Parse([]byte(src), "schedule.yml")
	if err != nil {
		t.Fatalf("Parse: %v\n%s", err, src)
	}
	res, err := scaffold.Build(fstest.MapFS{}, s, cfg, scaffold.Options{})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	fsys := fstest.MapFS{}
	for _, f := range res.Files {
		fsys[f.Path] = &fstest.MapFile{Data: []byte(f.Content)}
	}
	dirs, err := term.Discover(fsys, cfg.Terms.Root)
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != 1 || dirs[0] != res.Dir {
		t.Fatalf("got term folders %v, want [%s]", dirs, res.Dir)
	}
	got, err := term.Validate(fsys, cfg, dirs)
	if err != nil {
		t.Fatal(err)
	}
	if got.TermsChecked != 1 {
		t.Errorf("got %d terms checked, want 1", got.TermsChecked)
	}
	if len(got.Findings) > 0 {
		var msgs []string
		for _, f := range got.Findings {
			msgs = append(msgs, f.String())
		}
		t.Errorf("got %d findings, want none:\n%s\n\n%s", len(got.Findings), strings.Join(msgs, "\n"), res.Files[0].Content)
	}
	// Read back, every timeline row carries the date the schedule gave.
	id, err := term.ParseFolder(res.Dir, cfg.Terms)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := term.Load(fsys, cfg, id)
	if err != nil {
		t.Fatal(err)
	}
	var dated []scaffold.Entry
	for _, e := range s.Entries {
		if e.Dated() && e.Timeline {
			dated = append(dated, e)
		}
	}
	if len(doc.Timeline) != len(dated) {
		t.Fatalf("got %d timeline rows, want %d", len(doc.Timeline), len(dated))
	}
	for i, e := range dated {
		r := doc.Timeline[i]
		if got, want := r.Start.Format(time.DateOnly), e.Start.Format(time.DateOnly); got != want && !(e.End.IsZero() && r.HasTime) {
			t.Errorf("row %q: got start %s, want %s", r.Activity, got, want)
		}
	}
}

// quarterly is a config with four terms, to cover term numbers beyond
// cncf/mentoring's three.
func quarterly() *config.Config {
	cfg := config.Default()
	cfg.Terms.Months = map[int][2]string{1: {"Jan", "Mar"}, 2: {"Apr", "Jun"}, 3: {"Jul", "Sep"}, 4: {"Oct", "Dec"}}
	return cfg
}

func TestScaffoldPassesValidateEveryTerm(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		cfg  *config.Config
	}{{"default", config.Default()}, {"quarterly", quarterly()}} {
		for n := range c.cfg.Terms.Months {
			for year := 2025; year <= 2032; year++ {
				t.Run(fmt.Sprintf("%s/%d-%d", c.name, year, n), func(t *testing.T) {
					t.Parallel()
					validate(t, schedule(year, n, c.cfg), c.cfg)
				})
			}
		}
	}
}

// TestScaffoldPassesValidateAcrossDST puts timed entries on every day around
// the spring and autumn daylight-saving changes in Los Angeles, at times
// whose local day differs from the UTC day, so the abbreviation and the
// UTC conversion are checked on the days they change.
func TestScaffoldPassesValidateAcrossDST(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	loc, err := cfg.Terms.Location()
	if err != nil {
		t.Fatal(err)
	}
	for year := 2026; year <= 2029; year++ {
		// Term 1 runs through the March change, term 3 through November's.
		for _, tc := range []struct {
			n     int
			month time.Month
		}{{1, time.March}, {3, time.November}} {
			change := dstChange(year, tc.month, loc)
			for d := -2; d <= 2; d++ {
				for _, clock := range []string{"18:00 UTC", "09:30 UTC", "02:30", "11:00 PM", "00:30 UTC", "1:30 AM"} {
					day := change.AddDate(0, 0, d)
					name := fmt.Sprintf("%d-%d/%s/%s", year, tc.n, day.Format("Jan-02"), clock)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						extra := entry{"check_in", "Mentee Check-in", time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC), time.Time{}, clock}
						validate(t, schedule(year, tc.n, cfg, extra), cfg)
					})
				}
			}
		}
	}
}

// dstChange returns the day in month of year when loc's offset changes.
func dstChange(year int, month time.Month, loc *time.Location) time.Time {
	for d := 1; d <= 31; d++ {
		a := time.Date(year, month, d, 0, 0, 0, 0, loc)
		b := time.Date(year, month, d, 23, 0, 0, 0, loc)
		if _, oa := a.Zone(); true {
			if _, ob := b.Zone(); oa != ob {
				return time.Date(year, month, d, 0, 0, 0, 0, time.UTC)
			}
		}
	}
	panic(fmt.Sprintf("no DST change in %s %d", month, year))
}
