package runner

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/command"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/githubtest"
)

const (
	lfxURL1 = "https://mentorship.lfx.linuxfoundation.org/project/0f3c8a52-6d1e-4b7a-9c2d-1e5f7a9b3c4d"
	lfxURL2 = "https://mentorship.lfx.linuxfoundation.org/project/99999999-6d1e-4b7a-9c2d-1e5f7a9b3c4d"
)

// lfxComment posts a comment as user on issue n and delivers its created
// event to the lfx job, as the routing table does.
func (r *cmdRig) lfxComment(n int, user, body string) (int64, *Result) {
	r.t.Helper()
	c := r.srv.SeedComment(propOwner, propRepo, n, user, body)
	return c.ID, r.lfxDeliver(n, *c)
}

func (r *cmdRig) lfxDeliver(n int, c githubtest.Comment) *Result {
	r.t.Helper()
	is, _ := r.srv.Issue(propOwner, propRepo, n)
	ev := r.parse("issue_comment", map[string]any{"action": "created",
		"issue":   map[string]any{"number": n, "title": is.Title, "body": is.Body, "state": is.State, "user": map[string]string{"login": is.User}},
		"comment": map[string]any{"id": c.ID, "body": c.Body, "user": map[string]string{"login": c.User}},
		"sender":  map[string]string{"login": c.User, "type": "User"}})
	res, err := r.runJob("lfx", ev)
	if err != nil {
		r.t.Fatal(err)
	}
	return res
}

// runJob runs the named job on ev if the routing table routes ev to it.
func (r *cmdRig) runJob(name string, ev *event.Event) (*Result, error) {
	r.t.Helper()
	jobs, why := Route(ev, r.cfg)
	for _, j := range jobs {
		if j.Name == name {
			env := r.env(ev)
			env.Now = exportEnv(r.gh).Now
			return j.Run(context.Background(), env, nil)
		}
	}
	r.t.Fatalf("%s %s: not routed to %s (%s)", ev.Name, ev.Action, name, why)
	return nil, nil
}

// reply returns mentorbot's reply to comment id on issue n, "" if none.
func (r *cmdRig) reply(n int, id int64) string {
	for _, c := range r.srv.Comments(propOwner, propRepo, n) {
		if c.User == r.srv.Login && strings.HasPrefix(c.Body, command.LFXReplyMarker(id)) {
			return c.Body
		}
	}
	return ""
}

func (r *cmdRig) mergedEvent(pr int, headRepo, baseSHA string) *event.Event {
	p := r.srv.Pulls(propOwner, propRepo)
	var head string
	for _, x := range p {
		if x.Number == pr {
			head = x.Head
		}
	}
	return r.parse("pull_request", map[string]any{"action": "closed", "number": pr,
		"pull_request": map[string]any{"number": pr, "merged": true,
			"head": map[string]any{"ref": head, "sha": "h", "repo": map[string]string{"full_name": headRepo}},
			"base": map[string]any{"ref": "main", "sha": baseSHA}},
		"sender": map[string]string{"login": "cncf-admin", "type": "User"}})
}

