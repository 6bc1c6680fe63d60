package meeting

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/zone"
)

// clock is one time expression in a meeting's time line: "10:00 AM
// Pacific Time", "18:00 UTC on 2024-11-21", "2:00 PM PDT on 2024-07-09".
type clock struct {
	Hour, Minute int
	Zone         string // as written: "Pacific Time", "PDT", "UTC"
	Date         Date   // zero when the expression has no "on YYYY-MM-DD"
	Text         string // the expression as written
}

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

// clockRE2 reads a time and a zone from the table: "10:00 AM Pacific
// Time", "18:00 UTC on 2024-11-21".
var clockRE2 = regexp.MustCompile(`(?i)\b(\d{1,2})(?::(\d{2}))?\s*([ap])?(?:\.?m\.?)?\s+(` + zoneNames() + `)\b(?:\s+on\s+(\d{4}-\d{1,2}-\d{1,2}))?`)

func zoneNames() string {
	names := zone.Names()
	for i, n := range names {
		names[i] = regexp.QuoteMeta(n)
	}
	return strings.Join(names, "|")
}

// parseTimeLine returns the clock times in a time line, in order. An
// expression needs minutes or AM/PM ("10AM PDT", "21:00 UTC") so that
// stray numbers are not read as times.
func parseTimeLine(s string) []clock {
	var out []clock
	for _, m := range clockRE2.FindAllStringSubmatch(s, -1) {
		if m[2] == "" && m[3] == "" {
			continue
		}
		h, _ := strconv.Atoi(m[1])
		min := 0
		if m[2] != "" {
			min, _ = strconv.Atoi(m[2])
		}
		switch strings.ToLower(m[3]) {
		case "a":
			if h == 12 {
				h = 0
			}
		case "p":
			if h < 12 {
				h += 12
			}
		}
		if h > 23 || min > 59 {
			continue
		}
		c := clock{Hour: h, Minute: min, Zone: m[4], Text: strings.TrimSpace(m[0])}
		if m[5] != "" {
			d, err := ParseDate(m[5])
			if err != nil {
				continue
			}
			c.Date = d
		}
		out = append(out, c)
	}
	return out
}

// zone returns the location and abbreviation a written zone name stands
// for.
func (c clock) zone() (*time.Location, zoneInfo) {
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
	return fmt.Sprintf("%s %s (%s UTC on %s)", start.Format("3:04 PM"), ZoneLabel(start.Location()), u.Format("15:04"), DateOf(u))
}

func sameClock(t time.Time, c clock) bool { return t.Hour() == c.Hour && t.Minute() == c.Minute }

// describeOffset renders a zone's offset at t: "PST (UTC-08:00)".
func describeOffset(t time.Time) string {
	name, _ := t.Zone()
	return fmt.Sprintf("%s (UTC%s)", name, t.Format("-07:00"))
}
