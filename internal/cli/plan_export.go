package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/runner"
)

var exportIssuesRE = regexp.MustCompile(`^export-issues-(\d{4}-\d{1,2})\.json$`)

// planExport shows the LFX export of each term that has an example issues
// file next to the example issues folder (export-issues-YYYY-N.json, as
// the export command's --issues reads).
func planExport(ctx context.Context, env *runner.Env, opts planOptions) ([]*runner.Result, error) {
	if opts.IssuesDir == "" {
		return []*runner.Result{{Job: "export", Skipped: "no example issues (--issues)"}}, nil
	}
	dir := filepath.Dir(filepath.Clean(opts.IssuesDir))
	names, _ := filepath.Glob(filepath.Join(dir, "export-issues-*.json"))
	var out []*runner.Result
	for _, name := range names {
		m := exportIssuesRE.FindStringSubmatch(filepath.Base(name))
		if m == nil {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		issues, comments, err := export.DecodeIssues(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		res, _, err := runner.Export(ctx, env, runner.ExportOptions{Term: m[1], Issues: issues, Comments: comments})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, res)
	}
	if len(out) == 0 {
		return []*runner.Result{{Job: "export", Skipped: "no example export issues (export-issues-YYYY-N.json) in " + dir}}, nil
	}
	return out, nil
}