// TestLFXFlow: approve -> /export -> export pull request -> /lfx-url ->
// merge -> one comment each, the branch deleted; re-runs write nothing;
// refusals for people who are not global approvers; forged records
// ignored.
func TestLFXFlow(t *testing.T) {
	t.Parallel()
	r := newCmdRig(t, 12)
	n := r.number
	r.comment("cncf-admin", "/approve\n/confirm @sam-lee\n/cncf-approve")
	if !r.has(r.cfg.Labels.CNCFApproved) {
		t.Fatalf("got labels %v, want %s", r.labels(), r.cfg.Labels.CNCFApproved)
	}
	admin := r.srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "LFX 2027 Term 1: admin", Body: "Chores.", User: "cncf-admin"}).Number
	branch := "mentorbot/lfx-export-2027-1"
	jsonPath := exportFolder + export.ExportName

	// /export by a project's approver (not a global one): refused.
	id, _ := r.lfxComment(admin, "argo-maint", "/export 2027-1")
	if reply := r.reply(admin, id); !strings.Contains(reply, "refused: only the global approvers (@cncf-admin) may run the LFX export") {
		t.Errorf("got reply %q, want a refusal naming the global approvers", reply)
	}
	if r.srv.HasBranch(propOwner, propRepo, branch) {
		t.Fatalf("refused /export: got branch %s, want none", branch)
	}

	// /export by the global approver in the admin issue.
	id, _ = r.lfxComment(admin, "cncf-admin", "Loading LFX.\n/export 2027-1")
	if reply := r.reply(admin, id); !strings.Contains(reply, "`/export 2027-1`: done: 1 program (1 added, 0 updated, 0 kept)") {
		t.Errorf("got reply %q, want the export done with 1 program added", reply)
	}
	pulls := r.srv.Pulls(propOwner, propRepo)
	if len(pulls) != 1 || pulls[0].Head != branch {
		t.Fatalf("got pull requests %+v, want one from %s", pulls, branch)
	}
	if !r.has(r.cfg.Export.ExportedLabel) {
		t.Errorf("got labels %v, want %s", r.labels(), r.cfg.Export.ExportedLabel)
	}
	// The same delivery again: nothing written.
	r.srv.ResetCalls()
	r.lfxDeliver(admin, githubtest.Comment{ID: id, User: "cncf-admin", Body: "Loading LFX.\n/export 2027-1"})
	if all, writes := r.srv.Total(); writes != 0 {
		t.Errorf("re-delivered /export: got %d writes (of %d requests), want none:\n%s", writes, all, strings.Join(r.srv.Log(), "\n"))
	}

	// /lfx-url by someone who is not a global approver: refused, with a
	// forged record in the command's own text, which the reply neutralises.
	id, _ = r.lfxComment(n, "argo-maint", "/lfx-url "+lfxURL2+" --> <!-- mentorbot:lfx-url "+lfxURL2+" -->")
	if reply := r.reply(n, id); !strings.Contains(reply, "refused: only the global approvers (@cncf-admin) may record a program's LFX URL") {
		t.Errorf("got reply %q, want a refusal", reply)
	}
	// A record forged in a person's comment.
	r.srv.SeedComment(propOwner, propRepo, n, "janedoe", "<!-- mentorbot:lfx-url "+lfxURL2+" -->")
	if got := recorded(r, n); got != "" {
		t.Fatalf("after a refusal and a forged record: got recorded URL %q, want none", got)
	}

	// /lfx-url by the global approver: recorded, pinned, files rebuilt.
	before, _ := r.srv.Issue(propOwner, propRepo, n)
	id, _ = r.lfxComment(n, "cncf-admin", "/lfx-url "+strings.ToUpper(lfxURL1[len(lfxURL1)-12:])+"x")
	if reply := r.reply(n, id); !strings.Contains(reply, "refused: the LFX URL must") {
		t.Errorf("bad URL: got reply %q, want a refusal", reply)
	}
	r.srv.SeedComment(propOwner, propRepo, n, "janedoe", "later forged <!-- mentorbot:lfx-url "+lfxURL2+" -->")
	id, _ = r.lfxComment(n, "cncf-admin", "/lfx-url <"+lfxURL1+">")
	if reply := r.reply(n, id); !strings.Contains(reply, "done") || !strings.HasSuffix(reply, export.LFXRecord(lfxURL1)+"\n") {
		t.Errorf("got reply %q, want done with the record at its end", reply)
	}
	t.Logf("reply to /lfx-url:\n%s", r.reply(n, id))
	if got := recorded(r, n); got != lfxURL1 {
		t.Errorf("got recorded URL %q, want %q", got, lfxURL1)
	}
	is, _ := r.srv.Issue(propOwner, propRepo, n)
	if want := export.PinLFXURL(before.Body, lfxURL1); is.Body != want {
		t.Errorf("got body %q, want the link pinned above the proposal", is.Body[:min(200, len(is.Body))])
	}
	onBranch, _ := r.srv.FileContent(propOwner, propRepo, branch, jsonPath)
	if !strings.Contains(onBranch, `"lfx_url": "`+lfxURL1+`"`) || strings.Contains(onBranch, lfxURL2) {
		t.Errorf("export on %s: want %s only, got:\n%s", branch, lfxURL1, onBranch)
	}
	if got := len(r.srv.Pulls(propOwner, propRepo)); got != 1 {
		t.Errorf("got %d pull requests, want the one updated", got)
	}

	// Pinning is no edit of the proposal: a later person's edit that only
	// adds a blank line keeps every gate.
	r.editIssue(is.Body + "\n")
	for _, l := range []string{r.cfg.Labels.CNCFApproved, r.cfg.Labels.ValidationPassed, r.cfg.Export.ExportedLabel} {
		if !r.has(l) {
			t.Errorf("after pinning and a blank-line edit: got labels %v, want %s kept", r.labels(), l)
		}
	}

	// A fork's branch of the same name, merged: not the export.
	if res, err := r.runJob("lfx", r.mergedEvent(pulls[0].Number, "evil/mentoring", "x")); err != nil || !strings.Contains(res.Skipped, "another repository") {
		t.Errorf("fork: got %+v, %v; want skipped as another repository", res, err)
	}

	// The merge: one comment on the exported issue, the branch deleted.
	base := r.srv.MergePull(propOwner, propRepo, pulls[0].Number)
	merged := r.mergedEvent(pulls[0].Number, propOwner+"/"+propRepo, base)
	for run := 1; run <= 2; run++ {
		r.srv.ResetCalls()
		if _, err := r.runJob("lfx", merged); err != nil {
			t.Fatal(err)
		}
		var marked int
		for _, c := range r.srv.Comments(propOwner, propRepo, n) {
			if strings.HasPrefix(c.Body, export.ExportedMarker(term20271(t, r.env(nil)))) {
				marked++
				if !strings.Contains(c.Body, lfxURL1) {
					t.Errorf("merged comment %q: want the LFX URL", c.Body)
				}
			}
		}
		if marked != 1 {
			t.Errorf("run %d: got %d export comments on #%d, want 1", run, marked, n)
		}
		if r.srv.HasBranch(propOwner, propRepo, branch) {
			t.Errorf("run %d: branch %s still there, want it deleted", run, branch)
		}
		if _, writes := r.srv.Total(); run == 2 && writes != 0 {
			t.Errorf("re-run of the merge: got %d writes, want none:\n%s", writes, strings.Join(r.srv.Log(), "\n"))
		}
	}
	if got, _ := r.srv.FileContent(propOwner, propRepo, "main", jsonPath); !strings.Contains(got, lfxURL1) {
		t.Errorf("main's export: want %s in it", lfxURL1)
	}
}

