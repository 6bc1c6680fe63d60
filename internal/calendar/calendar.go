// Package calendar renders the programme's dates as one iCalendar feed (RFC
// 5545): every term's timeline, read from the term READMEs, and the working
// group's meeting series, read from the minutes file's recurring rule.
//
// People copy these dates by hand today, and copies drift. The feed is made
// from the same files mentorbot validates, so it says what they say. It is
// stable: every UID is derived from what an event is (term and activity; the
// series), and DTSTAMP from the event itself, so a file rendered from the
// same inputs is byte-identical and a subscribed calendar updates an event
// instead of adding a second one.
//
// Render is pure: the loader (Load) reads the repository.
package calendar

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	"github.com/mentorbot/mentorbot/internal/term"
)

// DefaultPath is where the push job keeps the feed committed.
const DefaultPath = "calendar/mentoring.ics"

// Date is one dated activity of a term's timeline.
type Date struct {
	// Activity is the timeline's activity text ("Mentee Applications Open").
	Activity string
	// Start is the first day; End the last day of a range (zero for a
	// single day). Only their calendar dates count, unless HasTime.
	Start, End time.Time
	// HasTime reports that the last day carries a time of day: the
	// activity ends at that instant (End, or Start for a single day).
	HasTime bool
}

// Term is one term's timeline.
type Term struct {
	// Key is stable and unique ("2027-1"); Short prefixes summaries
	// ("LFX 2027 T1").
	Key, Short string
	// URL links to the term folder.
	URL   string
	Dates []Date
}

// Series is a recurring meeting.
type Series struct {
	// Key is stable and unique ("mentoring-wg").
	Key     string
	Summary string
	// RRule is the recurrence rule without "RRULE:" ("FREQ=MONTHLY;BYDAY=3TH").
	RRule string
	// First is the first meeting's start, in the meeting's zone.
	First    time.Time
	Duration time.Duration
	// Except lists the days of meetings that will not happen (skipped or
	// cancelled), in the meeting's zone.
	Except []time.Time
	// Join is the meeting link; Notes the link to the minutes.
	Join, Minutes string
}

// Input is everything Render reads.
type Input struct {
	// Name is the calendar's name.
	Name   string
	Terms  []Term
	Series []Series
}

// Render returns the feed. Its output depends only on in.
func Render(in Input) ([]byte, error) {
	cal := ics.NewCalendarFor("mentorbot")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(clean(in.Name))
	cal.SetXWRCalName(clean(in.Name))
	cal.SetRefreshInterval("PT12H")
	zones := map[string]bool{}
	for _, s := range in.Series {
		loc := s.First.Location()
		if !zones[loc.String()] && loc != time.UTC {
			zones[loc.String()] = true
			if err := addTimezone(cal, loc, s.First.Year()); err != nil {
				return nil, err
			}
		}
	}
	for _, t := range in.Terms {
		for _, d := range t.Dates {
			addDate(cal, t, d)
		}
	}
	for _, s := range in.Series {
		addSeries(cal, s)
	}
	// RFC 5545 lines end with CRLF.
	return []byte(cal.Serialize(ics.WithNewLine("\r\n"))), nil
}

// uid is a stable identifier: the same event keeps it across renders.
func uid(parts ...string) string {
	return strings.Join(parts, "/") + "@mentorbot"
}

// slug turns an activity into the part of a UID that names it: its
// term.Slug, cut after the first letter or digit that makes it 64 bytes
// or more.
func slug(s string) string {
	full := term.Slug(s)
	for i, r := range full {
		if end := i + utf8.RuneLen(r); end >= 64 && r != '-' {
			return full[:end]
		}
	}
	return full
}

var emphasis = strings.NewReplacer("**", "", "__", "")

