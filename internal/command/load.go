package command

import (
	"context"

	"github.com/mentorbot/mentorbot/internal/proposal"
)

// Reader is what the command loader reads from GitHub.
type Reader interface {
	// Issue returns issue n as it is now, and whether it is open.
	Issue(ctx context.Context, n int) (proposal.Issue, bool, error)
	// Comments returns all of issue n's comments, oldest first.
	Comments(ctx context.Context, n int) ([]Comment, error)
	// Role returns login's role on the repository (RoleNone for none).
	Role(ctx context.Context, login string) (Role, error)
	// KnownLabels returns the repository's labels if they were read
	// already this event, else nil (unknown).
	KnownLabels() []string
}

// Load completes in, which holds the event's part (the issue as the event
// carried it, the trigger, the previous body), into the planner's Input:
// the live issue, its whole comment history, the known labels and the role
// of each person whose commands count. An issue that is not a proposal
// needs nothing more (the planner says so). Every failed read is an error.
func Load(ctx context.Context, r Reader, in *Input) error {
	live, open, err := r.Issue(ctx, in.Issue.Number)
	if err != nil {
		return err
	}
	in.Issue, in.Closed = live, !open
	if !proposal.IsProposal(in.Issue, in.Config) {
		return nil
	}
	if in.Comments, err = r.Comments(ctx, in.Issue.Number); err != nil {
		return err
	}
	in.RepoLabels = r.KnownLabels()
	in.Roles = map[string]Role{}
	for _, login := range Authors(in.Comments, in.Config) {
		if in.Roles[login], err = r.Role(ctx, login); err != nil {
			return err
		}
	}
	return nil
}
