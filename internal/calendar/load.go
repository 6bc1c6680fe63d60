package calendar

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/term"
)

// Options say where the feed's links point.
type Options struct {
	// Repo is "owner/name" for links to term folders and minutes; empty
	// means no links.
	Repo string
	// Branch is the default branch; empty means main.
	Branch string
}

// Load reads the term READMEs and the newest minutes file from fsys and
// returns the feed's Input. Only a file that does not exist is passed over:
// any other read error is an error, never a feed with events missing. Terms
// of the archive (older naming) are left out: their dates are history.
func Load(fsys fs.FS, cfg *config.Config, opts Options) (Input, error) {
	if opts.Branch == "" {
		opts.Branch = "main"
	}
	in := Input{Name: "Mentoring programme"}
	if opts.Repo != "" {
		in.Name = opts.Repo + " mentoring"
	}
	dirs, err := term.Discover(fsys, cfg.Terms.Root)
	if err != nil {
		return Input{}, err
	}
	for _, dir := range dirs {
		id, err := term.ParseFolder(dir, cfg.Terms)
		if err != nil {
			continue // a misnamed folder is validate's to report
		}
		doc, err := term.Load(fsys, cfg, id)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Input{}, err
		}
		t := Term{Key: fmt.Sprintf("%d-%d", id.Year, id.Number), Short: fmt.Sprintf("LFX %d T%d", id.Year, id.Number)}
		if opts.Repo != "" {
			t.URL = fmt.Sprintf("https://github.com/%s/tree/%s/%s", opts.Repo, opts.Branch, dir)
		}
		for _, e := range doc.Timeline {
			if e.Parsed() {
				t.Dates = append(t.Dates, Date{Activity: e.Activity, Start: e.Start, End: e.End, HasTime: e.HasTime})
			}
		}
		in.Terms = append(in.Terms, t)
	}
	s, ok, err := loadSeries(fsys, cfg.Meeting, opts)
	if err != nil {
		return Input{}, err
	}
	if ok {
		in.Series = append(in.Series, s)
	}
	return in, nil
}

var (
	joinRE = regexp.MustCompile(`https://[^\s)\]>"]*(?:zoom\.us|zoom-lfx|meet\.google\.com|teams\.microsoft\.com|meet\.jit\.si)[^\s)\]>"]*`)
)

// loadSeries reads the meeting series from the newest minutes file (or the
// configured rule); ok is false when the repository keeps no minutes.
func loadSeries(fsys fs.FS, c config.Meeting, opts Options) (Series, bool, error) {
	loc, err := meeting.Locate(fsys, c)
	if errors.Is(err, meeting.ErrNoMinutes) {
		return Series{}, false, nil
	}
	if err != nil {
		return Series{}, false, err
	}
	year := loc.Years[len(loc.Years)-1]
	p := loc.Config.MinutesPath(year)
	src, err := fs.ReadFile(fsys, p)
	if err != nil {
		return Series{}, false, fmt.Errorf("reading %s: %w", p, err)
	}
	f, err := meeting.Parse(src)
	if err != nil {
		return Series{}, false, fmt.Errorf("%s: %w", p, err)
	}
	sched, ok, err := meeting.FromConfig(c.Schedule)
	if err != nil {
		return Series{}, false, err
	}
	if !ok {
		if sched, ok, err = f.Schedule(); err != nil {
			return Series{}, false, fmt.Errorf("%s: %w", p, err)
		}
		if !ok {
			return Series{}, false, nil // no rule: nothing recurs
		}
	}
	dur := time.Hour
	if d, err := time.ParseDuration(strings.TrimSpace(c.Schedule.Duration)); err == nil && d > 0 {
		dur = d
	}
	first := sched.Rule.NextOnOrAfter(meeting.Date{Year: year, Month: time.January, Day: 1})
	s := Series{
		Key:      slug(path.Dir(loc.Config.Path)),
		Summary:  "Working group meeting",
		RRule:    ruleText(sched.Rule),
		First:    sched.Start(first),
		Duration: dur,
	}
	if title, ok := meeting.FrontMatterTitle(src); ok {
		s.Summary = clean(title)
	}
	if m := joinRE.Find(src); m != nil {
		s.Join = string(m)
	}
	if opts.Repo != "" {
		s.Minutes = fmt.Sprintf("https://github.com/%s/blob/%s/%s", opts.Repo, opts.Branch, p)
	}
	for _, sk := range c.Skip {
		d, err := meeting.ParseDate(sk.Date)
		if err != nil {
			return Series{}, false, fmt.Errorf("meeting.skip %q: %w", sk.Date, err)
		}
		if sched.Rule.Matches(d) {
			s.Except = append(s.Except, time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, sched.Location))
		}
	}
	return s, true, nil
}

// ruleText writes a meeting rule as an RFC 5545 recurrence rule.
func ruleText(r meeting.Rule) string {
	wd := weekdayCode(r.Weekday)
	if len(r.Nths) == 0 {
		if r.Interval > 1 {
			return fmt.Sprintf("FREQ=WEEKLY;INTERVAL=%d;BYDAY=%s", r.Interval, wd)
		}
		return "FREQ=WEEKLY;BYDAY=" + wd
	}
	days := make([]string, len(r.Nths))
	for i, n := range r.Nths {
		if n == meeting.Last {
			days[i] = "-1" + wd
		} else {
			days[i] = fmt.Sprintf("%d%s", n, wd)
		}
	}
	return "FREQ=MONTHLY;BYDAY=" + strings.Join(days, ",")
}
