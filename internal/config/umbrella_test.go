package config

import (
	"strings"
	"testing"
)

func TestUmbrellaSection(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		yaml    string
		check   func(t *testing.T, u Umbrella)
		wantErr string
	}{
		{name: "defaults", yaml: "", check: func(t *testing.T, u Umbrella) {
			if u.Tasks != "" || u.MenteeOnboarding || u.Retrospective || u.RetrospectiveDaysBefore != 7 {
				t.Errorf("got %+v, want no tasks, extras off, retrospective 7 days before", u)
			}
			if got, want := u.ScheduleKeys["midterm_evals"], "midterm evaluations"; got != want {
				t.Errorf("got schedule key midterm_evals %q, want %q", got, want)
			}
		}},
		{name: "keys merge with the defaults", yaml: "umbrella:\n  tasks: .github/term-issues.yml\n  schedule_keys:\n    check_in: mentee check-in\n  mentee_onboarding: true\n", check: func(t *testing.T, u Umbrella) {
			if u.ScheduleKeys["check_in"] != "mentee check-in" || u.ScheduleKeys["term_end"] != "last day of term" {
				t.Errorf("got schedule keys %v, want check_in added to the defaults", u.ScheduleKeys)
			}
			if u.Tasks != ".github/term-issues.yml" || !u.MenteeOnboarding {
				t.Errorf("got %+v, want the tasks path and onboarding on", u)
			}
		}},
		{name: "bad template", yaml: "umbrella:\n  title: \"{{.Year\"\n", wantErr: "umbrella.title is not a valid template"},
		{name: "tasks outside the repository", yaml: "umbrella:\n  tasks: ../elsewhere.yml\n", wantErr: "umbrella.tasks \"../elsewhere.yml\" must be a path inside the repository"},
		{name: "negative days", yaml: "umbrella:\n  retrospective_days_before: -1\n", wantErr: "umbrella.retrospective_days_before must not be negative"},
		{name: "empty activity", yaml: "umbrella:\n  schedule_keys: {term_end: \"\"}\n", wantErr: "umbrella.schedule_keys.term_end is empty"},
		{name: "unknown key", yaml: "umbrella:\n  task: x.yml\n", wantErr: `unknown key "task" in section umbrella`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := Parse([]byte(tc.yaml), "mentorbot.yml")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			tc.check(t, c.Umbrella)
		})
	}
}
