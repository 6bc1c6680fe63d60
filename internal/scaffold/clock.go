package scaffold

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// clock is a time of day from a schedule entry, either in UTC or in the
// configured local zone.
type clock struct {
	hour, min int
	utc       bool
}

var (
	clock24RE = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?:\s*(UTC|Z))?$`)
	clock12RE = regexp.MustCompile(`^(\d{1,2})(?::(\d{2}))?\s*([AaPp])\.?[Mm]\.?(?:\s*(UTC))?$`)
	// timeishRE spots text that names a time we could not read, so it is an
	// error rather than a suffix copied with a possibly wrong zone.
	timeishRE = regexp.MustCompile(`(?i)\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.|utc|gmt|pst|pdt|pt|est|edt|cet|ist)\b|\b\d{1,2}:\d{2}\b`)
)

// parseClock reads an entry's time. It returns nil for no time and for free
// text without a time in it ("Times TBD (will be multiple timezone
// options)"), which the README copies as written.
func parseClock(s string) (*clock, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if m := clock24RE.FindStringSubmatch(s); m != nil {
		h, _ := strconv.Atoi(m[1])
		mi, _ := strconv.Atoi(m[2])
		if h > 23 || mi > 59 {
			return nil, fmt.Errorf("time %q is not a time of day", s)
		}
		return &clock{hour: h, min: mi, utc: m[3] != ""}, nil
	}
	if m := clock12RE.FindStringSubmatch(s); m != nil {
		h, _ := strconv.Atoi(m[1])
		mi := 0
		if m[2] != "" {
			mi, _ = strconv.Atoi(m[2])
		}
		if h < 1 || h > 12 || mi > 59 {
			return nil, fmt.Errorf("time %q is not a time of day", s)
		}
		h %= 12
		if strings.EqualFold(m[3], "p") {
			h += 12
		}
		return &clock{hour: h, min: mi, utc: m[4] != ""}, nil
	}
	if timeishRE.MatchString(s) {
		return nil, fmt.Errorf("time %q: write \"18:00 UTC\", or \"11:00\" or \"11:00 AM\" for the configured time zone; scaffold writes the zone abbreviation for each date itself", s)
	}
	return nil, nil
}

// at returns the instant the clock names on the calendar day of date, reading
// a local clock in loc.
func (c clock) at(date time.Time, loc *time.Location) time.Time {
	zone := loc
	if c.utc {
		zone = time.UTC
	}
	return time.Date(date.Year(), date.Month(), date.Day(), c.hour, c.min, 0, 0, zone)
}

// formatClock writes the instant as the README does: local time with the
// abbreviation in force on that date, then UTC, "11:00 AM PDT (18:00 UTC)".
// written is the day the cell shows (the local day); when the UTC day
// differs it is named, "7:00 PM PST (03:00 UTC on Monday, February 28)".
func formatClock(t time.Time, written time.Time, loc *time.Location) string {
	s := t.In(loc).Format("3:04 PM MST")
	u := t.UTC()
	utc := u.Format("15:04") + " UTC"
	if !sameDay(u, written) {
		utc += " on " + u.Format("Monday, January 2")
	}
	return s + " (" + utc + ")"
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}
