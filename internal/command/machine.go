package command

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/proposal"
	"github.com/mentorbot/mentorbot/internal/quote"
)

// Status is what became of one command.
type Status string

// Statuses of a command.
const (
	// Done: carried out (or already in effect).
	Done Status = "done"
	// Refused: not allowed, or a gate is missing; the reply says why.
	Refused Status = "refused"
	// Superseded: an approval given before the proposal last changed
	// materially; it no longer counts and is not refused either.
	Superseded Status = "superseded"
)

// Outcome is one command of the trigger comment and what became of it.
type Outcome struct {
	Command Command `json:"command"`
	Status  Status  `json:"status"`
	// Reason says why a command was refused and what would work.
	Reason string `json:"reason,omitempty"`
}

// vote is an approval: who, and in which comment.
type vote struct {
	login   string
	comment int64
}

// labelOp is one label change asked for by /label or /remove-label.
type labelOp struct {
	name string
	add  bool
}

// machine replays the commands of an issue's comments in order.
type machine struct {
	in       *Input
	cfg      *config.Config
	form     *proposal.Form
	project  string
	mentors  []string // handles listed in the proposal, as written
	valid    bool     // the issue carries the Validation Passed label
	after    int64    // approvals in comments up to this id do not count
	replies  map[int64]reply
	approved []vote
	cncf     []vote
	confirm  map[string]string // lower-case mentor handle -> who confirmed
	heldBy   string
	withdrew string
	// The trigger comment's outcomes and effects.
	outcomes []Outcome
	labels   []labelOp
	close    bool
}

func newMachine(in *Input, form *proposal.Form, after int64) *machine {
	m := &machine{in: in, cfg: in.Config, form: form, project: form.Project, after: after,
		valid: containsFold(in.Issue.Labels, in.Config.Labels.ValidationPassed), confirm: map[string]string{}}
	seen := map[string]bool{}
	for _, mt := range proposal.ParseMentors(form.Mentors) {
		if k := strings.ToLower(mt.Handle); k != "" && !seen[k] {
			seen[k] = true
			m.mentors = append(m.mentors, mt.Handle)
		}
	}
	if i := indexFold(m.mentors, in.Issue.Author); i >= 0 && in.Issue.Author != "" {
		m.confirm[strings.ToLower(m.mentors[i])] = in.Issue.Author
	}
	// A listed maintainer of the project who files the proposal approves
	// it by filing (cncf/mentoring's automation does the same); like any
	// approval, a material edit clears it.
	if a := in.Issue.Author; a != "" && m.isListed(a) {
		m.approved = append(m.approved, vote{a, 0})
	}
	m.replies = map[int64]reply{}
	for _, c := range in.Comments {
		if in.isSelf(c.Author) {
			// A reply answers an older comment.
			if id, rec, ok := readReply(c.Body); ok && id < c.ID {
				m.replies[id] = rec
			}
		}
	}
	return m
}

// run replays every comment's commands in order.
func (m *machine) run() {
	for _, c := range m.in.Comments {
		if m.in.isBot(c.Author) {
			continue
		}
		cmds := Parse(c.Body)
		if len(cmds) == 0 {
			continue
		}
		rec, ok := m.replies[c.ID]
		useRec := ok && rec.SHA == bodySHA(c.Body)
		trigger := c.ID == m.in.Trigger
		for i, cmd := range cmds {
			var o Outcome
			if useRec && slices.Contains(rec.Refused, i) {
				o = Outcome{Status: Refused, Reason: "refused when first read"}
			} else {
				o = m.exec(c, cmd, trigger)
			}
			o.Command = cmd
			if trigger {
				m.outcomes = append(m.outcomes, o)
			}
		}
	}
}

// exec runs one command of comment c; label commands take effect only in
// the trigger comment, since labels are not gates.
func (m *machine) exec(c Comment, cmd Command, trigger bool) Outcome {
	switch cmd.Name {
	case Label, RemoveLabel:
		if !trigger {
			return Outcome{Status: Done}
		}
		return m.label(c.Author, cmd)
	case Approve:
		if strings.EqualFold(strings.TrimSpace(cmd.Rest), "cancel") {
			return m.cancelApproval(c)
		}
		return m.approve(c, trigger)
	case Confirm:
		return m.confirmSlots(c.Author, cmd)
	case CNCFApprove:
		return m.cncfApprove(c, trigger)
	case Hold, Unhold:
		return m.hold(c.Author, cmd.Name == Hold)
	case Withdraw:
		return m.withdraw(c.Author, trigger)
	}
	return Outcome{Status: Done}
}

func refuse(format string, args ...any) Outcome {
	return Outcome{Status: Refused, Reason: fmt.Sprintf(format, args...)}
}

var done = Outcome{Status: Done}

