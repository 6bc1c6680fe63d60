package scaffold

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/zone"
)

// timeishRE spots text that names a time we could not read, so it is an
// error rather than a suffix copied with a possibly wrong zone.
var timeishRE = regexp.MustCompile(`(?i)\b\d{1,2}(:\d{2})?\s*(am|pm|a\.m\.|p\.m\.|utc|gmt|pst|pdt|pt|est|edt|cet|ist)\b|\b\d{1,2}:\d{2}\b`)

// parseClock reads an entry's time (zone.ParseClock): "18:00 UTC", "11:00",
// "11 AM", or the form the repository's READMEs use, "11:00 AM PST (19:00
// UTC)". It returns nil for no time and for free text without a time in
// it ("Times TBD (will be multiple timezone options)"), which the README
// copies as written.
func parseClock(s string) (*zone.Clock, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	zc, err := zone.ParseClock(s)
	switch {
	case errors.Is(err, zone.ErrNoClock) || err == nil && zc.HasUTC && (zc.Zone == "" || zc.UTC()):
		if timeishRE.MatchString(s) {
			return nil, fmt.Errorf("time %q: write \"18:00 UTC\", or \"11:00\" or \"11:00 AM\" for the configured time zone; scaffold writes the zone abbreviation for each date itself", s)
		}
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("time %w", err)
	}
	return &zc, nil
}

// checkZone holds a written zone and UTC time to the date they are for:
// "11:00 AM PST (19:00 UTC)" is right on a January date and wrong in July.
// A mismatch is refused with both readings written out, since only the
// person knows whether the local time or the UTC time is the one meant.
func checkZone(c zone.Clock, date time.Time, loc *time.Location) error {
	if c.Zone == "" || c.UTC() {
		return nil
	}
	written := strings.ToUpper(c.Zone)
	day := date.Format("Monday, January 2, 2006")
	local := time.Date(date.Year(), date.Month(), date.Day(), c.Hour, c.Minute, 0, 0, loc)
	abbr, _ := local.Zone()
	if !knownAbbrev(written, loc, date.Year()) {
		return fmt.Errorf("time %q: %s is not a zone of %s (%s): write the time in %s or in UTC, such as %q",
			c.Text, written, loc, strings.Join(abbrevs(loc, date.Year()), "/"), loc, formatClock(local, local, loc))
	}
	var bad []string
	if written != abbr {
		bad = append(bad, fmt.Sprintf("%s is in %s then", day, abbr))
	}
	if c.HasUTC && (local.UTC().Hour() != c.UTCHour || local.UTC().Minute() != c.UTCMinute) {
		bad = append(bad, fmt.Sprintf("%s %s is %s UTC", local.Format("3:04 PM"), abbr, local.UTC().Format("15:04")))
	}
	if len(bad) == 0 {
		return nil
	}
	msg := fmt.Sprintf("time %q on %s: %s; write %q for %s local time", c.Text, day, strings.Join(bad, ", and "), formatClock(local, local, loc), local.Format("3:04 PM"))
	if c.HasUTC {
		u := time.Date(date.Year(), date.Month(), date.Day(), c.UTCHour, c.UTCMinute, 0, 0, time.UTC)
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
