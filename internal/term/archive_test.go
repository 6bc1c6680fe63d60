package term

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
)

func TestParseArchive(t *testing.T) {
	t.Parallel()
	cfg := config.Default().Terms
	tests := []struct {
		dir         string
		ok          bool
		n           int
		first, last time.Month
	}{
		{"programs/lfx-mentorship/2019", true, 0, time.January, time.December},
		{"programs/lfx-mentorship/2020/q1", true, 1, time.January, time.March},
		{"programs/lfx-mentorship/2020/Q2", true, 2, time.April, time.June},
		{"programs/lfx-mentorship/2020/q3-q4", true, 3, time.July, time.December},
		{"programs/lfx-mentorship/2022/01-Spring", true, 1, time.March, time.May},
		{"programs/lfx-mentorship/2021/03-Fall", true, 3, time.September, time.November},
		{"programs/lfx-mentorship/2022/03-Sept-Nov", true, 3, time.September, time.November},
		{"programs/lfx-mentorship/2020/q4-q3", false, 0, 0, 0},
		{"programs/lfx-mentorship/2022/notes", false, 0, 0, 0},
		// Today's folders are held to today's naming.
		{"programs/lfx-mentorship/2027/q1", false, 0, 0, 0},
		{"programs/lfx-mentorship/2023/01-Spring", false, 0, 0, 0},
		{"programs/lfx-mentorship/2027", false, 0, 0, 0},
		{"elsewhere/2019", false, 0, 0, 0},
	}
	for _, tt := range tests {
		id, ok := ParseArchive(tt.dir, cfg)
		if ok != tt.ok || id.Number != tt.n || id.First != tt.first || id.Last != tt.last {
			t.Errorf("ParseArchive(%q): got %+v, %v; want number %d, %s-%s, %v", tt.dir, id, ok, tt.n, tt.first, tt.last, tt.ok)
		}
	}
	off := cfg
	off.ArchiveUntil = 0
	if _, ok := ParseArchive("programs/lfx-mentorship/2020/q1", off); ok {
		t.Errorf("archive_until 0: got an archive term, want none")
	}
}

func TestSplitDated(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, date, activity string
		ok                 bool
	}{
		{"April 16 - May 1: project applications opened", "April 16 - May 1", "project applications opened", true},
		{"project applications open: Jan 26th - Feb 1st (1 week)", "Jan 26th - Feb 1st", "project applications open", true},
		{"proposals cutoff May 24th", "May 24th", "proposals cutoff", true},
		{"September 21 - selected projects/slots are announced by CNCF;", "September 21", "selected projects/slots are announced by CNCF", true},
		{"October 5 - November 2 (4 weeks) - coding (1st stage)", "October 5 - November 2", "coding (1st stage)", true},
		{"July 27 - 2nd (final) evaluation checkpoint;", "July 27", "2nd (final) evaluation checkpoint", true},
		{"January 16 - 31: proposals", "January 16 - 31", "proposals", true},
		{"December 16 2019: 5 projects/slots are announced", "December 16 2019", "5 projects/slots are announced", true},
		{"April 1 (deadline extended)  2020: results announced!", "April 1 2020", "results announced", true},
		{"June 6 (Week 1): Mentorship program begins", "June 6", "Mentorship program begins", true},
		{"Tue, Mar 3, 2026, 11:00 AM PST (19:00 UTC): proposals close", "Tue, Mar 3, 2026, 11:00 AM PST (19:00 UTC)", "proposals close", true},
		{"Mentors and mentees may apply via the platform", "", "", false},
		{"First 50% of the stipend is paid", "", "", false},
		{strings.Repeat("May ", 2000), "", "", false},
	}
	for _, tt := range tests {
		date, act, ok := splitDated(cleanBullet(tt.in))
		if ok != tt.ok || date != tt.date || act != tt.activity {
			t.Errorf("splitDated(%.60q): got %q, %q, %v; want %q, %q, %v", tt.in, date, act, ok, tt.date, tt.activity, tt.ok)
		}
	}
}

