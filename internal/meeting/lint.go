package meeting

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/zone"
)

// The lint rules, as they appear in findings and in config severity keys.
const (
	// RuleHeadingDate: a meeting heading whose date cannot be read.
	RuleHeadingDate = "minutes-heading-date"
	// RuleZoneAbbreviation: "PDT" on a date when Pacific Time is PST, and
	// the like.
	RuleZoneAbbreviation = "minutes-zone-abbreviation"
	// RuleTimeMismatch: a time in the line (usually the UTC one) that is not
	// the same instant as the line's first time.
	RuleTimeMismatch = "minutes-time-mismatch"
	// RuleDateMismatch: a date in the time line that is not the meeting's
	// date (in that time's zone).
	RuleDateMismatch = "minutes-date-mismatch"
	// RuleLinkDate: a date inside a link in the meeting's header (a time
	// zone calculator) that is not the meeting's date.
	RuleLinkDate = "minutes-link-date"
	// RuleStructure: a missing or duplicated section heading.
	RuleStructure = "minutes-structure"
	// RuleSchedule: a recurring section stating more than one schedule,
	// of which mentorbot plans only the first.
	RuleSchedule = "minutes-schedule"
)

var linkTargetRE = regexp.MustCompile(`\]\(([^)\s]*)|https?://\S+`)

// Lint reports time lines whose zone abbreviation, UTC time or date
// disagree with their heading, and dates inside header links that disagree
// with it. Problems in "Past Meetings" are warnings (they can no longer
// mislead anyone); in the upcoming stubs and the template they are errors.
// path is copied into every finding.
func Lint(path string, src []byte) []finding.Finding {
	f, err := Parse(src)
	if err != nil {
		return []finding.Finding{lineFinding(path, err)}
	}
	var out []finding.Finding
	if err := f.Require(); err != nil {
		out = append(out, lineFinding(path, err))
	}
	if s, ok, err := f.Schedule(); ok && err == nil {
		for _, o := range s.Others {
			fd := lineFinding(path, o)
			fd.Rule, fd.Severity = RuleSchedule, finding.SeverityWarning
			out = append(out, fd)
		}
	}
	for si, s := range f.Sections {
		sev := finding.SeverityError
		if si == f.Past || (si != f.Upcoming && si != f.Template) {
			sev = finding.SeverityWarning
		}
		if si != f.Upcoming && si != f.Past && si != f.Template {
			continue
		}
		for _, b := range s.Meetings {
			out = append(out, lintBlock(path, f, b, sev, si == f.Upcoming)...)
		}
	}
	finding.Sort(out)
	return out
}

func lineFinding(path string, err error) finding.Finding {
	fd := finding.Finding{Path: path, Severity: finding.SeverityError, Rule: RuleStructure, Message: err.Error()}
	if le, ok := err.(*LineError); ok {
		fd.Line, fd.Message = le.Line, le.Msg
	}
	return fd
}

func lintBlock(path string, f *File, b Block, sev finding.Severity, upcoming bool) []finding.Finding {
	var out []finding.Finding
	add := func(line int, rule, msg string) {
		out = append(out, finding.Finding{Path: path, Line: line + 1, Severity: sev, Rule: rule, Message: msg})
	}
	if !b.DateOK {
		if upcoming || b.TimeLine >= 0 {
			add(b.Line, RuleHeadingDate, fmt.Sprintf("cannot read the date in the heading %q: write it like \"## November 21, 2024\"", "## "+b.Heading))
		}
		return out
	}
	if b.TimeLine >= 0 {
		lintTimeLine(f.Text(b.TimeLine), b, func(rule, msg string) { add(b.TimeLine, rule, msg) })
	}
	for i := b.Line + 1; i < len(f.Lines) && f.Lines[i].Start < b.End; i++ {
		t := f.Text(i)
		if subheadingRE.MatchString(t) {
			break
		}
		for _, target := range linkTargetRE.FindAllString(t, -1) {
			for _, ds := range isoDateRE.FindAllString(target, -1) {
				d, err := ParseDate(ds)
				if err == nil && d != b.Date && (i != b.TimeLine || !strings.Contains(t, " on "+ds)) {
					add(i, RuleLinkDate, fmt.Sprintf("the link carries the date %s, but the meeting is on %s", ds, b.Date))
				}
			}
		}
	}
	return out
}

// lintTimeLine checks one time line against its heading's date. The first
// time in the line is taken as the truth: its date is the heading's (or its
// own "on" date), and every other time must be the same instant.
func lintTimeLine(line string, b Block, report func(rule, msg string)) {
	clocks := parseTimeLine(line)
	if len(clocks) == 0 {
		return
	}
	first := clocks[0]
	firstDate := b.Date
	if d, ok, _ := onDate(first); ok {
		firstDate = d
		if d != b.Date {
			report(RuleDateMismatch, fmt.Sprintf("the time line says %s, but the heading says %s", d, b.Date.Long()))
		}
	}
	loc, _ := clockZone(first)
	instant := firstDate.At(first.Hour, first.Minute, loc)
	for i, c := range clocks {
		cloc, zi := clockZone(c)
		at := instant.In(cloc)
		if zi.abbrev != "" {
			if name, _ := at.Zone(); name != zi.abbrev {
				report(RuleZoneAbbreviation, fmt.Sprintf("%s is wrong on %s: %s is then %s", zi.abbrev, DateOf(at), zone.Label(cloc), describeOffset(at)))
			}
		}
		if i == 0 {
			continue
		}
		// A wrong abbreviation with a clock right for that abbreviation
		// ("9:00 AM NZST" when New Zealand is on NZDT) is one mistake, not two.
		if !sameClock(at, c) && !sameClock(instant.In(abbrevZone(instant, cloc, zi.abbrev)), c) {
			report(RuleTimeMismatch, fmt.Sprintf("%q should say %s %s: %s on %s is %s %s", c.Text, at.Format("15:04"), c.Zone, first.Text, firstDate, at.Format("15:04"), c.Zone))
		}
		if d, ok, _ := onDate(c); ok && d != DateOf(at) {
			report(RuleDateMismatch, fmt.Sprintf("%q should say %s: the meeting of %s is on %s in %s", c.Text, DateOf(at), b.Date.Long(), DateOf(at), c.Zone))
		}
	}
}

// abbrevZone returns the fixed zone that abbrev names within loc (PST within
// America/Los_Angeles), found by looking at the months around t; loc itself
// when abbrev is empty or unknown there.
func abbrevZone(t time.Time, loc *time.Location, abbrev string) *time.Location {
	if abbrev == "" {
		return loc
	}
	for k := 0; k < 12; k++ {
		if name, off := t.AddDate(0, k, 0).In(loc).Zone(); name == abbrev {
			return time.FixedZone(name, off)
		}
	}
	return loc
}
