package term

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/finding"
)

// at is a finding's place and rule, what the rule tests compare.
type at struct {
	Line int
	Rule string
}

func places(fs []finding.Finding) []at {
	var out []at
	for _, f := range fs {
		out = append(out, at{f.Line, f.Rule})
	}
	return out
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "rules", name))
	if err != nil {
		t.Fatalf("reading fixture: %v", err)
	}
	return data
}

// TestRules parses one fixture per rule where it fires and one where it
// must not (each clean fixture exercises the rule's edge: abbreviated
// title months, bold Status, a table without a Timeline heading, the DST
// switch day, a UTC time on the next day, the window's first day ...).
// Fixtures are 2026 Term 1 READMEs.
func TestRules(t *testing.T) {
	t.Parallel()
	cfg := config.Default().Terms
	id := mustID(t, 2026, 1)
	tests := []struct {
		fixture string
		want    []at
	}{
		{"valid.md", nil},
		{"title-mismatch-fires.md", []at{{1, RuleTitleMismatch}}},
		{"title-mismatch-clean.md", nil},
		{"missing-status-fires.md", []at{{0, RuleMissingStatus}}},
		{"missing-status-clean.md", nil},
		{"missing-status-empty.md", []at{{3, RuleMissingStatus}}},
		{"missing-timeline-fires.md", []at{{0, RuleMissingTimeline}}},
		{"missing-timeline-clean.md", nil},
		{"missing-activity-fires.md", []at{{7, RuleMissingActivity}}},
		{"missing-activity-clean.md", nil},
		{"unparsed-date-fires.md", []at{{14, RuleUnparsedDate}}},
		{"unparsed-date-clean.md", nil},
		{"weekday-mismatch-fires.md", []at{{12, RuleWeekdayMismatch}}},
		{"weekday-mismatch-clean.md", nil},
		{"timezone-abbreviation-fires.md", []at{{13, RuleTimezoneAbbreviation}}},
		{"timezone-abbreviation-clean.md", nil},
		{"utc-mismatch-fires.md", []at{{13, RuleUTCMismatch}}},
		{"utc-mismatch-clean.md", nil},
		{"date-order-fires.md", []at{{11, RuleDateOrder}, {14, RuleDateOrder}}},
		{"date-order-clean.md", nil},
		{"outside-term-fires.md", []at{{9, RuleOutsideTerm}, {12, RuleOutsideTerm}, {15, RuleOutsideTerm}}},
		{"outside-term-clean.md", nil},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			path := "programs/lfx-mentorship/2026/01-Mar-May/README.md"
			_, fs := Parse(path, readFixture(t, tt.fixture), id, cfg)
			finding.Sort(fs)
			if diff := cmp.Diff(tt.want, places(fs)); diff != "" {
				t.Errorf("Parse(%s) findings (-want +got):\n%s\ngot: %v", tt.fixture, diff, fs)
			}
			for _, f := range fs {
				if f.Path != path || f.Severity != finding.SeverityError || f.Message == "" {
					t.Errorf("got finding %+v, want path %s, severity error and a message", f, path)
				}
			}
		})
	}
}

// TestRuleMessages pins the wording a person acts on, one per rule.
func TestRuleMessages(t *testing.T) {
	t.Parallel()
	cfg := config.Default().Terms
	id := mustID(t, 2026, 1)
	tests := []struct {
		fixture string
		want    []string
	}{
		{"title-mismatch-fires.md", []string{`title "Term 01 - 2026 March - June" does not match the folder (months March - June, not March - May): write "# Term 01 - 2026 March - May"`}},
		{"missing-activity-fires.md", []string{`timeline has no "midterm evaluations" activity: add a row for it`}},
		{"weekday-mismatch-fires.md", []string{"Mar 2, 2026 is a Monday, not a Wednesday"}},
		{"timezone-abbreviation-fires.md", []string{"Apr 14, 2026 is in daylight saving time in America/Los_Angeles: write PDT, not PST (11:00 AM PDT is 18:00 UTC)"}},
		{"utc-mismatch-fires.md", []string{"11:00 AM PDT on Apr 14, 2026 is 18:00 UTC, not 19:00 UTC"}},
		{"outside-term-fires.md", []string{
			"Oct 1, 2025 is more than 120 days from the term (Mar 1, 2026 – May 31, 2026): check the month and year",
			"the program begins Feb 23, 2026, outside the term's first month (March 2026)",
			"the last day of term is Jun 1, 2026, outside the term's last month (May 2026)",
		}},
		{"date-order-fires.md", []string{
			"range ends Feb 11, 2026, before it starts on Feb 24, 2026: fix the dates or swap them",
			`"Midterm Mentee Evaluations Due" starts Apr 14, 2026, before "Final Mentee Evaluations Due" (line 13) on May 26, 2026: keep the timeline in date order`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			_, fs := Parse("README.md", readFixture(t, tt.fixture), id, cfg)
			finding.Sort(fs)
			var got []string
			for _, f := range fs {
				got = append(got, f.Message)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("messages (-want +got):\n%s", diff)
			}
		})
	}
}

