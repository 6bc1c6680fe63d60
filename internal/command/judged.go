package command

import "github.com/mentorbot/mentorbot/internal/plan"

// judged names the last command comment whose judgement the report
// recorded (its id and the hash of the body judged), so that a replay of
// that comment (GitHub redelivering the event, the same comment event run
// twice) plans no reactions: mentorbot reacted the first time, and reading
// the comment's reactions to find out would cost a request. An edited
// comment has another hash and is judged, and reacted to, again. It is
// recorded only when the report is written anyway, so judging a comment
// never costs a write of its own; a comment that changed nothing in the
// report is reacted to again on a replay (GitHub answers 200, no change).
type judged struct {
	ID  int64  `json:"id"`
	SHA string `json:"sha"`
}

// replayOf reports whether trig is the comment st records as judged, with
// the same body.
func replayOf(st gatesState, trig *Comment) bool {
	return trig != nil && st.Judged != nil && st.Judged.ID == trig.ID && st.Judged.SHA == bodySHA(trig.Body)
}

// withoutReactions drops the reactions from p.
func withoutReactions(p *plan.Plan) {
	kept := p.Actions[:0]
	for _, a := range p.Actions {
		if _, ok := a.(plan.AddReaction); !ok {
			kept = append(kept, a)
		}
	}
	p.Actions = kept
}