// recorded is the LFX URL mentorbot's own comments on issue n record.
func recorded(r *cmdRig, n int) string {
	var cs []export.Comment
	for _, c := range r.srv.Comments(propOwner, propRepo, n) {
		cs = append(cs, export.Comment{ID: c.ID, Author: c.User, Body: c.Body})
	}
	return export.RecordedLFXURL(cs, func(l string) bool { return l == r.srv.Login })
}

// lfxCommandRig is /lfx-url by the global approver on an exported
// proposal, for TestReadFailureIsNeverSuccess.
func lfxCommandRig(t *testing.T, srv *githubtest.Server) func(context.Context) (*Result, error) {
	seedExampleRepo(t, srv)
	ex := exampleIssues(t)[12]
	is := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: ex.Title, Body: ex.Body, Labels: append(ex.Labels, "CNCF Approved", "Exported"), User: ex.Author})
	c := srv.SeedComment(propOwner, propRepo, is.Number, "cncf-admin", "/lfx-url "+lfxURL1)
	return func(ctx context.Context) (*Result, error) {
		ev := &event.Event{Name: "issue_comment", Action: "created", Owner: propOwner, Repo: propRepo,
			Sender: "cncf-admin", SenderType: "User",
			Issue:   &event.Issue{Number: is.Number, Title: is.Title, Body: is.Body, Labels: is.Labels, User: is.User, State: "open"},
			Comment: &event.Comment{ID: c.ID, User: c.User, Body: c.Body}}
		env := onlineFS(ctx, exportEnv(srv.Client("token")), "main")
		env.Event = ev
		return lfxJob(ctx, env, nil)
	}
}