// TestValidateFolders covers the folder-level rules and severities.
func TestValidateFolders(t *testing.T) {
	t.Parallel()
	valid := readFixture(t, "valid.md")
	fires := readFixture(t, "unparsed-date-fires.md")
	file := func(b []byte) *fstest.MapFile { return &fstest.MapFile{Data: b} }
	fsys := fstest.MapFS{
		"programs/lfx-mentorship/2026/01-Mar-May/README.md":          file(valid),
		"programs/lfx-mentorship/2026/03-Sep-Oct/README.md":          file(valid),
		"programs/lfx-mentorship/2026/02-Jun-Aug/project_ideas.md":   file([]byte("ideas")),
		"programs/lfx-mentorship/2025/01-Mar-May/README.md":          file(fires),
		"programs/lfx-mentorship/automation/terms.yml":               file([]byte("x")),
		"programs/lfx-mentorship/26/01-Mar-May/README.md":            file(valid),
		"programs/lfx-mentorship/03-Sep-Nov/README.md":               file(valid),
		"programs/lfx-mentorship/2026/README.md":                     file([]byte("# 2026")),
		"programs/lfx-mentorship/2026/01-Mar-May/.github/ignored.md": file(nil),
	}
	cfg := config.Default()
	dirs, err := Discover(fsys, cfg.Terms.Root)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	wantDirs := []string{
		"programs/lfx-mentorship/03-Sep-Nov",
		"programs/lfx-mentorship/2025/01-Mar-May",
		"programs/lfx-mentorship/2026/01-Mar-May",
		"programs/lfx-mentorship/2026/02-Jun-Aug",
		"programs/lfx-mentorship/2026/03-Sep-Oct",
		"programs/lfx-mentorship/26/01-Mar-May",
	}
	if diff := cmp.Diff(wantDirs, dirs); diff != "" {
		t.Errorf("Discover (-want +got):\n%s", diff)
	}
	res, err := Validate(fsys, cfg, append(dirs, "programs/lfx-mentorship/2026/02-Gone-Dir"))
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	want := []finding.Finding{
		{Path: "programs/lfx-mentorship/03-Sep-Nov", Severity: finding.SeverityError, Rule: RuleFolderName},
		{Path: "programs/lfx-mentorship/2025/01-Mar-May/README.md", Line: 1, Severity: finding.SeverityError, Rule: RuleTitleMismatch},
		{Path: "programs/lfx-mentorship/2025/01-Mar-May/README.md", Line: 9, Severity: finding.SeverityError, Rule: RuleOutsideTerm},
		{Path: "programs/lfx-mentorship/2025/01-Mar-May/README.md", Line: 10, Severity: finding.SeverityError, Rule: RuleOutsideTerm},
		{Path: "programs/lfx-mentorship/2025/01-Mar-May/README.md", Line: 11, Severity: finding.SeverityError, Rule: RuleOutsideTerm},
		{Path: "programs/lfx-mentorship/2025/01-Mar-May/README.md", Line: 12, Severity: finding.SeverityError, Rule: RuleOutsideTerm},
		{Path: "programs/lfx-mentorship/2025/01-Mar-May/README.md", Line: 13, Severity: finding.SeverityError, Rule: RuleOutsideTerm},
		{Path: "programs/lfx-mentorship/2025/01-Mar-May/README.md", Line: 14, Severity: finding.SeverityWarning, Rule: RuleUnparsedDate},
		{Path: "programs/lfx-mentorship/2025/01-Mar-May/README.md", Line: 15, Severity: finding.SeverityError, Rule: RuleOutsideTerm},
		{Path: "programs/lfx-mentorship/2026/02-Jun-Aug/README.md", Severity: finding.SeverityError, Rule: RuleMissingReadme},
		{Path: "programs/lfx-mentorship/2026/03-Sep-Oct", Severity: finding.SeverityError, Rule: RuleFolderName},
		{Path: "programs/lfx-mentorship/26/01-Mar-May", Severity: finding.SeverityError, Rule: RuleFolderName},
	}
	if res.TermsChecked != len(wantDirs) {
		t.Errorf("TermsChecked: got %d, want %d", res.TermsChecked, len(wantDirs))
	}
	ignoreMsg := cmp.Transformer("noMessage", func(f finding.Finding) finding.Finding { f.Message = ""; return f })
	if diff := cmp.Diff(want, res.Findings, ignoreMsg); diff != "" {
		t.Errorf("Validate (-want +got):\n%s", diff)
	}

	cfg.Severity = map[string]finding.Severity{RuleOutsideTerm: finding.SeverityOff, RuleFolderName: finding.SeverityNotice}
	res, err = Validate(fsys, cfg, []string{"programs/lfx-mentorship/2025/01-Mar-May", "programs/lfx-mentorship/26/01-Mar-May"})
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	want = []finding.Finding{
		{Path: "programs/lfx-mentorship/2025/01-Mar-May/README.md", Line: 1, Severity: finding.SeverityError, Rule: RuleTitleMismatch},
		{Path: "programs/lfx-mentorship/2025/01-Mar-May/README.md", Line: 14, Severity: finding.SeverityError, Rule: RuleUnparsedDate},
		{Path: "programs/lfx-mentorship/26/01-Mar-May", Severity: finding.SeverityNotice, Rule: RuleFolderName},
	}
	if diff := cmp.Diff(want, res.Findings, ignoreMsg); diff != "" {
		t.Errorf("Validate with severities (-want +got):\n%s", diff)
	}
}

