package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDatesDecode(t *testing.T) {
	t.Parallel()
	c, err := Parse([]byte(`
administrators: [nate-w, Kaslin]
reminders:
  midterm_evals: {days_before: 3, notify: mentors}
  final_evals: {days_before: [7, 1], notify: [mentors, admins, "@cncf/mentoring-admins"], post: issue}
announce: {enabled: true, days_before: 5, zones: [Europe/Berlin], agenda_label: agenda}
calendar: {commit: true}
timeline_chart: {readme: true}
`), "m.yml")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := map[string]Reminder{
		"midterm_evals": {DaysBefore: Ints{3}, Notify: Strings{"mentors"}},
		"final_evals":   {DaysBefore: Ints{7, 1}, Notify: Strings{"mentors", "admins", "@cncf/mentoring-admins"}, Post: "issue"},
	}
	if d := cmp.Diff(want, c.Reminders); d != "" {
		t.Errorf("reminders (-want +got):\n%s", d)
	}
	if got, want := c.Announce.Label, "meeting-announcement"; got != want {
		t.Errorf("got announce.label %q, want the default %q", got, want)
	}
	if got, want := c.Calendar.Path, "calendar/mentoring.ics"; got != want {
		t.Errorf("got calendar.path %q, want %q", got, want)
	}
	if !c.TimelineChart.Readme || !c.TimelineChart.Umbrella {
		t.Errorf("got timeline_chart %+v, want readme and umbrella on", c.TimelineChart)
	}
}

func TestDatesInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, yaml, want string }{
		{"unknown key", "reminders: {midterm: {days_before: 3, notify: mentors}}", `"midterm" is not a schedule key`},
		{"no offset", "reminders: {midterm_evals: {notify: mentors}}", "days_before is missing"},
		{"negative", "reminders: {midterm_evals: {days_before: -1, notify: mentors}}", "-1 is not between 0 and 90"},
		{"twice", "reminders: {midterm_evals: {days_before: [3, 3], notify: mentors}}", "3 is listed twice"},
		{"bad notify", "reminders: {midterm_evals: {days_before: 3, notify: everyone}}", `"everyone" is not mentors`},
		{"admins without list", "reminders: {midterm_evals: {days_before: 3, notify: admins}}", "administrators lists nobody"},
		{"bad post", "reminders: {midterm_evals: {days_before: 3, notify: mentors, post: email}}", `"email" is not comment or issue`},
		{"bad admin", "administrators: ['@x y']", "is not a GitHub login"},
		{"bad zone", "announce: {zones: [Mars/Olympus]}", `"Mars/Olympus" is not an IANA time zone`},
		{"discussion without category", "announce: {via: discussion}", "needs a Discussions category"},
		{"calendar outside", "calendar: {path: ../x.ics}", "inside the repository"},
		{"calendar not ics", "calendar: {path: cal/x.txt}", "inside the repository"},
		{"unknown announce key", "announce: {dayz: 3}", `unknown key "dayz" in section announce`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.yaml), "m.yml")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