// clean makes person-written text safe to carry: no control characters
// (the library escapes what iCalendar gives meaning to), no markdown
// emphasis, at most 200 characters.
func clean(s string) string {
	s = emphasis.Replace(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

func day(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }

func addDate(cal *ics.Calendar, t Term, d Date) {
	if d.Start.IsZero() {
		return
	}
	act := clean(d.Activity)
	last := d.End
	if last.IsZero() {
		last = d.Start
	}
	key := slug(act)
	if d.HasTime && d.End.IsZero() {
		// A deadline: a timed event at the instant.
		addTimed(cal, uid("term", t.Key, key), t, act, last)
		return
	}
	e := cal.AddEvent(uid("term", t.Key, key))
	e.SetDtStampTime(day(d.Start))
	e.SetSummary(t.Short + ": " + act)
	e.SetAllDayStartAt(day(d.Start))
	e.SetAllDayEndAt(day(last).AddDate(0, 0, 1)) // DTEND is exclusive
	e.SetTimeTransparency(ics.TransparencyTransparent)
	if t.URL != "" {
		e.SetURL(t.URL)
		e.SetDescription(t.Short + ": " + act + "\n" + t.URL)
	}
	if d.HasTime {
		// A range that closes at a time: its deadline too, at the instant.
		addTimed(cal, uid("term", t.Key, key, "deadline"), t, act+" (deadline)", last)
	}
}

func addTimed(cal *ics.Calendar, id string, t Term, summary string, at time.Time) {
	e := cal.AddEvent(id)
	e.SetDtStampTime(at.UTC())
	e.SetSummary(t.Short + ": " + summary)
	e.SetStartAt(at.UTC())
	e.SetEndAt(at.UTC())
	e.SetTimeTransparency(ics.TransparencyTransparent)
	if t.URL != "" {
		e.SetURL(t.URL)
		e.SetDescription(t.Short + ": " + summary + "\n" + t.URL)
	}
}

const localLayout = "20060102T150405"

func addSeries(cal *ics.Calendar, s Series) {
	loc := s.First.Location()
	e := cal.AddEvent(uid("series", s.Key))
	e.SetDtStampTime(s.First.UTC())
	e.SetSummary(clean(s.Summary))
	tz := ics.WithTZID(loc.String())
	if loc == time.UTC {
		e.SetStartAt(s.First.UTC())
		e.SetEndAt(s.First.Add(s.Duration).UTC())
	} else {
		e.SetProperty(ics.ComponentPropertyDtStart, s.First.Format(localLayout), tz)
		e.SetProperty(ics.ComponentPropertyDtEnd, s.First.Add(s.Duration).Format(localLayout), tz)
	}
	e.AddRrule(s.RRule)
	for _, x := range s.Except {
		at := time.Date(x.Year(), x.Month(), x.Day(), s.First.Hour(), s.First.Minute(), 0, 0, loc)
		if loc == time.UTC {
			e.AddExdate(at.Format(localLayout) + "Z")
		} else {
			e.AddProperty(ics.ComponentPropertyExdate, at.Format(localLayout), tz)
		}
	}
	var desc []string
	if s.Join != "" {
		e.SetLocation(s.Join)
		e.SetURL(s.Join)
		desc = append(desc, "Join: "+s.Join)
	}
	if s.Minutes != "" {
		desc = append(desc, "Minutes and agenda: "+s.Minutes)
	}
	if len(desc) > 0 {
		e.SetDescription(strings.Join(desc, "\n"))
	}
}

// addTimezone writes loc as a VTIMEZONE: its standard and daylight
// observances as yearly rules when the zone follows one (America/Los_Angeles
// since 2007), so the series stays right across daylight saving for as long
// as it recurs; a zone without daylight saving gets its one offset.
func addTimezone(cal *ics.Calendar, loc *time.Location, year int) error {
	tz := cal.AddTimezone(loc.String())
	// The rules start with the year before the first meeting, so every
	// meeting falls after an observance's DTSTART.
	year--
	trans := transitions(loc, year)
	if len(trans) == 0 {
		name, off := time.Date(year, 1, 1, 0, 0, 0, 0, loc).Zone()
		st := tz.AddStandard()
		st.AddProperty(ics.ComponentPropertyDtStart, "19700101T000000")
		st.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), offset(off))
		st.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), offset(off))
		st.AddProperty(ics.ComponentProperty(ics.PropertyTzname), name)
		return nil
	}
	for _, tr := range trans {
		rule, ok := yearlyRule(loc, tr, year)
		if !ok {
			return fmt.Errorf("time zone %s: its %s change of %d follows no yearly rule mentorbot can write", loc, tr.name, year)
		}
		var c *ics.ComponentBase
		if tr.dst {
			d := &ics.Daylight{}
			tz.Components = append(tz.Components, d)
			c = &d.ComponentBase
		} else {
			st := tz.AddStandard()
			c = &st.ComponentBase
		}
		// DTSTART is the local time (before the change) of the first
		// change by this rule at or after 1970.
		c.AddProperty(ics.ComponentPropertyDtStart, tr.localBefore.Format(localLayout))
		c.AddProperty(ics.ComponentPropertyRrule, rule)
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), offset(tr.from))
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), offset(tr.to))
		c.AddProperty(ics.ComponentProperty(ics.PropertyTzname), tr.name)
	}
	return nil
}

