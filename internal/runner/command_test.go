package runner

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/command"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// cmdRig is a proposal in the fake GitHub, checked by the proposal job as
// when it was opened, and a way to post comments and deliver their events
// to the command job, as the Action and the App do.
type cmdRig struct {
	t      testing.TB
	srv    *githubtest.Server
	gh     *github.Client
	cfg    *config.Config
	number int
	events []*event.Event
}

// newCmdRig seeds example issue n (12 is valid and by janedoe, a listed
// mentor; 13 fails validation) and runs the proposal job on it. Roles:
// argo-maint is Argo's approver, cncf-admin the global one, triager has
// triage, reader read.
func newCmdRig(t testing.TB, n int) *cmdRig {
	t.Helper()
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	ex := exampleIssues(t)[n]
	is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: ex.Title, Body: ex.Body, Labels: ex.Labels, User: ex.Author})
	r := &cmdRig{t: t, srv: srv, gh: srv.Client("tok"), number: is.Number}
	r.cfg = propEnv(r.gh, nil).Config
	r.cfg.Proposals.Approvers = config.Approvers{Global: []string{"cncf-admin"},
		Projects: map[string]config.ProjectApprovers{"Argo": {Logins: []string{"argo-maint"}}, "Flux": {Logins: []string{"flux-maint"}}}}
	for login, perm := range map[string]string{"triager": "triage", "reader": "read", "argo-maint": "write"} {
		srv.SetPermission(propOwner, propRepo, login, perm)
	}
	r.checkProposal(nil)
	srv.ResetCalls()
	return r
}

func (r *cmdRig) env(ev *event.Event) *Env {
	env := propEnv(r.gh, ev)
	env.Config = r.cfg
	return env
}

// checkProposal runs the proposal job as on an issues event (opened, or
// edited with the previous body).
func (r *cmdRig) checkProposal(prev *string) {
	r.t.Helper()
	ev := r.issueEvent("opened", prev)
	if prev != nil {
		ev.Action = "edited"
	}
	if _, err := Proposal(context.Background(), r.env(ev), ProposalOptions{}); err != nil {
		r.t.Fatal(err)
	}
}

// payload renders the issue as an event payload carries it.
func (r *cmdRig) payload() map[string]any {
	is, _ := r.srv.Issue(propOwner, propRepo, r.number)
	var labels []map[string]string
	for _, l := range is.Labels {
		labels = append(labels, map[string]string{"name": l})
	}
	return map[string]any{"number": is.Number, "title": is.Title, "body": is.Body, "state": is.State,
		"user": map[string]string{"login": is.User}, "labels": labels}
}

func (r *cmdRig) parse(name string, p map[string]any) *event.Event {
	r.t.Helper()
	p["repository"] = map[string]any{"name": propRepo, "owner": map[string]string{"login": propOwner}, "default_branch": "main"}
	data, err := json.Marshal(p)
	if err != nil {
		r.t.Fatal(err)
	}
	ev, err := event.Parse(name, data)
	if err != nil {
		r.t.Fatal(err)
	}
	return ev
}

func (r *cmdRig) issueEvent(action string, prev *string) *event.Event {
	p := map[string]any{"action": action, "issue": r.payload(), "sender": map[string]string{"login": "janedoe", "type": "User"}}
	if prev != nil {
		p["changes"] = map[string]any{"body": map[string]string{"from": *prev}}
	}
	return r.parse("issues", p)
}

func (r *cmdRig) commentEvent(action string, c githubtest.Comment) *event.Event {
	return r.parse("issue_comment", map[string]any{"action": action, "issue": r.payload(),
		"comment": map[string]any{"id": c.ID, "body": c.Body, "user": map[string]string{"login": c.User}},
		"sender":  map[string]string{"login": c.User, "type": "User"}})
}

