package command

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/proposal"
	"github.com/mentorbot/mentorbot/internal/quote"
)

// The commands of the LFX export, by global approvers: /export YYYY-N in
// any issue (a proposal or an admin issue), /lfx-url <url> in an exported
// proposal. They are not gates, so they are not part of the proposal's
// replay (Parse and Plan ignore them); the runner's lfx job carries them
// out with PlanLFX.
const (
	Export = "export"
	LFXURL = "lfx-url"
)

// LFXNames lists the LFX commands, in help order.
var LFXNames = []string{Export, LFXURL}

// ParseLFX returns the /export and /lfx-url commands of a comment body, in
// order, read as Parse reads commands: only lines a reader sees on their
// own (not in code, quotes or HTML comments).
func ParseLFX(body string) []Command {
	var out []Command
	for n, l := range slashLines(body) {
		name, rest, _ := strings.Cut(strings.ReplaceAll(l, "\t", " "), " ")
		name = strings.ToLower(name)
		if name != Export && name != LFXURL {
			continue
		}
		out = append(out, Command{Name: name, Rest: strings.TrimSpace(rest), Line: n})
	}
	return out
}

// LFXResult is what PlanLFX decides about the trigger comment's LFX
// commands. The runner carries out the exports, then renders the reply
// with LFXReply.
type LFXResult struct {
	// Skipped says why nothing is to be done ("" when something is).
	Skipped  string    `json:"skipped,omitempty"`
	Outcomes []Outcome `json:"outcomes"`
	// Exports are the term ids to export, in order, each once.
	Exports []string `json:"exports,omitempty"`
	// Record is the LFX URL (canonical) the comment's last accepted
	// /lfx-url gives; "" when none was accepted.
	Record string `json:"record,omitempty"`
	// Term is the term id whose export Record goes into: the term the issue
	// was exported in (mentorbot's exported comment), else the proposal's.
	Term string `json:"term,omitempty"`
	// Warnings are told in the reply (the proposal's term is not the
	// export's).
	Warnings []string `json:"warnings,omitempty"`
}