// superseded handles an approval written before the proposal last changed:
// it no longer counts. Only when the person has just edited that old
// comment to approve is it refused, so they learn to write a new one.
func (m *machine) superseded(c Comment, trigger bool, name string) (Outcome, bool) {
	if c.ID > m.after {
		return Outcome{}, false
	}
	if trigger && m.in.TriggerEdited {
		return refuse("this comment is older than the proposal's last material change, after which approvals count again only when new: write /%s in a new comment", name), true
	}
	return Outcome{Status: Superseded}, true
}

func (m *machine) approve(c Comment, trigger bool) Outcome {
	if m.withdrew != "" {
		return refuse("the proposal was withdrawn by @%s", m.withdrew)
	}
	if o, ok := m.superseded(c, trigger, Approve); ok {
		return o
	}
	if ok, who := m.mayApprove(c.Author); !ok {
		return refuse("only %s may approve this proposal: ask one of them to comment /approve", who)
	}
	if !m.valid {
		return refuse("the proposal has not passed validation (no %q label): fix what mentorbot's report lists, then comment /approve again", m.cfg.Labels.ValidationPassed)
	}
	if !slices.ContainsFunc(m.approved, func(v vote) bool { return strings.EqualFold(v.login, c.Author) }) {
		m.approved = append(m.approved, vote{c.Author, c.ID})
	}
	return done
}

// cancelApproval runs "/approve cancel": the author takes their own
// approval back (nobody else's), as cncf/mentoring's automation allows.
func (m *machine) cancelApproval(c Comment) Outcome {
	i := slices.IndexFunc(m.approved, func(v vote) bool { return strings.EqualFold(v.login, c.Author) })
	if i < 0 {
		return refuse("@%s has no approval on this proposal to take back", c.Author)
	}
	m.approved = slices.Delete(m.approved, i, i+1)
	return done
}

func (m *machine) cncfApprove(c Comment, trigger bool) Outcome {
	switch {
	case m.withdrew != "":
		return refuse("the proposal was withdrawn by @%s", m.withdrew)
	case !m.isGlobal(c.Author):
		return refuse("only %s may give the CNCF approval", m.globalWho())
	}
	if o, ok := m.superseded(c, trigger, CNCFApprove); ok {
		return o
	}
	switch {
	case !m.valid:
		return refuse("the proposal has not passed validation (no %q label): it must pass before the CNCF approval", m.cfg.Labels.ValidationPassed)
	case m.heldBy != "":
		return refuse("the proposal is on hold (/hold by @%s): comment /unhold first", m.heldBy)
	case len(m.approved) == 0:
		_, who := m.mayApprove("")
		return refuse("the maintainer approval is missing: %s must comment /approve first", who)
	case len(m.awaiting()) > 0:
		return refuse("mentor confirmations are missing: %s must comment /confirm first", handles(m.awaiting()))
	}
	if !slices.ContainsFunc(m.cncf, func(v vote) bool { return strings.EqualFold(v.login, c.Author) }) {
		m.cncf = append(m.cncf, vote{c.Author, c.ID})
	}
	return done
}

// confirmSlots confirms the author's own slot, or with handles (a global
// approver acting for mentors) those mentors' slots. All or nothing.
func (m *machine) confirmSlots(author string, cmd Command) Outcome {
	if m.withdrew != "" {
		return refuse("the proposal was withdrawn by @%s", m.withdrew)
	}
	who := splitArgs(cmd.Rest)
	if len(who) == 0 {
		who = []string{author}
	}
	var slots []string
	for _, h := range who {
		h = strings.TrimPrefix(h, "@")
		i := indexFold(m.mentors, h)
		switch {
		case i < 0 && strings.EqualFold(h, author):
			return refuse("%s is not among the mentors the proposal lists (%s): the proposer adds your line to the Mentors field, then you comment /confirm", quote.Mention(author), orNone(m.mentors))
		case i < 0:
			// Quoted, not mentioned: the handle is whatever was typed.
			return refuse("%s is not among the mentors the proposal lists (%s)", quote.Code("@"+h), orNone(m.mentors))
		case !strings.EqualFold(h, author) && !m.isGlobal(author):
			return refuse("each mentor confirms their own slot: %s comments /confirm (%s may confirm for them with %s)", quote.Mention(m.mentors[i]), m.globalWho(), quote.Code("/confirm @"+m.mentors[i]))
		}
		slots = append(slots, m.mentors[i])
	}
	for _, s := range slots {
		if _, ok := m.confirm[strings.ToLower(s)]; !ok {
			m.confirm[strings.ToLower(s)] = author
		}
	}
	return done
}

func (m *machine) hold(author string, on bool) Outcome {
	if !m.mayModerate(author) {
		return refuse("only people with triage access or more, or the proposal's approvers (%s), may put a proposal on hold or lift it", m.globalWho())
	}
	if on {
		if m.heldBy == "" {
			m.heldBy = author
		}
	} else {
		m.heldBy = ""
	}
	return done
}

