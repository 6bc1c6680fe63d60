package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
)

// Options are the choices a scaffold run makes beyond the schedule.
type Options struct {
	// Repo is the owner/name the README's links point to; empty means
	// cncf/mentoring.
	Repo string
	// Branch is the default branch the links point to; empty means main.
	Branch string
	// Status is the README's Status line; empty means Planning.
	Status string
	// Force writes over an existing term folder.
	Force bool
}

func (o Options) withDefaults() Options {
	if o.Repo == "" {
		o.Repo = "cncf/mentoring"
	}
	if o.Branch == "" {
		o.Branch = "main"
	}
	if o.Status == "" {
		o.Status = "Planning"
	}
	return o
}

// File is one file to write, its path relative to the repository root.
type File struct {
	Path    string
	Content string
}

// Result is a rendered term folder.
type Result struct {
	// Dir is the term folder, e.g. programs/lfx-mentorship/2027/01-Mar-May.
	Dir   string
	Files []File
	// rows maps a README line of the timeline table to its schedule entry.
	rows map[int]Entry
}

// EntryAt returns the schedule entry rendered at line of the term README,
// so a finding about the README can point at the schedule line to fix.
func (r *Result) EntryAt(line int) (Entry, bool) {
	e, ok := r.rows[line]
	return e, ok
}

// ErrExists is returned (wrapped) when the term folder already exists and
// Options.Force is not set.
var ErrExists = errors.New("term folder already exists")

// Build renders the term folder for s and refuses, with ErrExists, when the
// repository snapshot fsys already has that folder and opts.Force is unset.
// When the repository keeps a list of active terms (TermsFile), the new term
// is added to it.
func Build(fsys fs.FS, s *Schedule, cfg *config.Config, opts Options) (*Result, error) {
	res, err := Render(s, cfg, opts)
	if err != nil {
		return nil, err
	}
	if !opts.Force {
		if _, err := fs.Stat(fsys, res.Dir); err == nil {
			return nil, fmt.Errorf("%s: %w (pass --force to overwrite it)", res.Dir, ErrExists)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("checking %s: %w", res.Dir, err)
		}
	}
	pair := cfg.Terms.Months[s.Number]
	tf, err := termsUpdate(fsys, cfg.Terms.Root, s.Year, s.Number, pair[0], pair[1])
	if err != nil {
		return nil, err
	}
	if tf != nil {
		res.Files = append(res.Files, *tf)
	}
	return res, nil
}

// Dir returns the term folder of a term: <root>/<year>/<NN-Mon-Mon>.
func Dir(cfg *config.Config, year, number int) (string, error) {
	pair, ok := cfg.Terms.Months[number]
	if !ok {
		return "", fmt.Errorf("term %d has no months in the config's terms.months", number)
	}
	return path.Join(cfg.Terms.Root, fmt.Sprint(year), fmt.Sprintf("%02d-%s-%s", number, pair[0], pair[1])), nil
}

// Render renders README.md and project_ideas.md for s. It reads nothing.
func Render(s *Schedule, cfg *config.Config, opts Options) (*Result, error) {
	opts = opts.withDefaults()
	dir, err := Dir(cfg, s.Year, s.Number)
	if err != nil {
		return nil, err
	}
	first, last, ok := cfg.Terms.TermMonths(s.Number)
	if !ok {
		return nil, fmt.Errorf("term %d: terms.months has no valid months", s.Number)
	}
	loc, err := cfg.Terms.Location()
	if err != nil {
		return nil, fmt.Errorf("loading time zone %q: %w", cfg.Terms.Timezone, err)
	}
	proposals, ok := s.Lookup(RequiredKey)
	if !ok || !proposals.Dated() {
		return nil, fmt.Errorf("the schedule has no dated %s entry", RequiredKey)
	}
	if err := checkZones(s, loc); err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Term %02d - %d %s - %s\n\n", s.Number, s.Year, first, last)
	fmt.Fprintf(&b, "Status: %s\n\n", opts.Status)
	fmt.Fprintf(&b, "Mentorship duration - %s (full-time schedule)\n\n", duration(first, last))
	b.WriteString("### Timeline\n\n")
	rows := map[int]Entry{}
	line := strings.Count(b.String(), "\n") + 3 // header and delimiter rows
	for _, e := range s.Entries {
		if e.Dated() && e.Timeline {
			rows[line] = e
			line++
		}
	}
	b.WriteString(Timeline(s, loc))
	b.WriteString("\n### Project instructions\n\n")
	fmt.Fprintf(&b, "Project maintainers and potential mentors propose programs by opening an issue with the "+
		"[LFX Mentorship Program Proposal form](https://github.com/%s/issues/new?template=lfx-program-proposal.yml), by %s. "+
		"Submit one issue per program, and please limit proposals to 4-5 per CNCF project. "+
		"See [How to propose a program](%s#how-to-propose-a-program) for the full process and what happens after you submit.\n\n",
		opts.Repo, proposals.Last().Format("January 2, 2006"), programURL(cfg, opts))
	b.WriteString("### Application instructions\n\n")
	fmt.Fprintf(&b, "Mentee application instructions can be found on the [Program Guidelines](%s#program-guidelines) page.\n\n---\n", programURL(cfg, opts))
	return &Result{Dir: dir, rows: rows, Files: []File{
		{Path: dir + "/README.md", Content: b.String()},
		{Path: dir + "/project_ideas.md", Content: projectIdeas(cfg, opts)},
	}}, nil
}

