package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// runExport plans a term's LFX export offline: the issues come from a file,
// the repository from a directory. It prints the plan (the files as diffs
// against the directory, the labels, the pull request) and the comments
// the merge would post; --write writes the files into the directory.
func runExport(_ context.Context, st *State, args []string) error {
	fs := newFlags(st, "export", "--repo DIR --term YYYY-N --issues FILE [--config FILE] [--now T] [--write] [--format text|json]")
	var rf repoFlags
	rf.register(fs, "text or json")
	termID := fs.String("term", "", "the term to export, e.g. 2026-3 (required)")
	issuesPath := fs.String("issues", "", "JSON array of the repository's issues as GitHub's REST API returns them, optionally each with its \"comments\" (required)")
	write := fs.Bool("write", false, "write the files into --repo (default: print them as diffs)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(rf.format, "text", "json"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q", fs.Args())
	}
	if *termID == "" || *issuesPath == "" {
		return usagef("--term and --issues are required")
	}
	env, err := localEnv(st, rf.repo, rf.config, rf.now)
	if err != nil {
		return err
	}
	cfg := env.Config
	term, err := export.ParseTerm(*termID, cfg)
	if err != nil {
		return &UsageError{Err: err}
	}
	data, err := os.ReadFile(*issuesPath)
	if err != nil {
		return usagef("reading --issues: %v", err)
	}
	issues, comments, err := export.DecodeIssues(data)
	if err != nil {
		return usagef("--issues %s: %v", *issuesPath, err)
	}
	in := &export.Input{Term: term, Issues: issues, DefaultBranch: env.DefaultBranch, LFXURLs: map[int]string{}, Config: cfg, Now: env.Now}
	for n, cs := range comments {
		if u := export.RecordedLFXURL(cs, cfg.IsBot); u != "" {
			in.LFXURLs[n] = u
		}
	}
	if in.Projects, err = export.LoadProjects(env.FS, cfg); err != nil {
		return &UsageError{Err: err}
	}
	if in.Base, err = export.LoadFiles(env.FS, term, cfg); err != nil {
		return err
	}
	res, err := export.Plan(in)
	var fe *export.FileError
	if errors.As(err, &fe) {
		return &UsageError{Err: err} // the previous export needs fixing
	}
	if err != nil {
		return usagef("%v", err)
	}
	var prev *export.File
	if base := in.Base[export.ExportName]; base.Exists {
		prev, _ = export.Decode([]byte(base.Content), term.Path(cfg, export.ExportName)) // Plan decoded it already
	}
	onMerge := &plan.Plan{}
	if res.Changed {
		onMerge = export.PlanMerged(term, prev, res.Export, 0)
	}
	puts := putFiles(res.Plan)
	if *write {
		if err := writeExport(rf.repo, term.Folder(cfg), puts); err != nil {
			return err
		}
	}
	for _, p := range res.Problems {
		fmt.Fprintf(st.Stderr, "problem: %s\n", p)
	}
	if rf.format == "json" {
		return writeExportJSON(st.Stdout, term, term.Folder(cfg), res, onMerge, *write && len(puts) > 0)
	}
	writeExportText(st.Stdout, term, res, onMerge, *write, puts)
	return nil
}

func writeExportText(w io.Writer, term export.Term, res *export.Result, onMerge *plan.Plan, written bool, puts []plan.PutFile) {
	fmt.Fprintf(w, "LFX export of %s: %d programs (%d added, %d updated, %d kept, %d unchanged)\n",
		term.Label(), res.Export.Count, len(res.Added), len(res.Updated), len(res.Kept), len(res.Unchanged))
	if written {
		for _, p := range puts {
			fmt.Fprintf(w, "wrote %s\n", p.Path)
		}
	}
	fmt.Fprintf(w, "\nplan:\n%s", res.Plan.Text())
	for _, a := range res.Plan.Actions {
		if pr, ok := a.(plan.EnsurePullRequest); ok {
			fmt.Fprintf(w, "\npull request body:\n%s", indent(pr.Body))
		}
	}
	if !onMerge.Empty() {
		fmt.Fprintf(w, "\nwhen the pull request is merged:\n%s", onMerge.Text())
	}
}

// ExportJSON is the JSON form of an offline export run.
type ExportJSON struct {
	Term    string         `json:"term"`
	Folder  string         `json:"folder"`
	Written bool           `json:"written"`
	Result  *export.Result `json:"result"`
	OnMerge *plan.Plan     `json:"on_merge"`
}

func writeExportJSON(w io.Writer, term export.Term, folder string, res *export.Result, onMerge *plan.Plan, written bool) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(ExportJSON{Term: term.ID(), Folder: folder, Written: written, Result: res, OnMerge: onMerge})
}

// writeExport writes the planned files into the working tree at repo. The
// paths come from the term id; anything outside the term folder is refused
// all the same.
func writeExport(repo, folder string, puts []plan.PutFile) error {
	for _, p := range puts {
		if !strings.HasPrefix(p.Path, folder+"/") || !filepath.IsLocal(filepath.FromSlash(p.Path)) {
			return fmt.Errorf("refusing to write %q outside the term folder %s", p.Path, folder)
		}
	}
	_, err := writeLocal(repo, puts...)
	return err
}

// indent prefixes every line of s as plan.Text does an action's body.
func indent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		b.WriteString("   | " + l + "\n")
	}
	return b.String()
}
