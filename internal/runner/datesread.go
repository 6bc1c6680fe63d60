package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/term"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

// The reads of the reminder and announcement jobs. Only what mentorbot's
// own identity wrote counts as its state (config bot.logins).

// isSelf reports whether login is mentorbot's own: Env.Self when known,
// else the config's bot.logins (as for the executor's WriteAs).
func isSelf(env *Env, login string) bool {
	for _, l := range env.selfLogins() {
		if strings.EqualFold(l, login) {
			return true
		}
	}
	return false
}

// listIssuesLabelled lists the issues (not pull requests) carrying every
// label, in state ("open" or "all").
func listIssuesLabelled(ctx context.Context, env *Env, labels []string, state string) ([]*github.Issue, error) {
	var out []*github.Issue
	opts := &github.IssueListByRepoOptions{State: state, Labels: labels, ListOptions: github.ListOptions{PerPage: 100}}
	for {
		is, resp, err := env.GH.Issues.ListByRepo(ctx, env.Owner, env.Repo, opts)
		if err != nil {
			return nil, fmt.Errorf("listing issues labelled %s: %w", strings.Join(labels, ", "), err)
		}
		for _, i := range is {
			if !i.IsPullRequest() {
				out = append(out, i)
			}
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// listAllComments lists every comment of issue n, oldest first.
func listAllComments(ctx context.Context, env *Env, n int) ([]*github.IssueComment, error) {
	var out []*github.IssueComment
	opts := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	for {
		cs, resp, err := env.GH.Issues.ListComments(ctx, env.Owner, env.Repo, n, opts)
		if err != nil {
			return nil, fmt.Errorf("listing comments of #%d: %w", n, err)
		}
		out = append(out, cs...)
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// findUmbrella returns the oldest issue mentorbot opened with the term's
// umbrella marker, or nil.
func findUmbrella(env *Env, t umbrella.Term, issues []*github.Issue) *github.Issue {
	marker := umbrella.Marker(t, umbrella.KeyUmbrella)
	var found *github.Issue
	for _, is := range issues {
		if isSelf(env, is.GetUser().GetLogin()) && strings.Contains(is.GetBody(), marker) {
			if found == nil || is.GetNumber() < found.GetNumber() {
				found = is
			}
		}
	}
	return found
}

// termMentors reads the logins of a term's mentors from its lfx-export.json;
// from is "" when the term has no export file yet.
func termMentors(env *Env, id term.ID) (logins []string, from string, err error) {
	p := path.Join(id.Dir(env.Config.Terms.Root), export.ExportName)
	data, err := fs.ReadFile(env.FS, p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("reading %s: %w", p, err)
	}
	f, err := export.Decode(data, p)
	if err != nil {
		return nil, "", err
	}
	seen := map[string]bool{}
	for _, prog := range f.Programs {
		for _, m := range prog.Mentors {
			h := strings.TrimPrefix(strings.TrimSpace(m.Handle), "@")
			if h != "" && !seen[strings.ToLower(h)] {
				seen[strings.ToLower(h)] = true
				logins = append(logins, h)
			}
		}
	}
	return logins, p, nil
}
