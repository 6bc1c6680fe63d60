package meeting

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
)

const basicPath = "example/2026-meeting-minutes.md"

func basicConfig() config.Meeting {
	c := config.Default().Meeting
	c.Path = "example/{year}-meeting-minutes.md"
	return c
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/minutes/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func crlf(b []byte) []byte { return bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n")) }

func TestPlanFixture(t *testing.T) {
	t.Parallel()
	basic := string(readFixture(t, "basic.md"))
	tests := []struct {
		name    string
		content string
		now     string
		cfg     func(*config.Meeting)
		added   []Date
		golden  string // compare describe(result) with this file
		want    string // or: the next date and the notes, when no golden
	}{
		{name: "held stub moves and the next is added", content: basic, now: "2026-10-16T00:00:00Z", golden: "plan/basic-moved.diff"},
		{name: "current stub: nothing to do", content: basic, now: "2026-10-10T00:00:00Z", want: "2026-10-15 no changes"},
		{name: "during the meeting nothing moves", content: basic, now: "2026-10-15T17:30:00Z", want: "2026-10-15 no changes"},
		{
			name: "skipped date is passed over", content: basic, now: "2026-10-16T00:00:00Z",
			cfg:  func(c *config.Meeting) { c.Skip = []config.MeetingSkip{{Date: "2026-11-19", Reason: "KubeCon"}} },
			want: "2026-12-17 move the 2026-10-15 meeting to Past Meetings|add the stub for 2026-12-17",
		},
		{
			name: "skipped date shown cancelled", content: basic, now: "2026-10-16T00:00:00Z",
			cfg: func(c *config.Meeting) {
				c.Skip = []config.MeetingSkip{{Date: "2026-11-19", Reason: "KubeCon week"}}
				c.ShowCancelled = true
			},
			golden: "plan/basic-cancelled.diff",
		},
		{
			name: "stub deleted by a person is not put back", content: basic, now: "2026-10-16T00:00:00Z",
			added: []Date{{2026, 11, 19}},
			want:  "2026-11-19 move the 2026-10-15 meeting to Past Meetings",
		},
		{
			name: "stub marked cancelled by a person is left alone", now: "2026-10-16T00:00:00Z",
			content: strings.Replace(basic, "# Past Meetings\n", "## November 19, 2026 (cancelled)\n\nNo meeting: KubeCon.\n\n# Past Meetings\n", 1),
			want:    "2026-11-19 move the 2026-10-15 meeting to Past Meetings",
		},
		{
			name: "config rule and zone win over the file", content: basic, now: "2026-10-16T00:00:00Z",
			cfg: func(c *config.Meeting) {
				c.Schedule = config.MeetingSchedule{Rule: "last Tuesday", Time: "16:30", Timezone: "Europe/Berlin", Duration: "45m"}
			},
			golden: "plan/basic-config-rule.diff",
		},
		{
			name: "no template: the built-in one", now: "2026-10-16T00:00:00Z",
			content: basic[:strings.Index(basic, "# Meeting Template")],
			golden:  "plan/basic-builtin-template.diff",
		},
		{name: "year rollover starts next year's file", content: basic, now: "2026-12-18T00:00:00Z", golden: "plan/basic-rollover.diff"},
		{
			name: "rollover without an archive section adds one", now: "2026-12-18T00:00:00Z",
			content: basic[:strings.Index(basic, "---\n\n# Archive")],
			want:    "2027-01-21 move the 2026-10-15 meeting to Past Meetings|start example/2027-meeting-minutes.md from example/2026-meeting-minutes.md|add the stub for 2027-01-21",
		},
		{
			name: "later stub written by a person stays after the new one", now: "2026-10-16T00:00:00Z",
			content: strings.Replace(basic, "# Past Meetings\n", "## December 17, 2026\n\n* early agenda\n\n# Past Meetings\n", 1),
			golden:  "plan/basic-later-stub.diff",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := basicConfig()
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			in := Input{Config: cfg, Now: mustTime(t, tt.now), Files: map[string]Blob{basicPath: {Content: []byte(tt.content), SHA: "abc123"}}, Added: tt.added}
			res, err := Plan(in)
			if err != nil {
				t.Fatalf("Plan: got error %v, want none", err)
			}
			if tt.golden != "" {
				golden(t, tt.golden, describe(res))
			} else {
				got := res.Next.Date.String() + " " + notesOf(res)
				if got != tt.want {
					t.Errorf("got %q, want %q", got, tt.want)
				}
			}
			// The same plan on CRLF input is the LF plan with CRLF endings.
			in.Files = map[string]Blob{basicPath: {Content: crlf([]byte(tt.content)), SHA: "abc123"}}
			resCRLF, err := Plan(in)
			if err != nil {
				t.Fatalf("Plan on CRLF input: got error %v, want none", err)
			}
			if len(resCRLF.Changes) != len(res.Changes) {
				t.Fatalf("CRLF: got %d changes, want %d", len(resCRLF.Changes), len(res.Changes))
			}
			for i, c := range res.Changes {
				if diff := cmp.Diff(string(crlf(c.New)), string(resCRLF.Changes[i].New)); diff != "" {
					t.Errorf("CRLF output is not the LF output with CRLF endings (-want +got):\n%s", diff)
				}
			}
			// Applying the plan and planning again changes nothing.
			in.Files = applyChanges(map[string]Blob{basicPath: {Content: []byte(tt.content)}}, res)
			again, err := Plan(in)
			if err != nil {
				t.Fatalf("second Plan: got error %v, want none", err)
			}
			if len(again.Changes) != 0 {
				t.Errorf("second Plan: got %d changes, want 0:\n%s", len(again.Changes), describe(again))
			}
		})
	}
}

// notesOf summarises a result's edits as "note|note", or "no changes".
func notesOf(res Result) string {
	if len(res.Changes) == 0 {
		return "no changes"
	}
	var notes []string
	for _, c := range res.Changes {
		notes = append(notes, c.Notes...)
	}
	return strings.Join(notes, "|")
}

func TestPlanErrors(t *testing.T) {
	t.Parallel()
	basic := string(readFixture(t, "basic.md"))
	tests := []struct {
		name    string
		content string
		cfg     func(*config.Meeting)
		wantErr string
	}{
		{
			name:    "missing upcoming heading",
			content: strings.Replace(basic, "# Upcoming Meetings\n", "", 1),
			wantErr: basicPath + `:34: no "# Upcoming Meetings" heading`,
		},
		{
			name:    "missing past heading",
			content: strings.Replace(basic, "# Past Meetings\n", "", 1),
			wantErr: basicPath + `:20: no "# Past Meetings" heading`,
		},
		{
			name:    "duplicated past heading",
			content: strings.Replace(basic, "# Meeting Template\n", "# Past Meetings\n", 1),
			wantErr: basicPath + `:51: a second "# Past Meetings" heading (the first is on line 35)`,
		},
		{
			name:    "past before upcoming",
			content: strings.Replace(strings.Replace(basic, "# Upcoming Meetings\n", "# Tmp\n", 1), "# Past Meetings\n", "# Upcoming Meetings\n", 1),
			wantErr: `no "# Past Meetings" heading`,
		},
		{
			name:    "unreadable upcoming date",
			content: strings.Replace(basic, "## October 15, 2026", "## Next month", 1),
			wantErr: basicPath + `:22: cannot read the date in the upcoming meeting heading "## Next month"`,
		},
		{
			name:    "unreadable schedule line",
			content: strings.Replace(basic, "3rd Thursday of the month at 10AM", "Third-ish Thursday at 10AM", 1),
			wantErr: basicPath + `:15: cannot read the meeting schedule "Third-ish Thursday at 10AM Pacific Time"`,
		},
		{
			name:    "no schedule anywhere",
			content: strings.Replace(basic, "### Recurring monthly\n\n3rd Thursday of the month at 10AM Pacific Time  \n", "", 1),
			wantErr: "no meeting schedule: " + basicPath + ` states none`,
		},
		{
			name: "bad configured rule", content: basic,
			cfg:     func(c *config.Meeting) { c.Schedule.Rule, c.Schedule.Time = "every blue moon", "10:00" },
			wantErr: `meeting.schedule.rule: cannot understand the meeting rule "every blue moon"`,
		},
		{
			name: "bad duration", content: basic,
			cfg:     func(c *config.Meeting) { c.Schedule.Duration = "an hour" },
			wantErr: `meeting.schedule.duration "an hour"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := basicConfig()
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			res, err := Plan(Input{Config: cfg, Now: mustTime(t, "2026-10-16T00:00:00Z"), Files: map[string]Blob{basicPath: {Content: []byte(tt.content)}}})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Plan: got error %v, want one containing %q", err, tt.wantErr)
			}
			if len(res.Changes) != 0 {
				t.Errorf("Plan: got %d changes with an error, want 0", len(res.Changes))
			}
		})
	}
}

func TestPlanRolloverFromOldFormat(t *testing.T) {
	t.Parallel()
	old := "# Past Meetings\n\n## December 10, 2025\n\n* notes\n"
	cfg := basicConfig()
	cfg.Schedule.Rule, cfg.Schedule.Time = "2nd Wednesday", "10:00"
	_, err := Plan(Input{Config: cfg, Now: mustTime(t, "2026-01-02T00:00:00Z"), Files: map[string]Blob{"example/2025-meeting-minutes.md": {Content: []byte(old)}}})
	want := `cannot start example/2026-meeting-minutes.md from example/2025-meeting-minutes.md: it has no "# Upcoming Meetings" heading`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got error %v, want %q", err, want)
	}
}

func TestPlanNoFiles(t *testing.T) {
	t.Parallel()
	_, err := Plan(Input{Config: basicConfig(), Now: mustTime(t, "2026-10-16T00:00:00Z")})
	want := "no minutes file: none of example/2025-meeting-minutes.md, example/2026-meeting-minutes.md, example/2027-meeting-minutes.md exists"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got error %v, want %q", err, want)
	}
}

func TestRelPath(t *testing.T) {
	t.Parallel()
	tests := []struct{ dir, target, want string }{
		{"mentoring-wg", "mentoring-wg/2024-meeting-minutes.md", "2024-meeting-minutes.md"},
		{"minutes/2025", "minutes/2024/README.md", "../2024/README.md"},
		{".", "2024.md", "2024.md"},
		{"a/b", "c/d.md", "../../c/d.md"},
	}
	for _, tt := range tests {
		if got := relPath(tt.dir, tt.target); got != tt.want {
			t.Errorf("relPath(%q, %q): got %q, want %q", tt.dir, tt.target, got, tt.want)
		}
	}
}

func TestPlanUsesLastYearsTemplate(t *testing.T) {
	t.Parallel()
	prev := readFixture(t, "basic.md")
	// This year's file was started by hand, with CRLF endings and no template.
	target := crlf([]byte("# Upcoming Meetings\n\n# Past Meetings\n"))
	res, err := Plan(Input{Config: basicConfig(), Now: mustTime(t, "2027-01-02T00:00:00Z"), Files: map[string]Blob{
		"example/2026-meeting-minutes.md": {Content: prev}, "example/2027-meeting-minutes.md": {Content: target},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for _, c := range res.Changes {
		if c.Path == "example/2027-meeting-minutes.md" {
			got = string(c.New)
		}
	}
	want := string(crlf([]byte("# Upcoming Meetings\n\n## January 21, 2027\n\n10:00 AM Pacific Time (18:00 UTC on 2027-01-21)  \n[Time zones](https://www.worldtimebuddy.com/?date=2027-1-21)\n\n### Attendance\n\n* \n\n### Agenda\n\n* \n\n# Past Meetings\n")))
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("2027 file (-want +got):\n%s", diff)
	}
}

// Three ways the real files were mishandled: a stub followed by two blank
// lines lost one, a stub moved off the schedule got a second stub beside it,
// and a template followed by a plain-text "Archives" list had the list
// copied into every new stub.
func TestPlanKeepsWhatPeopleWrote(t *testing.T) {
	t.Parallel()
	basic := string(readFixture(t, "basic.md"))
	t.Run("two blank lines stay two", func(t *testing.T) {
		t.Parallel()
		content := strings.Replace(basic, "* Plan the \\*next\\* term  \n\n# Past", "* Plan the \\*next\\* term  \n\n\n# Past", 1)
		res, err := Plan(Input{Config: basicConfig(), Now: mustTime(t, "2026-10-16T00:00:00Z"), Files: map[string]Blob{basicPath: {Content: []byte(content)}}})
		if err != nil || len(res.Changes) != 1 {
			t.Fatalf("Plan: got %d changes, %v; want 1", len(res.Changes), err)
		}
		if got := string(res.Changes[0].New); !strings.Contains(got, "### Agenda\n\n* \n\n\n# Past Meetings\n") {
			t.Errorf("got the gap before Past Meetings changed:\n%s", Diff(basicPath, []byte(content), res.Changes[0].New))
		}
		// And a single blank line stays single.
		res, err = Plan(Input{Config: basicConfig(), Now: mustTime(t, "2026-10-16T00:00:00Z"), Files: map[string]Blob{basicPath: {Content: []byte(basic)}}})
		if err != nil || !strings.Contains(string(res.Changes[0].New), "### Agenda\n\n* \n\n# Past Meetings\n") {
			t.Errorf("single blank line: got %v\n%s", err, res.Changes[0].New)
		}
	})
	t.Run("a stub moved off the schedule is the next meeting", func(t *testing.T) {
		t.Parallel()
		content := strings.Replace(basic, "## October 15, 2026", "## October 22, 2026", 1)
		res, err := Plan(Input{Config: basicConfig(), Now: mustTime(t, "2026-10-01T00:00:00Z"), Files: map[string]Blob{basicPath: {Content: []byte(content)}}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Changes) != 0 {
			t.Errorf("got changes, want none:\n%s", Diff(basicPath, []byte(content), res.Changes[0].New))
		}
		want := []string{"keep the stub for 2026-10-22 as the next meeting (the schedule says 2026-10-15): no second stub"}
		if diff := cmp.Diff(want, res.Notes); diff != "" {
			t.Errorf("Notes (-want +got):\n%s", diff)
		}
	})
	t.Run("a plain-text archives list is not part of the template", func(t *testing.T) {
		t.Parallel()
		content := strings.Replace(basic, "### Agenda\n\n* \n\n---", "### Agenda\n\n* \n\nArchives\n\n* [2025](x)\n\n---", 1)
		res, err := Plan(Input{Config: basicConfig(), Now: mustTime(t, "2026-10-16T00:00:00Z"), Files: map[string]Blob{basicPath: {Content: []byte(content)}}})
		if err != nil || len(res.Changes) != 1 {
			t.Fatalf("Plan: got %d changes, %v; want 1", len(res.Changes), err)
		}
		if n := strings.Count(string(res.Changes[0].New), "Archives\n"); n != 1 {
			t.Errorf("got %d Archives lists, want the 1 of the template:\n%s", n, Diff(basicPath, []byte(content), res.Changes[0].New))
		}
	})
}
