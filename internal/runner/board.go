package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/internal/board"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/shurcooL/githubv4"
)

// BoardOptions selects the cards BoardSync looks at.
type BoardOptions struct {
	// Issue is one proposal; 0 means the issue of Env.Event.
	Issue int
	// All is every card of the board and every open proposal not on it.
	All bool
	// GraphQL overrides the client built from Env.GH (tests).
	GraphQL GraphQLClient
}

// GraphQLClient is what the board job asks of githubv4.Client.
type GraphQLClient interface {
	Query(ctx context.Context, q any, variables map[string]any) error
	Mutate(ctx context.Context, m any, input githubv4.Input, variables map[string]any) error
}

// BoardSync moves proposal cards on the repository's board (board.json,
// read from Env.FS) to the Status their labels call for, in the same run
// as the labels changed. It reads the board's Status field by name
// (cached for boardCacheTTL), the card(s), and, only for an exported
// proposal, its LFX record; it writes only cards that move. A board
// without a Status field or a column is a warning finding, not a failure.
func BoardSync(ctx context.Context, env *Env, opts BoardOptions) (*Result, []board.Move, error) {
	res := &Result{Job: "board"}
	n := opts.Issue
	if n == 0 && !opts.All {
		if skip := boardSkip(env); skip != "" {
			res.Skipped = skip
			return res, nil, nil
		}
		n = env.Event.Issue.Number
	}
	cfgPath := path.Join(env.Config.Terms.Root, board.ConfigFile)
	data, err := fs.ReadFile(env.FS, cfgPath)
	if errors.Is(err, fs.ErrNotExist) {
		res.Skipped = "no " + cfgPath + ": the repository has no proposal board"
		return res, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", cfgPath, err)
	}
	repo := env.Owner + "/" + env.Repo
	id, ok, err := board.ProjectID(data, repo)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", cfgPath, err)
	}
	if !ok {
		res.Skipped = fmt.Sprintf("%s names no board for %s", cfgPath, repo)
		return res, nil, nil
	}
	if env.Offline() {
		return nil, nil, &OptionError{Name: "github", Msg: "the board lives on GitHub: the board job needs a client"}
	}
	gql := opts.GraphQL
	if gql == nil {
		gql = githubapi.NewGraphQL(env.GH)
	}
	r := &gqlReader{gql: gql, owner: env.Owner, repo: env.Repo, isBot: env.Config.IsBot, proposal: env.Config.Labels.Proposal}
	cache := boardCacheKey(env, id)
	cr := cachedBoard{Reader: r, key: cache}
	var numbers []int
	if n > 0 {
		numbers = []int{n}
	}
	isProposal := func(c board.Card) bool {
		return c.Number > 0 && containsFold(c.Labels, env.Config.Labels.Proposal)
	}
	b, cards, err := board.Load(ctx, cr, id, numbers, opts.All, isProposal)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (the App needs organization projects read; the Action a token that can read the board)", err)
	}
	if n > 0 && len(cards) == 0 {
		res.Skipped = fmt.Sprintf("#%d is not a proposal (no %q label)", n, env.Config.Labels.Proposal)
		return res, nil, nil
	}
	if err := board.LoadLFX(ctx, r, b, cards, func(c board.Card) bool { return board.NeedsLFX(b, c, env.Config) }); err != nil {
		return nil, nil, err
	}
	p, moves, warnings := board.Plan(b, cards, env.Config)
	p.Owner, p.Repo = env.Owner, env.Repo
	res.Plan = p
	for _, w := range warnings {
		res.Findings = append(res.Findings, finding.Finding{Path: cfgPath, Severity: finding.SeverityWarning, Rule: "board", Message: w})
	}
	res.Summary = BoardSummary(moves, warnings)
	if env.DryRun || p.Empty() {
		return res, moves, nil
	}
	rep, err := executor.NewBoard(gql).Apply(ctx, p)
	res.Report = rep
	if err != nil {
		boardCache.forget(cache) // an option may have been renamed: resolve again next time
		return res, moves, err
	}
	return res, moves, nil
}

