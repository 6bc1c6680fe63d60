package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/mentorbot/mentorbot/internal/action"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/runner"
)

func runValidate(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "validate", "[--repo DIR] [--config FILE] [--now T] [--all | PATH...] [--fail-on error|warning|never] [--format text|json|github]")
	var rf repoFlags
	rf.register(fs, "text, json or github (workflow-command annotations)")
	all := fs.Bool("all", false, "check every term folder (the default when no PATH is given)")
	failOn := fs.String("fail-on", "error", "exit 1 when a finding is at least this severe: error, warning or never")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(rf.format, "text", "json", "github"); err != nil {
		return err
	}
	env, err := localEnv(st, rf.repo, rf.config, rf.now)
	if err != nil {
		return err
	}
	if *all && fs.NArg() > 0 {
		return usagef("--all and PATH arguments do not go together")
	}
	paths, err := repoPaths(rf.repo, fs.Args())
	if err != nil {
		return err
	}
	opts := runner.ValidateOptions{All: *all || fs.NArg() == 0, Paths: paths}
	res, err := runner.Validate(ctx, env, opts)
	if err != nil {
		return err
	}
	checked := 0
	fmt.Sscan(res.Outputs["terms_checked"], &checked)
	if checked == 0 {
		// Checking nothing is never a pass: the repository or the paths are
		// not what the user thinks they are.
		layout := path.Join(env.Config.Terms.Root, "<year>", "<NN-Mon-Mon>")
		if fs.NArg() > 0 {
			return usagef("no term folder in %s: term folders are %s (terms.root in the config)", strings.Join(fs.Args(), " "), layout)
		}
		return usagef("--repo %s holds no term folder: term folders are %s (terms.root in the config)", rf.repo, layout)
	}
	if err := WriteFindings(st.Stdout, rf.format, checked, res.Findings); err != nil {
		return err
	}
	return failed(res.Findings, *failOn)
}

// repoPaths turns PATH arguments into repository-relative file paths, the
// form a pull request's changed files take. A PATH is a file or folder,
// relative to the current directory (or, failing that, to --repo), that
// exists inside --repo; a folder stands for every file below it.
func repoPaths(repo string, args []string) ([]string, error) {
	root, err := filepath.Abs(repo)
	if err != nil {
		return nil, usagef("--repo %s: %v", repo, err)
	}
	var out []string
	for _, a := range args {
		p, rel, info, err := resolvePath(root, a)
		if err != nil {
			return nil, usagef("%v (a PATH is relative to the current directory or to --repo %s)", err, repo)
		}
		if !info.IsDir() {
			out = append(out, filepath.ToSlash(rel))
			continue
		}
		err = filepath.WalkDir(p, func(f string, d iofs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			r, err := filepath.Rel(root, f)
			out = append(out, filepath.ToSlash(r))
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", a, err)
		}
	}
	return out, nil
}

// resolvePath finds a PATH argument: as typed, else below root; the first
// that exists inside root wins.
func resolvePath(root, arg string) (abs, rel string, info os.FileInfo, err error) {
	candidates := []string{arg}
	if !filepath.IsAbs(arg) {
		candidates = append(candidates, filepath.Join(root, arg))
	}
	err = fmt.Errorf("%s does not exist", arg)
	for _, c := range candidates {
		abs, aerr := filepath.Abs(c)
		fi, serr := os.Stat(abs)
		if aerr != nil || serr != nil {
			continue
		}
		rel, rerr := filepath.Rel(root, abs)
		if rerr != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			err = fmt.Errorf("%s is not inside --repo", arg)
			continue
		}
		return abs, rel, fi, nil
	}
	return "", "", nil, err
}

// failed returns ErrFindings when a finding is at least as severe as
// failOn ("error", "warning" or "never").
func failed(fs []finding.Finding, failOn string) error {
	switch failOn {
	case "never":
		return nil
	case "error", "warning":
		if w := finding.Worst(fs); w != "" && w.AtLeast(finding.Severity(failOn)) {
			return ErrFindings
		}
		return nil
	}
	return usagef("fail-on %q is not one of error, warning, never", failOn)
}

// ValidateJSON is the JSON form of a validation run.
type ValidateJSON struct {
	TermsChecked int               `json:"terms_checked"`
	Findings     []finding.Finding `json:"findings"`
}

// WriteFindings renders a validation run as text, JSON or workflow
// commands.
func WriteFindings(w io.Writer, format string, checked int, fs []finding.Finding) error {
	switch format {
	case "json":
		if fs == nil {
			fs = []finding.Finding{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(ValidateJSON{TermsChecked: checked, Findings: fs})
	case "github":
		action.Annotate(w, fs)
		return nil
	}
	for _, f := range fs {
		fmt.Fprintln(w, findingLine(w, f))
	}
	e, wn := finding.Count(fs, finding.SeverityError), finding.Count(fs, finding.SeverityWarning)
	fmt.Fprintf(w, "%d term folders checked: %d errors, %d warnings\n", checked, e, wn)
	return nil
}
