package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
)

const corpusRoot = "../../../shared/corpus/cncf-mentoring"

// firstExport is the folder of cncf/mentoring's first export (commit
// bece9985): 7 programs of 2026 Term 3.
var firstExport = filepath.Join(corpusRoot, "history/bece9985/programs/lfx-mentorship/2026/03-Sep-Nov")

func readCorpus(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("corpus not found (%s): the real export is needed for this test", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// formBody renders a program as the body GitHub renders from the proposal
// form. old selects the form before cncf/mentoring cd59661f's successor
// (before 2026-07-31), which has the custom prerequisite box among the
// Application Prerequisites and no Custom Prerequisites section.
func formBody(p Program, old bool) string {
	box := func(on bool, label string) string {
		if on {
			return "- [X] " + label
		}
		return "- [ ] " + label
	}
	orNone := func(s string) string {
		if s == "" {
			return "_No response_"
		}
		return s
	}
	var mentors []string
	for _, m := range p.Mentors {
		mentors = append(mentors, fmt.Sprintf("%s | @%s | %s | %s", m.Name, m.Handle, m.Email, m.LFID))
	}
	same := p.Skills == p.Technologies
	skills := ""
	if !same {
		skills = p.Skills
	}
	pr := p.Prerequisites
	challenge := ""
	if pr.CodingChallengeURL != nil {
		challenge = *pr.CodingChallengeURL
	}
	var cname, cdesc string
	cfile := false
	if pr.Custom != nil {
		cname, cdesc, cfile = pr.Custom.Name, pr.Custom.Description, pr.Custom.FileUpload
	}
	s := []string{
		"### CNCF Project", p.Project,
		"### Term", p.Term,
		"### Program Name", p.NameShort,
		"### Program Description", p.Description,
		"### Technologies", p.Technologies,
		"### Skills same as Technologies?", box(same, "Yes, the required skills are the same as the technologies listed above."),
		"### Required/Desirable Skills", orNone(skills),
		"### Mentors", strings.Join(mentors, "\n"),
		"### Upstream Issue URL", p.UpstreamIssueURL,
		"### Application Prerequisites", strings.Join([]string{box(pr.Resume, "Resume"), box(pr.CoverLetter, "Cover Letter"),
			box(pr.SchoolEnrollment, "School Enrollment Verification"),
			box(pr.ParticipationPermission, "Participation Permission from school or employer"),
			box(pr.CodingChallenge, "Coding Challenge")}, "\n"),
	}
	if old {
		s[len(s)-1] += "\n" + box(pr.Custom != nil, "Custom Prerequisite (fill in details below)")
	}
	s = append(s, "### Coding Challenge URL", orNone(challenge))
	if !old {
		s = append(s, "### Custom Prerequisites", box(pr.Custom != nil, "Custom Prerequisite (fill in details below)"))
	}
	s = append(s, "### Custom Prerequisite Name", orNone(cname),
		"### Custom Prerequisite Description", orNone(cdesc),
		"### Custom Prerequisite — File Upload", box(cfile, "Yes — completion of this task requires the mentee to submit a file."))
	return strings.Join(s, "\n\n")
}

// corpusInput rebuilds the proposals behind the real first export as the
// open, approved issues they were, with the projects file, and the term
// README as it was before the export.
func corpusInput(t testing.TB, old bool) (*Input, *File, []byte) {
	data := readCorpus(t, filepath.Join(firstExport, ExportName))
	real, err := Decode(data, ExportName)
	if err != nil {
		t.Fatalf("decoding the real export: %v", err)
	}
	cfg := config.Default()
	projects, err := ParseProjects(readCorpus(t, filepath.Join(corpusRoot, "programs/lfx-mentorship/automation/projects.yml")), "projects.yml")
	if err != nil {
		t.Fatal(err)
	}
	// projects.yml is of 2026-08-03, the export of 2026-07-21; in between,
	// Kubeflow graduated. Only that may differ; the test uses the maturity
	// of the export's day.
	for _, p := range real.Programs {
		pr, ok := findProject(projects, p.Project)
		if !ok || pr.Slug != p.ProjectSlug {
			t.Fatalf("project %q: got slug %q in projects.yml, want %q as exported", p.Project, pr.Slug, p.ProjectSlug)
		}
		if pr.Maturity != p.ProjectMaturity {
			if p.Project != "Kubeflow" {
				t.Fatalf("project %q: got maturity %q in projects.yml, want %q as exported", p.Project, pr.Maturity, p.ProjectMaturity)
			}
			for i := range projects {
				if projects[i].Name == p.Project {
					projects[i].Maturity = p.ProjectMaturity
				}
			}
		}
	}
	var issues []Issue
	for _, p := range real.Programs {
		issues = append(issues, Issue{Number: p.IssueNumber, URL: p.IssueURL, State: "open",
			Title:  "[CNCF LFX Proposal] " + p.Project + " " + p.NameShort,
			Body:   formBody(p, old),
			Labels: []string{"lfx mentorship", "Proposal", "Validation Passed", "CNCF Approved"}})
	}
	readme := string(readCorpus(t, filepath.Join(firstExport, ReadmeName)))
	header, ok := SplitReadme(readme)
	if !ok {
		t.Fatal("the real README has no --- rule")
	}
	now, err := time.Parse(time.RFC3339, real.Generated)
	if err != nil {
		t.Fatal(err)
	}
	term, err := ParseTerm("2026-3", cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &Input{Term: term, Issues: issues, Projects: projects, DefaultBranch: "main",
		Base:   Files{ReadmeName: {Exists: true, Content: strings.TrimRight(header, "\n") + "\n"}},
		Config: cfg, Now: now}, real, data
}

func TestCorpusFirstExport(t *testing.T) {
	t.Parallel()
	for _, form := range []struct {
		name string
		old  bool
	}{{"form before 2026-07-31", true}, {"current form", false}} {
		t.Run(form.name, func(t *testing.T) {
			t.Parallel()
			in, real, data := corpusInput(t, form.old)
			res, err := Plan(in)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Problems) > 0 {
				t.Errorf("got problems %v, want none", res.Problems)
			}
			got := *res.Export
			got.Generated = real.Generated
			if diff := cmp.Diff(real, &got); diff != "" {
				t.Errorf("lfx-export.json differs from the real one (-real +got):\n%s", diff)
			}
			// With the clock at the real _generated, the file is the same to the byte.
			if got := EncodeJSON(res.Export); !bytes.Equal(got, data) {
				t.Errorf("lfx-export.json is not byte-identical to the real one")
			}
			wantRows := readCSV(t, readCorpus(t, filepath.Join(firstExport, TrackingName)))
			gotRows := readCSV(t, EncodeCSV(res.Export))
			if diff := cmp.Diff(wantRows, gotRows); diff != "" {
				t.Errorf("lfx-tracking.csv differs row for row (-real +got):\n%s", diff)
			}
			readme := string(readCorpus(t, filepath.Join(firstExport, ReadmeName)))
			if diff := cmp.Diff(readme, RenderReadme(readme, res.Export)); diff != "" {
				t.Errorf("README differs from the real one (-real +got):\n%s", diff)
			}
			if len(res.Added) != 7 || len(res.Kept)+len(res.Updated)+len(res.Unchanged) != 0 {
				t.Errorf("got %d added, %d updated, %d kept, %d unchanged; want 7 added", len(res.Added), len(res.Updated), len(res.Kept), len(res.Unchanged))
			}
		})
	}
}

func readCSV(t testing.TB, data []byte) [][]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("reading CSV: %v", err)
	}
	return rows
}
