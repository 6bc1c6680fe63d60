package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/runner"
)

func runMeeting(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "meeting", "[--repo DIR] [--config FILE] [--now T] [--write | --lint [--fail-on error|warning|never]] [--format text|json]")
	var rf repoFlags
	rf.register(fs, "text or json")
	write := fs.Bool("write", false, "edit the minutes files in --repo (default: print the change as a unified diff)")
	lint := fs.Bool("lint", false, "check the time lines of the minutes files instead of planning")
	failOn := fs.String("fail-on", "error", "with --lint: exit 1 when a finding is at least this severe: error, warning or never")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkFormat(rf.format, "text", "json"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments %q", fs.Args())
	}
	if *write && *lint {
		return usagef("--write and --lint do not go together")
	}
	env, err := localEnv(st, rf.repo, rf.config, rf.now)
	if err != nil {
		return err
	}
	res, err := runner.Meeting(ctx, env, runner.MeetingOptions{Lint: *lint})
	var le *meeting.LineError
	if errors.As(err, &le) {
		return &UsageError{Err: err} // the minutes file or the config needs fixing
	}
	if err != nil {
		return err
	}
	if res.Skipped != "" {
		return usagef("%s: check --repo and meeting.path", res.Skipped)
	}
	if *lint {
		if err := writeMeetingFindings(st.Stdout, rf.format, res); err != nil {
			return err
		}
		return failed(res.Findings, *failOn)
	}
	puts := putFiles(res.Plan)
	if *write {
		if err := writeFiles(rf.repo, puts); err != nil {
			return err
		}
	}
	if rf.format == "json" {
		return writeMeetingJSON(st.Stdout, res, puts, *write)
	}
	fmt.Fprintf(st.Stderr, "next meeting: %s %s in %s\n", res.Outputs["meeting_date"], res.Outputs["meeting_utc"], res.Outputs["meeting_path"])
	switch {
	case len(puts) == 0:
		fmt.Fprintln(st.Stderr, "the stub is already there: nothing to change")
	case *write:
		for _, p := range puts {
			fmt.Fprintf(st.Stdout, "wrote %s\n", p.Path)
		}
	default:
		for _, p := range puts {
			fmt.Fprint(st.Stdout, p.Diff)
		}
	}
	return nil
}

func putFiles(p *plan.Plan) []plan.PutFile {
	var out []plan.PutFile
	if p == nil {
		return nil
	}
	for _, a := range p.Actions {
		if pf, ok := a.(plan.PutFile); ok {
			out = append(out, pf)
		}
	}
	return out
}

// writeFiles writes the planned contents into the working tree at repo.
func writeFiles(repo string, puts []plan.PutFile) error {
	for _, p := range puts {
		if !filepath.IsLocal(filepath.FromSlash(p.Path)) {
			return usagef("refusing to write %q outside --repo (check meeting.path)", p.Path)
		}
	}
	// A symlinked minutes file that leads out of the repository is
	// refused, not followed.
	_, err := writeLocal(repo, puts...)
	return err
}

// MeetingJSON is the JSON form of a meeting run.
type MeetingJSON struct {
	MeetingDate string            `json:"meeting_date"`
	MeetingUTC  string            `json:"meeting_utc"`
	Path        string            `json:"path"`
	Changed     bool              `json:"changed"`
	Written     bool              `json:"written"`
	Files       []MeetingFileJSON `json:"files"`
}

// MeetingFileJSON is one file a meeting run changes.
type MeetingFileJSON struct {
	Path    string `json:"path"`
	Create  bool   `json:"create"`
	Message string `json:"message"`
	Diff    string `json:"diff"`
}

func writeMeetingJSON(w io.Writer, res *runner.Result, puts []plan.PutFile, written bool) error {
	out := MeetingJSON{MeetingDate: res.Outputs["meeting_date"], MeetingUTC: res.Outputs["meeting_utc"], Path: res.Outputs["meeting_path"],
		Changed: len(puts) > 0, Written: written && len(puts) > 0, Files: []MeetingFileJSON{}}
	for _, p := range puts {
		out.Files = append(out.Files, MeetingFileJSON{Path: p.Path, Create: isCreate(p.Diff), Message: p.Message, Diff: p.Diff})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// isCreate reports whether a unified diff creates its file.
func isCreate(diff string) bool { return len(diff) >= 14 && diff[:14] == "--- /dev/null\n" }

func writeMeetingFindings(w io.Writer, format string, res *runner.Result) error {
	if format == "json" {
		fs := res.Findings
		if fs == nil {
			fs = []finding.Finding{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			FilesChecked string            `json:"files_checked"`
			Findings     []finding.Finding `json:"findings"`
		}{res.Outputs["files_checked"], fs})
	}
	for _, f := range res.Findings {
		fmt.Fprintln(w, findingLine(w, f))
	}
	fmt.Fprintf(w, "%s minutes file(s) checked: %s errors, %s warnings\n", res.Outputs["files_checked"], res.Outputs["errors"], res.Outputs["warnings"])
	return nil
}

// planMeeting is the meeting section of the plan command: the stub change
// as a dry run.
func planMeeting(ctx context.Context, env *runner.Env, _ planOptions) ([]*runner.Result, error) {
	res, err := runner.Meeting(ctx, env, runner.MeetingOptions{})
	if err != nil {
		return nil, err
	}
	return []*runner.Result{res}, nil
}
