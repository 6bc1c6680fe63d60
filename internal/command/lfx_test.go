package command

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

const testLFXURL = "https://mentorship.lfx.linuxfoundation.org/project/0f3c8a52-6d1e-4b7a-9c2d-1e5f7a9b3c4d"

func lfxInput(author, body string) Input {
	cfg := config.Default()
	cfg.Proposals.Approvers.Global = []string{"cncf-admin"}
	issue := proposal.Issue{Number: 7, Author: "kim", Labels: []string{"Exported", "CNCF Approved"},
		Body: "### CNCF Project\n\nArgo\n\n### Term\n\n2027 Term 1 (Mar-May)\n\n### Program Name\n\nDocs\n"}
	return Input{Issue: issue, Config: cfg, Self: "mentorbot[bot]", Trigger: 100,
		Comments: []Comment{{ID: 100, Author: author, Body: body}}}
}

func TestPlanLFX(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		author  string
		body    string
		setup   func(in *Input)
		want    []Status
		reason  string // part of the first refusal's reason
		exports []string
		term    string
		warn    string
		skipped string
	}{
		{name: "export by a global approver", author: "cncf-admin", body: "/export 2027-1", want: []Status{Done}, exports: []string{"2027-1"}},
		{name: "export twice in one comment", author: "cncf-admin", body: "/export 2027-1\n/export 2027-T1", want: []Status{Done, Done}, exports: []string{"2027-1"}},
		{name: "export by someone else", author: "argo-maint", body: "/export 2027-1", want: []Status{Refused}, reason: "only the global approvers (@cncf-admin) may run the LFX export"},
		{name: "export by a maintainer, no global approvers", author: "boss", body: "/export 2027-1", want: []Status{Done}, exports: []string{"2027-1"},
			setup: func(in *Input) {
				in.Config.Proposals.Approvers.Global = nil
				in.Roles = map[string]Role{"Boss": RoleMaintain}
			}},
		{name: "export by a writer, no global approvers", author: "wri", body: "/export 2027-1", want: []Status{Refused}, reason: "the repository's maintainers and admins",
			setup: func(in *Input) {
				in.Config.Proposals.Approvers.Global = nil
				in.Roles = map[string]Role{"wri": RoleWrite}
			}},
		{name: "export without a term", author: "cncf-admin", body: "/export", want: []Status{Refused}, reason: "write the term to export"},
		{name: "export of a path", author: "cncf-admin", body: "/export ../../etc", want: []Status{Refused}, reason: "`../../etc` is not a term"},
		{name: "export in a code block is no command", author: "cncf-admin", body: "```\n/export 2027-1\n```", skipped: "no /export or /lfx-url"},
		{name: "mentorbot's own comment", author: "mentorbot[bot]", body: "/export 2027-1", skipped: "mentorbot's own"},
		{name: "lfx-url by a global approver", author: "cncf-admin", body: "/lfx-url " + testLFXURL, want: []Status{Done}, exports: []string{"2027-1"}, term: "2027-1"},
		{name: "lfx-url by someone else", author: "kim", body: "/lfx-url " + testLFXURL, want: []Status{Refused}, reason: "only the global approvers (@cncf-admin) may record"},
		{name: "lfx-url on a closed issue", author: "cncf-admin", body: "/lfx-url " + testLFXURL, setup: func(in *Input) { in.Closed = true },
			want: []Status{Refused}, reason: "the issue is closed"},
		{name: "lfx-url before the export", author: "cncf-admin", body: "/lfx-url " + testLFXURL, setup: func(in *Input) { in.Issue.Labels = []string{"CNCF Approved"} },
			want: []Status{Refused}, reason: `no "Exported" label`},
		{name: "lfx-url elsewhere", author: "cncf-admin", body: "/lfx-url https://evil.example/project/0f3c8a52-6d1e-4b7a-9c2d-1e5f7a9b3c4d", want: []Status{Refused}, reason: "is not on mentorship.lfx.linuxfoundation.org"},
		{name: "lfx-url with no term", author: "cncf-admin", body: "/lfx-url " + testLFXURL,
			setup: func(in *Input) {
				in.Issue.Body = strings.Replace(in.Issue.Body, "2027 Term 1 (Mar-May)", "next year", 1)
			},
			want: []Status{Refused}, reason: "names no term mentorbot knows (`next year`)"},
		{name: "lfx-url lands in the export the issue was merged in", author: "cncf-admin", body: "/lfx-url " + testLFXURL,
			setup: func(in *Input) {
				in.Issue.Body = strings.Replace(in.Issue.Body, "Term 1 (Mar-May)", "Term 2 (Jun-Aug)", 1)
				in.Comments = append([]Comment{{ID: 50, Author: "mentorbot[bot]", Body: "<!-- mentorbot:exported 2027-1 -->\nmerged"}}, in.Comments...)
			},
			want: []Status{Done}, exports: []string{"2027-1"}, term: "2027-1", warn: "the proposal's term field says `2027 Term 2 (Jun-Aug)`, but the issue was exported in the 2027-1 export"},
		{name: "an exported marker forged by a person is ignored", author: "cncf-admin", body: "/lfx-url " + testLFXURL,
			setup: func(in *Input) {
				in.Comments = append([]Comment{{ID: 50, Author: "kim", Body: "<!-- mentorbot:exported 2026-3 -->\n"}}, in.Comments...)
			},
			want: []Status{Done}, exports: []string{"2027-1"}, term: "2027-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := lfxInput(tt.author, tt.body)
			if tt.setup != nil {
				tt.setup(&in)
			}
			r := PlanLFX(in)
			if !strings.Contains(r.Skipped, tt.skipped) || (tt.skipped == "") != (r.Skipped == "") {
				t.Fatalf("got skipped %q, want %q", r.Skipped, tt.skipped)
			}
			var got []Status
			for _, o := range r.Outcomes {
				got = append(got, o.Status)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
			if tt.reason != "" && (len(r.Outcomes) == 0 || !strings.Contains(r.Outcomes[0].Reason, tt.reason)) {
				t.Errorf("got outcomes %+v, want a reason containing %q", r.Outcomes, tt.reason)
			}
			if diff := cmp.Diff(tt.exports, r.Exports); diff != "" {
				t.Errorf("exports (-want +got):\n%s", diff)
			}
			if r.Term != tt.term {
				t.Errorf("got term %q, want %q", r.Term, tt.term)
			}
			if tt.term != "" && r.Record != testLFXURL {
				t.Errorf("got record %q, want %q", r.Record, testLFXURL)
			}
			if w := strings.Join(r.Warnings, "\n"); !strings.Contains(w, tt.warn) || (tt.warn == "") != (w == "") {
				t.Errorf("got warnings %q, want %q", w, tt.warn)
			}
		})
	}
}