const archiveReadme = `# Q1

Status: Completed

## Timeline

- project applications open: Feb 30th - Mar 5th
- mentees applications open: Mar 6th - Mar 20th
- proposals cutoff: March 2nd, 2021
- Wed, April 1: Mentorship program begins
- notes without a date
  - Mentors verify the quality of the completed tasks

## Accepted projects

Status: In progress

- May 45: not a date, not an entry
`

// The archive's own mistakes are found: a day the month does not have, a
// year from before the term, a weekday that is wrong, two Status lines that
// disagree; its older naming and missing title are not reported.
func TestArchiveMistakes(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	dir := "programs/lfx-mentorship/2022/01-Spring"
	fsys := fstest.MapFS{dir + "/README.md": {Data: []byte(archiveReadme)}}
	res, err := Validate(fsys, cfg, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, f.String())
	}
	want := []string{
		dir + `/README.md:7: error: Feb 30, 2022 does not exist (February 2022 has 28 days): fix the day of "project applications open" [invalid-date]`,
		dir + `/README.md:9: error: Mar 2, 2021 is a year before the term (Mar 1, 2022 – May 31, 2022): did you mean Mar 2, 2022? [outside-term]`,
		dir + `/README.md:10: error: Apr 1, 2022 is a Friday, not a Wednesday [weekday-mismatch]`,
		dir + `/README.md:16: error: Status "In progress" disagrees with Status "Completed" on line 3: keep one Status line that says where the term stands [status-conflict]`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// New folders are held to today's naming, with a hint when they use the
// archive's, and a year folder with only a README is a term only in the
// archive.
func TestArchiveNamingInNewYears(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	fsys := fstest.MapFS{
		"programs/lfx-mentorship/2027/q1/README.md":          {Data: []byte(archiveReadme)},
		"programs/lfx-mentorship/2028/README.md":             {Data: []byte("# 2028\n")},
		"programs/lfx-mentorship/2019/README.md":             {Data: []byte("## 2019\n\nThree mentees.\n")},
		"programs/lfx-mentorship/2026/03-Sep-Nov/README.md":  {Data: []byte("# Term 03 - 2026 September - November\n")},
		"programs/lfx-mentorship/2026/README.md":             {Data: []byte("index of 2026\n")},
		"programs/lfx-mentorship/2022/02-Summer/README.md":   {Data: []byte("Status: Completed\n")},
		"programs/lfx-mentorship/2022/02-Summer/program.txt": {Data: []byte("x")},
	}
	dirs, err := Discover(fsys, cfg.Terms.Root)
	if err != nil {
		t.Fatal(err)
	}
	wantDirs := []string{
		"programs/lfx-mentorship/2019",
		"programs/lfx-mentorship/2022/02-Summer",
		"programs/lfx-mentorship/2026/03-Sep-Nov",
		"programs/lfx-mentorship/2027/q1",
		"programs/lfx-mentorship/2028",
	}
	if diff := cmp.Diff(wantDirs, dirs); diff != "" {
		t.Fatalf("Discover (-want +got):\n%s", diff)
	}
	res, err := Validate(fsys, cfg, dirs)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string][]string{}
	for _, f := range res.Findings {
		if f.Rule == RuleFolderName {
			byPath[f.Path] = append(byPath[f.Path], f.Message)
		}
	}
	want := map[string][]string{
		"programs/lfx-mentorship/2027/q1": {`term folder name "q1" is not of the form NN-Mon-Mon (such as 01-Mar-May) (that is the older naming, read only for the archive up to 2022: new folders use today's)`},
		"programs/lfx-mentorship/2028":    {`year folder programs/lfx-mentorship/2028 holds a README and no term folder: put the term in a folder such as 2028/01-Mar-May (only years up to terms.archive_until, 2022, may be a term themselves)`},
	}
	if diff := cmp.Diff(want, byPath); diff != "" {
		t.Errorf("folder-name findings (-want +got):\n%s", diff)
	}
}
