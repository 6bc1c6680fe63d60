package export

import (
	"fmt"

	"github.com/mentorbot/mentorbot/internal/plan"
)

// ExportedMarker is the hidden marker of the comment that tells a proposal
// it is in term t's export.
func ExportedMarker(t Term) string { return fmt.Sprintf("<!-- mentorbot:exported %s -->", t.ID()) }

// PlanMerged plans what follows the merge of term t's export pull request
// (number pr, 0 when not known): one comment on each issue that the merge newly exported,
// that is, in after (the export as merged) and not in before (the export
// the pull request started from, nil when there was none). The comment
// carries a marker, so a repeated run edits nothing and posts nothing.
// Deleting the branch is left to the caller: plan has no action for it.
func PlanMerged(t Term, before, after *File, pr int) *plan.Plan {
	p := &plan.Plan{}
	had := map[int]bool{}
	if before != nil {
		for _, prog := range before.Programs {
			had[prog.IssueNumber] = true
		}
	}
	for _, prog := range after.Programs {
		if had[prog.IssueNumber] {
			continue
		}
		merged := "merged"
		if pr > 0 {
			merged = fmt.Sprintf("merged in #%d", pr)
		}
		next := "its LFX URL will be recorded here once it is known."
		if prog.LFXURL != "" {
			next = "its LFX URL is " + prog.LFXURL + "." // from ParseLFXURL: no user text
		}
		body := fmt.Sprintf("%s\nThis program is now in the LFX export of %s (`%s`, %s). "+
			"CNCF's program admins load it into LFX Mentorship next; %s\n",
			ExportedMarker(t), t.Label(), ExportName, merged, next)
		p.Add(plan.UpsertComment{Issue: plan.Issue(prog.IssueNumber), Marker: ExportedMarker(t), Body: body})
	}
	return p
}
