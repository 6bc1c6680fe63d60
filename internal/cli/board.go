package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/internal/board"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/runner"
)

// runBoard dispatches "mentorbot board sync", its one subcommand
// (`mentorbot board --help` shows its usage).
func runBoard(ctx context.Context, st *State, args []string) error {
	if len(args) > 0 && args[0] == "sync" {
		return runBoardSync(ctx, st, args[1:])
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return usagef("unknown board command %q (want: board sync)", args[0])
	}
	return runBoardSync(ctx, st, args)
}

// runBoardSync reads the proposal board of --github OWNER/REPO (named in
// the working tree's board.json) and prints every card's move and why; with
// --apply it moves them. The token comes from GITHUB_TOKEN.
func runBoardSync(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "board sync", "--github OWNER/REPO [--issue N | --all] [--repo DIR] [--config FILE] [--apply] [--format text|json]")
	gh := fs.String("github", "", "the repository whose proposals and board to read (required; token from GITHUB_TOKEN, API from GITHUB_API_URL)")
	issue := fs.Int("issue", 0, "one proposal")
	all := fs.Bool("all", false, "every card of the board and every open proposal not on it")
	repo := fs.String("repo", ".", "the working tree whose board.json and config name the board")
	configPath := fs.String("config", "", "config file, relative to the current directory (default: .github/mentorbot.yml in --repo, or the built-in defaults)")
	apply := fs.Bool("apply", false, "move the cards (default: dry run)")
	format := fs.String("format", "text", "output format: text or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usagef("unexpected arguments %q", fs.Args())
	case (*issue > 0) == *all:
		return usagef("give one of --issue N or --all")
	case *issue < 0:
		return usagef("--issue %d is not an issue number", *issue)
	}
	owner, name, ok := strings.Cut(*gh, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return usagef("--github %q is not OWNER/REPO", *gh)
	}
	token := st.Getenv("GITHUB_TOKEN")
	if token == "" {
		return usagef("the board is read through GitHub's GraphQL API, which needs a token: set GITHUB_TOKEN (read:project to look, project to --apply)")
	}
	env, err := localEnv(st, *repo, *configPath, "")
	if err != nil {
		return err
	}
	client, err := githubapi.NewClient(token, st.Getenv("GITHUB_API_URL"), nil)
	if err != nil {
		return usagef("%v", err)
	}
	env.Owner, env.Repo, env.GH, env.DryRun = owner, name, client, !*apply
	res, moves, err := runner.BoardSync(ctx, env, runner.BoardOptions{Issue: *issue, All: *all})
	if err != nil && res == nil {
		return err
	}
	if *format == "json" {
		enc := json.NewEncoder(st.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if jerr := enc.Encode(boardJSON{DryRun: env.DryRun, Skipped: res.Skipped, Moves: moves, Result: res}); jerr != nil {
			return jerr
		}
		return err
	}
	writeBoardText(st, env.DryRun, res, moves)
	return err
}

// boardJSON is the JSON form of a board sync.
type boardJSON struct {
	DryRun  bool           `json:"dry_run"`
	Skipped string         `json:"skipped,omitempty"`
	Moves   []board.Move   `json:"moves"`
	Result  *runner.Result `json:"result"`
}

func writeBoardText(st *State, dry bool, res *runner.Result, moves []board.Move) {
	if res.Skipped != "" {
		fmt.Fprintf(st.Stdout, "skipped: %s\n", res.Skipped)
		return
	}
	if dry {
		fmt.Fprintln(st.Stdout, "(dry run: nothing is written)")
	}
	applied := map[int]bool{}
	if res.Report != nil {
		for _, o := range res.Report.Outcomes {
			applied[o.Number] = applied[o.Number] || o.Status == executor.Applied
		}
	}
	n := 0
	for _, m := range moves {
		verb := "stays"
		if m.Change {
			verb, n = "moves", n+1
			switch {
			case !dry && applied[m.Number]:
				verb = "moved"
			case !dry:
				verb = "not moved (failed)"
			}
		}
		fmt.Fprintf(st.Stdout, "#%d %s: %s -> %s: %s\n", m.Number, verb, m.From, m.To, m.Reason)
		if m.Warning != "" {
			fmt.Fprintf(st.Stdout, "   warning: %s\n", m.Warning)
		}
	}
	for _, f := range res.Findings {
		fmt.Fprintf(st.Stderr, "warning: %s\n", f.Message)
	}
	fmt.Fprintf(st.Stdout, "%d card(s), %d to move\n", len(moves), n)
}
