package meeting

import (
	"fmt"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/zone"
)

// zoneInfo is what a written zone name means: the IANA zone, and for a
// name that claims a season ("PDT") the abbreviation Go's tzdata gives.
type zoneInfo struct {
	iana   string
	abbrev string // "" for names valid all year ("Pacific Time", "UTC", "IST")
}

// writtenZone reads a zone name through the one table (zone.Lookup) that
// term timelines use too.
func writtenZone(name string) zoneInfo {
	a, _ := zone.Lookup(name)
	zi := zoneInfo{iana: a.Zone}
	if a.DST != zone.AllYear {
		zi.abbrev = strings.ToUpper(name)
	}
	return zi
}

// parseTimeLine returns the clock times in a time line, in order
// (zone.FindClocks: "10:00 AM Pacific Time", "18:00 UTC on 2024-11-21"),
// leaving out one whose "on" date is no date.
func parseTimeLine(s string) []zone.Clock {
	var out []zone.Clock
	for _, c := range zone.FindClocks(s) {
		if _, _, err := onDate(c); err == nil {
			out = append(out, c)
		}
	}
	return out
}

// onDate returns the "on YYYY-MM-DD" date written after a clock, ok false
// when there is none.
func onDate(c zone.Clock) (d Date, ok bool, err error) {
	if c.Date == "" {
		return Date{}, false, nil
	}
	d, err = ParseDate(c.Date)
	return d, err == nil, err
}

// clockZone returns the location and abbreviation a clock's written zone
// name stands for.
func clockZone(c zone.Clock) (*time.Location, zoneInfo) {
	zi := writtenZone(c.Zone)
	loc, err := zone.Load(zi.iana)
	if err != nil {
		loc = time.UTC
	}
	return loc, zi
}

// TimeLine renders a stub's time line: "10:00 AM Pacific Time (18:00 UTC
// on 2024-12-19)", or "21:00 UTC on 2024-12-10" for a meeting kept in UTC.
func TimeLine(start time.Time) string {
	u := start.UTC()
	if start.Location().String() == "UTC" {
		return fmt.Sprintf("%s UTC on %s", u.Format("15:04"), DateOf(u))
	}
	return fmt.Sprintf("%s %s (%s UTC on %s)", start.Format("3:04 PM"), zone.Label(start.Location()), u.Format("15:04"), DateOf(u))
}

func sameClock(t time.Time, c zone.Clock) bool { return t.Hour() == c.Hour && t.Minute() == c.Minute }

// describeOffset renders a zone's offset at t: "PST (UTC-08:00)".
func describeOffset(t time.Time) string {
	name, _ := t.Zone()
	return fmt.Sprintf("%s (UTC%s)", name, t.Format("-07:00"))
}