func TestTouched(t *testing.T) {
	t.Parallel()
	root := "programs/lfx-mentorship"
	tests := []struct {
		name    string
		changed []string
		want    []string
	}{
		{"none", nil, nil},
		{"readme and ideas of one term, another term", []string{
			"programs/lfx-mentorship/2026/03-Sep-Nov/README.md",
			"programs/lfx-mentorship/2026/03-Sep-Nov/project_ideas.md",
			"./programs/lfx-mentorship/2025/01-Mar-May/README.md",
		}, []string{"programs/lfx-mentorship/2025/01-Mar-May", "programs/lfx-mentorship/2026/03-Sep-Nov"}},
		{"files outside terms", []string{
			"programs/lfx-mentorship/README.md",
			"programs/lfx-mentorship/2026/README.md",
			"programs/lfx-mentorship/automation/terms.yml",
			"programs/lfx-mentorship-old/2026/03-Sep-Nov/README.md",
			"mentoring-wg/2024-meeting-minutes.md",
		}, nil},
		{"malformed names", []string{
			"programs/lfx-mentorship/26/03-Sep-Nov/README.md",
			"programs/lfx-mentorship/03-Sep-Nov/README.md",
			"programs/lfx-mentorship/2026/3-Sep-Nov/a/b.png",
		}, []string{"programs/lfx-mentorship/03-Sep-Nov", "programs/lfx-mentorship/2026/3-Sep-Nov", "programs/lfx-mentorship/26/03-Sep-Nov"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, Touched(tt.changed, root)); diff != "" {
				t.Errorf("Touched (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadAndFind(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	fsys := fstest.MapFS{"programs/lfx-mentorship/2026/01-Mar-May/README.md": &fstest.MapFile{Data: readFixture(t, "valid.md")}}
	id := mustID(t, 2026, 1)
	doc, err := Load(fsys, cfg, id)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if doc.Title != "Term 01 - 2026 March - May" || doc.Status != "Planning" || len(doc.Timeline) != 7 {
		t.Errorf("got title %q, status %q, %d entries; want the fixture's title, Planning, 7", doc.Title, doc.Status, len(doc.Timeline))
	}
	loc := pacific(t)
	e, ok := doc.Find("project proposals")
	if !ok || e.Line != 9 {
		t.Fatalf("Find(project proposals): got %+v, %v, want line 9", e, ok)
	}
	closes, ok := doc.ProposalsClose()
	if want := time.Date(2026, time.January, 21, 0, 0, 0, 0, loc); !ok || !closes.Equal(want) {
		t.Errorf("ProposalsClose: got %v, %v, want %v (end of the day written)", closes, ok, want)
	}
	mid, _ := doc.Find("midterm evaluations")
	if want := time.Date(2026, time.April, 14, 18, 0, 0, 0, time.UTC); !mid.Deadline().Equal(want) {
		t.Errorf("midterm Deadline: got %v, want %v", mid.Deadline(), want)
	}
	if _, ok := doc.Find("graduation party"); ok {
		t.Errorf("Find(graduation party): got a match, want none")
	}
	if _, err := Load(fsys, cfg, mustID(t, 2026, 2)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing term: got %v, want fs.ErrNotExist", err)
	}
}

// failFS fails every read of a path under prefix with err, as a contents API
// answering 502 would.
type failFS struct {
	fs.FS
	prefix string
	err    error
}

func (f failFS) Open(name string) (fs.File, error) {
	if strings.HasPrefix(name, f.prefix) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: f.err}
	}
	return f.FS.Open(name)
}

// A folder that could not be read is an error, never a folder that passed:
// a transient 502 on the contents API turned a failing check green.
func TestValidateReadErrorIsNotAPass(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	dir := "programs/lfx-mentorship/2026/03-Sep-Nov"
	base := fstest.MapFS{dir + "/README.md": {Data: []byte("# nothing right here\n")}}
	for _, tt := range []struct {
		name, prefix string
	}{
		{"folder", dir},
		{"readme", dir + "/README.md"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			boom := errors.New("502 Bad Gateway")
			res, err := Validate(failFS{base, tt.prefix, boom}, cfg, []string{dir})
			if !errors.Is(err, boom) {
				t.Fatalf("Validate: got %+v, %v; want an error wrapping %v", res, err, boom)
			}
		})
	}
	// A folder that is gone (deleted by the change) is still skipped.
	res, err := Validate(base, cfg, []string{"programs/lfx-mentorship/2026/02-Jun-Aug"})
	if err != nil || res.TermsChecked != 0 {
		t.Errorf("deleted folder: got %d checked, %v; want 0, nil", res.TermsChecked, err)
	}
}

// TestParseCacheIsNotShared: READMEs are parsed once per content, and a
// caller that changes its findings (the severity overrides do) changes
// nobody else's.
func TestParseCacheIsNotShared(t *testing.T) {
	t.Parallel()
	fires := readFixture(t, "unparsed-date-fires.md")
	dir := "programs/lfx-mentorship/2025/01-Mar-May"
	fsys := fstest.MapFS{dir + "/README.md": &fstest.MapFile{Data: fires}}
	cfg := config.Default()
	first, err := Validate(fsys, cfg, []string{dir})
	if err != nil || len(first.Findings) == 0 {
		t.Fatalf("Validate: %v, %d findings; want findings", err, len(first.Findings))
	}
	want := slices.Clone(first.Findings)
	for i := range first.Findings {
		first.Findings[i].Message, first.Findings[i].Severity = "changed", finding.SeverityOff
	}
	again, err := Validate(fsys, cfg, []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, again.Findings); diff != "" {
		t.Errorf("second Validate of the same content (-want +got):\n%s", diff)
	}
	d1, err := Load(fsys, cfg, ID{Year: 2025, Number: 1, First: time.March, Last: time.May})
	if err != nil {
		t.Fatal(err)
	}
	d2, _ := Load(fsys, cfg, ID{Year: 2025, Number: 1, First: time.March, Last: time.May})
	if d1 != d2 {
		t.Errorf("Load parsed the same content twice (got two Docs); want one shared Doc")
	}
}
