package scaffold

import (
	"errors"
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
	// zone is the abbreviation written after a local time ("PST" in
	// "11:00 AM PST (19:00 UTC)"), which checkZone holds to the date; with
	// hasUTC, the UTC time written after it.
	zone            string
	hasUTC          bool
	utcHour, utcMin int
	written         string
}

var (
	clock24RE = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?:\s*(UTC|Z))?$`)
	clock12RE = regexp.MustCompile(`^(\d{1,2})(?::(\d{2}))?\s*([AaPp])\.?[Mm]\.?(?:\s*(UTC))?$`)
	// timeishRE spots text that names a time we could not read, so it is an
	// error rather than a suffix copied with a possibly wrong zone.
	// clockZoneRE reads the form the repository's READMEs use:
	// "11:00 AM PST (19:00 UTC)", "11 AM PDT", "18:00 CEST (16:00 UTC)".
	clockZoneRE = regexp.MustCompile(`^(\d{1,2})(?::(\d{2}))?\s*(?:([AaPp])\.?[Mm]\.?)?\s+([A-Za-z]{2,5})(?:\s*\(\s*(\d{1,2}):(\d{2})\s*UTC\s*\))?$`)
	timeishRE   = regexp.MustCompile(`(?i)\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.|utc|gmt|pst|pdt|pt|est|edt|cet|ist)\b|\b\d{1,2}:\d{2}\b`)
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
	if m := clockZoneRE.FindStringSubmatch(s); m != nil && !strings.EqualFold(m[4], "UTC") && !strings.EqualFold(m[4], "GMT") {
		h, _ := strconv.Atoi(m[1])
		mi := 0
		if m[2] != "" {
			mi, _ = strconv.Atoi(m[2])
		}
		if m[3] != "" {
			if h < 1 || h > 12 {
				return nil, fmt.Errorf("time %q is not a time of day", s)
			}
			h %= 12
			if strings.EqualFold(m[3], "p") {
				h += 12
			}
		}
		if h > 23 || mi > 59 {
			return nil, fmt.Errorf("time %q is not a time of day", s)
		}
		c := &clock{hour: h, min: mi, zone: strings.ToUpper(m[4]), written: s}
		if m[5] != "" {
			c.hasUTC = true
			c.utcHour, _ = strconv.Atoi(m[5])
			c.utcMin, _ = strconv.Atoi(m[6])
			if c.utcHour > 23 || c.utcMin > 59 {
				return nil, fmt.Errorf("time %q: %s:%s is not a time of day", s, m[5], m[6])
			}
		}
		return c, nil
	}
	if timeishRE.MatchString(s) {
		return nil, fmt.Errorf("time %q: write \"18:00 UTC\", or \"11:00\" or \"11:00 AM\" for the configured time zone; scaffold writes the zone abbreviation for each date itself", s)
	}
	return nil, nil
}

// checkZone holds a written zone and UTC time to the date they are for:
// "11:00 AM PST (19:00 UTC)" is right on a January date and wrong in July.
// A mismatch is refused with both readings written out, since only the
// person knows whether the local time or the UTC time is the one meant.
func (c clock) checkZone(date time.Time, loc *time.Location) error {
	if c.zone == "" {
		return nil
	}
	day := date.Format("Monday, January 2, 2006")
	local := time.Date(date.Year(), date.Month(), date.Day(), c.hour, c.min, 0, 0, loc)
	abbr, _ := local.Zone()
	if !knownAbbrev(c.zone, loc, date.Year()) {
		return fmt.Errorf("time %q: %s is not a zone of %s (%s): write the time in %s or in UTC, such as %q",
			c.written, c.zone, loc, strings.Join(abbrevs(loc, date.Year()), "/"), loc, formatClock(local, local, loc))
	}
	var bad []string
	if c.zone != abbr {
		bad = append(bad, fmt.Sprintf("%s is in %s then", day, abbr))
	}
	if c.hasUTC && (local.UTC().Hour() != c.utcHour || local.UTC().Minute() != c.utcMin) {
		bad = append(bad, fmt.Sprintf("%s %s is %s UTC", local.Format("3:04 PM"), abbr, local.UTC().Format("15:04")))
	}
	if len(bad) == 0 {
		return nil
	}
	msg := fmt.Sprintf("time %q on %s: %s; write %q for %s local time", c.written, day, strings.Join(bad, ", and "), formatClock(local, local, loc), local.Format("3:04 PM"))
	if c.hasUTC {
		u := time.Date(date.Year(), date.Month(), date.Day(), c.utcHour, c.utcMin, 0, 0, time.UTC)
		msg += fmt.Sprintf(", or %q for %s UTC", formatClock(u, u.In(loc), loc), u.Format("15:04"))
	}
	return errors.New(msg)
}

// abbrevs returns the abbreviations loc uses in year (standard, daylight).
func abbrevs(loc *time.Location, year int) []string {
	var out []string
	for _, m := range []time.Month{time.January, time.July} {
		a, _ := time.Date(year, m, 1, 12, 0, 0, 0, loc).Zone()
		if len(out) == 0 || out[0] != a {
			out = append(out, a)
		}
	}
	return out
}

func knownAbbrev(z string, loc *time.Location, year int) bool {
	for _, a := range abbrevs(loc, year) {
		if a == z {
			return true
		}
	}
	return false
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
