package cli

import (
	"bytes"
	"context"
	"fmt"

	"github.com/mentorbot/mentorbot/internal/calendar"
	"github.com/mentorbot/mentorbot/internal/executor"
	"github.com/mentorbot/mentorbot/internal/plan"
)

func runCalendar(_ context.Context, st *State, args []string) error {
	fs := newFlags(st, "calendar", "[--repo DIR] [--config FILE] [--out PATH] [--repo-slug OWNER/NAME] [--branch NAME] [--write]")
	var rf repoFlags
	fs.StringVar(&rf.repo, "repo", ".", "the repository's working tree")
	fs.StringVar(&rf.config, "config", "", "config file (default .github/mentorbot.yml in --repo)")
	out := fs.String("out", calendar.DefaultPath, "where the feed is kept, relative to --repo")
	slug := fs.String("repo-slug", "", "owner/name the feed's links point to (default: none)")
	branch := fs.String("branch", "main", "the default branch the links point to")
	write := fs.Bool("write", false, "write the feed to --out in --repo (default: print it)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("calendar takes no arguments (got %q)", fs.Args())
	}
	env, err := localEnv(st, rf.repo, rf.config, rf.now)
	if err != nil {
		return err
	}
	in, err := calendar.Load(env.FS, env.Config, calendar.Options{Repo: *slug, Branch: *branch})
	if err != nil {
		return err
	}
	feed, err := calendar.Render(in)
	if err != nil {
		return err
	}
	events := bytes.Count(feed, []byte("BEGIN:VEVENT"))
	if !*write {
		_, err := st.Stdout.Write(feed)
		fmt.Fprintf(st.Stderr, "(dry run: %d events from %d terms and %d meeting series; pass --write to keep them in %s)\n", events, len(in.Terms), len(in.Series), *out)
		return err
	}
	rep, err := writeLocal(rf.repo, plan.PutFile{Path: *out, Content: string(feed), Message: env.Config.Calendar.Message})
	if err != nil {
		return err
	}
	if rep.Count(executor.Unchanged) == 1 {
		fmt.Fprintf(st.Stdout, "%s is up to date (%d events)\n", *out, events)
		return nil
	}
	fmt.Fprintf(st.Stdout, "wrote %s (%d events)\n", *out, events)
	return nil
}