func (m *machine) withdraw(author string, trigger bool) Outcome {
	if !strings.EqualFold(author, m.in.Issue.Author) && !m.isGlobal(author) && !m.isListed(author) {
		return refuse("only the proposer (%s) or an approver may withdraw the proposal", quote.Mention(m.in.Issue.Author))
	}
	if m.withdrew == "" {
		m.withdrew = author
	}
	m.close = m.close || trigger
	return done
}

// awaiting returns the listed mentors who have not confirmed, in order.
func (m *machine) awaiting() []string {
	var out []string
	for _, h := range m.mentors {
		if _, ok := m.confirm[strings.ToLower(h)]; !ok {
			out = append(out, h)
		}
	}
	return out
}

// projectApprovers returns the config entry for the proposal's project,
// looked up by name, slug or GitHub org (from the upstream issue URL), all
// without case; ok is false when the project has none.
func (m *machine) projectApprovers() (config.ProjectApprovers, bool) {
	_, pa, ok := m.projectEntry()
	return pa, ok
}

// projectEntry is projectApprovers with the entry's name in the config,
// which messages give rather than what the proposal wrote.
func (m *machine) projectEntry() (string, config.ProjectApprovers, bool) {
	keys := []string{strings.ToLower(m.project), slug(m.project)}
	if org := githubOrg(m.form.Upstream); org != "" {
		keys = append(keys, org)
	}
	names := make([]string, 0, len(m.cfg.Proposals.Approvers.Projects))
	for k := range m.cfg.Proposals.Approvers.Projects {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range keys {
		for _, name := range names {
			if k != "" && strings.ToLower(name) == k {
				shown := name
				if strings.EqualFold(name, m.project) {
					shown = m.project // the config's name, as the proposal cases it
				}
				return shown, m.cfg.Proposals.Approvers.Projects[name], true
			}
		}
	}
	return "", config.ProjectApprovers{}, false
}

// isListed reports whether login is one of the project's listed approvers.
func (m *machine) isListed(login string) bool {
	pa, _ := m.projectApprovers()
	return containsFold(pa.Logins, login)
}

// isGlobal reports whether login is a global approver. With no global
// approvers configured, the repository's admins and maintainers are.
func (m *machine) isGlobal(login string) bool {
	g := m.cfg.Proposals.Approvers.Global
	if len(g) == 0 {
		return m.in.role(login).AtLeast(RoleMaintain)
	}
	return containsFold(g, login)
}

// mayApprove reports whether login's /approve counts, and otherwise who
// may approve, for the refusal.
func (m *machine) mayApprove(login string) (bool, string) {
	name, pa, _ := m.projectEntry()
	if pa.Only {
		return containsFold(pa.Logins, login), fmt.Sprintf("the approvers listed for %s (%s)", name, handles(pa.Logins))
	}
	if containsFold(pa.Logins, login) || m.isGlobal(login) {
		return true, ""
	}
	if len(pa.Logins) > 0 {
		return false, fmt.Sprintf("the approvers listed for %s (%s) or %s", name, handles(pa.Logins), m.globalWho())
	}
	return false, m.globalWho()
}

// mayModerate: /hold, /unhold and the label commands.
func (m *machine) mayModerate(login string) bool {
	return m.in.role(login).AtLeast(RoleTriage) || m.isGlobal(login) || m.isListed(login)
}

// globalWho names the global approvers for a refusal.
func (m *machine) globalWho() string {
	if g := m.cfg.Proposals.Approvers.Global; len(g) > 0 {
		return "the global approvers (" + handles(g) + ")"
	}
	return "the repository's maintainers and admins"
}

// maxHandles is how many people a list in a reply or the report names.
const maxHandles = 10

// handles names people: a GitHub login is mentioned (it notifies them,
// as a gate awaiting them should), anything else a proposal calls a handle
// is quoted and notifies nobody. A long list is cut.
func handles(logins []string) string {
	if len(logins) == 0 {
		return "none configured"
	}
	var h []string
	for i, l := range logins {
		if i == maxHandles {
			h = append(h, fmt.Sprintf("and %d more", len(logins)-i))
			break
		}
		h = append(h, quote.Mention(l))
	}
	return strings.Join(h, ", ")
}

func orNone(logins []string) string {
	if len(logins) == 0 {
		return "none"
	}
	return handles(logins)
}

// slug renders "Open Policy Agent (OPA)" as "open-policy-agent-opa", as
// config keys for projects may be written.
func slug(s string) string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(f, "-")
}

// githubOrg returns the lower-case owner of a github.com URL in s, or "".
func githubOrg(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || !strings.EqualFold(strings.TrimPrefix(u.Host, "www."), "github.com") {
		return ""
	}
	org, _, _ := strings.Cut(strings.Trim(u.Path, "/"), "/")
	return strings.ToLower(org)
}