// run delivers an event to the command job and records it for replays.
func (r *cmdRig) run(ev *event.Event) *command.Result {
	r.t.Helper()
	r.events = append(r.events, ev)
	res, cr, err := Command(context.Background(), r.env(ev), CommandOptions{})
	if err != nil {
		r.t.Fatal(err)
	}
	if res.Report != nil && res.Report.Count("failed") > 0 {
		r.t.Fatalf("executor failures: %+v", res.Report.Outcomes)
	}
	return cr
}

// comment posts a comment as user and delivers its created event.
func (r *cmdRig) comment(user, body string) int64 {
	r.t.Helper()
	c := r.srv.SeedComment(propOwner, propRepo, r.number, user, body)
	r.run(r.commentEvent("created", *c))
	return c.ID
}

// editComment edits a comment and delivers its edited event.
func (r *cmdRig) editComment(id int64, body string) {
	r.t.Helper()
	c, _, err := r.gh.Issues.EditComment(context.Background(), propOwner, propRepo, id, &github.IssueComment{Body: github.String(body)})
	if err != nil {
		r.t.Fatal(err)
	}
	r.run(r.commentEvent("edited", githubtest.Comment{ID: id, Body: c.GetBody(), User: c.GetUser().GetLogin()}))
}

// editIssue edits the proposal's body, then runs the proposal job and the
// command job on the edited event, as a workflow on issues events does.
func (r *cmdRig) editIssue(body string) {
	r.t.Helper()
	is, _ := r.srv.Issue(propOwner, propRepo, r.number)
	prev := is.Body
	if _, _, err := r.gh.Issues.Edit(context.Background(), propOwner, propRepo, r.number, &github.IssueRequest{Body: github.String(body)}); err != nil {
		r.t.Fatal(err)
	}
	r.checkProposal(&prev)
	ev := r.issueEvent("edited", &prev)
	r.run(ev)
}

func (r *cmdRig) labels() []string {
	is, _ := r.srv.Issue(propOwner, propRepo, r.number)
	ls := slices.Clone(is.Labels)
	sort.Strings(ls)
	return ls
}

func (r *cmdRig) has(label string) bool { return slices.Contains(r.labels(), label) }

// reactions returns mentorbot's reactions on a comment.
func (r *cmdRig) reactions(id int64) []string {
	var out []string
	for _, c := range r.srv.Comments(propOwner, propRepo, r.number) {
		if c.ID == id {
			for _, re := range c.Reactions {
				out = append(out, re.Content)
			}
		}
	}
	return out
}

// botComment returns the body of mentorbot's comment carrying marker.
func (r *cmdRig) botComment(marker string) string {
	for _, c := range r.srv.Comments(propOwner, propRepo, r.number) {
		if c.User == r.srv.Login && strings.Contains(c.Body, marker) {
			return c.Body
		}
	}
	return ""
}

func (r *cmdRig) report() string { return r.botComment(proposal.Marker) }

// snapshot is the fake's state that matters to proposals.
type cmdSnapshot struct {
	Labels   []string
	State    string
	Comments []githubtest.Comment
}

func (r *cmdRig) snapshot() cmdSnapshot {
	is, _ := r.srv.Issue(propOwner, propRepo, r.number)
	return cmdSnapshot{Labels: r.labels(), State: is.State, Comments: r.srv.Comments(propOwner, propRepo, r.number)}
}

