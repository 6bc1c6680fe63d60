package runner

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/calendar"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/export"
	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/term"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

// calendarJobRun is the Jobs row's entry point.
func calendarJobRun(ctx context.Context, env *Env, _ Params) (*Result, error) {
	return CalendarFiles(ctx, env)
}

// CalendarFiles keeps the files made from the programme's dates committed
// on the default branch: the iCalendar feed at calendar.path (with
// calendar.commit) and, with timeline_chart.readme, the chart block of
// every term README. A file that would be byte-identical is not written. On
// a push, it runs only when the push changed a term README, a minutes file
// or the config.
func CalendarFiles(ctx context.Context, env *Env) (*Result, error) {
	res := &Result{Job: "calendar", Plan: &plan.Plan{Owner: env.Owner, Repo: env.Repo}}
	cfg := env.Config
	if !cfg.Calendar.Commit && !cfg.TimelineChart.Readme {
		res.Skipped = "neither calendar.commit nor timeline_chart.readme is on"
		return res, nil
	}
	if ev := env.Event; ev != nil && ev.Push != nil {
		if branch := strings.TrimPrefix(ev.Push.Ref, "refs/heads/"); env.DefaultBranch != "" && branch != env.DefaultBranch {
			res.Skipped = fmt.Sprintf("push to %s, not the default branch %s", branch, env.DefaultBranch)
			return res, nil
		}
		if !datesChanged(ev.Push.Changed, cfg) {
			res.Skipped = "the push changed no term README, minutes file or config"
			return res, nil
		}
	}
	var notes []string
	if cfg.Calendar.Commit {
		a, err := feedFile(env)
		if err != nil {
			return nil, err
		}
		if a != nil {
			res.Plan.Add(*a)
		} else {
			notes = append(notes, cfg.Calendar.Path+" is up to date")
		}
	}
	if cfg.TimelineChart.Readme {
		as, ns, err := chartFiles(env)
		if err != nil {
			return nil, err
		}
		res.Plan.Add(as...)
		notes = append(notes, ns...)
	}
	res.Summary = "### Calendar files\n\n" + bullets(notes)
	if res.Plan.Empty() {
		res.Skipped = "nothing to write: " + strings.Join(notes, "; ")
		return res, nil
	}
	return res, res.Apply(ctx, env)
}

// datesChanged reports whether a push touched what the files are made from.
func datesChanged(paths []string, cfg *config.Config) bool {
	minutes := strings.ReplaceAll(cfg.Meeting.Path, "{year}", "[0-9][0-9][0-9][0-9]")
	for _, p := range paths {
		switch {
		case p == config.DefaultPath:
			return true
		case path.Base(p) == term.ReadmeName && strings.HasPrefix(p, cfg.Terms.Root+"/"):
			return true
		case matchPath(minutes, p):
			return true
		}
	}
	return false
}

// matchPath matches a file against the minutes path pattern, which may
// hold wildcards ("*/[0-9][0-9][0-9][0-9]-meeting-minutes.md").
func matchPath(pattern, p string) bool {
	ok, err := path.Match(pattern, p)
	return err == nil && ok
}

// shaer is an fs.FS that knows its files' blob shas (githubapi.FS).
type shaer interface{ SHA(name string) string }

// current reads a file of the snapshot and its blob sha; a missing file is
// ("", "", nil).
func current(env *Env, p string) (string, string, error) {
	data, err := fs.ReadFile(env.FS, p)
	if errors.Is(err, fs.ErrNotExist) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("reading %s: %w", p, err)
	}
	if s, ok := env.FS.(shaer); ok {
		if sha := s.SHA(p); sha != "" {
			return string(data), sha, nil
		}
	}
	return string(data), export.BlobSHA(data), nil
}

// feedFile returns the PutFile of the feed, or nil when it is up to date.
func feedFile(env *Env) (*plan.PutFile, error) {
	cfg := env.Config
	opts := calendar.Options{Branch: env.DefaultBranch}
	if env.Owner != "" && env.Owner != "local" {
		opts.Repo = env.Owner + "/" + env.Repo
	}
	in, err := calendar.Load(env.FS, cfg, opts)
	if err != nil {
		return nil, err
	}
	feed, err := calendar.Render(in)
	if err != nil {
		return nil, err
	}
	old, sha, err := current(env, cfg.Calendar.Path)
	if err != nil {
		return nil, err
	}
	if bytes.Equal([]byte(old), feed) {
		return nil, nil
	}
	events := bytes.Count(feed, []byte("BEGIN:VEVENT"))
	return &plan.PutFile{Path: cfg.Calendar.Path, Content: string(feed), BaseSHA: sha, Message: cfg.Calendar.Message,
		Diff: fmt.Sprintf("(%d events, %d bytes)", events, len(feed))}, nil
}

// chartFiles returns a PutFile per term README whose chart block is
// missing or out of date. A README with malformed markers is left alone
// and named in the notes.
func chartFiles(env *Env) ([]plan.Action, []string, error) {
	cfg := env.Config
	loc, err := cfg.Terms.Location()
	if err != nil {
		return nil, nil, fmt.Errorf("terms.timezone: %w", err)
	}
	dirs, err := term.Discover(env.FS, cfg.Terms.Root)
	if err != nil {
		return nil, nil, fmt.Errorf("finding term folders under %s: %w", cfg.Terms.Root, err)
	}
	var out []plan.Action
	var notes []string
	for _, dir := range dirs {
		id, err := term.ParseFolder(dir, cfg.Terms)
		if err != nil {
			continue
		}
		doc, err := term.Load(env.FS, cfg, id)
		if err != nil {
			return nil, nil, err
		}
		var rows []umbrella.Date
		for _, e := range doc.Timeline {
			if e.Parsed() {
				rows = append(rows, umbrella.Date{Activity: e.Activity, Start: e.Start, End: e.End, HasTime: e.HasTime})
			}
		}
		t := umbrella.Term{Year: id.Year, Number: id.Number}
		chart := umbrella.Chart(t.Short()+" timeline", rows, loc, time.Time{})
		if chart == "" {
			continue
		}
		old, sha, err := current(env, doc.Path)
		if err != nil {
			return nil, nil, err
		}
		updated, err := umbrella.ReplaceChart(old, chart, doc.TimelineLine)
		if err != nil {
			notes = append(notes, fmt.Sprintf("%s: %v: fix the markers by hand; the README is left as it is", doc.Path, err))
			continue
		}
		if updated == old {
			continue
		}
		out = append(out, plan.PutFile{Path: doc.Path, Content: updated, BaseSHA: sha,
			Message: fmt.Sprintf("%s: timeline chart", t.Short()), Diff: meeting.Diff(doc.Path, []byte(old), []byte(updated))})
	}
	return out, notes, nil
}
