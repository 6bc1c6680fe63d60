package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCheckLines: every problem, semantic ones included, names its line.
func TestCheckLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		yaml string
		want []string
	}{
		{"time out of range", "meeting:\n  schedule:\n    rule: 3rd Thursday\n    time: \"25:00\"\n",
			[]string{`m.yml:4: meeting.schedule.time "25:00" is not a 24-hour time such as "10:00" (needed with meeting.schedule.rule)`}},
		{"missing key points at its section", "meeting:\n  schedule:\n    rule: 3rd Thursday\n",
			[]string{`m.yml:2: meeting.schedule.time "" is not a 24-hour time such as "10:00" (needed with meeting.schedule.rule)`}},
		{"sequence item", "meeting:\n  skip:\n    - date: 2026-01-01\n    - date: Dec 19\n",
			[]string{`m.yml:4: meeting.skip[1].date "Dec 19" is not a date such as 2024-12-19`}},
		{"unknown rule names its key", "severity:\n  folder-name: off\n  no-such-rule: off\n",
			[]string{`m.yml:3: severity: unknown rule "no-such-rule"`}},
		{"term number names its key", "terms:\n  months:\n    1: [Mar, May]\n    0: [Jun, Aug]\n",
			[]string{"m.yml:4: terms.months: term number 0 is not between 1 and 99"}},
		{"every problem, in line order", "umbrella:\n  retrospective_days_before: -1\nmeeting:\n  mode: push\n  schedual: x\nlabels:\n  program: \"\"\n",
			[]string{
				"m.yml:2: umbrella.retrospective_days_before must not be negative",
				`m.yml:4: meeting.mode "push" is not commit or pull_request`,
				`m.yml:5: unknown key "schedual" in section meeting`,
				"m.yml:7: labels.program is empty",
			}},
		{"wrong type and a semantic problem", "terms:\n  window_days: many\n  timezone: Mars/Olympus\n",
			[]string{"m.yml:2: wrong type", `m.yml:3: terms.timezone: "Mars/Olympus" is not an IANA time zone`}},
		{"syntax error", "terms: [\n", []string{"m.yml:"}},
		{"clean", "meeting:\n  schedule:\n    rule: 3rd Thursday\n    time: \"10:00\"\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, problems := Check([]byte(tt.yaml), "m.yml")
			var got []string
			for i, p := range problems {
				s := p.Error()
				if i < len(tt.want) && len(s) > len(tt.want[i]) {
					s = s[:len(tt.want[i])] // compare the part the case states
				}
				got = append(got, s)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestParseJoinsProblems: Parse reports the first problem's line and lists
// every problem.
func TestParseJoinsProblems(t *testing.T) {
	t.Parallel()
	_, err := Parse([]byte("meeting:\n  mode: push\nlabels:\n  program: \"\"\n"), "m.yml")
	ce, ok := err.(*Error)
	if !ok {
		t.Fatalf("got %T %v, want *config.Error", err, err)
	}
	if ce.Line != 2 || len(ce.List) != 2 {
		t.Errorf("got line %d and %d problems, want line 2 and 2", ce.Line, len(ce.List))
	}
	want := "m.yml:2: meeting.mode \"push\" is not commit or pull_request\nm.yml:4: labels.program is empty"
	if got := err.Error(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
