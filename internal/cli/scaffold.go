package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing/fstest"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/scaffold"
	"github.com/mentorbot/mentorbot/internal/term"
)

func runScaffold(_ context.Context, st *State, args []string) error {
	fs := newFlags(st, "scaffold", "--schedule FILE [--repo DIR] [--config FILE] [--repo-slug OWNER/NAME] [--status TEXT] [--write [--force]] [--format text|json]")
	schedule := fs.String("schedule", "", "the term schedule (term-setup format: term: {year, number}, schedule: entries)")
	repo := fs.String("repo", ".", "the repository's working tree")
	configPath := fs.String("config", "", fmt.Sprintf("config file, relative to the current directory (default: %s in --repo, or the built-in defaults)", config.DefaultPath))
	write := fs.Bool("write", false, "write the files into --repo (default: print them)")
	force := fs.Bool("force", false, "overwrite an existing term folder")
	slug := fs.String("repo-slug", "", "owner/name the README links point to (default cncf/mentoring)")
	status := fs.String("status", "", "the README's Status line (default Planning)")
	format := fs.String("format", "text", "output format: text or json")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(*format, "text", "json"); err != nil {
		return err
	}
	if *schedule == "" || fs.NArg() > 0 {
		return usagef("give the schedule with --schedule FILE (and no other arguments)")
	}
	env, err := localEnv(st, *repo, *configPath, "")
	if err != nil {
		return err
	}
	data, err := os.ReadFile(*schedule)
	if err != nil {
		return usagef("reading the schedule: %v", err)
	}
	s, err := scaffold.Parse(data, *schedule)
	if err != nil {
		return &UsageError{Err: err}
	}
	res, err := scaffold.Build(env.FS, s, env.Config, scaffold.Options{Repo: *slug, Branch: env.DefaultBranch, Status: *status, Force: *force})
	if err != nil {
		return &UsageError{Err: err}
	}
	// Check what would be written the way validate will: a schedule that
	// misses a required activity is reported, and nothing is written, since
	// scaffold's output must pass validate without a finding.
	fsys := fstest.MapFS{}
	for _, f := range res.Files {
		fsys[f.Path] = &fstest.MapFile{Data: []byte(f.Content)}
	}
	vr, err := term.Validate(fsys, env.Config, []string{res.Dir})
	if err != nil {
		return err
	}
	found := vr.Findings
	for i, f := range found {
		// The README does not exist yet: point at the schedule line that
		// made the row at fault.
		if e, ok := res.EntryAt(f.Line); ok && f.Path == res.Dir+"/"+term.ReadmeName {
			f.Path, f.Line, f.Message = *schedule, e.Line, fmt.Sprintf("schedule entry %s: %s", e.Key, f.Message)
		} else if f.Path == res.Dir+"/"+term.ReadmeName {
			f.Path, f.Line, f.Message = *schedule, 0, "the README it renders: "+f.Message
		}
		found[i] = f
		fmt.Fprintf(st.Stderr, "%s\n", f)
	}
	out := ScaffoldJSON{Dir: res.Dir, Written: *write && len(found) == 0, Files: []ScaffoldFile{}, Findings: found}
	for _, f := range res.Files {
		out.Files = append(out.Files, ScaffoldFile{Path: f.Path, Content: f.Content})
	}
	if out.Findings == nil {
		out.Findings = []finding.Finding{}
	}
	if *format == "json" && len(found) > 0 {
		if err := writeJSON(st.Stdout, out); err != nil {
			return err
		}
	}
	if len(found) > 0 {
		return fmt.Errorf("the rendered term folder would not pass validate (%d findings above): fix the schedule: %w", len(found), ErrFindings)
	}
	if !*write && *format == "json" {
		return writeJSON(st.Stdout, out)
	}
	if !*write {
		for _, f := range res.Files {
			fmt.Fprintf(st.Stdout, "==> %s <==\n%s\n", f.Path, f.Content)
		}
		fmt.Fprintf(st.Stdout, "(dry run: pass --write to create %s)\n", res.Dir)
		return nil
	}
	puts := make([]plan.PutFile, 0, len(res.Files))
	for _, f := range res.Files {
		puts = append(puts, plan.PutFile{Path: f.Path, Content: f.Content, Message: "Add " + res.Dir})
	}
	if _, err := writeLocal(*repo, puts...); err != nil {
		return err
	}
	if *format == "text" {
		for _, f := range res.Files {
			fmt.Fprintf(st.Stdout, "wrote %s\n", filepath.Join(*repo, filepath.FromSlash(f.Path)))
		}
	}
	if *format == "json" {
		return writeJSON(st.Stdout, out)
	}
	return nil
}

// ScaffoldJSON is what scaffold --format json prints: the term folder, its
// files, whether they were written, and the findings that stopped it.
type ScaffoldJSON struct {
	Dir      string            `json:"dir"`
	Written  bool              `json:"written"`
	Files    []ScaffoldFile    `json:"files"`
	Findings []finding.Finding `json:"findings"`
}

// ScaffoldFile is one file of a scaffolded term folder, repo-relative.
type ScaffoldFile struct {
	Path    string `json:"path"`
	Content string `json:"content"`
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