func TestCommandEachCommand(t *testing.T) {
	t.Parallel()
	l := config.Default().Labels
	tests := []struct {
		name   string
		run    func(r *cmdRig) int64
		has    []string
		hasNot []string
		check  func(t *testing.T, r *cmdRig)
	}{
		{name: "approve", run: func(r *cmdRig) int64 { return r.comment("argo-maint", "/approve") },
			has: []string{l.MaintainerApproved, l.AwaitingMentors}, hasNot: []string{l.AwaitingMaintainer}},
		{name: "confirm", run: func(r *cmdRig) int64 { return r.comment("sam-lee", "/confirm") },
			has: []string{l.MentorsConfirmed, l.AwaitingMaintainer}, hasNot: []string{l.AwaitingMentors}},
		{name: "cncf-approve", run: func(r *cmdRig) int64 {
			r.comment("argo-maint", "/approve")
			r.comment("sam-lee", "/confirm")
			return r.comment("cncf-admin", "/cncf-approve")
		}, has: []string{l.MaintainerApproved, l.MentorsConfirmed, l.CNCFApproved}, hasNot: []string{l.AwaitingMaintainer, l.AwaitingMentors}},
		{name: "label and remove-label", run: func(r *cmdRig) int64 {
			r.comment("triager", "/label administration")
			return r.comment("triager", "/remove-label administration\n/label 2027")
		}, has: []string{"2027"}, hasNot: []string{"administration"}},
		{name: "hold", run: func(r *cmdRig) int64 { return r.comment("triager", "/hold the TOC asked for a week") }, has: []string{l.Hold}},
		{name: "unhold", run: func(r *cmdRig) int64 {
			r.comment("triager", "/hold")
			return r.comment("cncf-admin", "/unhold")
		}, hasNot: []string{l.Hold}},
		{name: "withdraw", run: func(r *cmdRig) int64 { return r.comment("janedoe", "We will apply next term.\n/withdraw") },
			has: []string{l.Withdrawn}, hasNot: []string{l.AwaitingMaintainer, l.AwaitingMentors},
			check: func(t *testing.T, r *cmdRig) {
				if is, _ := r.srv.Issue(propOwner, propRepo, r.number); is.State != "closed" || is.StateReason != "not_planned" {
					t.Errorf("issue: got %s (%s), want closed (not_planned)", is.State, is.StateReason)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newCmdRig(t, 12)
			id := tt.run(r)
			if got, want := r.reactions(id), []string{"eyes", "+1"}; !cmp.Equal(got, want) {
				t.Errorf("reactions: got %q, want %q", got, want)
			}
			for _, name := range tt.has {
				if !r.has(name) {
					t.Errorf("labels: got %q, want %q among them", r.labels(), name)
				}
			}
			for _, name := range tt.hasNot {
				if r.has(name) {
					t.Errorf("labels: got %q, want no %q", r.labels(), name)
				}
			}
			if rep := r.report(); !strings.Contains(rep, "Proposal check passed") || !strings.Contains(rep, proposal.GatesStart) {
				t.Errorf("report: got\n%s\nwant the check and the gates in one comment", rep)
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func TestCommandRefusals(t *testing.T) {
	t.Parallel()
	l := config.Default().Labels
	tests := []struct {
		name, user, body string
		issue            int
		reply            string
		hasNot           string
	}{
		{"no permission to approve", "reader", "/approve", 12, "only the approvers listed for Argo (@argo-maint) or the global approvers (@cncf-admin) may approve", l.MaintainerApproved},
		{"no permission to label", "reader", "/label administration", 12, "changing labels needs triage access", "administration"},
		{"triage is not approval", "triager", "/approve", 12, "may approve this proposal", l.MaintainerApproved},
		{"validation failed", "flux-maint", "/approve", 13, "the proposal has not passed validation", l.MaintainerApproved},
		{"gate missing", "cncf-admin", "/cncf-approve", 12, "the maintainer approval is missing", l.CNCFApproved},
		{"not a listed mentor", "reader", "/confirm", 12, "@reader is not among the mentors the proposal lists (@janedoe, @sam-lee)", l.MentorsConfirmed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newCmdRig(t, tt.issue)
			id := r.comment(tt.user, tt.body)
			if got, want := r.reactions(id), []string{"eyes", "-1"}; !cmp.Equal(got, want) {
				t.Errorf("reactions: got %q, want %q", got, want)
			}
			reply := r.botComment(command.ReplyMarker(id))
			if !strings.Contains(reply, tt.reply) || !strings.HasPrefix(strings.SplitN(reply, "\n", 2)[1], "@"+tt.user+",") {
				t.Errorf("reply: got\n%s\nwant it to address @%s and say %q", reply, tt.user, tt.reply)
			}
			if r.has(tt.hasNot) {
				t.Errorf("labels: got %q, want no %q", r.labels(), tt.hasNot)
			}
			if got := r.srv.Count("POST /repos/{owner}/{repo}/issues/{number}/comments"); got != 1 {
				t.Errorf("comments created: got %d, want 1 (the reply)", got)
			}
		})
	}
}

// TestCommandThreeInOne: one comment, three commands, run in order, with
// one role lookup and one label write.
func TestCommandThreeInOne(t *testing.T) {
	t.Parallel()
	r := newCmdRig(t, 12)
	id := r.comment("cncf-admin", "Approving for Argo's maintainers, who asked on Slack.\n/approve\n/confirm @sam-lee\n/cncf-approve")
	l := r.cfg.Labels
	wantLabels := []string{"2027", l.CNCFApproved, l.MaintainerApproved, l.MentorsConfirmed, l.Proposal, "Term 1: March-May", l.ValidationPassed, l.Program}
	if diff := cmp.Diff(wantLabels, r.labels()); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}
	if got, want := r.reactions(id), []string{"eyes", "+1"}; !cmp.Equal(got, want) {
		t.Errorf("reactions: got %q, want %q", got, want)
	}
	// The runner reads the issue, its comments, the labels and one role,
	// once: the executor reads through the same snapshot. Through this
	// rig's contents-API snapshot, approvers.yml costs one read (a 404: the
	// example repository has none; the App's tree snapshot knows that
	// without a request).
	want := map[string]int{
		"GET /repos/{owner}/{repo}/collaborators/{user}/permission": 1,
		"GET /repos/{owner}/{repo}/contents/{path...}":              1,
		"GET /repos/{owner}/{repo}/issues/{number}":                 1,
		"GET /repos/{owner}/{repo}/issues/{number}/comments":        1,
		"GET /repos/{owner}/{repo}/labels":                          1,
		"PATCH /repos/{owner}/{repo}/issues/comments/{id}":          1,
		"POST /repos/{owner}/{repo}/issues/comments/{id}/reactions": 2,
		"POST /repos/{owner}/{repo}/issues/{number}/labels":         1,
		"POST /repos/{owner}/{repo}/labels":                         3,
	}
	if diff := cmp.Diff(want, r.srv.Calls()); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

// TestCommandEditedComment: a refused command fixed by editing the comment
// is carried out and the reply is updated in place.
func TestCommandEditedComment(t *testing.T) {
	t.Parallel()
	r := newCmdRig(t, 12)
	id := r.comment("argo-maint", "/approve\n/cncf-approve")
	if !strings.Contains(r.botComment(command.ReplyMarker(id)), "1 of your 2 commands") {
		t.Fatalf("reply: got %q", r.botComment(command.ReplyMarker(id)))
	}
	r.editComment(id, "/approve")
	if got := r.botComment(command.ReplyMarker(id)); !strings.Contains(got, "every command in your edited comment is now carried out") {
		t.Errorf("reply after edit: got %q", got)
	}
	if got := r.srv.Count("POST /repos/{owner}/{repo}/issues/{number}/comments"); got != 1 {
		t.Errorf("comments created: got %d, want 1 (the reply, then edited)", got)
	}
	if !r.has(r.cfg.Labels.MaintainerApproved) {
		t.Errorf("labels: got %q, want the approval", r.labels())
	}
}

// TestCommandMaterialEdit: an edit of a field after approval clears the
// approvals (not the confirmations) and the report names who must approve
// again; a new /approve restores the gate.
func TestCommandMaterialEdit(t *testing.T) {
	t.Parallel()
	r := newCmdRig(t, 12)
	r.comment("argo-maint", "/approve")
	r.comment("sam-lee", "/confirm")
	r.comment("cncf-admin", "/cncf-approve")
	is, _ := r.srv.Issue(propOwner, propRepo, r.number)
	r.editIssue(strings.Replace(is.Body, "Prometheus metrics for the workflow controller", "Prometheus and OpenTelemetry metrics for the controller", 1))
	l := r.cfg.Labels
	if r.has(l.MaintainerApproved) || r.has(l.CNCFApproved) || !r.has(l.AwaitingMaintainer) || !r.has(l.MentorsConfirmed) {
		t.Errorf("labels after the edit: got %q, want approvals cleared, confirmations kept", r.labels())
	}
	rep := r.report()
	for _, want := range []string{"Proposal check passed", "The proposal changed after approval (Program Name)", "@argo-maint must comment `/approve` again", "@cncf-admin must comment `/cncf-approve` again"} {
		if !strings.Contains(rep, want) {
			t.Errorf("report: got\n%s\nwant %q", rep, want)
		}
	}
	if n := r.botComment("mentorbot:approvals-reset"); !strings.Contains(n, "@argo-maint must comment `/approve` again") {
		t.Errorf("reset notice: got %q, want it to ping @argo-maint", n)
	}
	// A whitespace-only edit changes nothing.
	r.srv.ResetCalls()
	is, _ = r.srv.Issue(propOwner, propRepo, r.number)
	r.editIssue(strings.Replace(is.Body, "Go, Kubernetes, Prometheus", "Go,  Kubernetes, Prometheus  ", 1))
	if _, writes := r.srv.Total(); writes != 1 { // the edit itself
		t.Errorf("writes after a whitespace edit: got %d, want 1 (the edit itself)\n%v", writes, r.srv.Calls())
	}
	r.comment("argo-maint", "/approve")
	if !r.has(l.MaintainerApproved) || strings.Contains(r.report(), "/approve` again") {
		t.Errorf("after re-approval: labels %q, report\n%s", r.labels(), r.report())
	}
}

// TestCommandReplay delivers a history of events, then all of them again:
// the state is the same and the second pass writes nothing but
// (unchanged) reactions.
func TestCommandReplay(t *testing.T) {
	t.Parallel()
	r := newCmdRig(t, 12)
	r.comment("reader", "/approve")
	r.comment("argo-maint", "/approve")
	r.comment("triager", "/label administration\n/hold")
	id := r.comment("sam-lee", "/confirm\n/cncf-approve")
	r.editComment(id, "/confirm")
	is, _ := r.srv.Issue(propOwner, propRepo, r.number)
	r.editIssue(strings.Replace(is.Body, "Go, Kubernetes, Prometheus", "Go, Kubernetes, Prometheus, Grafana", 1))
	r.comment("argo-maint", "/approve")
	r.comment("triager", "/unhold")
	r.comment("cncf-admin", "/cncf-approve")
	first := r.snapshot()
	if !r.has(r.cfg.Labels.CNCFApproved) {
		t.Fatalf("labels: got %q, want the story to end CNCF approved", r.labels())
	}
	r.srv.ResetCalls()
	evs := slices.Clone(r.events)
	for _, ev := range evs {
		r.run(ev)
	}
	if diff := cmp.Diff(first, r.snapshot()); diff != "" {
		t.Errorf("replay changed the state (-first +replayed):\n%s", diff)
	}
	for route, n := range r.srv.Calls() {
		if !strings.HasPrefix(route, "GET ") && route != "POST /repos/{owner}/{repo}/issues/comments/{id}/reactions" {
			t.Errorf("replay wrote: %s %d times", route, n)
		}
	}
}

func TestCommandSkips(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(ev *event.Event)
		want   string
	}{
		{"bot sender", func(ev *event.Event) { ev.Sender, ev.SenderType = "mentorbot[bot]", "Bot" }, "the event was sent by a bot (mentorbot[bot])"},
		{"no command", func(ev *event.Event) { ev.Comment.Body = "Thanks!" }, "the comment has no command"},
		{"deleted", func(ev *event.Event) { ev.Action = "deleted" }, `issue_comment event "deleted" carries no proposal commands`},
		{"pull request", func(ev *event.Event) { ev.Issue.IsPull = true }, "#1 is a pull request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := newCmdRig(t, 12)
			c := r.srv.SeedComment(propOwner, propRepo, r.number, "argo-maint", "/approve")
			ev := r.commentEvent("created", *c)
			tt.mutate(ev)
			res, _, err := Command(context.Background(), r.env(ev), CommandOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if res.Skipped != tt.want {
				t.Errorf("Skipped: got %q, want %q", res.Skipped, tt.want)
			}
			if all, _ := r.srv.Total(); all != 0 {
				t.Errorf("calls: got %d, want none", all)
			}
		})
	}
}

// TestCommandNotAProposal: commands on other issues are ignored after one
// read of the issue.
func TestCommandNotAProposal(t *testing.T) {
	t.Parallel()
	r := newCmdRig(t, 12)
	other := r.srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "Broken link in README", Body: "/approve"})
	r.number = other.Number
	c := r.srv.SeedComment(propOwner, propRepo, other.Number, "argo-maint", "/approve")
	res, _, err := Command(context.Background(), r.env(r.commentEvent("created", *c)), CommandOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Skipped, "not a proposal") {
		t.Errorf("Skipped: got %q, want not a proposal", res.Skipped)
	}
	if all, writes := r.srv.Total(); all != 1 || writes != 0 {
		t.Errorf("calls: got %d (%d writes), want 1 read", all, writes)
	}
}

// BenchmarkCommandEvent delivers one command event through the fake GitHub
// over HTTP, again and again: the reads, the planner, and the reactions
// (already there, so nothing else is written).
func BenchmarkCommandEvent(b *testing.B) {
	r := newCmdRig(b, 12)
	c := r.srv.SeedComment(propOwner, propRepo, r.number, "argo-maint", "/approve")
	ev := r.commentEvent("created", *c)
	ctx := context.Background()
	for b.Loop() {
		// A fresh Env per event, as each delivery gets: its own snapshot.
		if _, _, err := Command(ctx, r.env(ev), CommandOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	r.srv.ResetCalls()
	if _, _, err := Command(ctx, r.env(ev), CommandOptions{}); err != nil {
		b.Fatal(err)
	}
	all, writes := r.srv.Total()
	b.ReportMetric(float64(all), "calls/event")
	b.ReportMetric(float64(writes), "writes/event")
}

// TestReadRole: role_name keeps triage and maintain apart; a 404 is no
// role; other failures are errors.
func TestReadRole(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, perm string
		fault      int
		want       command.Role
		err        bool
	}{
		{"triage", "triage", 0, command.RoleTriage, false},
		{"maintain", "maintain", 0, command.RoleMaintain, false},
		{"admin", "admin", 0, command.RoleAdmin, false},
		{"not a collaborator", "", 0, command.RoleNone, false},
		{"404", "write", 404, command.RoleNone, false},
		{"500", "write", 500, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := githubtest.NewServer(t)
			srv.AddRepo(propOwner, propRepo)
			if tt.perm != "" {
				srv.SetPermission(propOwner, propRepo, "ann", tt.perm)
			}
			if tt.fault != 0 {
				srv.Inject(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/collaborators/{user}/permission", Status: tt.fault})
			}
			env := &Env{Owner: propOwner, Repo: propRepo, GH: srv.Client("tok")}
			got, err := snapshotReader{env.Reads()}.Role(context.Background(), "ann")
			if (err != nil) != tt.err || got != tt.want {
				t.Errorf("got %q, %v; want %q, error %v", got, err, tt.want, tt.err)
			}
		})
	}
}
