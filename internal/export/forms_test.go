package export

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// The proposals behind the real first export, filed on the form before its
// 2026-07-31 change, pass when judged by the form of their time, read from
// the repository's form file as it was (commit cd59661f); judged by today's
// form alone, every one of them fails for a heading that did not exist yet.
func TestCorpusProposalsJudgedByTheirForm(t *testing.T) {
	t.Parallel()
	ex, err := Decode(readCorpus(t, filepath.Join(firstExport, ExportName)), ExportName)
	if err != nil {
		t.Fatal(err)
	}
	oldForm, err := proposal.ParseSpec(readCorpus(t, filepath.Join(corpusRoot, "history/cd59661f/.github/ISSUE_TEMPLATE/lfx-program-proposal.yml")), "form@cd59661f")
	if err != nil {
		t.Fatal(err)
	}
	newForm, err := proposal.ParseSpec(readCorpus(t, filepath.Join(corpusRoot, ".github/ISSUE_TEMPLATE/lfx-program-proposal.yml")), "form@HEAD")
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
			is := proposal.Issue{Number: p.IssueNumber, Title: "[CNCF LFX Proposal] " + p.NameShort, Body: formBody(p, true),
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
