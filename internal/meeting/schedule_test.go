package meeting

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
)

func TestParseRule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Rule
		str     string
		wantErr string // substring of the error; "" for none
	}{
		{in: "3rd Thursday", want: Rule{Weekday: time.Thursday, Nths: []int{3}}, str: "3rd Thursday"},
		{in: "3rd Thursday of the month", want: Rule{Weekday: time.Thursday, Nths: []int{3}}, str: "3rd Thursday"},
		{in: "  third   thursdays ", want: Rule{Weekday: time.Thursday, Nths: []int{3}}, str: "3rd Thursday"},
		{in: "last Tuesday", want: Rule{Weekday: time.Tuesday, Nths: []int{Last}}, str: "last Tuesday"},
		{in: "2nd and 4th Wednesday", want: Rule{Weekday: time.Wednesday, Nths: []int{2, 4}}, str: "2nd and 4th Wednesday"},
		{in: "4th & 2nd Wed", want: Rule{Weekday: time.Wednesday, Nths: []int{2, 4}}, str: "2nd and 4th Wednesday"},
		{in: "1st, 3rd and last Friday", want: Rule{Weekday: time.Friday, Nths: []int{1, 3, Last}}, str: "1st, 3rd and last Friday"},
		{in: "5th Monday", want: Rule{Weekday: time.Monday, Nths: []int{5}}, str: "5th Monday"},
		{in: "weekly Monday", want: Rule{Weekday: time.Monday, Interval: 1}, str: "weekly Monday"},
		{in: "every Monday", want: Rule{Weekday: time.Monday, Interval: 1}, str: "weekly Monday"},
		{in: "weekly on Mondays", want: Rule{Weekday: time.Monday, Interval: 1}, str: "weekly Monday"},
		{in: "biweekly Tuesday from 2024-01-09", want: Rule{Weekday: time.Tuesday, Interval: 2, Anchor: Date{2024, 1, 9}}, str: "biweekly Tuesday from 2024-01-09"},
		{in: "every other Tuesday starting 2024-01-09", want: Rule{Weekday: time.Tuesday, Interval: 2, Anchor: Date{2024, 1, 9}}, str: "biweekly Tuesday from 2024-01-09"},
		{in: "every 3 weeks on Friday from 2024-01-05", want: Rule{Weekday: time.Friday, Interval: 3, Anchor: Date{2024, 1, 5}}, str: "every 3 weeks on Friday from 2024-01-05"},
		{in: "", wantErr: "it is empty"},
		{in: "3th Thursday", wantErr: `"3th" is not an ordinal`},
		{in: "3rd Thorsday", wantErr: `does not end with a day of the week ("thorsday")`},
		{in: "Thursday", wantErr: "names no week of the month"},
		{in: "biweekly Tuesday", wantErr: "needs an anchor date"},
		{in: "biweekly Tuesday from 2024-01-10", wantErr: "2024-01-10 is a Wednesday, not a Tuesday"},
		{in: "biweekly Tuesday from 2024-13-01", wantErr: "not a valid date"},
		{in: "every 0 weeks on Tuesday from 2024-01-09", wantErr: "between 1 and 52"},
		{in: "weekly Funday", wantErr: `"funday" is not a day of the week`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseRule(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseRule(%q): got error %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), `"`+tt.in+`"`) {
					t.Errorf("ParseRule(%q): got error %q, want it to quote the rule", tt.in, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseRule(%q): got error %v, want none", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseRule(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if s := got.String(); s != tt.str {
				t.Errorf("String(): got %q, want %q", s, tt.str)
			}
			if again, err := ParseRule(got.String()); err != nil || !cmp.Equal(again, got) {
				t.Errorf("ParseRule(String()): got %+v, %v, want %+v", again, err, got)
			}
		})
	}
}

func dates(r Rule, from Date, n int) []string {
	var out []string
	d := from
	for range n {
		d = r.NextOnOrAfter(d)
		out = append(out, d.String())
		d = d.AddDays(1)
	}
	return out
}

func TestRuleDates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rule string
		from Date
		want []string
	}{
		{"3rd Thursday", Date{2024, 11, 22}, []string{"2024-12-19", "2025-01-16", "2025-02-20", "2025-03-20"}},
		{"last Tuesday", Date{2024, 1, 1}, []string{"2024-01-30", "2024-02-27", "2024-03-26", "2024-04-30"}},
		{"2nd and 4th Wednesday", Date{2024, 5, 1}, []string{"2024-05-08", "2024-05-22", "2024-06-12", "2024-06-26"}},
		{"5th Monday", Date{2024, 1, 1}, []string{"2024-01-29", "2024-04-29", "2024-07-29", "2024-09-30"}},
		{"weekly Monday", Date{2024, 12, 30}, []string{"2024-12-30", "2025-01-06", "2025-01-13"}},
		{"biweekly Tuesday from 2024-01-09", Date{2023, 12, 20}, []string{"2023-12-26", "2024-01-09", "2024-01-23"}},
		{"2nd Tuesday", Date{2023, 1, 1}, []string{"2023-01-10", "2023-02-14", "2023-03-14"}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			t.Parallel()
			r, err := ParseRule(tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, dates(r, tt.from, len(tt.want))); diff != "" {
				t.Errorf("dates from %s mismatch (-want +got):\n%s", tt.from, diff)
			}
		})
	}
}

