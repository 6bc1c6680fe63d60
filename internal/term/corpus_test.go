package term

import (
	goldenfile "github.com/mentorbot/mentorbot/internal/golden"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/finding"
)

// corpusDir holds real files from cncf/mentoring, outside the repository.
const corpusDir = "../../../shared/corpus/cncf-mentoring"

func corpusFS(tb testing.TB) (root string) {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(corpusDir, "programs", "lfx-mentorship")); err != nil {
		tb.Skipf("corpus not available at %s (it lives next to the repository, not in it): %v", corpusDir, err)
	}
	return corpusDir
}

// corpusWant lists every finding the corpus yields, checked by hand against
// a calendar and the tz database. In the archive (2019-2022, older naming
// and bullet-list timelines) there are two real mistakes: 2022/02-Summer
// has two Status lines that disagree ("Completed" at the top, "Accepting
// applications" above the timeline) and a date from the year before the
// term ("May 8th, 2021" for the summer of 2022). Every other finding is a
// PST/PDT that disagrees with daylight saving on its date (DST 2023: Mar 12
// - Nov 5; 2024: Mar 10 - Nov 3). Every weekday written in the corpus is
// right; 2025 and 2026 are clean. A finding appearing or disappearing fails
// the test.
var corpusWant = []struct {
	path string
	line int
	rule string
}{
	{"programs/lfx-mentorship/2022/02-Summer/README.md", 60, RuleStatusConflict},        // Status: Accepting applications
	{"programs/lfx-mentorship/2022/02-Summer/README.md", 68, RuleOutsideTerm},           // May 8th, 2021
	{"programs/lfx-mentorship/2023/01-Mar-May/README.md", 9, RuleTimezoneAbbreviation},  // January 16 - 31, 5:00 PM PDT
	{"programs/lfx-mentorship/2023/01-Mar-May/README.md", 10, RuleTimezoneAbbreviation}, // February 1 - 21, 5:00 PM PDT
	{"programs/lfx-mentorship/2023/01-Mar-May/README.md", 11, RuleTimezoneAbbreviation}, // February 22 - March 7, 5:00 PM PDT
	{"programs/lfx-mentorship/2023/01-Mar-May/README.md", 14, RuleTimezoneAbbreviation}, // May 24, 5:00 PM PST
	{"programs/lfx-mentorship/2023/02-Jun-Aug/README.md", 16, RuleTimezoneAbbreviation}, // Wed Aug 23, 5:00 PM PST
	{"programs/lfx-mentorship/2024/01-Mar-May/README.md", 11, RuleTimezoneAbbreviation}, // ... Wednesday Jan 24, 8:00 AM PDT
	{"programs/lfx-mentorship/2024/01-Mar-May/README.md", 12, RuleTimezoneAbbreviation}, // ... Tues Feb 13, 5:00 PM PDT
	{"programs/lfx-mentorship/2024/01-Mar-May/README.md", 13, RuleTimezoneAbbreviation}, // ... Tues Feb 27, 5:00 PM PDT
	{"programs/lfx-mentorship/2024/01-Mar-May/README.md", 14, RuleTimezoneAbbreviation}, // Thurs Feb 29, 5:00 PM PDT
	{"programs/lfx-mentorship/2024/01-Mar-May/README.md", 17, RuleTimezoneAbbreviation}, // Wed May 22, 5:00 PM PST
	{"programs/lfx-mentorship/2024/02-Jun-Aug/README.md", 17, RuleTimezoneAbbreviation}, // Wed Aug 28, 5:00 PM PST
	{"programs/lfx-mentorship/2024/03-Sep-Nov/README.md", 17, RuleTimezoneAbbreviation}, // Nov 26, 2024 5:00 PM PDT
}

