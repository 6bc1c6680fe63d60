package scaffold

import (
	"errors"
	goldenfile "github.com/mentorbot/mentorbot/internal/golden"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
)

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Assert(t, filepath.Join("testdata", name), []byte(got))
}

func parseFile(t testing.TB, p string) *Schedule {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Parse(data, p)
	if err != nil {
		t.Fatalf("Parse(%s): %v", p, err)
	}
	return s
}

func TestRenderGolden(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"2027-t1", "2026-t3"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := parseFile(t, filepath.Join("testdata", name+".yml"))
			res, err := Render(s, config.Default(), Options{})
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if len(res.Files) != 2 {
				t.Fatalf("got %d files, want 2", len(res.Files))
			}
			for _, f := range res.Files {
				if !strings.HasPrefix(f.Path, res.Dir+"/") {
					t.Errorf("got file %s, want it under %s", f.Path, res.Dir)
				}
				golden(t, filepath.Join("golden", name, filepath.Base(f.Path)), f.Content)
			}
		})
	}
}

// TestRenderCorpusExample renders cncf/mentoring's own example schedule,
// accepted as is.
func TestRenderCorpusExample(t *testing.T) {
	t.Parallel()
	p := "../../../shared/corpus/cncf-mentoring/programs/lfx-mentorship/automation/term-setup.example.yml"
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus not available (%v): the real-world schedule lives in ../shared/corpus", err)
	}
	s := parseFile(t, p)
	res, err := Render(s, config.Default(), Options{})
	if err != nil {
		t.Fatalf("Render: %v", err)
	}
	if got, want := res.Dir, "programs/lfx-mentorship/2026/03-Sep-Nov"; got != want {
		t.Errorf("got dir %s, want %s", got, want)
	}
	golden(t, "golden/corpus-example/README.md", res.Files[0].Content)
}

func TestDir(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	for _, tc := range []struct {
		number int
		want   string
	}{
		{1, "programs/lfx-mentorship/2027/01-Mar-May"},
		{2, "programs/lfx-mentorship/2027/02-Jun-Aug"},
		{3, "programs/lfx-mentorship/2027/03-Sep-Nov"},
	} {
		got, err := Dir(cfg, 2027, tc.number)
		if err != nil || got != tc.want {
			t.Errorf("Dir(2027, %d) = %q, %v; want %q", tc.number, got, err, tc.want)
		}
	}
	if _, err := Dir(cfg, 2027, 4); err == nil {
		t.Errorf("Dir(2027, 4): got no error, want one for a term without months")
	}
}

func TestBuildRefusesExistingFolder(t *testing.T) {
	t.Parallel()
	s := parseFile(t, "testdata/2027-t1.yml")
	fsys := fstest.MapFS{"programs/lfx-mentorship/2027/01-Mar-May/README.md": {Data: []byte("# hand written\n")}}
	for _, tc := range []struct {
		name    string
		fsys    fstest.MapFS
		force   bool
		wantErr error
	}{
		{"new folder", fstest.MapFS{}, false, nil},
		{"existing folder", fsys, false, ErrExists},
		{"existing folder forced", fsys, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := Build(tc.fsys, s, config.Default(), Options{Force: tc.force})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("got error %v, want %v", err, tc.wantErr)
			}
			if err == nil && len(res.Files) != 2 {
				t.Errorf("got %d files, want 2", len(res.Files))
			}
		})
	}
}

