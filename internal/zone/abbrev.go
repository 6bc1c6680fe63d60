package zone

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// DST says what a written zone name claims about daylight saving time.
type DST uint8

// What a written name claims.
const (
	AllYear  DST = iota // generic ("PT", "Pacific Time") or a zone without DST: no check
	Standard            // "PST": the date must be in standard time
	Daylight            // "PDT": the date must be in daylight saving time
)

// Abbrev is what a written zone name means: the IANA zone whose rules
// decide a date's offset, what it claims about daylight saving time, its
// nominal UTC offset in seconds (valid when Fixed) and the abbreviation
// for the other half of the year.
type Abbrev struct {
	Zone   string
	DST    DST
	Offset int
	Fixed  bool
	Other  string
}

const hour = 3600

// abbrevs is the one table of the zone names people write, in term
// timelines and in meeting minutes, upper case. UTC, GMT and Z mean UTC
// (not London time).
var abbrevs = map[string]Abbrev{
	"UTC":  {Zone: "UTC", Fixed: true},
	"GMT":  {Zone: "UTC", Fixed: true},
	"Z":    {Zone: "UTC", Fixed: true},
	"PT":   {Zone: "America/Los_Angeles"},
	"PST":  {Zone: "America/Los_Angeles", DST: Standard, Offset: -8 * hour, Fixed: true, Other: "PDT"},
	"PDT":  {Zone: "America/Los_Angeles", DST: Daylight, Offset: -7 * hour, Fixed: true, Other: "PST"},
	"MT":   {Zone: "America/Denver"},
	"MST":  {Zone: "America/Denver", DST: Standard, Offset: -7 * hour, Fixed: true, Other: "MDT"},
	"MDT":  {Zone: "America/Denver", DST: Daylight, Offset: -6 * hour, Fixed: true, Other: "MST"},
	"CT":   {Zone: "America/Chicago"},
	"CST":  {Zone: "America/Chicago", DST: Standard, Offset: -6 * hour, Fixed: true, Other: "CDT"},
	"CDT":  {Zone: "America/Chicago", DST: Daylight, Offset: -5 * hour, Fixed: true, Other: "CST"},
	"ET":   {Zone: "America/New_York"},
	"EST":  {Zone: "America/New_York", DST: Standard, Offset: -5 * hour, Fixed: true, Other: "EDT"},
	"EDT":  {Zone: "America/New_York", DST: Daylight, Offset: -4 * hour, Fixed: true, Other: "EST"},
	"AKST": {Zone: "America/Anchorage", DST: Standard, Offset: -9 * hour, Fixed: true, Other: "AKDT"},
	"AKDT": {Zone: "America/Anchorage", DST: Daylight, Offset: -8 * hour, Fixed: true, Other: "AKST"},
	"HST":  {Zone: "Pacific/Honolulu", Offset: -10 * hour, Fixed: true},
	"WET":  {Zone: "Europe/Lisbon", DST: Standard, Offset: 0, Fixed: true, Other: "WEST"},
	"WEST": {Zone: "Europe/Lisbon", DST: Daylight, Offset: 1 * hour, Fixed: true, Other: "WET"},
	"BST":  {Zone: "Europe/London", DST: Daylight, Offset: 1 * hour, Fixed: true, Other: "GMT"},
	"CET":  {Zone: "Europe/Berlin", DST: Standard, Offset: 1 * hour, Fixed: true, Other: "CEST"},
	"CEST": {Zone: "Europe/Berlin", DST: Daylight, Offset: 2 * hour, Fixed: true, Other: "CET"},
	"EET":  {Zone: "Europe/Athens", DST: Standard, Offset: 2 * hour, Fixed: true, Other: "EEST"},
	"EEST": {Zone: "Europe/Athens", DST: Daylight, Offset: 3 * hour, Fixed: true, Other: "EET"},
	"IST":  {Zone: "Asia/Kolkata", Offset: 5*hour + 30*60, Fixed: true},
	"SGT":  {Zone: "Asia/Singapore", Offset: 8 * hour, Fixed: true},
	"JST":  {Zone: "Asia/Tokyo", Offset: 9 * hour, Fixed: true},
	"KST":  {Zone: "Asia/Seoul", Offset: 9 * hour, Fixed: true},
	"AEST": {Zone: "Australia/Sydney", DST: Standard, Offset: 10 * hour, Fixed: true, Other: "AEDT"},
	"AEDT": {Zone: "Australia/Sydney", DST: Daylight, Offset: 11 * hour, Fixed: true, Other: "AEST"},
	"NZST": {Zone: "Pacific/Auckland", DST: Standard, Offset: 12 * hour, Fixed: true, Other: "NZDT"},
	"NZDT": {Zone: "Pacific/Auckland", DST: Daylight, Offset: 13 * hour, Fixed: true, Other: "NZST"},
	// Names written out, valid all year.
	"PACIFIC TIME":          {Zone: "America/Los_Angeles"},
	"MOUNTAIN TIME":         {Zone: "America/Denver"},
	"CENTRAL TIME":          {Zone: "America/Chicago"},
	"EASTERN TIME":          {Zone: "America/New_York"},
	"UK TIME":               {Zone: "Europe/London"},
	"INDIA TIME":            {Zone: "Asia/Kolkata"},
	"CENTRAL EUROPEAN TIME": {Zone: "Europe/Berlin"},
	"NEW ZEALAND TIME":      {Zone: "Pacific/Auckland"},
	"PACIFIC":               {Zone: "America/Los_Angeles"},
	"EASTERN":               {Zone: "America/New_York"},
}

// labels are how mentorbot writes a zone back, in a stub's time line or
// an announcement: the written-out names of the table above.
var labels = map[string]string{
	"America/Los_Angeles": "Pacific Time",
	"America/Denver":      "Mountain Time",
	"America/Chicago":     "Central Time",
	"America/New_York":    "Eastern Time",
	"Europe/London":       "UK Time",
	"Europe/Berlin":       "Central European Time",
	"Asia/Kolkata":        "India Time",
	"Pacific/Auckland":    "New Zealand Time",
	"UTC":                 "UTC",
}

// Label returns how mentorbot names loc in what it writes ("Pacific
// Time"), or the IANA name when it has no common name.
func Label(loc *time.Location) string {
	if l, ok := labels[loc.String()]; ok {
		return l
	}
	return loc.String()
}

// Parse returns the zone a written name stands for: a name of the table
// in any case ("PDT", "pt", "Pacific Time", "UTC") or an IANA name
// ("Europe/Berlin").
func Parse(name string) (*time.Location, bool) {
	name = strings.TrimSpace(name)
	if a, ok := Lookup(name); ok {
		name = a.Zone
	} else if !strings.Contains(name, "/") {
		return nil, false
	}
	loc, err := Load(name)
	return loc, err == nil
}

// Lookup returns what a written zone name means, in any case: "PDT",
// "pt", "Pacific Time".
func Lookup(name string) (Abbrev, bool) {
	a, ok := abbrevs[strings.ToUpper(name)]
	return a, ok
}

// Names returns every name Lookup knows, lower case, longest first (so a
// pattern built from them tries "pdt" before "pt").
func Names() []string {
	out := make([]string, 0, len(abbrevs))
	for n := range abbrevs {
		out = append(out, strings.ToLower(n))
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(a, b))
	})
	return out
}