func TestCorpus(t *testing.T) {
	t.Parallel()
	fsys := os.DirFS(corpusFS(t))
	cfg := config.Default()
	dirs, err := Discover(fsys, cfg.Terms.Root)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	// 12 terms 2023-2026 and 7 of the archive: 2019 (a year folder with
	// only a README), 2020/q1, q2, q3-q4, 2022/01-Spring, 02-Summer and
	// 03-Sept-Nov.
	if len(dirs) != 19 {
		t.Errorf("Discover: got %d folders %v, want 19: the 12 terms 2023-2026 and 7 of the archive", len(dirs), dirs)
	}
	res, err := Validate(fsys, cfg, dirs)
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if res.TermsChecked != 19 {
		t.Errorf("TermsChecked: got %d, want 19", res.TermsChecked)
	}
	type place struct {
		Path string
		Line int
		Rule string
	}
	var want, got []place
	for _, w := range corpusWant {
		want = append(want, place{w.path, w.line, w.rule})
	}
	for _, f := range res.Findings {
		got = append(got, place{f.Path, f.Line, f.Rule})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("corpus findings (-want +got):\n%s", diff)
	}

	var b strings.Builder
	for _, f := range res.Findings {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	golden(t, filepath.Join("testdata", "corpus.golden"), b.String())
}

// TestCorpusTimelines checks what consumers read from the real READMEs: every
// row parses, every required activity is found, and the proposals deadlines.
func TestCorpusTimelines(t *testing.T) {
	t.Parallel()
	fsys := os.DirFS(corpusFS(t))
	cfg := config.Default()
	tests := []struct {
		term      string
		rows      int
		proposals string // Deadline in America/Los_Angeles
	}{
		{"2023 Term 1", 7, "2023-01-31 17:00"},
		{"2023 Term 2", 7, "2023-05-09 17:00"},
		{"2023 Term 3", 7, "2023-07-27 17:00"},
		{"2024 Term 1", 8, "2024-01-24 08:00"},
		{"2024 Term 2", 8, "2024-05-08 17:00"},
		{"2024 Term 3", 8, "2024-07-30 17:00"},
		{"2025 Term 1", 10, "2025-02-05 00:00"},
		{"2025 Term 2", 10, "2025-05-13 11:00"},
		{"2025 Term 3", 10, "2025-07-29 11:00"},
		{"2026 Term 1", 11, "2026-01-21 00:00"},
		{"2026 Term 2", 10, "2026-04-28 11:00"},
		{"2026 Term 3", 12, "2026-07-28 11:00"},
	}
	for _, tt := range tests {
		t.Run(tt.term, func(t *testing.T) {
			t.Parallel()
			id, err := ParseName(tt.term, cfg.Terms)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Load(fsys, cfg, id)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if len(doc.Timeline) != tt.rows {
				t.Errorf("got %d timeline rows, want %d", len(doc.Timeline), tt.rows)
			}
			for _, e := range doc.Timeline {
				if !e.Parsed() {
					t.Errorf("line %d: got date %q unread, want it parsed", e.Line, e.Text)
				}
			}
			for _, a := range cfg.Terms.RequiredActivities {
				if _, ok := doc.Find(a); !ok {
					t.Errorf("Find(%q): got no entry, want one", a)
				}
			}
			closes, ok := doc.ProposalsClose()
			if got := wall(closes, doc.Location); !ok || got != tt.proposals {
				t.Errorf("ProposalsClose: got %q, %v, want %q", got, ok, tt.proposals)
			}
		})
	}
}

// TestCorpusArchive checks what is read from the archive's folders: each is
// recognised as a term of its year, and its bullet-list (or table) timeline
// yields the dated entries a person sees, with the dates they say.
func TestCorpusArchive(t *testing.T) {
	t.Parallel()
	dir := corpusFS(t)
	cfg := config.Default()
	tests := []struct {
		folder      string
		months      string // First-Last
		entries     int
		first, last string // first entry's start, last entry's last date
		activity    string // the first entry's activity
	}{
		{"2019", "Jan-Dec", 0, "", "", ""},
		{"2020/q1", "Jan-Mar", 5, "2019-12-05", "2020-04-01", "applications opened"},
		{"2020/q2", "Apr-Jun", 7, "2020-04-16", "2020-08-03", "project applications opened"},
		{"2020/q3-q4", "Jul-Dec", 10, "2020-09-01", "2020-12-14", "project applications opened"},
		{"2022/01-Spring", "Mar-May", 6, "2022-01-26", "2022-05-31", "project applications open"},
		{"2022/02-Summer", "Jun-Aug", 7, "2021-05-08", "2022-08-31", "mentorships available on LFX Mentorship"},
		{"2022/03-Sept-Nov", "Sep-Nov", 7, "2022-08-01", "2022-11-30", "project proposals"},
	}
	for _, tt := range tests {
		t.Run(tt.folder, func(t *testing.T) {
			t.Parallel()
			p := cfg.Terms.Root + "/" + tt.folder
			id, ok := ParseArchive(p, cfg.Terms)
			if !ok {
				t.Fatalf("ParseArchive(%q): not an archive term", p)
			}
			if got := abbrev(id.First) + "-" + abbrev(id.Last); got != tt.months {
				t.Errorf("months: got %s, want %s", got, tt.months)
			}
			data, err := os.ReadFile(filepath.Join(dir, p, ReadmeName))
			if err != nil {
				t.Fatal(err)
			}
			doc, _ := Parse(p+"/README.md", data, id, cfg.Terms)
			if len(doc.Timeline) != tt.entries {
				t.Fatalf("got %d timeline entries %+v, want %d", len(doc.Timeline), doc.Timeline, tt.entries)
			}
			if tt.entries == 0 {
				return
			}
			for _, e := range doc.Timeline {
				if !e.Parsed() {
					t.Errorf("line %d: date %q unread", e.Line, e.Text)
				}
			}
			f, l := doc.Timeline[0], doc.Timeline[len(doc.Timeline)-1]
			if got := f.Start.Format("2006-01-02"); got != tt.first {
				t.Errorf("first date: got %s, want %s", got, tt.first)
			}
			if got := lastDate(l).Format("2006-01-02"); got != tt.last {
				t.Errorf("last date: got %s, want %s", got, tt.last)
			}
			if f.Activity != tt.activity {
				t.Errorf("first activity: got %q, want %q", f.Activity, tt.activity)
			}
		})
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	goldenfile.Assert(t, path, []byte(got))
}

func BenchmarkValidateCorpus(b *testing.B) {
	fsys := os.DirFS(corpusFS(b))
	cfg := config.Default()
	dirs, err := Discover(fsys, cfg.Terms.Root)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var res Result
	for b.Loop() {
		res, err = Validate(fsys, cfg, dirs)
		if err != nil {
			b.Fatal(err)
		}
	}
	if finding.Count(res.Findings, finding.SeverityError) != len(corpusWant) {
		b.Fatalf("got %d errors, want %d", finding.Count(res.Findings, finding.SeverityError), len(corpusWant))
	}
}

// BenchmarkParse measures parsing alone, on the largest corpus README.
func BenchmarkParse(b *testing.B) {
	dir := corpusFS(b)
	data, err := os.ReadFile(filepath.Join(dir, "programs/lfx-mentorship/2026/03-Sep-Nov/README.md"))
	if err != nil {
		b.Fatal(err)
	}
	cfg := config.Default().Terms
	id := mustID(b, 2026, 3)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Parse("README.md", data, id, cfg)
	}
}