// checkZones holds every time written with a zone to its date, naming the
// schedule entry at fault.
func checkZones(s *Schedule, loc *time.Location) error {
	var errs []error
	for i, e := range s.Entries {
		c, _ := parseClock(e.Time)
		if c == nil || !e.Dated() {
			continue
		}
		last := e.Last()
		if err := checkZone(*c, time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, loc), loc); err != nil {
			errs = append(errs, &EntryError{Path: s.Path, Line: e.Line, Index: i + 1, Key: e.Key, Msg: err.Error()})
		}
	}
	return errors.Join(errs...)
}

func programURL(cfg *config.Config, opts Options) string {
	return fmt.Sprintf("https://github.com/%s/blob/%s/%s/README.md", opts.Repo, opts.Branch, cfg.Terms.Root)
}

func projectIdeas(cfg *config.Config, opts Options) string {
	return "# Project proposals have moved\n\n" +
		"LFX Mentorship program proposals for this term are no longer submitted as a\n" +
		"pull request to this file.\n\n" +
		fmt.Sprintf("Open an issue with the [LFX Mentorship Program Proposal form](https://github.com/%s/issues/new?template=lfx-program-proposal.yml)\n", opts.Repo) +
		fmt.Sprintf("instead. See [How to propose a program](%s#how-to-propose-a-program)\n", programURL(cfg, opts)) +
		"for the full process.\n"
}

var numberWords = []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}

// duration words the term's length in months, counting both ends.
func duration(first, last time.Month) string {
	n := (int(last)-int(first)+12)%12 + 1
	if n == 1 {
		return "one month"
	}
	return numberWords[n] + " months"
}

// Timeline renders the README's Timeline table: one row per dated entry kept
// in the timeline, weekdays and dates written out, times in loc with the
// abbreviation in force on that date and in UTC. Columns are padded so the
// Markdown source reads as a table too.
func Timeline(s *Schedule, loc *time.Location) string {
	rows := [][2]string{{"Activity", fmt.Sprintf("Dates (%d)", s.Year)}}
	for _, e := range s.Entries {
		if e.Dated() && e.Timeline {
			rows = append(rows, [2]string{e.Label, DateCell(e, loc)})
		}
	}
	w := [2]int{}
	for _, r := range rows {
		for i, c := range r {
			w[i] = max(w[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	line := func(r [2]string) {
		fmt.Fprintf(&b, "| %s | %s |\n", pad(r[0], w[0]), pad(r[1], w[1]))
	}
	line(rows[0])
	fmt.Fprintf(&b, "|%s|%s|\n", strings.Repeat("-", w[0]+2), strings.Repeat("-", w[1]+2))
	for _, r := range rows[1:] {
		line(r)
	}
	return b.String()
}

func pad(s string, n int) string {
	return s + strings.Repeat(" ", n-len([]rune(s)))
}

// DateCell renders an entry's Date cell: "Monday, January 26 – Tuesday,
// February 10, 2026, 11:00 AM PST (19:00 UTC) *(note)*". A time applies to
// the last day: in a range it is the deadline. Dates are days in loc, so a
// UTC time near midnight moves the written day to the local one and names
// the UTC day in the parenthesis. The year is written once, or on both ends
// when the range crosses a new year.
func DateCell(e Entry, loc *time.Location) string {
	start, last := e.Start, e.Last()
	suffix := ""
	if c, _ := parseClock(e.Time); c != nil {
		t := c.On(last, loc)
		local := t.In(loc)
		last = time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
		if last.Before(start) {
			start = last
		}
		suffix = ", " + formatClock(t, last, loc)
	} else if e.Time != "" {
		suffix = ", " + e.Time
	}
	var b strings.Builder
	switch {
	case last.Equal(start):
		b.WriteString(start.Format("Monday, January 2, 2006"))
	case start.Year() != last.Year():
		b.WriteString(start.Format("Monday, January 2, 2006") + " – " + last.Format("Monday, January 2, 2006"))
	default:
		b.WriteString(start.Format("Monday, January 2") + " – " + last.Format("Monday, January 2, 2006"))
	}
	b.WriteString(suffix)
	if e.Note != "" {
		b.WriteString(" " + e.Note)
	}
	return b.String()
}
