package command

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// approveAll takes a sim through every gate: approval, both mentors'
// confirmations (ada is the proposer, so hers is implied), CNCF approval.
func approveAll(s *sim) {
	s.comment("argo-maint", "LGTM\n/approve")
	s.comment("bo-m", "/confirm")
	s.comment("cncf-admin", "/cncf-approve")
}

func TestSequenceAllGates(t *testing.T) {
	t.Parallel()
	s := newSim(t)
	approveAll(s)
	want := Gates{ValidationPassed: true, Project: "Argo", ApprovedBy: []string{"argo-maint"},
		Mentors: []string{"ada", "bo-m"}, Confirmed: []string{"ada", "bo-m"}, CNCFApprovedBy: []string{"cncf-admin"},
		MaintainerApproved: true, MentorsConfirmed: true, CNCFApproved: true}
	if diff := cmp.Diff(want, s.last.Gates); diff != "" {
		t.Errorf("gates (-want +got):\n%s", diff)
	}
	l := s.cfg.Labels
	wantLabels := []string{l.CNCFApproved, l.MaintainerApproved, l.MentorsConfirmed, l.Proposal, l.ValidationPassed, l.Program}
	if diff := cmp.Diff(wantLabels, s.state().Labels); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	for _, c := range s.comments {
		if c.Author == bot {
			continue
		}
		if got := s.reactions[c.ID]; !cmp.Equal(got, []string{"eyes", "+1"}) {
			t.Errorf("reactions on %q: got %q, want eyes, +1", c.Body, got)
		}
	}
}

// TestSequenceMaterialEdit checks that a material edit clears approvals and
// CNCF approval, keeps the confirmations of mentors still listed, and names
// in the report who must approve again; a whitespace edit changes nothing.
func TestSequenceMaterialEdit(t *testing.T) {
	t.Parallel()
	s := newSim(t)
	approveAll(s)
	before := s.state()
	r := s.editIssue(strings.ReplaceAll(s.issue.Body, "Go, Prometheus", "Go,   Prometheus \n"))
	if !r.Plan.Empty() {
		t.Errorf("whitespace edit: got plan\n%s\nwant no changes", r.Plan.Text())
	}
	if diff := cmp.Diff(before, s.state()); diff != "" {
		t.Errorf("whitespace edit changed the state (-before +after):\n%s", diff)
	}
	r = s.editIssue(strings.ReplaceAll(s.issue.Body, "2026 Term 3 (Sep-Nov)", "2026 Term 2 (Jun-Aug)"))
	g := r.Gates
	if g.MaintainerApproved || g.CNCFApproved || !g.MentorsConfirmed {
		t.Errorf("after material edit: got approved %v, cncf %v, confirmed %v; want false, false, true", g.MaintainerApproved, g.CNCFApproved, g.MentorsConfirmed)
	}
	if diff := cmp.Diff(Gates{Changed: []string{"term"}, Cleared: []string{"argo-maint"}, ClearedCNCF: []string{"cncf-admin"}},
		Gates{Changed: g.Changed, Cleared: g.Cleared, ClearedCNCF: g.ClearedCNCF}); diff != "" {
		t.Errorf("cleared (-want +got):\n%s", diff)
	}
	rep := s.report()
	for _, want := range []string{"The proposal changed after approval (Term)", "@argo-maint must comment `/approve` again", "@cncf-admin must comment `/cncf-approve` again"} {
		if !strings.Contains(rep, want) {
			t.Errorf("report: got\n%s\nwant it to say %q", rep, want)
		}
	}
	l := s.cfg.Labels
	if !containsFold(s.issue.Labels, l.AwaitingMaintainer) || containsFold(s.issue.Labels, l.MaintainerApproved) || containsFold(s.issue.Labels, l.CNCFApproved) {
		t.Errorf("labels after reset: got %q, want %q and no approvals", s.issue.Labels, l.AwaitingMaintainer)
	}
	notice := ""
	for _, c := range s.comments {
		if c.Author == bot && strings.Contains(c.Body, "mentorbot:approvals-reset") {
			notice = c.Body
		}
	}
	if !strings.Contains(notice, "@argo-maint must comment `/approve` again") {
		t.Errorf("reset notice: got %q, want it to ping @argo-maint", notice)
	}
	// The notice keeps the reset point should the report be deleted.
	lost := s.input(simEvent{})
	lost.Comments = slices.DeleteFunc(slices.Clone(lost.Comments), func(c Comment) bool { return strings.Contains(c.Body, proposal.Marker) })
	if g := Plan(lost).Gates; g.MaintainerApproved || g.CNCFApproved {
		t.Errorf("report deleted: got approved %v, cncf %v; want the cleared approvals to stay cleared", g.MaintainerApproved, g.CNCFApproved)
	}
	// A new approval counts and the note goes.
	s.comment("argo-maint", "/approve")
	if !s.last.Gates.MaintainerApproved || len(s.last.Gates.Cleared) != 0 {
		t.Errorf("re-approval: got approved %v, cleared %q; want true, none", s.last.Gates.MaintainerApproved, s.last.Gates.Cleared)
	}
	if rep := s.report(); strings.Contains(rep, "/approve` again") || !strings.Contains(rep, "@cncf-admin must comment `/cncf-approve` again") {
		t.Errorf("report after re-approval: got\n%s\nwant only the CNCF approval awaited again", rep)
	}
}

