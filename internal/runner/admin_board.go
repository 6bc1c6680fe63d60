package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/board"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/umbrella"
	"github.com/shurcooL/githubv4"
)

// adminBoardOn: the umbrella job's events, so that the cards follow the
// issues that job opens in the same run, and the schedule, so that they
// follow a timeline edited later (the newest term; a run that finds the
// board current costs two GraphQL queries and writes nothing).
var adminBoardOn = []Trigger{{"push", nil}, {"workflow_dispatch", nil}, {"schedule", nil}}

// AdminBoardOptions selects the term whose admin issues go on the board.
type AdminBoardOptions struct {
	// Term is "YYYY-N"; empty selects as the umbrella job does.
	Term string
	// GraphQL overrides the client built from Env.GH (tests).
	GraphQL GraphQLClient
}

// AdminBoardSync puts the term's admin issues (the umbrella tree, as the
// umbrella job opened it) on the board admin-board.json names: new cards
// in Status Todo, the Start and Due dates from the term timeline. It
// lists the tree through the event's snapshot (the umbrella job's listing,
// read once), resolves the board's fields by name (one GraphQL query),
// reads its cards (one per 100) and writes only what differs.
func AdminBoardSync(ctx context.Context, env *Env, opts AdminBoardOptions) (*Result, error) {
	res := &Result{Job: "admin-board"}
	cfgPath := path.Join(env.Config.Terms.Root, board.AdminConfigFile)
	data, err := fs.ReadFile(env.FS, cfgPath)
	if errors.Is(err, fs.ErrNotExist) {
		res.Skipped = "no " + cfgPath + ": the term's admin issues have no board"
		return res, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", cfgPath, err)
	}
	repo := env.Owner + "/" + env.Repo
	ref, ok, err := board.AdminProject(data, repo)
	if err != nil {
		return nil, err
	}
	if !ok {
		res.Skipped = fmt.Sprintf("%s names no admin board for %s", cfgPath, repo)
		return res, nil
	}
	if env.Offline() {
		return nil, &OptionError{Name: "github", Msg: "the admin board lives on GitHub: the admin-board job needs a client"}
	}
	loaded, err := loadUmbrella(ctx, env, umbrellaReader{env.Reads()}, umbrella.LoadOptions{Term: opts.Term})
	if err != nil {
		return nil, err
	}
	if loaded.Skipped != "" {
		res.Skipped = loaded.Skipped
		return res, nil
	}
	gql := opts.GraphQL
	if gql == nil {
		gql = githubapi.NewGraphQL(env.GH)
	}
	r := adminReader{gql: gql, owner: env.Owner, repo: env.Repo}
	b, err := r.board(ctx, ref)
	if err != nil {
		return nil, fmt.Errorf("reading the admin board %s: %w (the App needs organization projects read)", ref, err)
	}
	items, err := r.items(ctx, b.ProjectID)
	if err != nil {
		return nil, fmt.Errorf("reading the cards of the admin board %s: %w", ref, err)
	}
	cards, err := adminCards(ctx, env, loaded.Inputs, items)
	if err != nil {
		return nil, err
	}
	p, warnings := board.PlanAdmin(b, cards)
	p.Owner, p.Repo = env.Owner, env.Repo
	res.Plan = p
	for _, w := range warnings {
		res.Findings = append(res.Findings, finding.Finding{Path: cfgPath, Severity: finding.SeverityWarning, Rule: "admin-board", Message: w})
	}
	res.Summary = adminSummary(b, cards, p, warnings)
	if env.DryRun || p.Empty() {
		return res, nil
	}
	rep, err := executor.NewAdminBoard(gql).Apply(ctx, p)
	res.Report = rep
	return res, err
}

// adminCards joins the terms' admin issues (listed through the snapshot,
// which the umbrella loader filled: no request of its own) with their
// timeline dates and their cards. A closed issue not on the board stays
// off it.
func adminCards(ctx context.Context, env *Env, inputs []umbrella.Input, items map[int]board.AdminCard) ([]board.AdminCard, error) {
	var cards []board.AdminCard
	for _, in := range inputs {
		dates, err := board.AdminDates(in, env.Config)
		if err != nil {
			return nil, err
		}
		labels, err := umbrella.Labels(in.Term, env.Config)
		if err != nil {
			return nil, err
		}
		list, err := env.Reads().Issues(ctx, "all", labels, false)
		if err != nil {
			return nil, err
		}
		list = slices.Clone(list)
		slices.SortFunc(list, func(a, b *github.Issue) int { return a.GetNumber() - b.GetNumber() })
		seen := map[string]bool{}
		for _, is := range list { // oldest first: the oldest of a marker wins, as in the umbrella job
			marker := umbrella.FindMarker(is.GetBody())
			if is.IsPullRequest() || umbrella.KeyOf(in.Term, marker) == "" || seen[marker] {
				continue
			}
			seen[marker] = true
			c := items[is.GetNumber()]
			if c.ItemID == "" && is.GetState() == "closed" {
				continue
			}
			c.Number, c.ContentID, c.Title = is.GetNumber(), is.GetNodeID(), is.GetTitle()
			c.Start, c.Due = dates[marker].Start, dates[marker].Due
			if c.ContentID == "" {
				return nil, fmt.Errorf("#%d: the issue listing gave no node id", c.Number)
			}
			cards = append(cards, c)
		}
	}
	return cards, nil
}

