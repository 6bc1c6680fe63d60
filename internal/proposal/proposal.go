// Package proposal checks LFX Mentorship program proposals: issues filed
// with cncf/mentoring's lfx-program-proposal.yml form. It parses the rendered
// form, validates every field, decides the labels the issue should carry and
// renders one report comment, and returns all of it as a plan.Plan.
//
// The package is pure: everything it reads (the issue, the other open
// proposals, the repository's terms and labels, the config, the clock)
// arrives in an Input.
package proposal

import (
	"fmt"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
)

// Issue is the part of a GitHub issue the planner reads.
type Issue struct {
	Number int      `json:"number"`
	Title  string   `json:"title"`
	Body   string   `json:"body"`
	Labels []string `json:"labels"`
	Author string   `json:"author"`
	// CreatedAt is when the issue was filed: it decides which version of
	// the form the proposal is judged by (see SpecAt). Zero means now.
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// Term is a mentorship term the repository has a folder for.
type Term struct {
	Year   int
	Number int
	// Months are the first and last month, three-letter ("Sep", "Nov").
	Months [2]string
	// ProposalsClose is when the term's proposal window closes, from the
	// "Project proposals" row of its timeline; zero when unknown.
	ProposalsClose time.Time
}

// String renders t as the form writes it: "2026 Term 3 (Sep-Nov)".
func (t Term) String() string {
	return fmt.Sprintf("%s (%s-%s)", t.Short(), t.Months[0], t.Months[1])
}

// Short renders t as LFX's program names do: "2026 Term 3".
func (t Term) Short() string { return fmt.Sprintf("%d Term %d", t.Year, t.Number) }

// Input is everything Plan reads.
type Input struct {
	Issue Issue
	// Comment is the body of the issue's current report comment (the one
	// carrying Marker); "" when there is none. CommentAuthor is who wrote
	// it: Plan reads Comment only when that is mentorbot (IsSelf), so a
	// person's comment carrying Marker is never taken for the report.
	Comment       string
	CommentAuthor string
	// Self is the login mentorbot writes as ("<app>[bot]" for the App);
	// "" when the caller does not know it, and then the logins under the
	// config's bot.logins are mentorbot's.
	Self string
	// Gates, when set, is the gates section (see GatesSection) to put in
	// the report comment; when empty the section Comment has is kept.
	// internal/command renders it.
	Gates string
	// Open are the repository's other open proposals (Issue itself may be
	// among them: it is skipped by number).
	Open []Issue
	// Terms are the terms the repository has folders for. Nil means they
	// are not known (an offline check without a repository): the term is
	// then checked for its format only.
	Terms []Term
	// Projects are the project names a proposal may give when config lists
	// none (the issue form's dropdown options); nil accepts any name.
	Projects []string
	// RepoLabels are the labels that exist in the repository; those mentorbot
	// wants and that are missing get created.
	RepoLabels []string
	// Forms are the versions of the repository's proposal form (see
	// ParseSpec and SpecAt); empty means the built-in current form.
	Forms  []*Spec
	Config *config.Config
	Now    time.Time
}

// Marker is the hidden HTML comment that identifies mentorbot's report
// comment on a proposal.
const Marker = "<!-- mentorbot:proposal-report -->"

// IsSelf reports whether login is mentorbot's own: self when it is
// known, else one of the config's bot logins. Only what mentorbot wrote is
// trusted as its state (markers, records): a person, or another App, may
// write anything. An empty login is nobody's.
func IsSelf(login, self string, cfg *config.Config) bool {
	switch {
	case login == "":
		return false
	case self != "":
		return strings.EqualFold(login, self)
	}
	return cfg.IsBot(login)
}

// IsProposal reports whether the issue is a proposal: it carries both the
// program and proposal labels, or its title starts with the configured
// prefix and its body has most of the form's headings.
func IsProposal(is Issue, cfg *config.Config) bool {
	if hasLabel(is.Labels, cfg.Labels.Program) && hasLabel(is.Labels, cfg.Labels.Proposal) {
		return true
	}
	prefix := cfg.Proposals.TitlePrefix
	if prefix == "" || !strings.HasPrefix(strings.ToLower(strings.TrimSpace(is.Title)), strings.ToLower(prefix)) {
		return false
	}
	f := Parse(is.Body)
	if len(f.Present)*2 > len(Fields) {
		return true
	}
	// A body cut down to the form's core (project, term, description,
	// mentors) is a proposal all the same, to be failed, not ignored.
	for _, id := range []string{FieldProject, FieldTerm, FieldDescription, FieldMentors} {
		if !f.Has(id) {
			return false
		}
	}
	return true
}

// hasLabel reports whether labels holds name, ignoring case as GitHub does.
func hasLabel(labels []string, name string) bool {
	for _, l := range labels {
		if strings.EqualFold(l, name) {
			return true
		}
	}
	return false
}