// TestSequenceMentorChange: removing a mentor clears approvals; the
// remaining confirmations stay, a new mentor is awaited.
func TestSequenceMentorChange(t *testing.T) {
	t.Parallel()
	s := newSim(t)
	approveAll(s)
	r := s.editIssue(strings.Replace(s.issue.Body, "Bo Mentor | @bo-m | bo@example.org | bom", "Cy Mentor | @cy | cy@example.org | cym", 1))
	if diff := cmp.Diff([]string{"ada"}, r.Gates.Confirmed); diff != "" {
		t.Errorf("confirmed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"cy"}, r.Gates.Awaiting); diff != "" {
		t.Errorf("awaiting (-want +got):\n%s", diff)
	}
	if r.Gates.MaintainerApproved {
		t.Error("maintainer approval survived a change of mentors")
	}
}

// TestSequenceEditWithoutRecord: the first run on an issue whose report
// has no gates record uses the edit's previous body.
func TestSequenceEditWithoutRecord(t *testing.T) {
	t.Parallel()
	s := newSim(t)
	s.comments = []Comment{{ID: 50, Author: "argo-maint", Body: "/approve"}}
	prev := s.issue.Body
	s.issue.Body = strings.ReplaceAll(prev, "Queue metrics", "Queue and cache metrics")
	r := Plan(s.input(simEvent{prev: &prev}))
	if r.Gates.MaintainerApproved || !cmp.Equal(r.Gates.Changed, []string{"program_name"}) {
		t.Errorf("got approved %v, changed %q; want false, [program_name]", r.Gates.MaintainerApproved, r.Gates.Changed)
	}
	r = Plan(s.input(simEvent{}))
	if !r.Gates.MaintainerApproved {
		t.Error("without a previous body nor a record, the approval should stand")
	}
}

// TestSequenceEditedComment: a refused command fixed by editing the comment
// is carried out, and the reply says so; an approval edited into a comment
// older than the last material change is refused.
func TestSequenceEditedComment(t *testing.T) {
	t.Parallel()
	s := newSim(t)
	s.comment("bo-m", "/confirm\n/approve")
	id := s.lastID
	if got := s.reply(id); !strings.Contains(got, "did not carry out 1 of your 2 commands") {
		t.Fatalf("reply: got %q", got)
	}
	r := s.editComment(id, "/confirm")
	if diff := cmp.Diff([]Status{Done}, statuses(r)); diff != "" {
		t.Errorf("statuses after edit (-want +got):\n%s", diff)
	}
	if got := s.reply(id); !strings.Contains(got, "every command in your edited comment is now carried out") {
		t.Errorf("reply after edit: got %q", got)
	}
	if !r.Gates.MentorsConfirmed {
		t.Error("mentors not confirmed after the edit")
	}

	s.comment("argo-maint", "/approve")
	old := s.lastID
	s.editIssue(strings.ReplaceAll(s.issue.Body, "Go, Prometheus", "Go, Prometheus, Grafana"))
	s.comment("argo-maint", "Will look again.")
	r = s.editComment(s.lastID, "Will look again.\n/approve")
	if diff := cmp.Diff([]Status{Done}, statuses(r)); diff != "" {
		t.Errorf("edited comment written after the change (-want +got):\n%s", diff)
	}
	r = s.editComment(old, "/approve\n\n(edited)")
	if len(r.Outcomes) != 1 || r.Outcomes[0].Status != Refused || !strings.Contains(r.Outcomes[0].Reason, "write /approve in a new comment") {
		t.Errorf("old comment edited: got %+v, want a refusal asking for a new comment", r.Outcomes)
	}
}

// TestSequenceRefusalIsFinal: an /approve refused for failed validation
// does not start counting once validation passes.
func TestSequenceRefusalIsFinal(t *testing.T) {
	t.Parallel()
	s := newSim(t)
	l := s.cfg.Labels
	s.issue.Labels = []string{l.Program, l.Proposal, l.ValidationFailed}
	s.comment("argo-maint", "/approve")
	s.issue.Labels = []string{l.Program, l.Proposal, l.ValidationPassed}
	r := s.comment("bo-m", "/confirm")
	if r.Gates.MaintainerApproved {
		t.Error("a refused /approve counted once validation passed")
	}
	r = s.comment("argo-maint", "/approve")
	if !r.Gates.MaintainerApproved {
		t.Error("a new /approve after validation passed did not count")
	}
}

// TestReplay delivers a history of events, then all of them again: the
// second pass plans no change and the state is the same.
func TestReplay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  func(s *sim)
	}{
		{"all gates", approveAll},
		{"refusals and labels", func(s *sim) {
			s.comment("reader", "/approve\n/label 2026")
			s.comment("triager", "/label 2026 administration\n/hold")
			s.comment("cncf-admin", "/cncf-approve")
			s.comment("triager", "/unhold\n/remove-label administration")
		}},
		{"material edit", func(s *sim) {
			approveAll(s)
			s.editIssue(strings.ReplaceAll(s.issue.Body, "adam", "ada-m"))
			s.comment("argo-maint", "/approve")
		}},
		{"edited comment", func(s *sim) {
			s.comment("bo-m", "/approve")
			s.editComment(s.lastID, "/confirm")
		}},
		{"withdraw", func(s *sim) {
			s.comment("argo-maint", "/approve")
			s.comment("ada", "Sorry, no time this term.\n/withdraw")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSim(t)
			tt.run(s)
			first := s.state()
			n := len(s.events)
			for _, ev := range s.events[:n] {
				r := Plan(s.input(ev))
				s.apply(&r.Plan)
			}
			if diff := cmp.Diff(first, s.state()); diff != "" {
				t.Errorf("replay changed the state (-first +replayed):\n%s", diff)
			}
		})
	}
}

