package runner

import (
	"context"
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/internal/announce"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/shurcooL/githubv4"
)

// readDiscussions resolves the repository's id and the category named by
// announce.category, and fills in.Existing with mentorbot's own
// announcement discussions in it: those whose body carries a marker AND
// whose author is mentorbot's identity (a person's discussion carrying the
// marker is not mentorbot's, and is neither edited nor closed). Two
// queries: the category, then the category's discussions (one more per
// 100 of them). A failed read is an error, never "no discussion".
func readDiscussions(ctx context.Context, env *Env, gql GraphQLClient, in *announce.Input) error {
	a := env.Config.Announce
	var q struct {
		Repository struct {
			ID                   githubv4.ID
			DiscussionCategories struct {
				Nodes []struct {
					ID   githubv4.ID
					Name string
				}
			} `graphql:"discussionCategories(first: 100)"`
		} `graphql:"repository(owner: $owner, name: $name)"`
	}
	vars := map[string]any{"owner": githubv4.String(env.Owner), "name": githubv4.String(env.Repo)}
	if err := gql.Query(ctx, &q, vars); err != nil {
		return fmt.Errorf("reading the discussion categories of %s/%s: %w", env.Owner, env.Repo, err)
	}
	in.Discussion, in.Category = true, a.Category
	in.RepositoryID, _ = q.Repository.ID.(string)
	var names []string
	for _, c := range q.Repository.DiscussionCategories.Nodes {
		names = append(names, fmt.Sprintf("%q", c.Name))
		if strings.EqualFold(strings.TrimSpace(c.Name), strings.TrimSpace(a.Category)) {
			in.CategoryID, _ = c.ID.(string)
		}
	}
	if in.RepositoryID == "" {
		return fmt.Errorf("reading %s/%s: no repository id in the answer", env.Owner, env.Repo)
	}
	if in.CategoryID == "" {
		have := "it has none (are Discussions enabled?)"
		if len(names) > 0 {
			have = "it has " + strings.Join(names, ", ")
		}
		return fmt.Errorf("announce.category: %s/%s has no discussion category %q: %s", env.Owner, env.Repo, a.Category, have)
	}
	var after *githubv4.String
	for {
		var q struct {
			Repository struct {
				Discussions struct {
					Nodes []struct {
						ID     githubv4.ID
						Number int
						Title  string
						Body   string
						Closed bool
						Author struct {
							Typename string `graphql:"__typename"`
							Login    string
						}
					}
					PageInfo struct {
						HasNextPage bool
						EndCursor   githubv4.String
					}
				} `graphql:"discussions(first: 100, after: $after, categoryId: $category)"`
			} `graphql:"repository(owner: $owner, name: $name)"`
		}
		vars := map[string]any{"owner": githubv4.String(env.Owner), "name": githubv4.String(env.Repo),
			"category": githubv4.ID(in.CategoryID), "after": after}
		if err := gql.Query(ctx, &q, vars); err != nil {
			return fmt.Errorf("listing the discussions in %q: %w", a.Category, err)
		}
		for _, d := range q.Repository.Discussions.Nodes {
			date, ok := announce.DateOf(d.Body)
			if !ok || !isSelfAuthor(env, d.Author.Typename, d.Author.Login) {
				continue
			}
			x := announce.Issue{Number: d.Number, Date: date, Open: !d.Closed, Title: d.Title, Body: d.Body}
			x.NodeID, _ = d.ID.(string)
			in.Existing = append(in.Existing, x)
		}
		ds := q.Repository.Discussions
		if !ds.PageInfo.HasNextPage {
			return nil
		}
		cur := ds.PageInfo.EndCursor
		after = &cur
	}
}

// isSelfAuthor reports whether a GraphQL author is mentorbot's identity.
// GraphQL names a bot without the "[bot]" REST shows ("mentorbot" for
// "mentorbot[bot]"), typed Bot: only a Bot gets the suffix, so a person
// whose login is the App's slug is not mentorbot.
func isSelfAuthor(env *Env, typename, login string) bool {
	if login == "" {
		return false
	}
	if typename == "Bot" && !strings.HasSuffix(login, "[bot]") {
		login += "[bot]"
	}
	return isSelf(env, login)
}

// applyDiscussions applies a discussion plan through GraphQL.
func applyDiscussions(ctx context.Context, env *Env, gql GraphQLClient, res *Result) error {
	if env.DryRun || env.Offline() || res.Plan.Empty() {
		return nil
	}
	rep, err := executor.NewDiscussions(gql).Apply(ctx, res.Plan)
	res.Report = rep
	return err
}
