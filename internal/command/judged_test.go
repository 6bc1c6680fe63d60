package command

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// reactionsIn lists the reactions a plan adds, as "id:content".
func reactionsIn(p plan.Plan) []string {
	var out []string
	for _, a := range p.Actions {
		if r, ok := a.(plan.AddReaction); ok {
			out = append(out, r.Describe())
		}
	}
	return out
}

// TestReplayPlansNoReactions: a comment judged and recorded in the report
// is not reacted to again when its event comes again; an edited comment,
// and a comment whose judgement left the report as it was, are.
func TestReplayPlansNoReactions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		author string
		body   string
		// edit, when set, is the comment's new body before the second
		// delivery (an edited event).
		edit string
		// approvedBefore: argo-maint approved in an earlier comment, so
		// the report exists and the refusal below changes nothing in it.
		approvedBefore bool
		wantFirst      int // reactions planned on the first delivery
		wantSecond     int // and on the second
		wantNoWrites   bool
	}{
		{name: "approve, redelivered", author: "argo-maint", body: "/approve", wantFirst: 2, wantSecond: 0, wantNoWrites: true},
		{name: "approve, then edited", author: "argo-maint", body: "/approve", edit: "/approve\n\nLooks good.", wantFirst: 2, wantSecond: 2},
		// A refusal changes nothing in the report, so nothing records the
		// judgement: the replay reacts again (GitHub answers 200).
		{name: "refused, redelivered", author: "triager", body: "/approve", approvedBefore: true, wantFirst: 2, wantSecond: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newSim(t)
			if tc.approvedBefore {
				s.comment("argo-maint", "/approve")
			}
			first := s.comment(tc.author, tc.body)
			if got := len(reactionsIn(first.Plan)); got != tc.wantFirst {
				t.Fatalf("first delivery: got reactions %v, want %d", reactionsIn(first.Plan), tc.wantFirst)
			}
			var second Result
			if tc.edit != "" {
				second = s.editComment(s.lastID, tc.edit)
			} else {
				second = s.deliver(simEvent{id: s.lastID})
			}
			if got := len(reactionsIn(second.Plan)); got != tc.wantSecond {
				t.Errorf("second delivery: got reactions %v, want %d", reactionsIn(second.Plan), tc.wantSecond)
			}
			if tc.wantNoWrites && len(second.Plan.Actions) != 0 {
				t.Errorf("second delivery: got plan\n%s\nwant no actions", second.Plan.Text())
			}
			if diff := cmp.Diff(first.Gates, second.Gates); tc.edit == "" && diff != "" {
				t.Errorf("gates changed on a replay (-first +second):\n%s", diff)
			}
		})
	}
}
