package calendar

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/teambition/rrule-go"
)

const corpusDir = "../../../shared/corpus/cncf-mentoring"

func corpus(t testing.TB) string {
	t.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "programs")); err != nil {
		t.Skipf("corpus not available at %s (it lives next to the repository): %v", corpusDir, err)
	}
	return corpusDir
}

func la(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// parse reads a feed with an independent iCalendar parser.
func parse(t *testing.T, data []byte) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parsing the feed: %v", err)
	}
	return cal
}

func prop(c *ics.VEvent, p ics.ComponentProperty) string {
	if v := c.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// The feed of the real repository: every term's dates at the instants the
// time-zone database gives, stable UIDs, the meeting series in its own zone.
func TestCorpusFeed(t *testing.T) {
	t.Parallel()
	fsys := os.DirFS(corpus(t))
	cfg := config.Default()
	cfg.Meeting.Path = "*/{year}-meeting-minutes.md"
	in, err := Load(fsys, cfg, Options{Repo: "cncf/mentoring"})
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Terms) != 12 {
		t.Errorf("got %d terms, want the 12 of 2023-2026 (the archive is left out)", len(in.Terms))
	}
	out, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Render(in)
	if !bytes.Equal(out, again) {
		t.Fatal("two renders of the same input differ")
	}
	cal := parse(t, out)
	byUID := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		id := prop(e, ics.ComponentPropertyUniqueId)
		if byUID[id] != nil {
			t.Errorf("UID %s appears twice", id)
		}
		byUID[id] = e
		if prop(e, ics.ComponentPropertyDtstamp) == "" {
			t.Errorf("%s has no DTSTAMP", id)
		}
	}
	loc := la(t)
	// Deadlines as the READMEs write them, converted by the tz database.
	deadlines := []struct {
		uid string
		at  time.Time
	}{
		{"term/2026-3/project-proposals-open/deadline@mentorbot", time.Date(2026, 7, 28, 11, 0, 0, 0, loc)},
		{"term/2026-1/project-proposals-open/deadline@mentorbot", time.Date(2026, 1, 21, 0, 0, 0, 0, loc).Add(24 * time.Hour)},
		{"term/2025-2/project-proposals-open/deadline@mentorbot", time.Date(2025, 5, 13, 11, 0, 0, 0, loc)},
		{"term/2024-1/project-proposals/deadline@mentorbot", time.Date(2024, 1, 24, 8, 0, 0, 0, loc)},
	}
	for _, d := range deadlines {
		e := byUID[d.uid]
		if e == nil {
			// 2026 T1 closes at midnight: a date, not a deadline event.
			if strings.HasPrefix(d.uid, "term/2026-1") {
				continue
			}
			t.Errorf("no event %s", d.uid)
			continue
		}
		got, err := e.GetStartAt()
		if err != nil || !got.Equal(d.at) {
			t.Errorf("%s: got %v, %v; want %v (%v)", d.uid, got, err, d.at, d.at.UTC())
		}
	}
	// An all-day range ends the day after its last day (DTEND is exclusive).
	if e := byUID["term/2026-3/project-proposals-open@mentorbot"]; e == nil {
		t.Error("no event for 2026 T3 proposals")
	} else if s, e := prop(e, ics.ComponentPropertyDtStart), prop(e, ics.ComponentPropertyDtEnd); s != "20260701" || e != "20260729" {
		t.Errorf("2026 T3 proposals: got %s – %s, want 20260701 – 20260729", s, e)
	}

	series := byUID["series/cncf-toc-mentoring-subproject@mentorbot"]
	if series == nil {
		t.Fatalf("no meeting series among %d events", len(byUID))
	}
	checkSeries(t, cal, series, loc)
}

// checkSeries expands the series with an independent RRULE library, in the
// zone its VTIMEZONE describes, and holds every meeting of 2025-2027 to the
// tz database: the 3rd Thursday at 10:00 in Los Angeles, PDT or PST as the
// date has it.
func checkSeries(t *testing.T, cal *ics.Calendar, e *ics.VEvent, loc *time.Location) {
	t.Helper()
	start := e.GetProperty(ics.ComponentPropertyDtStart)
	if tz := start.ICalParameters["TZID"]; len(tz) != 1 || tz[0] != "America/Los_Angeles" {
		t.Fatalf("DTSTART: got TZID %v, want America/Los_Angeles", start.ICalParameters)
	}
	if got := prop(e, ics.ComponentPropertyRrule); got != "FREQ=MONTHLY;BYDAY=3TH" {
		t.Errorf("RRULE: got %q, want FREQ=MONTHLY;BYDAY=3TH", got)
	}
	first, err := time.ParseInLocation("20060102T150405", start.Value, loc)
	if err != nil {
		t.Fatal(err)
	}
	opt, err := rrule.StrToROption("FREQ=MONTHLY;BYDAY=3TH")
	if err != nil {
		t.Fatal(err)
	}
	opt.Dtstart = first
	r, err := rrule.NewRRule(*opt)
	if err != nil {
		t.Fatal(err)
	}
	got := r.Between(time.Date(2025, 1, 1, 0, 0, 0, 0, loc), time.Date(2028, 1, 1, 0, 0, 0, 0, loc), true)
	if len(got) != 36 {
		t.Fatalf("got %d meetings in 2025-2027, want 36", len(got))
	}
	for _, m := range got {
		m = m.In(loc)
		if m.Weekday() != time.Thursday || (m.Day()-1)/7 != 2 || m.Hour() != 10 || m.Minute() != 0 {
			t.Errorf("meeting %v: want the 3rd Thursday at 10:00 Pacific", m)
		}
	}
	// The VTIMEZONE's rules give the tz database's changes, 2025-2035.
	tzs := cal.Timezones()
	if len(tzs) != 1 {
		t.Fatalf("got %d VTIMEZONEs, want 1", len(tzs))
	}
	for _, c := range tzs[0].Components {
		var base *ics.ComponentBase
		var dst bool
		switch o := c.(type) {
		case *ics.Standard:
			base = &o.ComponentBase
		case *ics.Daylight:
			base, dst = &o.ComponentBase, true
		default:
			continue
		}
		from := offsetOf(t, base.GetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom)).Value)
		dtstart, err := time.ParseInLocation("20060102T150405", base.GetProperty(ics.ComponentPropertyDtStart).Value, time.FixedZone("", from))
		if err != nil {
			t.Fatal(err)
		}
		o, err := rrule.StrToROption(base.GetProperty(ics.ComponentPropertyRrule).Value)
		if err != nil {
			t.Fatal(err)
		}
		o.Dtstart = dtstart
		rr, _ := rrule.NewRRule(*o)
		for _, change := range rr.Between(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC), true) {
			before, after := change.Add(-time.Second).In(loc), change.Add(time.Second).In(loc)
			if before.IsDST() == after.IsDST() || after.IsDST() != dst {
				t.Errorf("VTIMEZONE says %s changes at %v (DST %v), the tz database does not", loc, change.UTC(), dst)
			}
		}
	}
}

