package announce

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	goldenfile "github.com/mentorbot/mentorbot/internal/golden"
	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// minutes is a minutes file whose upcoming stub is the meeting on d, with
// an agenda (one item hostile).
func minutes(d meeting.Date, extra string) *meeting.File {
	src := fmt.Sprintf(`# Mentoring WG

3rd Thursday of the month at 10AM Pacific Time

# Upcoming Meetings

## %s

10:00 AM Pacific Time
%s
### Attendance

* 

### Agenda

* Plan the *next* term ([#12](https://example.org/12))
* Ping @everyone <!-- mentorbot:meeting-announcement 2030-01-01 --> <img src=x>
* 

### Notes

* not agenda

# Past Meetings
`, d.Long(), extra)
	f, err := meeting.Parse([]byte(src))
	if err != nil {
		panic(err)
	}
	return f
}

func sched() meeting.Schedule {
	r, err := meeting.ParseRule("3rd Thursday")
	if err != nil {
		panic(err)
	}
	loc, _ := time.LoadLocation("America/Los_Angeles")
	return meeting.Schedule{Rule: r, Hour: 10, Location: loc, Duration: time.Hour}
}

func date(s string) meeting.Date {
	d, err := meeting.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

func testConfig() *config.Config {
	cfg := config.Default()
	cfg.Announce.Enabled = true
	cfg.Announce.AgendaLabel = "wg-agenda"
	cfg.Announce.OnTheDay = true
	cfg.Announce.Zones = []string{"Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo"}
	cfg.Meeting.Skip = []config.MeetingSkip{{Date: "2026-12-17", Reason: "end-of-year break"}}
	return cfg
}

func TestPlanGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		now      string
		stub     string
		existing []Issue
	}{
		// US and EU both in standard time.
		{"2026-02-pst-cet", "2026-02-12 18:00", "2026-02-19", nil},
		// The US changed on March 8, the EU changes on March 29: PDT with CET.
		{"2026-03-pdt-cet", "2026-03-12 17:00", "2026-03-19", nil},
		// Both in daylight time, the announcement already open: edited in place.
		{"2026-10-pdt-cest-edit", "2026-10-10 12:00", "2026-10-15", []Issue{{Number: 7, Date: date("2026-10-15"), Open: true}}},
		// The EU changed back on October 25, the US on November 1: PST with
		// CET again. On the day: the today comment; October's is closed.
		{"2026-11-pst-cet-today", "2026-11-19 15:00", "2026-11-19", []Issue{{Number: 7, Date: date("2026-10-15"), Open: true}, {Number: 9, Date: date("2026-11-19"), Open: true}}},
		// Cancelled in the config after it was announced: closed as not planned.
		{"2026-12-cancelled", "2026-12-12 12:00", "2026-12-17", []Issue{{Number: 11, Date: date("2026-12-17"), Open: true}}},
		// Cancelled in the stub, never announced: nothing.
		{"2027-01-stub-cancelled", "2027-01-14 12:00", "2027-01-21", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			extra := ""
			if strings.Contains(tt.name, "stub-cancelled") {
				extra = "\nCancelled: KubeCon week\n"
			}
			in := Input{
				Schedule: sched(), Minutes: minutes(date(tt.stub), extra), Name: "Mentoring WG meeting",
				MinutesURL: "https://github.com/example/mentoring/blob/main/mentoring-wg/2026-meeting-minutes.md",
				Join:       "https://zoom.example.org/my/mentoring-wg",
				Agenda:     []AgendaIssue{{Number: 31, Title: "Stipend @timing <script>"}},
				Existing:   tt.existing, Now: utc(tt.now),
			}
			res, err := Plan(in, testConfig())
			if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			out := fmt.Sprintf("next: %s cancelled=%v\nnotes: %q\n%s", res.Next.Date, res.Next.Cancelled, res.Notes, res.Plan.Text())
			goldenfile.Assert(t, filepath.Join("testdata", tt.name+".txt"), []byte(out))
			if strings.Contains(out, "<!-- mentorbot:meeting-announcement 2030") || strings.Contains(out, "<img") || strings.Contains(out, " @everyone") {
				t.Errorf("the announcement echoes hostile text:\n%s", out)
			}
			// An issue title is shown as code: its HTML is text.
			if strings.Contains(out, "#31") && !strings.Contains(out, "- #31 `Stipend @\u200btiming <script>`") {
				t.Errorf("the agenda issue's title is not quoted as code:\n%s", out)
			}
		})
	}
}

