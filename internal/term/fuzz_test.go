package term

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/config"
)

// FuzzParse feeds arbitrary text to the date-cell parser, as a timeline cell
// in a README, and as a whole README. Nothing may panic or hang, and what
// is read must be consistent: dates in the term's zone, findings complete.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"January 16 - 31, 5:00 PM PDT",
		"Wed Aug 2 - Tues 15, 5:00 PM PDT",
		"Wednesday, January 8 - Tuesday February 4, 2025",
		"Mon, Aug 3, 00:00 UTC – Tue, Aug 18, 23:59 UTC",
		"Sept 3, 2024 5:00 PM PDT",
		"Thurs, May 15, 2025 11AM PDT (18:00 UTC) – Tue, May 27 2025 11AM PDT (18:00 UTC)",
		"Tuesday, March 3, 2026, Times TBD (will be multiple timezone options)",
		"Wed, Jun 3, 2026 *(notifications may take a few days)",
		"Monday March 4 (Week 1)",
		"October 15, 2024 5:00 PM PDT (the week following the National Day holiday in China)",
		"Jul 3 - Jul 30 5:00 PM PDT",
		"Dec 15 - Jan 5, 2026",
		"3 March 2026 noon CET",
		"Feb 30, 2026",
		"| a | b |\n|---|---|\n| x | y |",
		"# Term 01 - 2026 March - May\nStatus: x\n### Timeline\n| Activity | Date |\n|-|-|\n| program begins | Mar 2 |\n",
		"((((((((((",
		"Jan 99999999999999999999",
		"April 1 (deadline extended) ~~March 20~~ 2020: results announced!",
		"July 27 - 2nd (final) evaluation checkpoint;",
		"mentorships available: May 8th, 2021 (no change)",
	} {
		f.Add(s)
	}
	cfg := config.Default().Terms
	id := mustID(f, 2026, 1)
	loc := pacific(f)
	archive, ok := ParseArchive(cfg.Root+"/2022/01-Spring", cfg)
	if !ok {
		f.Fatal("2022/01-Spring is not an archive term")
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, issues, err := parseDates(s, id, loc)
		if err == nil {
			if d.start.IsZero() || d.start.Location() != loc {
				t.Fatalf("parseDates(%q): got start %v, want a time in %v", s, d.start, loc)
			}
			if !d.end.IsZero() && d.end.Location() != loc {
				t.Fatalf("parseDates(%q): got end %v, want a time in %v", s, d.end, loc)
			}
		} else if len(issues) != 0 {
			t.Fatalf("parseDates(%q): got issues %v with error %v, want none", s, issues, err)
		}
		row := strings.NewReplacer("\n", " ", "|", "/").Replace(s)
		readme := "# Term 01 - 2026 March - May\n\nStatus: Planning\n\n### Timeline\n\n| Activity | Date |\n|---|---|\n| Project proposals | " + row + " |\n"
		bullets := "# Q1\n\n## Timeline\n\n- " + row + "\n- proposals: " + row + "\n"
		for _, c := range []struct {
			data string
			id   ID
		}{{readme, id}, {s, id}, {bullets, archive}, {s, archive}} {
			data := c.data
			doc, fs := Parse("README.md", []byte(data), c.id, cfg)
			if doc == nil {
				t.Fatalf("Parse: got nil Doc")
			}
			for _, fd := range fs {
				if fd.Rule == "" || fd.Message == "" || fd.Path != "README.md" || fd.Line < 0 {
					t.Fatalf("Parse(%q): got incomplete finding %+v", data, fd)
				}
			}
		}
	})
}