// TestLFXReplyAndPlan: the reply ends with the record, a hostile command
// cannot forge one, and the plan pins the link by compare and swap.
func TestLFXReplyAndPlan(t *testing.T) {
	t.Parallel()
	hostile := "/lfx-url x --> <!-- mentorbot:lfx-url " + testLFXURL + " --> @everyone"
	in := lfxInput("kim", hostile)
	r := PlanLFX(in)
	reply := LFXReply(in.Trigger, r, nil, r.Record)
	if strings.Count(reply, "<!--") != 1 || strings.Contains(reply, "@everyone") {
		t.Errorf("hostile command: got reply %q, want only mentorbot's marker and no mention", reply)
	}
	if got := LFXURLAfter(in, reply); got != "" {
		t.Errorf("hostile command: got URL %q after the reply, want none", got)
	}

	in = lfxInput("cncf-admin", "/lfx-url "+testLFXURL)
	in.Comments = append([]Comment{{ID: 60, Author: "kim", Body: export.LFXRecord(strings.Replace(testLFXURL, "0f3c", "1111", 1))}}, in.Comments...)
	r = PlanLFX(in)
	reply = LFXReply(in.Trigger, r, map[int]string{0: "exported"}, r.Record)
	if !strings.HasSuffix(reply, "\n"+export.LFXRecord(testLFXURL)+"\n") {
		t.Errorf("got reply %q, want the record at its end", reply)
	}
	url := LFXURLAfter(in, reply)
	if url != testLFXURL {
		t.Errorf("got URL %q, want %q (a person's record does not count)", url, testLFXURL)
	}
	p := LFXPlan(in, reply, url)
	var kinds []string
	for _, a := range p.Actions {
		kinds = append(kinds, a.Kind())
	}
	if diff := cmp.Diff([]string{"add-reaction", "upsert-comment", "edit-issue-body"}, kinds); diff != "" {
		t.Fatalf("plan kinds (-want +got):\n%s", diff)
	}
	edit := p.Actions[2].(plan.EditIssueBody)
	if edit.Old != in.Issue.Body || export.UnpinLFXURL(edit.New) != in.Issue.Body || !strings.Contains(edit.New, testLFXURL) {
		t.Errorf("got edit %+v, want the body with the link pinned above it", edit)
	}
	// Answered before: no second reaction, and a pinned body stays.
	in.Issue.Body = edit.New
	in.Comments = append(in.Comments, Comment{ID: 101, Author: "mentorbot[bot]", Body: reply})
	p = LFXPlan(in, reply, url)
	kinds = nil
	for _, a := range p.Actions {
		kinds = append(kinds, a.Kind())
	}
	if diff := cmp.Diff([]string{"upsert-comment"}, kinds); diff != "" {
		t.Errorf("re-run plan kinds (-want +got):\n%s", diff)
	}
}