func TestDateCell(t *testing.T) {
	t.Parallel()
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	d := func(s string) time.Time {
		v, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		name string
		e    Entry
		want string
	}{
		{"single day", Entry{Start: d("2027-03-08")}, "Monday, March 8, 2027"},
		{"range", Entry{Start: d("2027-01-06"), End: d("2027-01-26")}, "Wednesday, January 6 – Tuesday, January 26, 2027"},
		{"range across new year", Entry{Start: d("2026-12-30"), End: d("2027-01-12")}, "Wednesday, December 30, 2026 – Tuesday, January 12, 2027"},
		{"utc in winter", Entry{Start: d("2027-01-26"), Time: "19:00 UTC"}, "Tuesday, January 26, 2027, 11:00 AM PST (19:00 UTC)"},
		{"utc in summer", Entry{Start: d("2027-07-27"), Time: "18:00 UTC"}, "Tuesday, July 27, 2027, 11:00 AM PDT (18:00 UTC)"},
		{"local on the day DST starts", Entry{Start: d("2027-03-14"), Time: "11:00"}, "Sunday, March 14, 2027, 11:00 AM PDT (18:00 UTC)"},
		{"local the day before DST starts", Entry{Start: d("2027-03-13"), Time: "11:00 AM"}, "Saturday, March 13, 2027, 11:00 AM PST (19:00 UTC)"},
		{"utc on the day DST ends", Entry{Start: d("2026-11-01"), Time: "18:00 UTC"}, "Sunday, November 1, 2026, 10:00 AM PST (18:00 UTC)"},
		{"time applies to the end of a range", Entry{Start: d("2026-10-20"), End: d("2026-11-24"), Time: "18:00 UTC"}, "Tuesday, October 20 – Tuesday, November 24, 2026, 10:00 AM PST (18:00 UTC)"},
		{"utc near midnight names the local day", Entry{Start: d("2026-08-03"), Time: "00:00 UTC"}, "Sunday, August 2, 2026, 5:00 PM PDT (00:00 UTC on Monday, August 3)"},
		{"utc near midnight ends a range on the local day", Entry{Start: d("2026-07-20"), End: d("2026-08-03"), Time: "00:00 UTC"}, "Monday, July 20 – Sunday, August 2, 2026, 5:00 PM PDT (00:00 UTC on Monday, August 3)"},
		{"one-day range ending past midnight utc", Entry{Start: d("2026-08-02"), End: d("2026-08-03"), Time: "00:00 UTC"}, "Sunday, August 2, 2026, 5:00 PM PDT (00:00 UTC on Monday, August 3)"},
		{"local late evening names the utc day", Entry{Start: d("2026-08-03"), Time: "11:00 PM"}, "Monday, August 3, 2026, 11:00 PM PDT (06:00 UTC on Tuesday, August 4)"},
		{"free text", Entry{Start: d("2027-03-09"), Time: "Times TBD (will be multiple timezone options)"}, "Tuesday, March 9, 2027, Times TBD (will be multiple timezone options)"},
		{"note", Entry{Start: d("2027-03-03"), Note: "*(may take a few days)*"}, "Wednesday, March 3, 2027 *(may take a few days)*"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := DateCell(tc.e, loc); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func BenchmarkRender(b *testing.B) {
	s := parseFile(b, "testdata/2027-t1.yml")
	cfg := config.Default()
	for b.Loop() {
		if _, err := Render(s, cfg, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func mustLA(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// The repository's READMEs write "11:00 AM PST (19:00 UTC)": scaffold takes
// that form when it is right for the date, and refuses it with both readings
// written out when it is not (suggesting only "18:00 UTC" moved a deadline
// by an hour).
func TestWrittenZones(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	head := "term: {year: 2027, number: 1}\nschedule:\n  - key: proposals_open\n    label: Project Proposals Open\n    start: 2027-01-06\n    end: 2027-01-26\n"
	tests := []struct {
		name, time string
		cell       string // the rendered date cell, when accepted
		err        string // the error, when refused
	}{
		{"right in winter", "11:00 AM PST (19:00 UTC)", "Wednesday, January 6 – Tuesday, January 26, 2027, 11:00 AM PST (19:00 UTC)", ""},
		{"right without UTC", "11 AM PST", "Wednesday, January 6 – Tuesday, January 26, 2027, 11:00 AM PST (19:00 UTC)", ""},
		{"PDT in January", "11:00 AM PDT (18:00 UTC)", "",
			`s.yml:3: schedule entry 1 (proposals_open): time "11:00 AM PDT (18:00 UTC)" on Tuesday, January 26, 2027: Tuesday, January 26, 2027 is in PST then, and 11:00 AM PST is 19:00 UTC; write "11:00 AM PST (19:00 UTC)" for 11:00 AM local time, or "10:00 AM PST (18:00 UTC)" for 18:00 UTC`},
		{"UTC that disagrees", "11:00 AM PST (18:00 UTC)", "",
			`s.yml:3: schedule entry 1 (proposals_open): time "11:00 AM PST (18:00 UTC)" on Tuesday, January 26, 2027: 11:00 AM PST is 19:00 UTC; write "11:00 AM PST (19:00 UTC)" for 11:00 AM local time, or "10:00 AM PST (18:00 UTC)" for 18:00 UTC`},
		{"zone of elsewhere", "11:00 AM CET", "",
			`s.yml:3: schedule entry 1 (proposals_open): time "11:00 AM CET": CET is not a zone of America/Los_Angeles (PST/PDT): write the time in America/Los_Angeles or in UTC, such as "11:00 AM PST (19:00 UTC)"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := Parse([]byte(head+"    time: "+tt.time+"\n"), "s.yml")
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			res, err := Render(s, cfg, Options{})
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("Render: got error %v\nwant %s", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			if !strings.Contains(res.Files[0].Content, "| "+tt.cell+" |") {
				t.Errorf("README: got\n%s\nwant a cell %q", res.Files[0].Content, tt.cell)
			}
		})
	}
}
