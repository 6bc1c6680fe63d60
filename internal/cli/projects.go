package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/projects"
	"github.com/mentorbot/mentorbot/internal/runner"
)

// runProjects dispatches "mentorbot projects sync", its one subcommand
// (`mentorbot projects --help` shows its usage).
func runProjects(ctx context.Context, st *State, args []string) error {
	if len(args) > 0 && args[0] == "sync" {
		return runProjectsSync(ctx, st, args[1:])
	}
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return usagef("unknown projects command %q (want: projects sync)", args[0])
	}
	return runProjectsSync(ctx, st, args)
}

// runProjectsSync regenerates projects.yml and the proposal form from a
// landscape file, offline: it prints both as diffs against --repo (nothing
// when the list is the same) and --write writes them. Which organisations
// have a .project repository comes from --dot-project, or else from what
// the current projects.yml says (an organisation it does not name is
// reported and counted as having none).
func runProjectsSync(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "projects sync", "--repo DIR --landscape FILE [--dot-project FILE] [--config FILE] [--now T] [--write]")
	repo := fs.String("repo", ".", "the repository's working tree")
	configPath := fs.String("config", "", "config file, relative to the current directory (default: .github/mentorbot.yml in --repo, or the built-in defaults)")
	now := fs.String("now", "", "the date a changed list is dated with, RFC 3339 (default: now)")
	landscape := fs.String("landscape", "", "cncf/landscape's landscape.yml (required)")
	dotPath := fs.String("dot-project", "", "file of the GitHub organisations that have a .project repository, one a line (default: as the current projects.yml says)")
	write := fs.Bool("write", false, "write the files into --repo (default: print them as diffs)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q", fs.Args())
	}
	if *landscape == "" {
		return usagef("--landscape is required")
	}
	env, err := localEnv(st, *repo, *configPath, *now)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(*landscape)
	if err != nil {
		return usagef("reading --landscape: %v", err)
	}
	reader, err := dotProjectReader(env, *dotPath)
	if err != nil {
		return err
	}
	_, res, err := runner.ProjectsSync(ctx, env, runner.ProjectsOptions{Landscape: data, DotProject: reader})
	if err != nil {
		return err
	}
	if len(reader.unknown) > 0 {
		fmt.Fprintf(st.Stderr, "not known to have a .project repository (pass --dot-project): %s\n", strings.Join(reader.unknown, ", "))
	}
	fmt.Fprintf(st.Stdout, "CNCF project list: %d projects from %s\n", res.Count, *landscape)
	if !res.Changed {
		fmt.Fprintln(st.Stdout, "no changes: no pull request would be opened")
		return nil
	}
	for _, a := range res.Plan.Actions {
		put, ok := a.(plan.PutFile)
		if !ok {
			continue
		}
		if *write {
			if _, err := writeLocal(*repo, put); err != nil {
				return err
			}
			fmt.Fprintf(st.Stdout, "wrote %s\n", put.Path)
			continue
		}
		fmt.Fprint(st.Stdout, "\n"+put.Diff)
	}
	if !*write {
		fmt.Fprintf(st.Stdout, "\nonline, mentorbot would open or update a pull request from %s labelled %q\n", projects.Branch, env.Config.Labels.Administration)
	}
	return nil
}

// fileOrgs answers from a set of organisations; with fromList set,
// organisations the set does not decide are recorded as unknown.
type fileOrgs struct {
	have, known map[string]bool
	fromList    bool
	unknown     []string
}

func (f *fileOrgs) HasDotProject(_ context.Context, org string) (bool, error) {
	if f.fromList && !f.known[org] {
		f.unknown = append(f.unknown, org)
	}
	return f.have[org], nil
}

// dotProjectReader reads --dot-project, or the current projects.yml.
func dotProjectReader(env *runner.Env, path string) (*fileOrgs, error) {
	r := &fileOrgs{have: map[string]bool{}, known: map[string]bool{}}
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, usagef("reading --dot-project: %v", err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if org := strings.ToLower(strings.TrimSpace(sc.Text())); org != "" && !strings.HasPrefix(org, "#") {
				r.have[org] = true
			}
		}
		return r, sc.Err()
	}
	r.fromList = true
	files, err := projects.LoadFiles(env.FS, env.Config.Export.Projects, env.Config.Proposals.Form)
	if err != nil || !files.Projects.Exists {
		return r, err
	}
	cur, err := projects.ParseFile([]byte(files.Projects.Content))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", env.Config.Export.Projects, err)
	}
	for _, p := range cur {
		org := p.Org()
		r.known[org] = true
		if p.HasDotProject {
			r.have[org] = true
		}
	}
	return r, nil
}