// PlanLFX judges the trigger comment's /export and /lfx-url commands: both
// are for global approvers only (with none configured, the repository's
// maintainers and admins: in.Roles must then hold the trigger author's
// role); /export needs a term id the config knows; /lfx-url needs an open
// issue carrying the Exported label, a term, and an LFX Mentorship program
// URL. Each refusal says why. Only in.Issue, in.Closed, in.Comments,
// in.Trigger, in.Roles, in.Config and in.Self are read.
func PlanLFX(in Input) LFXResult {
	trig := findComment(in.Comments, in.Trigger)
	switch {
	case trig == nil:
		return LFXResult{Skipped: "the comment is not among the issue's comments"}
	case in.isBot(trig.Author):
		return LFXResult{Skipped: "the comment is mentorbot's own"}
	}
	cmds := ParseLFX(trig.Body)
	if len(cmds) == 0 {
		return LFXResult{Skipped: "the comment has no /export or /lfx-url command"}
	}
	m := &machine{in: &in, cfg: in.Config}
	r := LFXResult{Outcomes: []Outcome{}}
	for _, c := range cmds {
		var o Outcome
		if !m.isGlobal(trig.Author) {
			o = refuse("only %s may %s", m.globalWho(), map[string]string{Export: "run the LFX export", LFXURL: "record a program's LFX URL"}[c.Name])
		} else if c.Name == Export {
			o = r.export(&in, c)
		} else {
			o = r.lfxURL(&in, c)
		}
		o.Command = c
		r.Outcomes = append(r.Outcomes, o)
	}
	if r.Record != "" && !contains(r.Exports, r.Term) {
		r.Exports = append(r.Exports, r.Term)
	}
	return r
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

func (r *LFXResult) export(in *Input, c Command) Outcome {
	args := strings.Fields(c.Rest)
	if len(args) != 1 {
		return refuse("write the term to export: /export YYYY-N, such as /export 2027-1")
	}
	t, err := export.ParseTerm(args[0], in.Config)
	if err != nil {
		return refuse("%s is not a term to export: write /export YYYY-N, such as /export 2027-1", quote.CodeN(args[0], 40))
	}
	if !contains(r.Exports, t.ID()) {
		r.Exports = append(r.Exports, t.ID())
	}
	return done
}

func (r *LFXResult) lfxURL(in *Input, c Command) Outcome {
	cfg := in.Config
	switch {
	case in.Closed:
		return refuse("the issue is closed: an LFX URL is recorded only on an open, exported proposal")
	case !containsFold(in.Issue.Labels, cfg.Export.ExportedLabel):
		return refuse("the issue is not in an export (no %q label): run /export YYYY-N for its term first", cfg.Export.ExportedLabel)
	}
	url, err := export.ParseLFXURL(c.Rest)
	if err != nil {
		return refuse("%s", err.Error()) // ParseLFXURL quotes what was written
	}
	form := proposal.Parse(export.UnpinLFXURL(in.Issue.Body))
	own, hasOwn := exportedIn(in)
	pt, ok := proposal.TermOf(form.Term, cfg)
	var term string
	switch {
	case hasOwn:
		term = own
	case ok:
		term = fmt.Sprintf("%d-%d", pt.Year, pt.Number)
	default:
		return refuse("the proposal names no term mentorbot knows (%s), so there is no export to record the URL in", quote.CodeN(form.Term, 60))
	}
	if r.Term != "" && r.Term != term {
		return refuse("the comment already records a URL for the %s export", r.Term)
	}
	if hasOwn && (!ok || fmt.Sprintf("%d-%d", pt.Year, pt.Number) != own) {
		r.Warnings = append(r.Warnings, fmt.Sprintf("the proposal's term field says %s, but the issue was exported in the %s export: the LFX URL goes into the %s export", quote.CodeN(form.Term, 60), own, own))
	}
	r.Record, r.Term = url, term
	return done
}

var exportedRE = regexp.MustCompile(`\A<!-- mentorbot:exported (\d{4}-\d{1,2}) -->\n`)

// exportedIn returns the term id of the last export mentorbot's own
// comments say the issue was merged in, if any.
func exportedIn(in *Input) (string, bool) {
	found := ""
	for _, c := range in.Comments {
		if !in.isSelf(c.Author) {
			continue
		}
		if m := exportedRE.FindStringSubmatch(normalize(c.Body) + "\n"); m != nil {
			found = m[1]
		}
	}
	return found, found != ""
}

// LFXReplyMarker is the marker of mentorbot's reply to the LFX commands of
// the comment with id: one reply a comment, edited in place.
func LFXReplyMarker(id int64) string { return fmt.Sprintf("<!-- mentorbot:lfx-reply %d -->", id) }

// LFXReply renders mentorbot's reply to the comment trigger: each command
// and what became of it, with notes by command index (what the export
// did, as the runner saw it), the warnings, and, when a URL was recorded,
// its hidden record (export.LFXRecord) on a line of its own at the end.
// record must come from export.ParseLFXURL.
func LFXReply(trigger int64, r LFXResult, notes map[int]string, record string) string {
	var b strings.Builder
	b.WriteString(LFXReplyMarker(trigger) + "\n")
	for i, o := range r.Outcomes {
		fmt.Fprintf(&b, "- %s: %s", quote.CodeN(o.Command.String(), 120), o.Status)
		if o.Reason != "" {
			b.WriteString(": " + o.Reason)
		}
		if n := notes[i]; n != "" {
			b.WriteString(": " + n)
		}
		b.WriteString("\n")
	}
	for _, w := range r.Warnings {
		b.WriteString("\n> [!WARNING]\n> " + w + "\n")
	}
	tail := ""
	if record != "" {
		tail = "\n" + export.LFXRecord(record) + "\n"
	}
	return quote.Fit(b.String(), tail, quote.MaxComment)
}

// LFXPlan plans the reaction, the reply and, when a URL is now the issue's,
// the pinned link in its body (through export.PinLFXURL: only mentorbot's
// block changes). url is the issue's LFX URL once the reply is posted ("",
// none).
func LFXPlan(in Input, reply, url string) plan.Plan {
	var p plan.Plan
	num := plan.Issue(in.Issue.Number)
	if !hasLFXReply(&in) {
		// A comment answered before was seen before: no second reaction.
		p.Add(plan.AddReaction{CommentID: in.Trigger, Content: "eyes"})
	}
	p.Add(plan.UpsertComment{Issue: num, Marker: LFXReplyMarker(in.Trigger), Body: reply})
	if url != "" {
		if pinned := export.PinLFXURL(in.Issue.Body, url); pinned != in.Issue.Body {
			p.Add(plan.EditIssueBody{Issue: num, Old: in.Issue.Body, New: pinned, What: "pin the LFX Mentorship link " + url})
		}
	}
	return p
}

func hasLFXReply(in *Input) bool {
	marker := LFXReplyMarker(in.Trigger)
	for _, c := range in.Comments {
		if in.isSelf(c.Author) && strings.HasPrefix(normalize(c.Body), marker) {
			return true
		}
	}
	return false
}

// LFXURLAfter returns the issue's LFX URL once reply (mentorbot's reply to
// the trigger) is posted or updated: the last record in mentorbot's own
// comments, oldest first; records anyone else writes are ignored.
func LFXURLAfter(in Input, reply string) string {
	var cs []export.Comment
	marker := LFXReplyMarker(in.Trigger)
	replaced := false
	for _, c := range in.Comments {
		if !replaced && in.isSelf(c.Author) && strings.HasPrefix(normalize(c.Body), marker) {
			c.Body, replaced = reply, true
		}
		cs = append(cs, export.Comment{ID: c.ID, Author: c.Author, Body: c.Body})
	}
	if !replaced {
		cs = append(cs, export.Comment{Author: selfLogin(&in), Body: reply})
	}
	return export.RecordedLFXURL(cs, in.isSelf)
}

// selfLogin is a login isSelf accepts, for the reply not yet posted.
func selfLogin(in *Input) string {
	if in.Self != "" {
		return in.Self
	}
	if len(in.Config.Bot.Logins) > 0 {
		return in.Config.Bot.Logins[0]
	}
	return ""
}