func offsetOf(t *testing.T, s string) int {
	t.Helper()
	ts, err := time.Parse("-0700", s)
	if err != nil {
		t.Fatalf("offset %q: %v", s, err)
	}
	_, off := ts.Zone()
	return off
}

// Skipped meetings are EXDATEs in the series' zone; activity text is
// person-written and cannot break out of its property.
func TestSkipsAndHostileText(t *testing.T) {
	t.Parallel()
	minutes := "---\ntitle: Example WG Monthly Meeting (2026)\n---\n\n## Meeting details\n\n### Recurring monthly\n\n3rd Thursday of the month at 10AM Pacific Time\n\n[Zoom](https://zoom.us/j/123?pwd=x)\n\n# Upcoming Meetings\n\n# Past Meetings\n"
	readme := "# Term 01 - 2027 March - May\n\nStatus: Planning\n\n### Timeline\n\n| Activity | Date |\n|---|---|\n| Evil; END:VEVENT, BEGIN:VEVENT \a **x** | Tue, Mar 2, 2027 |\n"
	fsys := fstest.MapFS{
		"wg/2026-meeting-minutes.md":                        {Data: []byte(minutes)},
		"programs/lfx-mentorship/2027/01-Mar-May/README.md": {Data: []byte(readme)},
	}
	cfg := config.Default()
	cfg.Meeting.Path = "*/{year}-meeting-minutes.md"
	cfg.Meeting.Skip = []config.MeetingSkip{{Date: "2026-11-19", Reason: "KubeCon"}, {Date: "2026-11-20", Reason: "not a meeting day"}}
	in, err := Load(fsys, cfg, Options{Repo: "o/r"})
	if err != nil {
		t.Fatal(err)
	}
	out, err := Render(in)
	if err != nil {
		t.Fatal(err)
	}
	cal := parse(t, out)
	events := cal.Events()
	if len(events) != 2 {
		t.Fatalf("got %d events, want 2 (one term date, one series):\n%s", len(events), out)
	}
	var series *ics.VEvent
	for _, e := range events {
		if strings.HasPrefix(prop(e, ics.ComponentPropertyUniqueId), "series/") {
			series = e
		} else if got := prop(e, ics.ComponentPropertySummary); got != "LFX 2027 T1: Evil; END:VEVENT, BEGIN:VEVENT x" {
			t.Errorf("term event summary: got %q", got)
		}
	}
	if series == nil {
		t.Fatal("no series")
	}
	var ex []string
	for _, p := range series.GetProperties(ics.ComponentPropertyExdate) {
		ex = append(ex, p.Value)
	}
	if diff := cmp.Diff([]string{"20261119T100000"}, ex); diff != "" {
		t.Errorf("EXDATE (-want +got):\n%s", diff)
	}
	if got := prop(series, ics.ComponentPropertyLocation); got != "https://zoom.us/j/123?pwd=x" {
		t.Errorf("LOCATION: got %q", got)
	}
	if got := prop(series, ics.ComponentPropertySummary); got != "Example WG Monthly Meeting" {
		t.Errorf("SUMMARY: got %q", got)
	}
}

// A minutes folder that cannot be read fails the feed: it is never a feed
// without the meetings.
func TestLoadReadError(t *testing.T) {
	t.Parallel()
	fsys := failDir{fstest.MapFS{"wg/2026-meeting-minutes.md": {Data: []byte("x")}}}
	cfg := config.Default()
	cfg.Meeting.Path = "*/{year}-meeting-minutes.md"
	if _, err := Load(fsys, cfg, Options{}); err == nil {
		t.Fatal("Load: got no error, want the read error")
	}
}

type failDir struct{ fstest.MapFS }

func (f failDir) ReadDir(name string) ([]os.DirEntry, error) {
	if name == "." {
		return nil, os.ErrPermission
	}
	return f.MapFS.ReadDir(name)
}