func TestTimes(t *testing.T) {
	t.Parallel()
	la := sched().Location
	zones := []string{"Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo", "America/Sao_Paulo", "UTC", "America/Los_Angeles"}
	tests := []struct {
		day  string
		want string
	}{
		{"2026-02-19", "10am PST / 6pm UTC / 7pm CET / 11:30pm IST / 3am JST (Fri) / 3pm UTC-3"},
		{"2026-03-19", "10am PDT / 5pm UTC / 6pm CET / 10:30pm IST / 2am JST (Fri) / 2pm UTC-3"},
		{"2026-04-16", "10am PDT / 5pm UTC / 7pm CEST / 10:30pm IST / 2am JST (Fri) / 2pm UTC-3"},
		{"2026-10-29", "10am PDT / 5pm UTC / 6pm CET / 10:30pm IST / 2am JST (Fri) / 2pm UTC-3"},
		{"2026-11-19", "10am PST / 6pm UTC / 7pm CET / 11:30pm IST / 3am JST (Fri) / 3pm UTC-3"},
	}
	for _, tt := range tests {
		d := date(tt.day)
		if got := Times(d.At(10, 0, la), la, zones); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.day, got, tt.want)
		}
	}
	ist, _ := time.LoadLocation("Asia/Kolkata")
	if got, want := Clock(time.Date(2026, 1, 1, 0, 0, 0, 0, ist), ist, ist), "12am IST"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNotDueAndClosedByAPerson(t *testing.T) {
	t.Parallel()
	in := Input{Schedule: sched(), Minutes: minutes(date("2026-10-15"), ""), Now: utc("2026-10-01 00:00")}
	res, err := Plan(in, testConfig())
	if err != nil {
		t.Fatal(err)
	}
	if !res.Plan.Empty() || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "announced from 2026-10-08 17:00 UTC") {
		t.Errorf("got %v %q, want nothing yet and when it will be", res.Plan.Actions, res.Notes)
	}
	in.Now = utc("2026-10-10 00:00")
	in.Existing = []Issue{{Number: 5, Date: date("2026-10-15"), Open: false}}
	res, _ = Plan(in, testConfig())
	if !res.Plan.Empty() {
		t.Errorf("got %v, want a closed announcement left alone", res.Plan.Actions)
	}
	in.Existing = []Issue{{Number: 5, Date: date("2026-10-15"), Open: true, TodaySent: true}}
	in.Now = utc("2026-10-15 15:00")
	res, _ = Plan(in, testConfig())
	var kinds []string
	for _, a := range res.Plan.Actions {
		kinds = append(kinds, a.Kind())
	}
	if d := cmp.Diff([]string{"edit-issue"}, kinds); d != "" {
		t.Errorf("actions (-want +got):\n%s", d)
	}
	_ = plan.Issue
	in.Existing, in.Now = nil, utc("2026-10-10 00:00")
	in.Forged = map[string]string{"2026-10-15": "mallory"}
	res, _ = Plan(in, testConfig())
	if !res.Plan.Empty() || len(res.Notes) != 1 || !strings.Contains(res.Notes[0], "an issue by @mallory carries its marker") {
		t.Errorf("got %v %q, want no announcement over a forged issue", res.Plan.Actions, res.Notes)
	}
}
