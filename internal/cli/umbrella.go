package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	iofs "io/fs"
	"strings"

	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/runner"
	"github.com/mentorbot/mentorbot/internal/term"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

// menteeFlag collects repeated --mentee flags (or comma-separated logins).
type menteeFlag []string

func (m *menteeFlag) String() string { return strings.Join(*m, ",") }
func (m *menteeFlag) Set(v string) error {
	for _, l := range strings.Split(v, ",") {
		if l = strings.TrimSpace(l); l != "" {
			*m = append(*m, l)
		}
	}
	return nil
}

func runUmbrella(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "umbrella", "[--repo DIR] [--config FILE] [--now T] [--term YYYY-N] [--mentee LOGIN]... [--github OWNER/REPO [--apply]] [--format text|json]")
	var rf repoFlags
	rf.register(fs, "text or json")
	termFlag := fs.String("term", "", "the term, e.g. 2027-1 (default: the newest term folder)")
	var mentees menteeFlag
	fs.Var(&mentees, "mentee", "an accepted mentee's GitHub login, for onboarding issues (repeat, or comma-separate)")
	gh := fs.String("github", "", "read the existing issues of OWNER/REPO on GitHub (token from GITHUB_TOKEN, API from GITHUB_API_URL for Enterprise), so the plan shows only what is missing")
	apply := fs.Bool("apply", false, "with --github: open the missing issues and links (default: dry run)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(rf.format, "text", "json"); err != nil {
		return err
	}
	if *apply && *gh == "" {
		return usagef("--apply needs --github OWNER/REPO")
	}
	token := st.Getenv("GITHUB_TOKEN")
	if *apply && token == "" {
		return usagef("--apply writes to GitHub and needs a token: set GITHUB_TOKEN (issues: write), or drop --apply for a dry run")
	}
	env, err := localEnv(st, rf.repo, rf.config, rf.now)
	if err != nil {
		return err
	}
	if *termFlag != "" {
		t, err := umbrella.ParseTerm(*termFlag)
		if err != nil {
			return &UsageError{Err: err}
		}
		if _, err := term.For(t.Year, t.Number, env.Config.Terms); err != nil {
			return usagef("--term %s: %v", *termFlag, err)
		}
	}
	if *gh != "" {
		owner, name, ok := strings.Cut(*gh, "/")
		if !ok || owner == "" || name == "" {
			return usagef("--github %q is not OWNER/REPO", *gh)
		}
		if token == "" {
			fmt.Fprintln(st.Stderr, "mentorbot umbrella: GITHUB_TOKEN is not set: reading anonymously (60 requests an hour)")
		}
		client, err := githubapi.NewClient(token, st.Getenv("GITHUB_API_URL"), transport(st))
		if err != nil {
			return usagef("%v", err)
		}
		env.Owner, env.Repo, env.GH, env.DryRun = owner, name, client, !*apply
		env.Progress = progress(st)
	}
	res, err := runner.Umbrella(ctx, env, runner.UmbrellaOptions{Term: *termFlag, Mentees: mentees})
	if res == nil {
		if errors.Is(err, iofs.ErrNotExist) {
			return usagef("the term has no folder in --repo: %w", err)
		}
		return err
	}
	if rf.format == "json" {
		enc := json.NewEncoder(st.Stdout)
		enc.SetIndent("", "  ")
		if jerr := enc.Encode(res); jerr != nil {
			return jerr
		}
		return err
	}
	writePlanText(st.Stdout, rf.repo, env.Now, env.DryRun, []*runner.Result{res})
	return err
}

// planUmbrella is the umbrella section of the plan command: the newest
// term's issue tree, as an offline run would open it.
func planUmbrella(ctx context.Context, env *runner.Env, _ planOptions) ([]*runner.Result, error) {
	res, err := runner.Umbrella(ctx, env, runner.UmbrellaOptions{})
	if err != nil {
		return nil, err
	}
	return []*runner.Result{res}, nil
}