// boardIssueActions are the issues events that can change a card's column
// (the proposal job relabels on opened, edited and reopened).
var boardIssueActions = map[string]bool{"opened": true, "edited": true, "reopened": true, "closed": true, "labeled": true, "unlabeled": true}

// boardSkip says why an event is not one the board follows.
func boardSkip(env *Env) string {
	ev := env.Event
	switch {
	case ev == nil || ev.Issue == nil:
		return "no issue to place on the board"
	case env.Config.IsBot(ev.Sender):
		// Its label changes were made in a run that moved the card already.
		return fmt.Sprintf("the event was sent by mentorbot itself (%s)", ev.Sender)
	case ev.Name == "issues" && !boardIssueActions[ev.Action]:
		return fmt.Sprintf("issues event %q does not move a card", ev.Action)
	case ev.Name == "issue_comment" && ev.Action != "created" && ev.Action != "edited":
		return fmt.Sprintf("issue_comment event %q runs no command", ev.Action)
	case ev.Issue.IsPull:
		return "a pull request is not a proposal"
	case !containsFold(ev.Issue.Labels, env.Config.Labels.Proposal):
		return fmt.Sprintf("#%d is not a proposal (no %q label)", ev.Issue.Number, env.Config.Labels.Proposal)
	}
	return ""
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// BoardSummary renders each card's move and why, then the warnings.
func BoardSummary(moves []board.Move, warnings []string) string {
	var b strings.Builder
	changed := 0
	for _, m := range moves {
		if m.Change {
			changed++
		}
	}
	fmt.Fprintf(&b, "### mentorbot: proposal board\n\n%d card(s), %d to move.\n\n", len(moves), changed)
	for _, m := range moves {
		verb := "stays"
		if m.Change {
			verb = "moves"
		}
		fmt.Fprintf(&b, "- #%d %s: %s -> %s: %s", m.Number, verb, m.From, m.To, m.Reason)
		if m.Warning != "" {
			fmt.Fprintf(&b, " (warning: %s)", m.Warning)
		}
		b.WriteString("\n")
	}
	for _, w := range warnings {
		fmt.Fprintf(&b, "\n**Warning:** %s\n", w)
	}
	return b.String()
}

// boardJob follows the event's proposal (issues and issue_comment events:
// after the proposal and command jobs changed its labels in the same run);
// with the option "all" (command: board on a schedule) it syncs every card.
func boardJob(ctx context.Context, env *Env, p Params) (*Result, error) {
	res, _, err := BoardSync(ctx, env, BoardOptions{All: p.Bool("all")})
	return res, err
}

// boardCacheTTL is how long a board's resolved field and option ids are
// reused: an administrator's rename is picked up within it (and at once
// after a write fails).
const boardCacheTTL = 10 * time.Minute

var boardCache = &resolved{m: map[string]cachedEntry{}}

type resolved struct {
	mu sync.Mutex
	m  map[string]cachedEntry
}

type cachedEntry struct {
	b  board.Board
	at time.Time
}

func (c *resolved) get(key string) (*board.Board, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || time.Since(e.at) > boardCacheTTL {
		return nil, false
	}
	b := e.b
	return &b, true
}

func (c *resolved) put(key string, b *board.Board) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[key] = cachedEntry{b: *b, at: time.Now()}
}

func (c *resolved) forget(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, key)
}

// boardCacheKey names a board on one GitHub (the fake's URL differs per
// test, github.com's is one).
func boardCacheKey(env *Env, id string) string {
	return githubapi.GraphQLURL(env.GH) + " " + id
}

// cachedBoard answers Board from boardCache.
type cachedBoard struct {
	board.Reader
	key string
}

func (c cachedBoard) Board(ctx context.Context, id string) (*board.Board, error) {
	if b, ok := boardCache.get(c.key); ok {
		return b, nil
	}
	b, err := c.Reader.Board(ctx, id)
	if err != nil {
		return nil, err
	}
	if b.FieldID != "" {
		boardCache.put(c.key, b)
	}
	return b, nil
}
