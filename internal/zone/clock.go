package zone

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Clock is a time of day as people write one in schedules, scaffold
// entries and meeting minutes: "10:00", "10AM", "8:30 am", "21:00 UTC",
// "11:00 AM PST (19:00 UTC)", "10:00 AM Pacific Time", "18:00 UTC on
// 2024-11-21". It is mentorbot's one reading of a written time; term
// timelines read theirs token by token (internal/term), through the same
// zone table.
type Clock struct {
	Hour, Minute int // 24-hour
	// Zone is the zone name written after the time, as written ("PST",
	// "Pacific Time", "UTC"), "" when none.
	Zone string
	// HasUTC marks a local time followed by its UTC reading, "(19:00
	// UTC)", which is then UTCHour:UTCMinute.
	HasUTC             bool
	UTCHour, UTCMinute int
	// Date is the "on YYYY-MM-DD" written after the time, "" when none.
	Date string
	// Text is the expression as written.
	Text string
}

// UTC reports whether the written zone is UTC ("UTC", "GMT", "Z").
func (c Clock) UTC() bool {
	if c.Zone == "" {
		return false
	}
	a, ok := Lookup(c.Zone)
	return ok && a.Zone == "UTC"
}

// On returns the instant the clock names on the calendar day of date: in
// UTC when its zone is UTC, else in loc.
func (c Clock) On(date time.Time, loc *time.Location) time.Time {
	if c.UTC() {
		loc = time.UTC
	}
	return time.Date(date.Year(), date.Month(), date.Day(), c.Hour, c.Minute, 0, 0, loc)
}

// The grammar, in one place: an hour, optional minutes, optional AM/PM,
// then a zone (a name of the table, or for ParseClock any 2 to 5 letters,
// which the caller judges), then for ParseClock "(HH:MM UTC)" and for
// FindClocks "on YYYY-MM-DD".
var (
	hourMinute = `(\d{1,2})(?:%s(\d{2}))?\s*(?:([ap])\.?m\.?)?`
	wholeRE    = regexp.MustCompile(`(?i)^` + fmt.Sprintf(hourMinute, `[:.]`) +
		`(?:\s*(` + namesPattern() + `|[a-z]{2,5}))?` +
		`(?:\s*\(\s*(\d{1,2}):(\d{2})\s*UTC\s*\))?$`)
	// In a line of text, only a name of the table is a zone, and only ":"
	// separates minutes, so "version 1.20 UTC" or "10 am and" are no times.
	findRE = regexp.MustCompile(`(?i)\b` + fmt.Sprintf(hourMinute, `:`) +
		`\s+(` + namesPattern() + `)\b(?:\s+on\s+(\d{4}-\d{1,2}-\d{1,2}))?`)
)

// namesPattern is every name of the table, longest first, as a regexp
// alternation.
func namesPattern() string {
	names := Names()
	for i, n := range names {
		names[i] = regexp.QuoteMeta(n)
	}
	return strings.Join(names, "|")
}

// ErrNoClock is ParseClock's error for text that is not a time at all.
var ErrNoClock = errors.New("not a time of day")

// ParseClock reads a whole string as one time: an hour ("10" is 10:00, as
// in "at 10 Pacific Time"), minutes, AM/PM, an optional zone and an
// optional UTC reading. Text that is no time wraps ErrNoClock; a time out of range
// ("13PM", "25:00") is an error naming it.
func ParseClock(s string) (Clock, error) {
	s = strings.TrimSpace(s)
	m := wholeRE.FindStringSubmatch(s)
	if m == nil {
		return Clock{}, fmt.Errorf("%q is %w", s, ErrNoClock)
	}
	h, min, ok := hourMin(m[1], m[2], m[3])
	if !ok {
		return Clock{}, fmt.Errorf("%q is not a time of day", s)
	}
	c := Clock{Hour: h, Minute: min, Zone: m[4], Text: s}
	if m[5] != "" {
		c.HasUTC = true
		c.UTCHour, _ = strconv.Atoi(m[5])
		c.UTCMinute, _ = strconv.Atoi(m[6])
		if c.UTCHour > 23 || c.UTCMinute > 59 {
			return Clock{}, fmt.Errorf("%q: %s:%s is not a time of day", s, m[5], m[6])
		}
	}
	return c, nil
}

// FindClocks returns the times written with a zone in a line of text, in
// order: "10:00 AM Pacific Time (18:00 UTC on 2024-12-19)" holds two. A
// time needs minutes or AM/PM ("10AM PDT", "21:00 UTC"), so that stray
// numbers are not read as times; one out of range is skipped.
func FindClocks(line string) []Clock {
	var out []Clock
	for _, m := range findRE.FindAllStringSubmatch(line, -1) {
		if m[2] == "" && m[3] == "" {
			continue
		}
		h, min, ok := hourMin(m[1], m[2], m[3])
		if !ok {
			continue
		}
		out = append(out, Clock{Hour: h, Minute: min, Zone: m[4], Date: m[5], Text: strings.TrimSpace(m[0])})
	}
	return out
}

// hourMin reads the hour, minutes and AM/PM marker ("a", "p" or "") as a
// 24-hour time: 1 to 12 with a marker, 0 to 23 without.
func hourMin(hs, ms, ampm string) (h, min int, ok bool) {
	h, _ = strconv.Atoi(hs)
	if ms != "" {
		min, _ = strconv.Atoi(ms)
	}
	if min > 59 {
		return 0, 0, false
	}
	switch strings.ToLower(ampm) {
	case "":
		return h, min, h <= 23
	case "a":
		return h % 12, min, h >= 1 && h <= 12
	default:
		return h%12 + 12, min, h >= 1 && h <= 12
	}
}