func adminSummary(b *board.AdminBoard, cards []board.AdminCard, p *plan.Plan, warnings []string) string {
	var s strings.Builder
	fmt.Fprintf(&s, "### mentorbot: admin board\n\n%d admin issue(s), %d card(s) to write.\n\n", len(cards), len(p.Actions))
	for _, a := range p.Actions {
		fmt.Fprintf(&s, "- %s\n", a.Describe())
	}
	for _, w := range warnings {
		fmt.Fprintf(&s, "\n**Warning:** %s\n", w)
	}
	return s.String()
}

// adminBoardJob is the Jobs row's entry point (option "term").
func adminBoardJob(ctx context.Context, env *Env, p Params) (*Result, error) {
	return AdminBoardSync(ctx, env, AdminBoardOptions{Term: strings.TrimSpace(p.Get("term"))})
}

// adminReader reads the admin board over GraphQL.
type adminReader struct {
	gql         GraphQLClient
	owner, repo string
}

type adminFields struct {
	ID     githubv4.ID
	Title  string
	Fields struct {
		Nodes []struct {
			Common struct {
				ID       githubv4.ID
				Name     string
				DataType string
			} `graphql:"... on ProjectV2FieldCommon"`
			Select struct {
				Options []struct{ ID, Name string }
			} `graphql:"... on ProjectV2SingleSelectField"`
		}
	} `graphql:"fields(first: 100)"`
}

// board resolves the board by id, or by owner and number (an
// organization's, else a user's), and its fields by name.
func (r adminReader) board(ctx context.Context, ref board.AdminRef) (*board.AdminBoard, error) {
	var f *adminFields
	switch {
	case ref.ProjectID != "":
		var q struct {
			Node *struct {
				ProjectV2 adminFields `graphql:"... on ProjectV2"`
			} `graphql:"node(id: $id)"`
		}
		if err := r.gql.Query(ctx, &q, map[string]any{"id": githubv4.ID(ref.ProjectID)}); err != nil {
			return nil, err
		}
		if q.Node != nil {
			f = &q.Node.ProjectV2
		}
	default:
		vars := map[string]any{"login": githubv4.String(ref.Owner), "number": githubv4.Int(ref.Number)}
		var org struct {
			Organization *struct {
				ProjectV2 *adminFields `graphql:"projectV2(number: $number)"`
			} `graphql:"organization(login: $login)"`
		}
		err := r.gql.Query(ctx, &org, vars)
		if err == nil && org.Organization != nil {
			f = org.Organization.ProjectV2
		} else {
			var user struct {
				User *struct {
					ProjectV2 *adminFields `graphql:"projectV2(number: $number)"`
				} `graphql:"user(login: $login)"`
			}
			if uerr := r.gql.Query(ctx, &user, vars); uerr != nil {
				return nil, errors.Join(err, uerr)
			}
			if user.User != nil {
				f = user.User.ProjectV2
			}
		}
	}
	if f == nil || f.ID == nil {
		return nil, fmt.Errorf("%s is not a Projects v2 board the token can read", ref)
	}
	b := &board.AdminBoard{Title: f.Title, Options: map[string]string{}}
	b.ProjectID, _ = f.ID.(string)
	for _, n := range f.Fields.Nodes {
		id, _ := n.Common.ID.(string)
		switch {
		case n.Common.Name == board.StatusField && n.Common.DataType == "SINGLE_SELECT":
			b.StatusFieldID = id
			for _, o := range n.Select.Options {
				b.Options[o.Name] = o.ID
			}
		case n.Common.Name == board.StartField && n.Common.DataType == "DATE":
			b.StartFieldID = id
		case n.Common.Name == board.DueField && n.Common.DataType == "DATE":
			b.DueFieldID = id
		}
	}
	return b, nil
}

type dateValue struct {
	Date struct {
		Date string
	} `graphql:"... on ProjectV2ItemFieldDateValue"`
}

func dateOf(v *dateValue) string {
	if v == nil {
		return ""
	}
	return v.Date.Date
}

// adminItem is one card as items reads it.
type adminItem struct {
	ID      githubv4.ID
	Status  *statusValue `graphql:"status: fieldValueByName(name: $status)"`
	Start   *dateValue   `graphql:"start: fieldValueByName(name: $start)"`
	Due     *dateValue   `graphql:"due: fieldValueByName(name: $due)"`
	Content struct {
		Issue struct {
			Number     int
			Repository struct{ NameWithOwner string }
		} `graphql:"... on Issue"`
	}
}

// items reads the board's cards of this repository's issues, by number.
func (r adminReader) items(ctx context.Context, projectID string) (map[int]board.AdminCard, error) {
	out := map[int]board.AdminCard{}
	vars := map[string]any{"status": githubv4.String(board.StatusField),
		"start": githubv4.String(board.StartField), "due": githubv4.String(board.DueField)}
	err := projectItems(ctx, r.gql, projectID, vars, func(it adminItem) {
		is := it.Content.Issue
		if is.Number == 0 || !equalFold(is.Repository.NameWithOwner, r.owner+"/"+r.repo) {
			return
		}
		c := board.AdminCard{OptionID: optionOf(it.Status), BoardStart: dateOf(it.Start), BoardDue: dateOf(it.Due)}
		c.ItemID, _ = it.ID.(string)
		out[is.Number] = c
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
