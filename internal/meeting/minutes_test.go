package meeting

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseStructure(t *testing.T) {
	t.Parallel()
	src := "---\ntitle: x\n---\n\n# Upcoming Meetings\n\n## May 1, 2025\n\n10:00 AM Pacific Time (17:00 UTC on 2025-05-01)\n\n### Notes\n\n```\n# not a heading\n## nor this\n```\n\n---\n\n# Past Meetings\n\n## Sept 12, 2023 (postponed)\n\ntext\n\n# Meeting Template\n\n## August 15, 2024\n\n# Archives\n"
	for _, nl := range []string{"\n", "\r\n"} {
		t.Run(strings.ReplaceAll(nl, "\r", `\r`), func(t *testing.T) {
			t.Parallel()
			in := strings.ReplaceAll(src, "\n", nl)
			f, err := Parse([]byte(in))
			if err != nil {
				t.Fatalf("Parse: got error %v, want none", err)
			}
			if f.NL != nl {
				t.Errorf("NL: got %q, want %q", f.NL, nl)
			}
			if f.FrontMatter != 3 {
				t.Errorf("FrontMatter: got %d, want 3", f.FrontMatter)
			}
			var titles []string
			for _, s := range f.Sections {
				titles = append(titles, s.Title)
			}
			if diff := cmp.Diff([]string{"Upcoming Meetings", "Past Meetings", "Meeting Template", "Archives"}, titles); diff != "" {
				t.Errorf("sections mismatch (-want +got):\n%s", diff)
			}
			if got := []int{f.Upcoming, f.Past, f.Template, f.Archive}; !cmp.Equal(got, []int{0, 1, 2, 3}) {
				t.Errorf("section indexes: got %v, want [0 1 2 3]", got)
			}
			up := f.Sections[f.Upcoming].Meetings
			if len(up) != 1 || up[0].Date != (Date{2025, 5, 1}) || f.Text(up[0].TimeLine) != "10:00 AM Pacific Time (17:00 UTC on 2025-05-01)" {
				t.Fatalf("upcoming: got %+v, want one May 1 meeting with its time line", up)
			}
			// The block's content stops before the blank line and the "---".
			if got := string(f.Src[up[0].Start:up[0].ContentEnd]); !strings.HasSuffix(got, "```"+nl) {
				t.Errorf("block content: got %q, want it to end at the closing fence", got)
			}
			past := f.Sections[f.Past].Meetings
			if len(past) != 1 || past[0].Date != (Date{2023, 9, 12}) {
				t.Errorf("past: got %+v, want one Sept 12, 2023 meeting", past)
			}
		})
	}
}

func TestScheduleFromFile(t *testing.T) {
	t.Parallel()
	f, err := Parse(readFixture(t, "basic.md"))
	if err != nil {
		t.Fatal(err)
	}
	s, ok, err := f.Schedule()
	if err != nil || !ok {
		t.Fatalf("Schedule: got %v, %v, want a schedule", ok, err)
	}
	if got, want := s.Rule.String()+" "+formatClock(s.Hour, s.Minute)+" "+s.Location.String(), "3rd Thursday 10:00 America/Los_Angeles"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRenderStubReplacesDates(t *testing.T) {
	t.Parallel()
	got := replaceDate("see 2024-08-15, 2024-8-15, August 15, 2024 and Aug 16, 2024 ([x](https://e.org/?d=2024-08-15))", Date{2024, 8, 15}, Date{2025, 1, 9})
	want := "see 2025-01-09, 2025-1-9, January 9, 2025 and Aug 16, 2024 ([x](https://e.org/?d=2025-01-09))"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTimeLine(t *testing.T) {
	t.Parallel()
	la, _ := time.LoadLocation("America/Los_Angeles")
	tests := []struct {
		start time.Time
		want  string
	}{
		{Date{2024, 12, 19}.At(10, 0, la), "10:00 AM Pacific Time (18:00 UTC on 2024-12-19)"},
		{Date{2025, 3, 20}.At(10, 0, la), "10:00 AM Pacific Time (17:00 UTC on 2025-03-20)"},
		{Date{2025, 3, 20}.At(17, 30, la), "5:30 PM Pacific Time (00:30 UTC on 2025-03-21)"},
		{Date{2023, 12, 12}.At(21, 0, time.UTC), "21:00 UTC on 2023-12-12"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := TimeLine(tt.start); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzParse checks that the parser never panics, that its lines cover the
// input exactly, that its sections and blocks nest, and that planning and
// linting any input that parses never panics and never loses a byte outside
// what it edits.
func FuzzParse(f *testing.F) {
	f.Add(readFixture(f, "basic.md"))
	f.Add(crlf(readFixture(f, "basic.md")))
	f.Add([]byte("# Upcoming Meetings\n## May 1, 2025\n# Past Meetings"))
	f.Add([]byte("---\n---\n```\n# x\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		p, err := Parse(src)
		if err != nil {
			return
		}
		var joined []byte
		for i, l := range p.Lines {
			if l.Start > l.End || l.End > l.Next || (i > 0 && p.Lines[i-1].Next != l.Start) {
				t.Fatalf("line %d: bad offsets %+v", i, l)
			}
			joined = append(joined, src[l.Start:l.Next]...)
		}
		if !bytes.Equal(joined, src) {
			t.Fatalf("lines do not cover the input")
		}
		for _, s := range p.Sections {
			if s.Start > s.Body || s.Body > s.End || s.End > len(src) {
				t.Fatalf("section %q: bad offsets", s.Title)
			}
			for _, b := range s.Meetings {
				if b.Start < s.Body || b.Start > b.ContentEnd || b.ContentEnd > b.End || b.End > s.End {
					t.Fatalf("block %q: bad offsets %+v in section %+v", b.Heading, b, s)
				}
			}
		}
		Lint("fuzz.md", src)
		if p.Require() != nil {
			return
		}
		cfg := basicConfig()
		cfg.Schedule.Rule, cfg.Schedule.Time = "3rd Thursday", "10:00"
		res, err := Plan(Input{Config: cfg, Now: time.Date(2026, 10, 16, 0, 0, 0, 0, time.UTC), Files: map[string]Blob{basicPath: {Content: src}}})
		if err != nil {
			t.Fatalf("Plan on a file that passes Require: got error %v", err)
		}
		for _, c := range res.Changes {
			if !bytes.HasPrefix(c.New, src[:p.Sections[p.Upcoming].Body]) {
				t.Fatalf("Plan changed bytes before the upcoming section")
			}
		}
	})
}