// TestPlanDeterministic: the same input plans the same bytes.
func TestPlanDeterministic(t *testing.T) {
	t.Parallel()
	s := newSim(t)
	approveAll(s)
	s.cfg.Proposals.Approvers.Projects = map[string]config.ProjectApprovers{"argo": {Logins: []string{"x"}}, "Argo": {Logins: []string{"argo-maint"}}, "argoproj": {Logins: []string{"y"}}}
	in := s.input(simEvent{id: s.lastID})
	first := Plan(in)
	want := first.Plan.Text()
	for range 20 {
		r := Plan(in)
		if got := r.Plan.Text(); got != want {
			t.Fatalf("got a different plan:\n%s\nwant\n%s", got, want)
		}
	}
}

// FuzzPlan runs any comment through Plan: it never panics, every refusal
// says why, the plan opens with the eyes reaction, and delivering the same
// event again plans nothing but the reactions already given.
func FuzzPlan(f *testing.F) {
	f.Add("argo-maint", "/approve")
	f.Add("cncf-admin", "/approve\n/confirm @bo-m\n/cncf-approve")
	f.Add("triager", "/label \"Term 3: Sept-Nov\", 2026\n/remove-label administration\n/hold")
	f.Add("ada", "/withdraw\n/unhold")
	f.Add("reader", "/confirm @nobody @ada\n/label Maintainer Approved")
	f.Fuzz(func(t *testing.T, author, body string) {
		if author == "" || strings.HasSuffix(author, "[bot]") {
			return
		}
		s := newSim(t)
		s.comment("argo-maint", "/approve")
		r := s.comment(author, body)
		if r.Skipped != "" {
			return
		}
		if k := r.Plan.Actions[0].Kind(); k != "add-reaction" {
			t.Fatalf("first action: got %s, want add-reaction", k)
		}
		for _, o := range r.Outcomes {
			if o.Status == Refused && o.Reason == "" {
				t.Fatalf("refused %s without a reason", o.Command)
			}
		}
		again := Plan(s.input(simEvent{id: s.lastID}))
		for _, a := range again.Plan.Actions {
			if a.Kind() != "add-reaction" {
				t.Fatalf("second delivery planned %s", a.Describe())
			}
		}
	})
}
