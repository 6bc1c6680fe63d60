package command

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// statuses returns the statuses of a result's outcomes.
func statuses(r Result) []Status {
	var out []Status
	for _, o := range r.Outcomes {
		out = append(out, o.Status)
	}
	return out
}

func TestPlanCommands(t *testing.T) {
	t.Parallel()
	l := config.Default().Labels
	tests := []struct {
		name   string
		setup  func(s *sim)
		author string
		body   string
		want   []Status
		// reason is a part of the first refusal's reason.
		reason string
		has    []string // labels the issue carries afterwards
		hasNot []string // labels it does not carry
	}{
		{name: "approve by project approver", author: "argo-maint", body: "/approve", want: []Status{Done},
			has: []string{l.MaintainerApproved, l.AwaitingMentors}, hasNot: []string{l.AwaitingMaintainer}},
		{name: "approve by global approver", author: "cncf-admin", body: "/approve", want: []Status{Done}, has: []string{l.MaintainerApproved}},
		{name: "approve by project org key", author: "org-maint", body: "/approve", want: []Status{Done},
			setup: func(s *sim) {
				s.cfg.Proposals.Approvers.Projects = map[string]config.ProjectApprovers{"argoproj": {Logins: []string{"org-maint"}}}
			}},
		{name: "approve refused: no permission", author: "triager", body: "/approve", want: []Status{Refused},
			reason: "only the approvers listed for Argo (@argo-maint) or the global approvers (@cncf-admin) may approve",
			has:    []string{l.AwaitingMaintainer}, hasNot: []string{l.MaintainerApproved}},
		{name: "approve refused: only listed count", author: "cncf-admin", body: "/approve", want: []Status{Refused},
			setup: func(s *sim) {
				s.cfg.Proposals.Approvers.Projects["Argo"] = config.ProjectApprovers{Logins: []string{"argo-maint"}, Only: true}
			},
			reason: "only the approvers listed for Argo (@argo-maint) may approve"},
		{name: "approve refused: validation failed", author: "argo-maint", body: "/approve", want: []Status{Refused},
			setup: func(s *sim) {
				s.issue.Labels = []string{l.Program, l.Proposal, l.ValidationFailed}
			},
			reason: `no "Validation Passed" label`, hasNot: []string{l.MaintainerApproved, l.AwaitingMaintainer}},
		{name: "approve by admin when no approvers configured", author: "boss", body: "/approve", want: []Status{Done},
			setup: func(s *sim) { s.cfg.Proposals.Approvers = config.Approvers{} }, has: []string{l.MaintainerApproved}},
		{name: "confirm by listed mentor", author: "bo-m", body: "/confirm", want: []Status{Done},
			has: []string{l.MentorsConfirmed}, hasNot: []string{l.AwaitingMentors}},
		{name: "confirm refused: not a mentor", author: "reader", body: "/confirm", want: []Status{Refused},
			reason: "@reader is not among the mentors the proposal lists (@ada, @bo-m)", has: []string{l.AwaitingMentors}},
		{name: "confirm for a mentor by global approver", author: "cncf-admin", body: "/confirm @bo-m", want: []Status{Done},
			has: []string{l.MentorsConfirmed}},
		{name: "proposer not listed: both mentors awaited", author: "bo-m", body: "/confirm", want: []Status{Done},
			setup: func(s *sim) { s.issue.Author = "someone-else" }, has: []string{l.AwaitingMentors}, hasNot: []string{l.MentorsConfirmed}},
		{name: "confirm two mentors by global approver", author: "cncf-admin", body: "/confirm @ada @bo-m", want: []Status{Done},
			setup: func(s *sim) { s.issue.Author = "someone-else" }, has: []string{l.MentorsConfirmed}},
		{name: "approver key in any case", author: "slug-maint", body: "/approve", want: []Status{Done},
			setup: func(s *sim) {
				s.cfg.Proposals.Approvers.Projects = map[string]config.ProjectApprovers{"ARGO": {Logins: []string{"slug-maint"}}}
			}, has: []string{l.MaintainerApproved}},
		{name: "confirm for a mentor refused to others", author: "ada", body: "/confirm @bo-m", want: []Status{Refused},
			reason: "each mentor confirms their own slot: @bo-m comments /confirm"},
		{name: "cncf-approve refused: gates missing", author: "cncf-admin", body: "/cncf-approve", want: []Status{Refused},
			reason: "the maintainer approval is missing", hasNot: []string{l.CNCFApproved}},
		{name: "cncf-approve refused: mentors missing", author: "cncf-admin", body: "/approve\n/cncf-approve", want: []Status{Done, Refused},
			reason: "mentor confirmations are missing: @bo-m must comment /confirm first"},
		{name: "cncf-approve refused: not global", author: "argo-maint", body: "/cncf-approve", want: []Status{Refused},
			reason: "only the global approvers (@cncf-admin) may give the CNCF approval"},
		{name: "three commands in one comment", author: "cncf-admin", body: "/approve\n/confirm @bo-m\n/cncf-approve", want: []Status{Done, Done, Done},
			has: []string{l.MaintainerApproved, l.MentorsConfirmed, l.CNCFApproved}, hasNot: []string{l.AwaitingMaintainer, l.AwaitingMentors}},
		{name: "hold blocks cncf-approve", author: "cncf-admin", body: "/hold\n/approve\n/confirm @bo-m\n/cncf-approve", want: []Status{Done, Done, Done, Refused},
			reason: "the proposal is on hold (/hold by @cncf-admin): comment /unhold first", has: []string{l.Hold}},
		{name: "unhold", author: "triager", body: "/hold waiting for the TOC\n/unhold", want: []Status{Done, Done}, hasNot: []string{l.Hold}},
		{name: "hold refused to readers", author: "reader", body: "/hold", want: []Status{Refused}, reason: "triage access", hasNot: []string{l.Hold}},
		{name: "withdraw by author", author: "ada", body: "/withdraw", want: []Status{Done},
			has: []string{l.Withdrawn}, hasNot: []string{l.AwaitingMaintainer, l.AwaitingMentors}},
		{name: "withdraw refused to others", author: "triager", body: "/withdraw", want: []Status{Refused}, reason: "only the proposer (@ada) or an approver"},
		{name: "label by triager", author: "triager", body: "/label Term 3: Sept-Nov 2026 administration", want: []Status{Done},
			has: []string{"Term 3: Sept-Nov", "2026", "administration"}},
		{name: "remove-label by approver", author: "argo-maint", body: "/remove-label 2025", want: []Status{Done},
			setup: func(s *sim) { s.issue.Labels = append(s.issue.Labels, "2025") }, hasNot: []string{"2025"}},
		{name: "label refused: gate label", author: "triager", body: "/label Maintainer/Contribex Approved", want: []Status{Refused},
			reason: "`Maintainer/Contribex Approved` is set by mentorbot", hasNot: []string{l.MaintainerApproved}},
		{name: "label refused: not allowed", author: "triager", body: "/label bug", want: []Status{Refused},
			reason: "`bug` is not a label these commands may change"},
		{name: "label refused: no permission", author: "reader", body: "/label 2026", want: []Status{Refused},
			reason: "triage access", hasNot: []string{"2026"}},
		{name: "label from config list", author: "triager", body: "/label needs-mentor", want: []Status{Done},
			setup: func(s *sim) { s.cfg.Proposals.CommandLabels = []string{"needs-mentor"} }, has: []string{"needs-mentor"}},
		{name: "label then remove: last wins", author: "triager", body: "/label 2026\n/remove-label 2026", want: []Status{Done, Done}, hasNot: []string{"2026"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSim(t)
			if tt.setup != nil {
				tt.setup(s)
			}
			r := s.comment(tt.author, tt.body)
			if diff := cmp.Diff(tt.want, statuses(r)); diff != "" {
				t.Fatalf("statuses (-want +got):\n%s\noutcomes: %+v", diff, r.Outcomes)
			}
			if tt.reason != "" {
				i := slices.IndexFunc(r.Outcomes, func(o Outcome) bool { return o.Status == Refused })
				if got := r.Outcomes[i].Reason; !strings.Contains(got, tt.reason) {
					t.Errorf("reason: got %q, want it to contain %q", got, tt.reason)
				}
				if got := s.reply(s.lastID); !strings.Contains(got, tt.reason) || !strings.Contains(got, "@"+tt.author) {
					t.Errorf("reply: got %q, want it to name @%s and say %q", got, tt.author, tt.reason)
				}
			}
			for _, name := range tt.has {
				if !containsFold(s.issue.Labels, name) {
					t.Errorf("labels: got %q, want %q among them", s.issue.Labels, name)
				}
			}
			for _, name := range tt.hasNot {
				if containsFold(s.issue.Labels, name) {
					t.Errorf("labels: got %q, want no %q", s.issue.Labels, name)
				}
			}
			if diff := cmp.Diff(s.issue.Labels, r.Labels); diff != "" {
				t.Errorf("Result.Labels differ from the labels applied (-applied +result):\n%s", diff)
			}
		})
	}
}

