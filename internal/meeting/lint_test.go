package meeting

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/finding"
)

func renderFindings(fs []finding.Finding) string {
	if len(fs) == 0 {
		return "no findings\n"
	}
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String() + "\n")
	}
	return b.String()
}

func TestLintCorpus(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ path, golden string }{
		{"mentoring-wg/2024-meeting-minutes.md", "lint/2024.txt"},
		{"mentoring-wg/2023-meeting-minutes.md", "lint/2023.txt"},
		{"cncf-toc-mentoring-subproject/2025-meeting-minutes.md", "lint/2025.txt"},
	} {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			golden(t, tt.golden, renderFindings(Lint(tt.path, readCorpus(t, tt.path))))
		})
	}
}

func TestLint(t *testing.T) {
	t.Parallel()
	const head = "# Upcoming Meetings\n\n"
	tests := []struct {
		name string
		src  string
		want []finding.Finding
	}{
		{
			name: "correct line",
			src:  head + "## December 19, 2024\n\n10:00 AM Pacific Time (18:00 UTC on 2024-12-19)\n\n# Past Meetings\n",
		},
		{
			name: "template's summer UTC time in winter",
			src:  head + "## December 19, 2024\n\n10:00 AM Pacific Time (17:00 UTC on 2024-12-19)\n\n# Past Meetings\n",
			want: []finding.Finding{{Line: 5, Severity: finding.SeverityError, Rule: RuleTimeMismatch, Message: `"17:00 UTC on 2024-12-19" should say 18:00 UTC: 10:00 AM Pacific Time on 2024-12-19 is 18:00 UTC`}},
		},
		{
			name: "PDT in February, in the past",
			src:  head + "# Past Meetings\n\n## February 13, 2024\n\n21:00 UTC (1:00 PM PDT on 2024-02-13)\n",
			want: []finding.Finding{{Line: 7, Severity: finding.SeverityWarning, Rule: RuleZoneAbbreviation, Message: "PDT is wrong on 2024-02-13: Pacific Time is then PST (UTC-08:00)"}},
		},
		{
			name: "date from another month",
			src:  head + "# Past Meetings\n\n## June 11, 2024\n\n21:00 UTC (2:00 PM PDT on 2024-01-11)\n",
			want: []finding.Finding{{Line: 7, Severity: finding.SeverityWarning, Rule: RuleDateMismatch, Message: `"2:00 PM PDT on 2024-01-11" should say 2024-06-11: the meeting of June 11, 2024 is on 2024-06-11 in PDT`}},
		},
		{
			name: "wrong abbreviation with its own clock is one finding",
			src:  head + "# Past Meetings\n\n## December 12, 2023\n\n21:00 UTC (1:00 PM PST on 2023-12-12; 9:00 AM NZST on 2023-12-13)\n",
			want: []finding.Finding{{Line: 7, Severity: finding.SeverityWarning, Rule: RuleZoneAbbreviation, Message: "NZST is wrong on 2023-12-13: New Zealand Time is then NZDT (UTC+13:00)"}},
		},
		{
			name: "next day in New Zealand is fine",
			src:  head + "# Past Meetings\n\n## July 9, 2024\n\n21:00 UTC (2:00 PM PDT on 2024-07-09; 9:00 AM NZST on 2024-07-10)\n",
		},
		{
			name: "previous month's date in a link",
			src:  head + "## April 17, 2025\n\n10:00 AM PDT\n[Timezone calculator](https://www.worldtimebuddy.com/?date=2025-3-20)\n\n### Notes\n\n[minutes of 2025-03-20](https://example.org/2025-03-20)\n\n# Past Meetings\n",
			want: []finding.Finding{{Line: 6, Severity: finding.SeverityError, Rule: RuleLinkDate, Message: "the link carries the date 2025-3-20, but the meeting is on 2025-04-17"}},
		},
		{
			name: "unreadable upcoming heading",
			src:  head + "## Next time\n\n# Past Meetings\n",
			want: []finding.Finding{
				{Line: 3, Severity: finding.SeverityError, Rule: RuleHeadingDate, Message: `cannot read the date in the heading "## Next time": write it like "## November 21, 2024"`},
				{Line: 3, Severity: finding.SeverityError, Rule: RuleStructure, Message: `cannot read the date in the upcoming meeting heading "## Next time": write it like "## November 21, 2024"`},
			},
		},
		{
			name: "missing past heading",
			src:  head + "## December 19, 2024\n",
			want: []finding.Finding{{Line: 1, Severity: finding.SeverityError, Rule: RuleStructure, Message: `no "# Past Meetings" heading: add one (a level-1 heading) after this "# Upcoming Meetings" section`}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			for i := range tt.want {
				tt.want[i].Path = "m.md"
			}
			got := Lint("m.md", []byte(tt.src))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Lint mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// The 2022 file states two recurring meetings; mentorbot plans the first and
// says so at the second, instead of passing over it without a word.
func TestLintSecondSchedule(t *testing.T) {
	t.Parallel()
	src := readCorpus(t, "cncf-toc-mentoring-subproject/2022-meeting-minutes.md")
	f, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	s, ok, err := f.Schedule()
	if !ok || err != nil {
		t.Fatalf("Schedule: got %v, %v; want the 2nd Tuesday rule", ok, err)
	}
	if s.Hour != 21 || s.Location.String() != "UTC" {
		t.Errorf("Schedule: got %02d:%02d %v, want 21:00 UTC", s.Hour, s.Minute, s.Location)
	}
	var got []string
	for _, fd := range Lint("m.md", src) {
		if fd.Rule == RuleSchedule {
			got = append(got, fd.String())
		}
	}
	want := []string{`m.md:27: warning: a second recurring meeting is stated here ("* 4th Tuesday of the month at 9PM UTC (during the setup phase)"): mentorbot plans only the meetings of line 26 ("* 2nd Tuesday of the month at 9PM UTC"); set meeting.schedule.rule (such as "2nd and 4th Tuesday") to plan both, or move this line out of the recurring section [minutes-schedule]`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("schedule findings (-want +got):\n%s", diff)
	}
}
