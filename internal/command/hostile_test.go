package command

import (
	"fmt"
	"strings"
	"testing"

	"regexp"
	"slices"

	"github.com/mentorbot/mentorbot/internal/proposal"
	"github.com/mentorbot/mentorbot/internal/quote"
)

// TestRefusedHoldQuotingResetMarkerKeepsApprovals: a refused /hold
// carrying an approvals-reset marker, hidden or in a code span, is quoted
// in mentorbot's reply without forming a marker, so the approvals given
// before and after still count.
func TestRefusedHoldQuotingResetMarkerKeepsApprovals(t *testing.T) {
	t.Parallel()
	for _, hold := range []string{
		"/hold <!-- mentorbot:approvals-reset 99999999999999 -->",
		"/hold `<!-- mentorbot:approvals-reset 99999999999999 -->`",
		"/hold x\n<!-- mentorbot:approvals-reset 99999999999999 -->",
	} {
		t.Run(hold, func(t *testing.T) {
			t.Parallel()
			s := newSim(t)
			s.comment("argo-maint", "/approve")
			r := s.comment("stranger", hold)
			if len(r.Outcomes) != 1 || r.Outcomes[0].Status != Refused {
				t.Fatalf("got outcomes %+v, want the /hold refused", r.Outcomes)
			}
			if reply := s.reply(s.lastID); reply == "" || strings.Contains(reply, "<!-- mentorbot:approvals-reset") {
				t.Errorf("got reply %q, want one that does not carry the marker", reply)
			}
			r = s.comment("bo-m", "/confirm")
			if !r.Gates.MaintainerApproved || strings.Join(r.Gates.ApprovedBy, ",") != "argo-maint" {
				t.Errorf("got approved %v by %q, want the approval by argo-maint to count", r.Gates.MaintainerApproved, r.Gates.ApprovedBy)
			}
			r = s.comment("cncf-admin", "/cncf-approve")
			if !r.Gates.CNCFApproved {
				t.Errorf("got CNCF approval %v (outcomes %+v), want a later approval to count", r.Gates.CNCFApproved, r.Outcomes)
			}
		})
	}
}

// TestProgramNameGatesStateDoesNotKeepApprovals: a gates record echoed in
// the report above the real one (a Program Name of `Metrics <!--
// mentorbot:gates-state {"fields":{}} -->`) is not read: a material edit
// still clears the approvals. The report is the one internal/proposal
// writes, and also a report with the text unquoted, as older versions
// wrote it.
func TestProgramNameGatesStateDoesNotKeepApprovals(t *testing.T) {
	t.Parallel()
	forged := `Metrics <!-- mentorbot:gates-state {"fields":{}} -->`
	for name, report := range map[string]func(s *sim) string{
		"report by internal/proposal": func(s *sim) string {
			in := proposal.Input{Issue: s.issue, Config: s.cfg}
			return proposal.Plan(in).Comment
		},
		"unquoted echo above the record": func(*sim) string {
			return proposal.Marker + "\nLFX program name: `" + forged + "`\n\n<sub>checked</sub>\n"
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := newSim(t)
			s.issue.Body = strings.Replace(s.issue.Body, "Queue metrics for the workflow controller", forged, 1)
			s.nextID++
			s.comments = append(s.comments, Comment{ID: s.nextID, Author: bot, Body: report(s)})
			approveAll(s)
			if !s.last.Gates.CNCFApproved {
				t.Fatalf("got gates %+v, want all approved before the edit", s.last.Gates)
			}
			r := s.editIssue(strings.ReplaceAll(s.issue.Body, "2026 Term 3 (Sep-Nov)", "2026 Term 2 (Jun-Aug)"))
			if r.Gates.MaintainerApproved || r.Gates.CNCFApproved {
				t.Errorf("after a material edit: got approved %v, CNCF %v; want both cleared", r.Gates.MaintainerApproved, r.Gates.CNCFApproved)
			}
		})
	}
}

// TestOtherAppCommentIsNotState: records in a comment by another App (a
// "[bot]" login that is not mentorbot's) are not mentorbot's state: its
// approvals-reset marker clears nothing.
func TestOtherAppCommentIsNotState(t *testing.T) {
	t.Parallel()
	s := newSim(t)
	s.comment("argo-maint", "/approve")
	s.nextID++
	s.comments = append(s.comments, Comment{ID: s.nextID, Author: "echo-app[bot]", Body: ResetMarker(s.nextID-1) + "\nnotice"})
	r := s.comment("bo-m", "/confirm")
	if !r.Gates.MaintainerApproved {
		t.Errorf("got approved %v, want the approval to count", r.Gates.MaintainerApproved)
	}
	// Self names mentorbot: the default bot logins are then people too.
	s = newSim(t)
	in := s.input(simEvent{})
	in.Self = "mentorbot-app[bot]"
	in.Comments = []Comment{
		{ID: 101, Author: "argo-maint", Body: "/approve"},
		{ID: 102, Author: bot, Body: ResetMarker(101) + "\nnotice"},
	}
	if g := Plan(in).Gates; !g.MaintainerApproved {
		t.Errorf("with Self set: got approved %v, want a marker by %s ignored", g.MaintainerApproved, bot)
	}
}

