package runner

import (
	"context"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/command"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// snapshotReader is the event's snapshot as the proposal and command
// loaders' Reader: GitHub's types turned into theirs. Every read goes
// through the snapshot, which the executor shares: a second job of the
// same event, and the executor, read none of it again.
type snapshotReader struct{ s *githubapi.Snapshot }

var (
	_ proposal.Reader = snapshotReader{}
	_ command.Reader  = snapshotReader{}
)

func (r snapshotReader) Issue(ctx context.Context, n int) (proposal.Issue, bool, error) {
	is, err := r.s.Issue(ctx, n)
	if err != nil {
		return proposal.Issue{}, false, err
	}
	return fromGitHub(is), is.GetState() != "closed", nil
}

func (r snapshotReader) MarkedComment(ctx context.Context, n int, marker string, own func(login string) bool) (string, string, error) {
	cs, err := r.s.Comments(ctx, n, false)
	if err != nil {
		return "", "", err
	}
	for _, c := range cs {
		if a := c.GetUser().GetLogin(); own(a) && strings.Contains(c.GetBody(), marker) {
			return c.GetBody(), a, nil
		}
	}
	return "", "", nil
}

func (r snapshotReader) Comments(ctx context.Context, n int) ([]command.Comment, error) {
	cs, err := r.s.Comments(ctx, n, false)
	if err != nil {
		return nil, err
	}
	out := make([]command.Comment, 0, len(cs))
	for _, c := range cs {
		out = append(out, command.Comment{ID: c.GetID(), Author: c.GetUser().GetLogin(), Body: c.GetBody()})
	}
	return out, nil
}

func (r snapshotReader) OpenIssues(ctx context.Context, labels []string) ([]proposal.Issue, error) {
	list, err := r.s.Issues(ctx, "open", labels, false)
	if err != nil {
		return nil, err
	}
	var out []proposal.Issue
	for _, is := range list {
		if !is.IsPullRequest() {
			out = append(out, fromGitHub(is))
		}
	}
	return out, nil
}

// Role maps GitHub's role to the command package's; "" (a 404: not a
// collaborator) is no role.
func (r snapshotReader) Role(ctx context.Context, login string) (command.Role, error) {
	role, err := r.s.Role(ctx, login)
	if err != nil {
		return "", err
	}
	if role == "" {
		return command.RoleNone, nil
	}
	return command.Role(role), nil
}

// KnownLabels returns the repository's labels when the event has read
// them already, else nil (unknown): the planner then plans an EnsureLabel
// for each label it adds, and the executor lists the labels only then, so
// an event that adds no label never lists them.
func (r snapshotReader) KnownLabels() []string {
	names, _ := r.s.KnownLabelNames()
	return names
}

// FormAt is the proposal form as it was when a proposal was filed.
func (r snapshotReader) FormAt(ctx context.Context, path string, t time.Time) ([]byte, time.Time, bool, error) {
	return r.s.FileAt(ctx, path, t)
}

func fromGitHub(is *github.Issue) proposal.Issue {
	out := proposal.Issue{Number: is.GetNumber(), Title: is.GetTitle(), Body: is.GetBody(), Author: is.GetUser().GetLogin(),
		CreatedAt: is.GetCreatedAt().Time}
	for _, l := range is.Labels {
		out.Labels = append(out.Labels, l.GetName())
	}
	return out
}
