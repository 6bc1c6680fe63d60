package command

import (
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/proposal"
	"github.com/mentorbot/mentorbot/internal/quote"
)

// renderGates renders the report's gates section: one row per gate, who
// met it or who is awaited and what to comment, then hold, withdrawal and
// cleared approvals, and the hidden state record. It depends only on the
// gates, so an unchanged state renders the same bytes.
func renderGates(m *machine, g *Gates, st gatesState) string {
	var b strings.Builder
	b.WriteString(proposal.GatesStart + "\n#### Gates\n\n| Gate | Status |\n| --- | --- |\n")
	valid := "✅ passed"
	if !g.ValidationPassed {
		valid = "❌ not passed yet: approvals wait until the check above passes"
	}
	fmt.Fprintf(&b, "| Validation | %s |\n", valid)
	if g.MaintainerApproved {
		fmt.Fprintf(&b, "| Maintainer approval | ✅ %s |\n", handles(g.ApprovedBy))
	} else {
		_, who := m.mayApprove("")
		fmt.Fprintf(&b, "| Maintainer approval | ⏳ awaited from %s: comment `/approve` |\n", who)
	}
	switch {
	case len(g.Mentors) == 0:
		b.WriteString("| Mentor confirmations | ⏳ no mentors listed yet |\n")
	case g.MentorsConfirmed:
		fmt.Fprintf(&b, "| Mentor confirmations | ✅ %s |\n", handles(g.Confirmed))
	default:
		fmt.Fprintf(&b, "| Mentor confirmations | ⏳ confirmed: %s; awaited: %s, each commenting `/confirm` |\n", orNone(g.Confirmed), handles(g.Awaiting))
	}
	if g.CNCFApproved {
		fmt.Fprintf(&b, "| CNCF approval | ✅ %s |\n", handles(g.CNCFApprovedBy))
	} else {
		fmt.Fprintf(&b, "| CNCF approval | ⏳ awaited from %s: comment `/cncf-approve` once the gates above are met |\n", m.globalWho())
	}
	b.WriteString("\n")
	if g.HeldBy != "" {
		fmt.Fprintf(&b, "⏸️ On hold (`/hold` by @%s): `/unhold` lifts it.\n\n", g.HeldBy)
	}
	if g.WithdrawnBy != "" {
		fmt.Fprintf(&b, "🚫 Withdrawn by @%s.\n\n", g.WithdrawnBy)
	}
	if len(g.Changed) > 0 {
		fmt.Fprintf(&b, "⚠️ The proposal changed after approval (%s), so the approvals were cleared:%s\n\n", fieldLabels(g.Changed), mustAgain(g))
	}
	b.WriteString(hidden(stateTag, st) + "\n" + proposal.GatesEnd + "\n")
	return b.String()
}

// renderReset renders the notice that approvals were cleared; its
// mentions notify the people who must approve again, which an edit of the
// report would not.
func renderReset(g *Gates, after int64) string {
	return fmt.Sprintf("%s\n⚠️ The proposal changed after approval (%s), so the approvals given before this comment no longer count:%s\n",
		ResetMarker(after), fieldLabels(g.Changed), mustAgain(g))
}

func mustAgain(g *Gates) string {
	var s string
	if len(g.Cleared) > 0 {
		s += fmt.Sprintf(" %s must comment `/approve` again.", handles(g.Cleared))
	}
	if len(g.ClearedCNCF) > 0 {
		s += fmt.Sprintf(" %s must comment `/cncf-approve` again.", handles(g.ClearedCNCF))
	}
	return s
}

func fieldLabels(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = proposal.Label(id)
	}
	return strings.Join(out, ", ")
}

// planReply plans mentorbot's reply to the trigger comment: one short
// comment listing the refused commands, why, and what would work. A
// comment judged before with the same body keeps its reply. A reply whose
// comment was edited so that nothing is refused any more is updated to
// say so (comments cannot be deleted by a plan). Then the verdict
// reactions: +1 when a command was carried out, -1 when one was refused.
func (r *Result) planReply(m *machine, trig *Comment, num plan.IssueRef) {
	var refused []int
	done := false
	for i, o := range r.Outcomes {
		switch o.Status {
		case Refused:
			refused = append(refused, i)
		case Done:
			done = true
		}
	}
	rec, had := m.replies[trig.ID]
	sha := bodySHA(trig.Body)
	if !(had && rec.SHA == sha) && (len(refused) > 0 || had) {
		r.Plan.Add(plan.UpsertComment{Issue: num, Marker: ReplyMarker(trig.ID), Body: renderReply(trig, r.Outcomes, reply{SHA: sha, Refused: refused})})
	}
	if done {
		r.Plan.Add(plan.AddReaction{CommentID: trig.ID, Content: "+1"})
	}
	if len(refused) > 0 {
		r.Plan.Add(plan.AddReaction{CommentID: trig.ID, Content: "-1"})
	}
}

// renderReply renders the reply to a comment whose commands were judged.
func renderReply(c *Comment, outs []Outcome, rec reply) string {
	var b strings.Builder
	b.WriteString(ReplyMarker(c.ID) + "\n")
	if rec.Refused == nil {
		rec.Refused = []int{}
	}
	if len(rec.Refused) == 0 {
		fmt.Fprintf(&b, "@%s, every command in your edited comment is now carried out.\n", c.Author)
	} else {
		fmt.Fprintf(&b, "@%s, mentorbot did not carry out %d of your %d commands:\n\n", c.Author, len(rec.Refused), len(outs))
		for n, i := range rec.Refused {
			if n == maxListed {
				fmt.Fprintf(&b, "- and %d more, refused too.\n", len(rec.Refused)-n)
				break
			}
			fmt.Fprintf(&b, "- %s: %s\n", quoteCommand(outs[i].Command), outs[i].Reason)
		}
		b.WriteString("\n<sub>Edit your comment to fix a command, or write a new one.</sub>\n")
	}
	// The record lists every refusal; it is a few bytes per command.
	return quote.Fit(b.String(), hidden(recordTag, rec)+"\n", quote.MaxComment)
}

// maxListed is how many refused commands a reply lists.
const maxListed = 20

// quoteCommand renders a command as inline code, short, quoted as all user
// text is (no mention, no marker, no markup).
func quoteCommand(c Command) string { return quote.CodeN(c.String(), 80) }