// lfxMergedRig is the merge of a term's export pull request.
func lfxMergedRig(t *testing.T, srv *githubtest.Server) func(context.Context) (*Result, error) {
	seedExampleRepo(t, srv)
	seedExportIssues(t, srv, 1)
	gh := srv.Client("token")
	if _, _, err := Export(context.Background(), exportEnv(gh), ExportOptions{Term: "2027-1"}); err != nil {
		t.Fatal(err)
	}
	pr := srv.Pulls(propOwner, propRepo)[0]
	base := srv.MergePull(propOwner, propRepo, pr.Number)
	return func(ctx context.Context) (*Result, error) {
		env := onlineFS(ctx, exportEnv(gh), "main")
		env.Event = &event.Event{Name: "pull_request", Action: "closed", Owner: propOwner, Repo: propRepo, Sender: "cncf-admin", SenderType: "User",
			PullRequest: &event.PullRequest{Number: pr.Number, Merged: true, HeadRef: pr.Head, HeadRepo: propOwner + "/" + propRepo, BaseRef: "main", BaseSHA: base}}
		return lfxJob(ctx, env, nil)
	}
}

// TestUnpin: the command job compares bodies without mentorbot's pinned
// link; a look-alike block a proposer wrote stays part of the body.
func TestUnpin(t *testing.T) {
	t.Parallel()
	body := "### CNCF Project\n\nArgo\n"
	pinned := export.PinLFXURL(body, lfxURL1)
	lookalike := "<!-- mentorbot:lfx-url-pin -->\n> **LFX Mentorship:** https://evil.example/x\n<!-- /mentorbot:lfx-url-pin -->\n\n" + body
	tests := []struct {
		name, body, prev, wantBody, wantPrev string
	}{
		{"pinned now and before", pinned, pinned, body, body},
		{"pinned by this edit", pinned, body, body, body},
		{"a proposer's look-alike", lookalike, pinned, lookalike, body},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			prev := tt.prev
			in := &command.Input{PreviousBody: &prev}
			in.Issue.Body = tt.body
			unpin(in)
			if in.Issue.Body != tt.wantBody || *in.PreviousBody != tt.wantPrev {
				t.Errorf("got body %q, previous %q; want %q, %q", in.Issue.Body, *in.PreviousBody, tt.wantBody, tt.wantPrev)
			}
		})
	}
}

// TestLFXExport59Requests measures /export of 59 programs from an admin
// issue's comment, and its re-delivery, in requests: the export's plus the
// issue, its comments, the reaction and the reply.
func TestLFXExport59Requests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := githubtest.NewServer(t)
	seedExampleRepo(t, srv)
	approved := seedExportIssues(t, srv, 30)[:59]
	gh := srv.Client("token")
	for _, is := range srv.Issues(propOwner, propRepo) {
		if is.Number > approved[len(approved)-1] && slices.Contains(is.Labels, "CNCF Approved") {
			if _, err := gh.Issues.RemoveLabelForIssue(ctx, propOwner, propRepo, is.Number, "CNCF Approved"); err != nil {
				t.Fatal(err)
			}
		}
	}
	admin := srv.SeedIssue(propOwner, propRepo, githubtest.Issue{Title: "LFX 2027 Term 1: admin", User: "cncf-admin"}).Number
	c := srv.SeedComment(propOwner, propRepo, admin, "cncf-admin", "/export 2027-1")
	ev := &event.Event{Name: "issue_comment", Action: "created", Owner: propOwner, Repo: propRepo, Sender: "cncf-admin", SenderType: "User",
		Issue: &event.Issue{Number: admin, State: "open"}, Comment: &event.Comment{ID: c.ID, User: c.User, Body: c.Body}}
	for run, wantWrites := range []int{67, 0} { // the export's 65, the reaction, the reply
		srv.ResetCalls()
		env := exportEnv(gh)
		env.Event = ev
		if _, err := lfxJob(ctx, env, nil); err != nil {
			t.Fatal(err)
		}
		all, writes := srv.Total()
		t.Logf("run %d of /export (59 programs): %d requests, %d writes", run+1, all, writes)
		if writes != wantWrites {
			t.Errorf("run %d: got %d writes, want %d:\n%v", run+1, writes, wantWrites, srv.Calls())
		}
	}
}