type transition struct {
	at          time.Time // the instant of the change
	localBefore time.Time // wall clock just before it, as UTC fields
	from, to    int       // offsets in seconds
	name        string    // abbreviation after the change
	dst         bool
}

// transitions finds loc's offset changes in year, in order.
func transitions(loc *time.Location, year int) []transition {
	var out []transition
	t := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(year+1, 1, 1, 0, 0, 0, 0, time.UTC)
	_, off := t.In(loc).Zone()
	for t.Before(end) {
		next := t.Add(24 * time.Hour)
		if _, o := next.In(loc).Zone(); o != off {
			lo, hi := t, next
			for hi.Sub(lo) > time.Second {
				mid := lo.Add(hi.Sub(lo) / 2)
				if _, mo := mid.In(loc).Zone(); mo == off {
					lo = mid
				} else {
					hi = mid
				}
			}
			name, to := hi.In(loc).Zone()
			before := hi.Add(time.Duration(off) * time.Second).UTC()
			out = append(out, transition{at: hi, localBefore: before, from: off, to: to, name: name, dst: hi.In(loc).IsDST()})
			off = o
		}
		t = next
	}
	return out
}

// yearlyRule writes tr as "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU" when the same
// weekday rule gives the change at the same local time in each of the next
// ten years.
func yearlyRule(loc *time.Location, tr transition, year int) (string, bool) {
	lb := tr.localBefore
	nth := (lb.Day()-1)/7 + 1
	last := lb.AddDate(0, 0, 7).Month() != lb.Month()
	byday := fmt.Sprintf("%d%s", nth, weekdayCode(lb.Weekday()))
	if last && nth >= 4 {
		byday = "-1" + weekdayCode(lb.Weekday())
	}
	for y := year + 1; y <= year+10; y++ {
		found := false
		for _, o := range transitions(loc, y) {
			if o.dst != tr.dst {
				continue
			}
			b := o.localBefore
			n := (b.Day()-1)/7 + 1
			isLast := b.AddDate(0, 0, 7).Month() != b.Month()
			if b.Month() == lb.Month() && b.Weekday() == lb.Weekday() && b.Hour() == lb.Hour() && b.Minute() == lb.Minute() &&
				(n == nth || (strings.HasPrefix(byday, "-1") && isLast)) {
				found = true
			}
		}
		if !found {
			return "", false
		}
	}
	return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%s", int(lb.Month()), byday), true
}

func weekdayCode(d time.Weekday) string {
	return [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[d]
}

func offset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d%02d", sign, sec/3600, sec%3600/60)
}
