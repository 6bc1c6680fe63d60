package command

import (
	"strings"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// Role is a person's permission on the repository, as GitHub's
// collaborator permission endpoint names it in role_name.
type Role string

// Roles, from least to most.
const (
	RoleNone     Role = "none"
	RoleRead     Role = "read"
	RoleTriage   Role = "triage"
	RoleWrite    Role = "write"
	RoleMaintain Role = "maintain"
	RoleAdmin    Role = "admin"
)

var roleRank = map[Role]int{RoleRead: 1, RoleTriage: 2, RoleWrite: 3, RoleMaintain: 4, RoleAdmin: 5}

// AtLeast reports whether r grants everything o does. Unknown roles (and
// custom roles GitHub may report) grant nothing.
func (r Role) AtLeast(o Role) bool { return roleRank[r] >= roleRank[o] && roleRank[r] > 0 }

// Comment is one issue comment.
type Comment struct {
	ID     int64  `json:"id"`
	Author string `json:"author"`
	Body   string `json:"body"`
}

// Input is everything Plan reads: the issue, its whole comment history,
// what triggered the run, the actors' roles and the config.
type Input struct {
	// Issue is the issue as it is now: body, labels, author.
	Issue  proposal.Issue
	Closed bool
	// Comments are all the issue's comments, oldest first, the trigger
	// among them. GitHub's comment ids grow with time; Plan relies on it.
	Comments []Comment
	// Trigger is the id of the comment whose commands this run carries
	// out; 0 when the run is for an edit of the issue itself.
	Trigger int64
	// TriggerEdited is set when the trigger comment was edited rather than
	// created.
	TriggerEdited bool
	// PreviousBody is the issue body before an edit (the issues edited
	// event's changes.body.from), nil otherwise. It is used only when the
	// report holds no record of the proposal as last seen.
	PreviousBody *string
	// Roles are the repository roles of the comment authors, by login
	// (any case). A login missing has no role.
	Roles map[string]Role
	// RepoLabels are the repository's labels; the gate labels missing are
	// created.
	RepoLabels []string
	Config     *config.Config
	// Self is the login mentorbot writes as; "" when the caller does not
	// know it, and then the config's bot.logins are mentorbot's. Records
	// and markers are read only from comments Self wrote.
	Self string
}

// role returns login's role, ignoring case.
func (in *Input) role(login string) Role {
	if r, ok := in.Roles[login]; ok {
		return r
	}
	for l, r := range in.Roles {
		if strings.EqualFold(l, login) {
			return r
		}
	}
	return RoleNone
}

// isBot reports whether a comment was written by mentorbot or another App
// ("[bot]" logins cannot be taken by people): their commands are not
// carried out.
func (in *Input) isBot(login string) bool {
	return in.Config.IsBot(login) || strings.HasSuffix(login, "[bot]")
}

// isSelf reports whether a comment was written by mentorbot itself, the
// only author whose records and markers are state. Another App may echo
// what a person wrote.
func (in *Input) isSelf(login string) bool {
	return proposal.IsSelf(login, in.Self, in.Config)
}

// Authors returns the logins whose roles Plan may ask about: the authors of
// comments holding commands, in order of first command, mentorbot excluded.
// A runner looks up exactly these.
func Authors(comments []Comment, cfg *config.Config) []string {
	in := Input{Config: cfg}
	var out []string
	for _, c := range comments {
		if in.isBot(c.Author) || len(Parse(c.Body)) == 0 || containsFold(out, c.Author) {
			continue
		}
		out = append(out, c.Author)
	}
	return out
}

func containsFold(list []string, s string) bool {
	return indexFold(list, s) >= 0
}

func indexFold(list []string, s string) int {
	for i, l := range list {
		if strings.EqualFold(l, s) {
			return i
		}
	}
	return -1
}