// TestPlanReactions checks eyes on receipt, then +1 and -1 by outcome.
func TestPlanReactions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, author, body string
		want               []string
	}{
		{"done", "argo-maint", "/approve", []string{"eyes", "+1"}},
		{"refused", "reader", "/approve", []string{"eyes", "-1"}},
		{"mixed", "reader", "/confirm @reader\n/withdraw", []string{"eyes", "-1"}},
		{"partly done", "ada", "/confirm\n/approve", []string{"eyes", "+1", "-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSim(t)
			r := s.comment(tt.author, tt.body)
			var got []string
			for _, a := range r.Plan.Actions {
				if re, ok := a.(plan.AddReaction); ok {
					got = append(got, re.Content)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("reactions (-want +got):\n%s", diff)
			}
			if k := r.Plan.Actions[0].Kind(); k != "add-reaction" {
				t.Errorf("first action: got %s, want the eyes reaction", k)
			}
		})
	}
}

func TestPlanIgnores(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(s *sim, in *Input)
		want   string
	}{
		{"not a proposal", func(s *sim, in *Input) {
			in.Issue.Labels = nil
			in.Issue.Title = "Bug: broken link"
		}, "the issue is not a proposal"},
		{"comment by mentorbot", func(s *sim, in *Input) { in.Comments[0].Author = bot }, "the comment is mentorbot's own"},
		{"no command", func(s *sim, in *Input) { in.Comments[0].Body = "Thanks! /approve later" }, "the comment has no command"},
		{"unknown command", func(s *sim, in *Input) { in.Comments[0].Body = "/lgtm" }, "the comment has no command"},
		{"missing comment", func(s *sim, in *Input) { in.Trigger = 999 }, "the comment is not among the issue's comments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSim(t)
			s.comments = []Comment{{ID: 101, Author: "argo-maint", Body: "/approve"}}
			in := s.input(simEvent{id: 101})
			tt.mutate(s, &in)
			r := Plan(in)
			if r.Skipped != tt.want {
				t.Errorf("Skipped: got %q, want %q", r.Skipped, tt.want)
			}
			if !r.Plan.Empty() {
				t.Errorf("plan: got %s, want no changes", r.Plan.Text())
			}
		})
	}
}

