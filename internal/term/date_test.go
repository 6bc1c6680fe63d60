package term

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/zone"
)

func mustID(t testing.TB, year, n int) ID {
	t.Helper()
	id, err := For(year, n, config.Default().Terms)
	if err != nil {
		t.Fatalf("For(%d, %d): %v", year, n, err)
	}
	return id
}

func pacific(t testing.TB) *time.Location {
	t.Helper()
	loc, err := zone.Load("America/Los_Angeles")
	if err != nil {
		t.Fatalf("loading zone: %v", err)
	}
	return loc
}

// dateResult is what a date cell reads as, in comparable form: times as
// "2006-01-02 15:04" wall clock in America/Los_Angeles.
type dateResult struct {
	Start, End   string
	HasTime      bool
	StartHasTime bool
	Zone         string
	Rules        []string
	Err          bool
}

func TestParseDates(t *testing.T) {
	t.Parallel()
	loc := pacific(t)
	tests := []struct {
		name       string
		year, term int
		text       string
		want       dateResult
	}{
		// Every distinct form of date cell in cncf/mentoring 2023-2026.
		{"2023/01 day-only range end, PDT in January", 2023, 1, "January 16 - 31, 5:00 PM PDT",
			dateResult{Start: "2023-01-16 00:00", End: "2023-01-31 17:00", HasTime: true, Zone: "PDT", Rules: []string{"timezone-abbreviation"}}},
		{"2023/01 range over two months", 2023, 1, "February 22 - March 7, 5:00 PM PDT",
			dateResult{Start: "2023-02-22 00:00", End: "2023-03-07 17:00", HasTime: true, Zone: "PDT", Rules: []string{"timezone-abbreviation"}}},
		{"2023/01 week note", 2023, 1, "March 8 (Week 1)", dateResult{Start: "2023-03-08 00:00"}},
		{"2023/01 PST in May with note", 2023, 1, "May 24, 5:00 PM PST (Week 12)",
			dateResult{Start: "2023-05-24 17:00", HasTime: true, Zone: "PST", Rules: []string{"timezone-abbreviation"}}},
		{"2023/01 month and day", 2023, 1, "May 31", dateResult{Start: "2023-05-31 00:00"}},
		{"2023/02 weekday comma", 2023, 2, "Tue, May 9, 5:00 PM PDT", dateResult{Start: "2023-05-09 17:00", HasTime: true, Zone: "PDT"}},
		{"2023/02 weekday range", 2023, 2, "Wed May 10 - Tue May 23, 5:00 PM PDT",
			dateResult{Start: "2023-05-10 00:00", End: "2023-05-23 17:00", HasTime: true, Zone: "PDT"}},
		{"2023/02 Thur", 2023, 2, " Thur June 1 (Week 1)", dateResult{Start: "2023-06-01 00:00"}},
		{"2023/02 Thur last day", 2023, 2, "Thur Aug 31", dateResult{Start: "2023-08-31 00:00"}},
		{"2023/03 range end weekday and day only", 2023, 3, "Wed Aug 2 - Tues 15, 5:00 PM PDT",
			dateResult{Start: "2023-08-02 00:00", End: "2023-08-15 17:00", HasTime: true, Zone: "PDT"}},
		{"2023/03 Sept", 2023, 3, "Mon Sept 4 (Week 1)", dateResult{Start: "2023-09-04 00:00"}},
		{"2023/03 PST in late November", 2023, 3, "Wed Nov 22, 5:00 PM PST (Week 12)", dateResult{Start: "2023-11-22 17:00", HasTime: true, Zone: "PST"}},
		{"2024/01 long weekdays, morning", 2024, 1, "Monday Jan 8 - Wednesday Jan 24, 8:00 AM PDT",
			dateResult{Start: "2024-01-08 00:00", End: "2024-01-24 08:00", HasTime: true, Zone: "PDT", Rules: []string{"timezone-abbreviation"}}},
		{"2024/01 Thurs leap day with note", 2024, 1, "Thurs Feb 29, 5:00 PM PDT (as selections are made on the platform)",
			dateResult{Start: "2024-02-29 17:00", HasTime: true, Zone: "PDT", Rules: []string{"timezone-abbreviation"}}},
		{"2024/01 long weekday", 2024, 1, "Friday May 31", dateResult{Start: "2024-05-31 00:00"}},
		{"2024/02 year on the end", 2024, 2, "Monday April 8 - Wed May 8, 2024, 5:00 PM PDT",
			dateResult{Start: "2024-04-08 00:00", End: "2024-05-08 17:00", HasTime: true, Zone: "PDT"}},
		{"2024/02 Tues June", 2024, 2, "Wed May 29 - Tues June 11, 5:00 PM PDT",
			dateResult{Start: "2024-05-29 00:00", End: "2024-06-11 17:00", HasTime: true, Zone: "PDT"}},
		{"2024/03 no comma before time", 2024, 3, "Jul 3 - Jul 30 5:00 PM PDT",
			dateResult{Start: "2024-07-03 00:00", End: "2024-07-30 17:00", HasTime: true, Zone: "PDT"}},
		{"2024/03 year then time", 2024, 3, "Sept 3, 2024 5:00 PM PDT", dateResult{Start: "2024-09-03 17:00", HasTime: true, Zone: "PDT"}},
		{"2024/03 long note", 2024, 3, "October 15, 2024 5:00 PM PDT (the week following the National Day holiday in China)",
			dateResult{Start: "2024-10-15 17:00", HasTime: true, Zone: "PDT"}},
		{"2024/03 PDT after DST ended", 2024, 3, "Nov 26, 2024 5:00 PM PDT (Giving some time after KubeCon NA)",
			dateResult{Start: "2024-11-26 17:00", HasTime: true, Zone: "PDT", Rules: []string{"timezone-abbreviation"}}},
		{"2024/03 full month and year", 2024, 3, "November 29, 2024", dateResult{Start: "2024-11-29 00:00"}},
		{"2025/01 year only at the end", 2025, 1, "Wednesday, January 8 - Tuesday February 4, 2025",
			dateResult{Start: "2025-01-08 00:00", End: "2025-02-04 00:00"}},
		{"2025/01 11AM with UTC note", 2025, 1, "Wednesday, February 5 - Tuesday February 18, 2025 11AM PST (19:00 UTC)",
			dateResult{Start: "2025-02-05 00:00", End: "2025-02-18 11:00", HasTime: true, Zone: "PST"}},
		{"2025/01 en dash", 2025, 1, "Wednesday, February 19 – Tuesday, February 25, 2025 11AM PST (19:00 UTC)",
			dateResult{Start: "2025-02-19 00:00", End: "2025-02-25 11:00", HasTime: true, Zone: "PST"}},
		{"2025/01 PDT in April", 2025, 1, "Tuesday, April 15, 2025 11AM PDT (18:00 UTC)", dateResult{Start: "2025-04-15 11:00", HasTime: true, Zone: "PDT"}},
		{"2025/02 times on both sides", 2025, 2, "Thurs, May 15, 2025 11AM PDT (18:00 UTC) – Tue, May 27 2025 11AM PDT (18:00 UTC)",
			dateResult{Start: "2025-05-15 11:00", End: "2025-05-27 11:00", HasTime: true, StartHasTime: true, Zone: "PDT"}},
		{"2025/02 11 AM spaced", 2025, 2, "Wed, May 28 – Tue, June 3, 2025 11 AM PDT (18:00 UTC)",
			dateResult{Start: "2025-05-28 00:00", End: "2025-06-03 11:00", HasTime: true, Zone: "PDT"}},
		{"2025/02 Tues", 2025, 2, "Tues, July 15, 2025 11AM PDT (18:00 UTC)", dateResult{Start: "2025-07-15 11:00", HasTime: true, Zone: "PDT"}},
		{"2025/03 no year", 2025, 3, "Wed, August 27", dateResult{Start: "2025-08-27 00:00"}},
		{"2025/03 comma before time", 2025, 3, "Tues, November 25, 2025, 11AM PST (19:00 UTC)", dateResult{Start: "2025-11-25 11:00", HasTime: true, Zone: "PST"}},
		{"2026/01 Times TBD", 2026, 1, "Tuesday, March 3, 2026, Times TBD (will be multiple timezone options)", dateResult{Start: "2026-03-03 00:00"}},
		{"2026/01 range with year and PST", 2026, 1, "Monday, January 26 – Tuesday, February 10, 2026, 11AM PST (19:00 UTC)",
			dateResult{Start: "2026-01-26 00:00", End: "2026-02-10 11:00", HasTime: true, Zone: "PST"}},
		{"2026/02 11:00 AM", 2026, 2, "Wed, Apr 1 – Tue, Apr 28, 2026, 11:00 AM PDT (18:00 UTC)",
			dateResult{Start: "2026-04-01 00:00", End: "2026-04-28 11:00", HasTime: true, Zone: "PDT"}},
		{"2026/02 unclosed emphasis note", 2026, 2, "Wed, Jun 3, 2026 *(notifications may take a few days to reach all mentees)", dateResult{Start: "2026-06-03 00:00"}},
		{"2026/03 UTC only", 2026, 3, "Wed, Jul 1 – Tue, Jul 28, 18:00 UTC",
			dateResult{Start: "2026-07-01 00:00", End: "2026-07-28 11:00", HasTime: true, Zone: "UTC"}},
		{"2026/03 UTC on both sides", 2026, 3, "Mon, Aug 3, 00:00 UTC – Tue, Aug 18, 23:59 UTC",
			dateResult{Start: "2026-08-02 17:00", End: "2026-08-18 16:59", HasTime: true, StartHasTime: true, Zone: "UTC"}},
		{"2026/03 emphasised note", 2026, 3, "Wed, Sep 2 – Fri, Sep 4 *(notifications may take a few days to reach all mentees)*",
			dateResult{Start: "2026-09-02 00:00", End: "2026-09-04 00:00"}},
		{"2026/03 UTC in November", 2026, 3, "Tue, Nov 24, 18:00 UTC", dateResult{Start: "2026-11-24 10:00", HasTime: true, Zone: "UTC"}},

		// Forms not in the corpus yet.
		{"ISO", 2026, 1, "2026-03-02", dateResult{Start: "2026-03-02 00:00"}},
		{"ISO range with time", 2026, 1, "Mon 2026-03-02 - Tue 2026-03-03 17:00 PST",
			dateResult{Start: "2026-03-02 00:00", End: "2026-03-03 17:00", HasTime: true, Zone: "PST"}},
		{"bold cell", 2026, 1, "**Tue, Mar 3, 2026**", dateResult{Start: "2026-03-03 00:00"}},
		{"day before month", 2026, 1, "3 March 2026", dateResult{Start: "2026-03-03 00:00"}},
		{"ordinal", 2026, 1, "Jan 16th", dateResult{Start: "2026-01-16 00:00"}},
		{"noon", 2026, 1, "Mar 3 noon PT", dateResult{Start: "2026-03-03 12:00", HasTime: true, Zone: "PT"}},
		{"p.m.", 2026, 1, "Mar 3, 5 p.m.", dateResult{Start: "2026-03-03 17:00", HasTime: true}},
		{"to", 2026, 1, "Mar 3 to Mar 5", dateResult{Start: "2026-03-03 00:00", End: "2026-03-05 00:00"}},
		{"range over new year", 2026, 1, "Dec 15 - Jan 5", dateResult{Start: "2025-12-15 00:00", End: "2026-01-05 00:00"}},
		{"range over new year with year at end", 2026, 1, "Dec 15 - Jan 5, 2026", dateResult{Start: "2025-12-15 00:00", End: "2026-01-05 00:00"}},
		{"December before a March term", 2026, 1, "December 10", dateResult{Start: "2025-12-10 00:00"}},
		{"January after a September term", 2026, 3, "January 5", dateResult{Start: "2027-01-05 00:00"}},
		{"CET in winter", 2026, 1, "Feb 3, 2026 6:00 PM CET", dateResult{Start: "2026-02-03 09:00", HasTime: true, Zone: "CET"}},
		{"CET in summer", 2026, 2, "Jul 7, 2026 6:00 PM CET", dateResult{Start: "2026-07-07 09:00", HasTime: true, Zone: "CET", Rules: []string{"timezone-abbreviation"}}},
		{"IST has no DST", 2026, 2, "Jul 7, 2026 6:30 PM IST (13:00 UTC)", dateResult{Start: "2026-07-07 06:00", HasTime: true, Zone: "IST"}},
		{"EDT on DST start day", 2026, 1, "Sun, Mar 8, 2026 3:00 PM EDT", dateResult{Start: "2026-03-08 12:00", HasTime: true, Zone: "EDT"}},
		{"wrong weekday", 2024, 1, "Wed Feb 29, 2024", dateResult{Start: "2024-02-29 00:00", Rules: []string{"weekday-mismatch"}}},
		{"wrong weekday on a range end", 2026, 1, "Mon, Mar 2 – Mon, Mar 10", dateResult{Start: "2026-03-02 00:00", End: "2026-03-10 00:00", Rules: []string{"weekday-mismatch"}}},
		{"UTC note wrong", 2026, 2, "Tue, Jul 21, 2026, 11:00 AM PDT (19:00 UTC)", dateResult{Start: "2026-07-21 11:00", HasTime: true, Zone: "PDT", Rules: []string{"utc-mismatch"}}},
		{"UTC note matches the wrong abbreviation: one finding", 2026, 1, "Tue, Feb 10, 2026, 11AM PDT (18:00 UTC)",
			dateResult{Start: "2026-02-10 11:00", HasTime: true, Zone: "PDT", Rules: []string{"timezone-abbreviation"}}},
		{"UTC note matches nothing", 2026, 1, "Tue, Feb 10, 2026, 11AM PDT (20:00 UTC)",
			dateResult{Start: "2026-02-10 11:00", HasTime: true, Zone: "PDT", Rules: []string{"timezone-abbreviation", "utc-mismatch"}}},
		{"UTC note without zone uses the term zone", 2026, 1, "Tue, Feb 10, 2026, 11:00 (19:00 UTC)", dateResult{Start: "2026-02-10 11:00", HasTime: true}},

		// Cells that are not dates.
		{"TBD", 2026, 1, "TBD", dateResult{Err: true}},
		{"empty", 2026, 1, "", dateResult{Err: true}},
		{"no month", 2026, 1, "Week 1", dateResult{Err: true}},
		{"day only", 2026, 1, "15", dateResult{Err: true}},
		{"not a day of the month", 2026, 1, "Feb 30, 2026", dateResult{Err: true}},
		{"dangling dash", 2026, 1, "Mar 3 - ", dateResult{Err: true}},
		{"second date left over", 2026, 1, "Mar 3 and Mar 5", dateResult{Err: true}},
		{"bad hour", 2026, 1, "Mar 3, 25:00 UTC", dateResult{Err: true}},
		{"13 PM", 2026, 1, "Mar 3, 13 PM", dateResult{Err: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, issues, err := parseDates(tt.text, mustID(t, tt.year, tt.term), loc)
			got := dateResult{Err: err != nil}
			if err == nil {
				got = dateResult{Start: wall(d.start, loc), End: wall(d.end, loc), HasTime: d.hasTime, StartHasTime: d.startHasTime, Zone: d.zone}
				for _, is := range issues {
					got.Rules = append(got.Rules, is.rule)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parseDates(%q) mismatch (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}

func wall(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

func TestParseDatesMessages(t *testing.T) {
	t.Parallel()
	loc := pacific(t)
	tests := []struct {
		name string
		year int
		term int
		text string
		want []issue
	}{
		{"weekday", 2024, 1, "Wed Feb 29", []issue{{"weekday-mismatch", "Feb 29, 2024 is a Thursday, not a Wednesday"}}},
		{"PDT in January", 2024, 1, "Monday Jan 8 - Wednesday Jan 24, 8:00 AM PDT", []issue{{"timezone-abbreviation",
			"Jan 24, 2024 is in standard time in America/Los_Angeles: write PST, not PDT (8:00 AM PST is 16:00 UTC)"}}},
		{"PST in August", 2023, 2, "Wed Aug 23, 5:00 PM PST (Week 12)", []issue{{"timezone-abbreviation",
			"Aug 23, 2023 is in daylight saving time in America/Los_Angeles: write PDT, not PST (5:00 PM PDT is 00:00 UTC)"}}},
		{"UTC", 2026, 2, "Tue, Jul 21, 2026, 11:00 AM PDT (19:00 UTC)", []issue{{"utc-mismatch", "11:00 AM PDT on Jul 21, 2026 is 18:00 UTC, not 19:00 UTC"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, got, err := parseDates(tt.text, mustID(t, tt.year, tt.term), loc)
			if err != nil {
				t.Fatalf("parseDates(%q): got error %v, want none", tt.text, err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(issue{})); diff != "" {
				t.Errorf("parseDates(%q) issues (-want +got):\n%s", tt.text, diff)
			}
		})
	}
}
