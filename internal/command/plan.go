package command

import (
	"strings"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// Gates is the state of a proposal's gates, recomputed from its comments.
type Gates struct {
	ValidationPassed bool   `json:"validation_passed"`
	Project          string `json:"project"`
	// ApprovedBy are the maintainers whose /approve counts, in order.
	ApprovedBy []string `json:"approved_by"`
	// Mentors are the handles the proposal lists; Confirmed those who
	// confirmed (the proposer, when listed, counts), Awaiting the others.
	Mentors            []string `json:"mentors"`
	Confirmed          []string `json:"confirmed"`
	Awaiting           []string `json:"awaiting_mentors"`
	CNCFApprovedBy     []string `json:"cncf_approved_by"`
	HeldBy             string   `json:"held_by,omitempty"`
	WithdrawnBy        string   `json:"withdrawn_by,omitempty"`
	MaintainerApproved bool     `json:"maintainer_approved"`
	MentorsConfirmed   bool     `json:"mentors_confirmed"`
	CNCFApproved       bool     `json:"cncf_approved"`
	// Changed lists the fields (form ids) whose change cleared approvals;
	// Cleared and ClearedCNCF who must approve again. Empty once the
	// cleared gates are met again.
	Changed     []string `json:"changed,omitempty"`
	Cleared     []string `json:"cleared,omitempty"`
	ClearedCNCF []string `json:"cleared_cncf,omitempty"`
}

// Result is what Plan decides.
type Result struct {
	// Proposal is false when the issue is not a proposal; Skipped then, or
	// when the trigger holds no command, says why nothing is planned.
	Proposal bool   `json:"proposal"`
	Skipped  string `json:"skipped,omitempty"`
	// Outcomes are the trigger comment's commands and what became of them.
	Outcomes []Outcome `json:"outcomes"`
	Gates    Gates     `json:"gates"`
	// Labels are all the issue's labels once the plan is applied.
	Labels []string  `json:"labels"`
	Plan   plan.Plan `json:"-"`
}

// Plan carries out the trigger comment's commands (or, with no trigger,
// re-checks the gates after an edit of the proposal) and plans the
// reactions, the label changes, the report's gates section, a reply to
// refused commands and, for /withdraw, closing the issue. Commands on an
// issue that is not a proposal, and comments by mentorbot, are ignored.
func Plan(in Input) Result {
	if !proposal.IsProposal(in.Issue, in.Config) {
		return Result{Skipped: "the issue is not a proposal"}
	}
	var trig *Comment
	if in.Trigger != 0 {
		trig = findComment(in.Comments, in.Trigger)
		switch {
		case trig == nil:
			return Result{Skipped: "the comment is not among the issue's comments"}
		case in.isBot(trig.Author):
			return Result{Skipped: "the comment is mentorbot's own"}
		case len(Parse(trig.Body)) == 0:
			return Result{Skipped: "the comment has no command"}
		}
	}
	form := proposal.Parse(in.Issue.Body)
	report := reportComment(&in)
	st, m := replay(&in, form, report)
	r := Result{Proposal: true, Outcomes: m.outcomes, Gates: m.gates(st)}
	if r.Outcomes == nil {
		r.Outcomes = []Outcome{}
	}
	num := plan.Issue(in.Issue.Number)
	if trig != nil {
		r.Plan.Add(plan.AddReaction{CommentID: trig.ID, Content: "eyes"})
	}
	r.Labels = r.planLabels(&in, m)
	if m.close && !in.Closed {
		r.Plan.Add(plan.CloseIssue{Issue: num, Reason: "not_planned"})
	}
	body := reportBody(report, m, &r.Gates, st)
	replayed := replayOf(st, trig)
	var reportWrite plan.Action
	if normalize(body) != normalize(report) {
		if trig != nil {
			// Written anyway: record the judgement with it (judged.go).
			st.Judged = &judged{ID: trig.ID, SHA: bodySHA(trig.Body)}
			body = reportBody(report, m, &r.Gates, st)
		}
		reportWrite = plan.UpsertComment{Issue: num, Marker: proposal.Marker, Body: body, Seal: st.Judged != nil}
	}
	if st.After > resetPoint(&in) && len(st.Changed) > 0 {
		r.Plan.Add(plan.UpsertComment{Issue: num, Marker: ResetMarker(st.After), Body: renderReset(&r.Gates, st.After)})
	}
	if trig != nil {
		r.planReply(m, trig, num)
	}
	if reportWrite != nil {
		// Last: the report records the comment as judged, so everything the
		// judgement writes (reply, reactions) must be there before it; a run
		// cut off earlier leaves the comment unjudged, to be done again.
		r.Plan.Add(reportWrite)
	}
	if replayed {
		withoutReactions(&r.Plan)
	}
	return r
}

// reportBody is the report comment with the gates section for st.
func reportBody(report string, m *machine, g *Gates, st gatesState) string {
	body := proposal.WithGates(report, renderGates(m, g, st))
	if report == "" {
		body = proposal.Marker + "\n" + body
	}
	return body
}

func findComment(cs []Comment, id int64) *Comment {
	for i := range cs {
		if cs[i].ID == id {
			return &cs[i]
		}
	}
	return nil
}

// reportComment returns the body of mentorbot's report comment, "" when
// there is none.
func reportComment(in *Input) string {
	for _, c := range in.Comments {
		if in.isSelf(c.Author) && strings.HasPrefix(normalize(c.Body), proposal.Marker) {
			return c.Body
		}
	}
	return ""
}

func normalize(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// replay recomputes the gates. When the proposal changed materially since
// the report's record (or, without a record, since the edit's previous
// body) and approvals were given before, it clears them: approvals then
// count only from comments after the last one before the change.
func replay(in *Input, form *proposal.Form, report string) (gatesState, *machine) {
	old, has := readState(report)
	cur := Fingerprint(form)
	var changed []string
	if has {
		changed = changedFields(old.Fields, cur)
	} else if in.PreviousBody != nil {
		changed = changedFields(Fingerprint(proposal.Parse(*in.PreviousBody)), cur)
	}
	st := old
	st.Fields = cur
	st.After = max(st.After, resetPoint(in))
	m := newMachine(in, form, st.After)
	m.run()
	if len(changed) > 0 {
		cut := cutPoint(in)
		a, c := votersUpTo(m.approved, cut), votersUpTo(m.cncf, cut)
		if len(a)+len(c) > 0 {
			st.After, st.Changed, st.Cleared, st.ClearedCNCF = cut, changed, a, c
			m = newMachine(in, form, cut)
			m.run()
		}
	}
	g := m.gates(gatesState{})
	if g.MaintainerApproved {
		st.Cleared = nil
	}
	if g.CNCFApproved {
		st.ClearedCNCF = nil
	}
	if len(st.Cleared)+len(st.ClearedCNCF) == 0 {
		st.Changed = nil
	}
	return st, m
}

// cutPoint is the last comment before the trigger (or the last comment of
// all, for an edit): the change happened after it.
func cutPoint(in *Input) int64 {
	var cut int64
	for _, c := range in.Comments {
		if (in.Trigger == 0 || c.ID < in.Trigger) && c.ID > cut {
			cut = c.ID
		}
	}
	return cut
}

func votersUpTo(vs []vote, cut int64) []string {
	var out []string
	for _, v := range vs {
		if v.comment <= cut && !containsFold(out, v.login) {
			out = append(out, v.login)
		}
	}
	return out
}

// gates summarises the machine's state.
func (m *machine) gates(st gatesState) Gates {
	g := Gates{ValidationPassed: m.valid, Project: m.project, HeldBy: m.heldBy, WithdrawnBy: m.withdrew,
		Mentors: m.mentors, Awaiting: m.awaiting(), Changed: st.Changed, Cleared: st.Cleared, ClearedCNCF: st.ClearedCNCF}
	for _, v := range m.approved {
		g.ApprovedBy = append(g.ApprovedBy, v.login)
	}
	for _, v := range m.cncf {
		g.CNCFApprovedBy = append(g.CNCFApprovedBy, v.login)
	}
	for _, h := range m.mentors {
		if _, ok := m.confirm[strings.ToLower(h)]; ok {
			g.Confirmed = append(g.Confirmed, h)
		}
	}
	g.MaintainerApproved = m.valid && len(g.ApprovedBy) > 0
	g.MentorsConfirmed = len(m.mentors) > 0 && len(g.Awaiting) == 0
	g.CNCFApproved = g.MaintainerApproved && g.MentorsConfirmed && len(g.CNCFApprovedBy) > 0
	return g
}

// wantLabels returns each gate label and whether the issue should carry it.
func (g *Gates) wantLabels(l config.Labels) []labelOp {
	active := g.ValidationPassed && g.WithdrawnBy == ""
	return []labelOp{
		{l.MaintainerApproved, g.MaintainerApproved},
		{l.AwaitingMaintainer, active && !g.MaintainerApproved},
		{l.MentorsConfirmed, g.MentorsConfirmed},
		{l.AwaitingMentors, active && !g.MentorsConfirmed},
		{l.CNCFApproved, g.CNCFApproved},
		{l.AwaitingCNCF, active && g.MaintainerApproved && g.MentorsConfirmed && !g.CNCFApproved && g.HeldBy == ""},
		{l.Hold, g.HeldBy != ""},
		{l.Withdrawn, g.WithdrawnBy != ""},
	}
}

// planLabels plans the gate labels and the trigger's label commands (the
// last command on a label wins) and returns the labels the issue ends with.
func (r *Result) planLabels(in *Input, m *machine) []string {
	want := map[string]labelOp{}
	var order []string
	for _, op := range append(r.Gates.wantLabels(in.Config.Labels), m.labels...) {
		k := strings.ToLower(op.name)
		if op.name == "" {
			continue
		}
		if _, seen := want[k]; !seen {
			order = append(order, k)
		}
		want[k] = op
	}
	final := []string{}
	for _, have := range in.Issue.Labels {
		if op, ok := want[strings.ToLower(have)]; !ok || op.add {
			final = append(final, have)
		}
	}
	num := plan.Issue(in.Issue.Number)
	var add []string
	var remove []plan.Action
	for _, k := range order {
		op := want[k]
		switch i := indexFold(in.Issue.Labels, op.name); {
		case op.add && i < 0:
			add = append(add, op.name)
		case !op.add && i >= 0:
			remove = append(remove, plan.RemoveLabel{Issue: num, Label: in.Issue.Labels[i]})
		}
	}
	for _, name := range add {
		if !containsFold(in.RepoLabels, name) {
			st := in.Config.Labels.Style(name)
			r.Plan.Add(plan.EnsureLabel{Name: name, Color: st.Color, Description: st.Description})
		}
	}
	if len(add) > 0 {
		r.Plan.Add(plan.AddLabels{Issue: num, Labels: add})
	}
	r.Plan.Add(remove...)
	return append(final, add...)
}
