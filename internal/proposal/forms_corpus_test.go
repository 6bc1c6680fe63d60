package proposal_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

const corpusRoot = "../../../shared/corpus/cncf-mentoring"

func readCorpusFile(t *testing.T, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusRoot, rel))
	if os.IsNotExist(err) {
		t.Skipf("corpus not available (%s): it lives next to the repository", rel)
	}
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// body renders a program of the real export as GitHub renders the form of
// its time: before 2026-07-31 (old) the custom prerequisite box sat among
// the Application Prerequisites and there was no Custom Prerequisites
// section.
func body(p export.Program, old bool) string {
	box := func(on bool, label string) string {
		if on {
			return "- [X] " + label
		}
		return "- [ ] " + label
	}
	none := func(s string) string {
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
	challenge, cname, cdesc, cfile := "", "", "", false
	if pr.CodingChallengeURL != nil {
		challenge = *pr.CodingChallengeURL
	}
	if pr.Custom != nil {
		cname, cdesc, cfile = pr.Custom.Name, pr.Custom.Description, pr.Custom.FileUpload
	}
	prereqs := []string{box(pr.Resume, "Resume"), box(pr.CoverLetter, "Cover Letter"),
		box(pr.SchoolEnrollment, "School Enrollment Verification"),
		box(pr.ParticipationPermission, "Participation Permission from school or employer"),
		box(pr.CodingChallenge, "Coding Challenge")}
	if old {
		prereqs = append(prereqs, box(pr.Custom != nil, proposal.PrereqCustomOld))
	}
	s := []string{
		"### CNCF Project", p.Project, "### Term", p.Term, "### Program Name", p.NameShort,
		"### Program Description", p.Description, "### Technologies", p.Technologies,
		"### Skills same as Technologies?", box(same, "Yes, the required skills are the same as the technologies listed above."),
		"### Required/Desirable Skills", none(skills), "### Mentors", strings.Join(mentors, "\n"),
		"### Upstream Issue URL", p.UpstreamIssueURL, "### Application Prerequisites", strings.Join(prereqs, "\n"),
		"### Coding Challenge URL", none(challenge),
	}
	if !old {
		s = append(s, "### Custom Prerequisites", box(pr.Custom != nil, proposal.PrereqCustomOld))
	}
	s = append(s, "### Custom Prerequisite Name", none(cname), "### Custom Prerequisite Description", none(cdesc),
		"### Custom Prerequisite — File Upload", box(cfile, "Yes — completion of this task requires the mentee to submit a file."))
	return strings.Join(s, "\n\n")
}

// The proposals behind the real first export, filed on the form before its
// 2026-07-31 change, pass when judged by the form of their time, read from
// the repository's form file as it was (commit cd59661f); judged by today's
// form alone, every one of them fails for a heading that did not exist yet.
func TestCorpusProposalsJudgedByTheirForm(t *testing.T) {
	t.Parallel()
	ex, err := export.Decode(readCorpusFile(t, "history/bece9985/programs/lfx-mentorship/2026/03-Sep-Nov/lfx-export.json"), "lfx-export.json")
	if err != nil {
		t.Fatal(err)
	}
	oldForm, err := proposal.ParseSpec(readCorpusFile(t, "history/cd59661f/.github/ISSUE_TEMPLATE/lfx-program-proposal.yml"), "form@cd59661f")
	if err != nil {
		t.Fatal(err)
	}
	newForm, err := proposal.ParseSpec(readCorpusFile(t, ".github/ISSUE_TEMPLATE/lfx-program-proposal.yml"), "form@HEAD")
	if err != nil {
		t.Fatal(err)
	}
	if oldForm.Has(proposal.FieldCustom) || !newForm.Has(proposal.FieldCustom) {
		t.Fatalf("Custom Prerequisites section: got old %v, new %v; want only the new form to have it", oldForm.Has(proposal.FieldCustom), newForm.Has(proposal.FieldCustom))
	}
	newForm.Since = time.Date(2026, 7, 31, 0, 0, 0, 0, time.UTC)
	filed := time.Date(2026, 7, 10, 12, 0, 0, 0, time.UTC)
	cfg := config.Default()
	term := proposal.Term{Year: 2026, Number: 3, Months: [2]string{"Sep", "Nov"}, ProposalsClose: time.Date(2026, 7, 28, 18, 0, 0, 0, time.UTC)}
	counts := map[string]int{}
	for _, forms := range [][]*proposal.Spec{{oldForm, newForm}, {newForm}} {
		name := "by the form of their time"
		if len(forms) == 1 {
			name = "by today's form"
		}
		for _, p := range ex.Programs {
			is := proposal.Issue{Number: p.IssueNumber, Title: "[CNCF LFX Proposal] " + p.NameShort, Body: body(p, true),
				Labels: []string{"lfx mentorship", "Proposal"}, CreatedAt: filed}
			in := &proposal.Input{Issue: is, Terms: []proposal.Term{term}, Projects: newForm.Options(proposal.FieldProject),
				Forms: forms, Config: cfg, Now: filed}
			v := proposal.Validate(proposal.Parse(is.Body), in)
			if finding.Count(v.Findings, finding.SeverityError) == 0 {
				counts[name]++
			} else if len(forms) == 2 {
				t.Errorf("#%d %s: %v", p.IssueNumber, p.NameShort, v.Findings)
			}
		}
	}
	if counts["by the form of their time"] != len(ex.Programs) || counts["by today's form"] != 0 {
		t.Errorf("proposals passing: got %v, want all %d by their form and 0 by today's", counts, len(ex.Programs))
	}
	t.Logf("proposals passing of %d: %v", len(ex.Programs), counts)
}