func TestScheduleNext(t *testing.T) {
	t.Parallel()
	la, _ := time.LoadLocation("America/Los_Angeles")
	third := Schedule{Rule: Rule{Weekday: time.Thursday, Nths: []int{3}}, Hour: 10, Location: la, Duration: time.Hour}
	skip := []config.MeetingSkip{{Date: "2024-12-19", Reason: "holidays"}}
	tests := []struct {
		name      string
		now       string
		skip      []config.MeetingSkip
		cancelled bool
		want      string // date and UTC start
		wantWhy   string
	}{
		{name: "day after a meeting", now: "2024-11-22T00:00:00Z", want: "2024-12-19 18:00"},
		{name: "during the meeting it is still next", now: "2024-11-21T18:30:00Z", want: "2024-11-21 18:00"},
		{name: "the instant it ends it is held", now: "2024-11-21T19:00:00Z", want: "2024-12-19 18:00"},
		{name: "March after the DST change is 17:00 UTC", now: "2025-02-21T00:00:00Z", want: "2025-03-20 17:00"},
		{name: "November after the DST change is 18:00 UTC", now: "2025-10-17T00:00:00Z", want: "2025-11-20 18:00"},
		{name: "October before the change is 17:00 UTC", now: "2025-09-19T00:00:00Z", want: "2025-10-16 17:00"},
		{name: "late evening UTC is still the same Pacific day", now: "2024-12-20T02:00:00Z", want: "2025-01-16 18:00"},
		{name: "skipped date passed over", now: "2024-11-22T00:00:00Z", skip: skip, want: "2025-01-16 18:00"},
		{name: "skipped date shown cancelled", now: "2024-11-22T00:00:00Z", skip: skip, cancelled: true, want: "2024-12-19 18:00", wantWhy: "holidays"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := third.Next(mustTime(t, tt.now), tt.skip, tt.cancelled)
			if s := got.Date.String() + " " + got.Start.UTC().Format("15:04"); s != tt.want {
				t.Errorf("Next(%s): got %s, want %s", tt.now, s, tt.want)
			}
			if got.Cancelled != (tt.wantWhy != "") || got.Reason != tt.wantWhy {
				t.Errorf("Next(%s): got cancelled %v %q, want %q", tt.now, got.Cancelled, got.Reason, tt.wantWhy)
			}
		})
	}
}

func TestParseScheduleLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		line    string
		want    string // rule hh:mm zone
		wantErr string
	}{
		{line: "3rd Thursday of the month at 10AM Pacific Time  ", want: "3rd Thursday 10:00 America/Los_Angeles"},
		{line: "* 2nd Tuesday of the month at 9PM UTC", want: "2nd Tuesday 21:00 UTC"},
		{line: "Last Tuesday of the month at 8:30 am Eastern Time.", want: "last Tuesday 08:30 America/New_York"},
		{line: "Every Monday at 16:00 Europe/Berlin", want: "weekly Monday 16:00 Europe/Berlin"},
		{line: "2nd and 4th Wednesday at 12PM PT", want: "2nd and 4th Wednesday 12:00 America/Los_Angeles"},
		{line: "3rd Thursday of the month at 10 Pacific Time", want: "3rd Thursday 10:00 America/Los_Angeles"},
		{line: "3rd Thursday of the month at 10.30 CET", want: "3rd Thursday 10:30 Europe/Berlin"},
		{line: "Whenever we feel like it", wantErr: "expected a line like"},
		{line: "3rd Thursday of the month at 10AM Mars Time", wantErr: `"Mars Time" is not a time zone`},
		{line: "3rd Thursday of the month at 13PM UTC", wantErr: `"13PM" is not a time of day`},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			t.Parallel()
			s, err := parseScheduleLine(tt.line)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			got := s.Rule.String() + " " + formatClock(s.Hour, s.Minute) + " " + s.Location.String()
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFromConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      config.MeetingSchedule
		wantOK  bool
		wantErr string
	}{
		{name: "empty rule reads the file", in: config.MeetingSchedule{Timezone: "America/Los_Angeles"}},
		{name: "full", in: config.MeetingSchedule{Rule: "3rd Thursday", Time: "10:00", Timezone: "America/Los_Angeles"}, wantOK: true},
		{name: "bad rule", in: config.MeetingSchedule{Rule: "3th Thursday", Time: "10:00", Timezone: "UTC"}, wantOK: true, wantErr: `meeting.schedule.rule: cannot understand the meeting rule "3th Thursday"`},
		{name: "bad time", in: config.MeetingSchedule{Rule: "3rd Thursday", Time: "25:00", Timezone: "UTC"}, wantOK: true, wantErr: "meeting.schedule.time"},
		{name: "bad zone", in: config.MeetingSchedule{Rule: "3rd Thursday", Time: "10:00", Timezone: "Pacific"}, wantOK: true, wantErr: `meeting.schedule.timezone "Pacific"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, ok, err := FromConfig(tt.in)
			if ok != tt.wantOK {
				t.Errorf("got ok %v, want %v", ok, tt.wantOK)
			}
			if (err == nil) != (tt.wantErr == "") || err != nil && !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("got error %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func formatClock(h, m int) string { return fmt.Sprintf("%02d:%02d", h, m) }