// TestResetMarkerMustPrecedeItsNotice: a reset point is a comment older
// than the notice recording it; mentorbot never records a later one.
func TestResetMarkerMustPrecedeItsNotice(t *testing.T) {
	t.Parallel()
	s := newSim(t)
	in := s.input(simEvent{})
	in.Comments = []Comment{
		{ID: 101, Author: bot, Body: ResetMarker(99999999999999) + "\nnotice"},
		{ID: 102, Author: "argo-maint", Body: "/approve"},
	}
	if g := Plan(in).Gates; !g.MaintainerApproved {
		t.Errorf("got approved %v, want the forward reset point ignored", g.MaintainerApproved)
	}
}

// TestConfirmTeamIsNotMentioned: `/confirm @cncf/toc` is refused in a
// reply that does not ping the team.
func TestConfirmTeamIsNotMentioned(t *testing.T) {
	t.Parallel()
	s := newSim(t)
	s.comment("stranger", "/confirm @cncf/toc")
	reply := s.reply(s.lastID)
	if reply == "" || strings.Contains(reply, "@cncf") {
		t.Errorf("got reply %q, want a refusal that does not mention @cncf/toc", reply)
	}
}

// TestMentorHandleWithMarkupIsNotEchoedRaw: a Mentors line whose handle
// is `@kubernetes/sig-x <b>x</b>` is named in the gates without a mention
// or raw HTML.
func TestMentorHandleWithMarkupIsNotEchoedRaw(t *testing.T) {
	t.Parallel()
	s := newSim(t)
	s.issue.Body = strings.Replace(s.issue.Body, "Bo Mentor | @bo-m |", "@kubernetes/sig-x <b>x</b> | @kubernetes/sig-x <b>x</b> |", 1)
	s.comment("argo-maint", "/approve")
	rep := s.report()
	if strings.Contains(rep, "@kubernetes") || strings.Contains(rep, "<b>x</b> ") && !strings.Contains(rep, "`kubernetes/sig-x <b>x</b>`") {
		t.Errorf("got report\n%s\nwant the handle quoted, not mentioned", rep)
	}
	if !strings.Contains(rep, "`kubernetes/sig-x <b>x</b>`") {
		t.Errorf("got report\n%s\nwant the handle quoted", rep)
	}
}

// TestHugeCommentReplyFitsOneComment: a 65 KB comment of refused commands
// yields a reply GitHub accepts, which mentions nobody but its author.
func TestHugeCommentReplyFitsOneComment(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for i := 0; b.Len() < 65000; i++ {
		fmt.Fprintf(&b, "/confirm @cncf/toc @kubernetes/sig-%d @org/team-%d\n", i, i)
	}
	s := newSim(t)
	s.comment("stranger", b.String())
	reply := s.reply(s.lastID)
	if len(reply) > quote.MaxComment || len(reply) > 16<<10 {
		t.Errorf("got a reply of %d bytes, want at most 16 KiB", len(reply))
	}
	if got := mentions(reply); !slices.Equal(got, []string{"ada", "bo-m", "stranger"}) {
		t.Errorf("got mentions %q, want only the author and the listed mentors", got)
	}
	if !strings.Contains(reply, "more, refused too") {
		t.Errorf("got a reply that does not say it lists only some:\n%s", reply)
	}
}

var mentionRE = regexp.MustCompile(`(?:^|[^\w` + "`" + `])@([A-Za-z0-9][A-Za-z0-9-]*(?:/[\w.-]+)?)`)

// mentions returns the distinct logins and teams body mentions outside
// code spans, sorted.
func mentions(body string) []string {
	var out []string
	for i, part := range strings.Split(body, "`") {
		if i%2 == 1 {
			continue // inside a code span (spans here use single backticks)
		}
		for _, m := range mentionRE.FindAllStringSubmatch(part, -1) {
			if !slices.Contains(out, m[1]) {
				out = append(out, m[1])
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestManyMentorLinesReportFitsOneComment: with 5,079 mentor lines the
// report, the proposal's checks and the gates together, stays within
// GitHub's limit and mentions at most a few people.
func TestManyMentorLinesReportFitsOneComment(t *testing.T) {
	t.Parallel()
	var lines strings.Builder
	for i := range 5079 {
		fmt.Fprintf(&lines, "Mentor %d <b>x</b> | @mentor-%d | m%d@ | lfid%d\n", i, i, i, i)
	}
	s := newSim(t)
	s.issue.Body = strings.Replace(s.issue.Body, "Bo Mentor | @bo-m | bo@example.org | bom\n", lines.String(), 1)
	s.nextID++
	s.comments = append(s.comments, Comment{ID: s.nextID, Author: bot, Body: proposal.Plan(proposal.Input{Issue: s.issue, Config: s.cfg}).Comment})
	s.comment("argo-maint", "/approve")
	rep := s.report()
	if len(rep) > quote.MaxComment {
		t.Errorf("got a report of %d bytes, want at most %d", len(rep), quote.MaxComment)
	}
	if n := len(mentions(rep)); n > 2*maxHandles {
		t.Errorf("got %d people mentioned, want at most %d", n, 2*maxHandles)
	}
}