func TestProjectKeys(t *testing.T) {
	t.Parallel()
	slugs := map[string]string{"Open Policy Agent (OPA)": "open-policy-agent-opa", "Argo": "argo", "  cert-manager ": "cert-manager", "": ""}
	for in, want := range slugs {
		if got := slug(in); got != want {
			t.Errorf("slug(%q): got %q, want %q", in, got, want)
		}
	}
	orgs := map[string]string{"https://github.com/ArgoProj/argo-workflows/issues/1": "argoproj", "https://www.github.com/fluxcd": "fluxcd",
		"https://gitlab.com/x/y": "", "not a url": ""}
	for in, want := range orgs {
		if got := githubOrg(in); got != want {
			t.Errorf("githubOrg(%q): got %q, want %q", in, got, want)
		}
	}
}

// "/approve cancel" takes one's own approval back, and only one's own.
func TestApproveCancel(t *testing.T) {
	t.Parallel()
	l := config.Default().Labels
	s := newSim(t)
	s.comment("argo-maint", "/approve")
	s.comment("cncf-admin", "/approve")
	if res := s.comment("argo-maint", "/approve cancel"); len(res.Outcomes) != 1 || res.Outcomes[0].Status != Done {
		t.Fatalf("cancel: got %+v, want done", res.Outcomes)
	}
	if st := s.state(); !slices.Contains(st.Labels, l.MaintainerApproved) {
		t.Errorf("after one of two approvers cancels: got labels %v, want still approved by the other", st.Labels)
	}
	s.comment("cncf-admin", "/approve cancel")
	if st := s.state(); slices.Contains(st.Labels, l.MaintainerApproved) || !slices.Contains(st.Labels, l.AwaitingMaintainer) {
		t.Errorf("after both cancel: got labels %v, want awaiting approval again", st.Labels)
	}
	res := s.comment("triager", "/approve cancel")
	if len(res.Outcomes) != 1 || res.Outcomes[0].Status != Refused || !strings.Contains(res.Outcomes[0].Reason, "has no approval") {
		t.Errorf("cancel without an approval: got %+v, want a refusal", res.Outcomes)
	}
}

// A listed maintainer of the project who files the proposal has the
// maintainer gate by filing; a person who is not listed does not.
func TestProposalFiledByListedMaintainer(t *testing.T) {
	t.Parallel()
	l := config.Default().Labels
	for _, tt := range []struct {
		author string
		want   bool
	}{{"argo-maint", true}, {"ada", false}, {"triager", false}} {
		s := newSim(t)
		s.issue.Author = tt.author
		s.deliver(simEvent{}) // the issues event of the filing
		got := slices.Contains(s.state().Labels, l.MaintainerApproved)
		if got != tt.want {
			t.Errorf("filed by %s: got maintainer approved %v, want %v (labels %v)", tt.author, got, tt.want, s.state().Labels)
		}
	}
}
