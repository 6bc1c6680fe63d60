package term

import (
	"strings"
)

// dstKind says what a zone abbreviation claims about daylight saving.
type dstKind uint8

const (
	dstAny      dstKind = iota // generic ("PT") or a zone without DST: no check
	dstStandard                // "PST": the date must be in standard time
	dstDaylight                // "PDT": the date must be in daylight saving time
)

// zoneAbbrev is what a written abbreviation means: the IANA zone whose
// rules decide the date's offset, what it claims about DST, its nominal UTC
// offset in seconds (valid when fixed) and the abbreviation for the other
// half of the year.
type zoneAbbrev struct {
	zone   string
	kind   dstKind
	offset int
	fixed  bool
	other  string
}

const hour = 3600

// zoneAbbrevs lists the abbreviations people write in timelines. UTC and
// GMT mean UTC (not London time).
var zoneAbbrevs = map[string]zoneAbbrev{
	"UTC":  {zone: "UTC", fixed: true},
	"GMT":  {zone: "UTC", fixed: true},
	"PT":   {zone: "America/Los_Angeles"},
	"PST":  {zone: "America/Los_Angeles", kind: dstStandard, offset: -8 * hour, fixed: true, other: "PDT"},
	"PDT":  {zone: "America/Los_Angeles", kind: dstDaylight, offset: -7 * hour, fixed: true, other: "PST"},
	"MT":   {zone: "America/Denver"},
	"MST":  {zone: "America/Denver", kind: dstStandard, offset: -7 * hour, fixed: true, other: "MDT"},
	"MDT":  {zone: "America/Denver", kind: dstDaylight, offset: -6 * hour, fixed: true, other: "MST"},
	"CT":   {zone: "America/Chicago"},
	"CST":  {zone: "America/Chicago", kind: dstStandard, offset: -6 * hour, fixed: true, other: "CDT"},
	"CDT":  {zone: "America/Chicago", kind: dstDaylight, offset: -5 * hour, fixed: true, other: "CST"},
	"ET":   {zone: "America/New_York"},
	"EST":  {zone: "America/New_York", kind: dstStandard, offset: -5 * hour, fixed: true, other: "EDT"},
	"EDT":  {zone: "America/New_York", kind: dstDaylight, offset: -4 * hour, fixed: true, other: "EST"},
	"AKST": {zone: "America/Anchorage", kind: dstStandard, offset: -9 * hour, fixed: true, other: "AKDT"},
	"AKDT": {zone: "America/Anchorage", kind: dstDaylight, offset: -8 * hour, fixed: true, other: "AKST"},
	"HST":  {zone: "Pacific/Honolulu", offset: -10 * hour, fixed: true},
	"WET":  {zone: "Europe/Lisbon", kind: dstStandard, offset: 0, fixed: true, other: "WEST"},
	"WEST": {zone: "Europe/Lisbon", kind: dstDaylight, offset: 1 * hour, fixed: true, other: "WET"},
	"BST":  {zone: "Europe/London", kind: dstDaylight, offset: 1 * hour, fixed: true, other: "GMT"},
	"CET":  {zone: "Europe/Berlin", kind: dstStandard, offset: 1 * hour, fixed: true, other: "CEST"},
	"CEST": {zone: "Europe/Berlin", kind: dstDaylight, offset: 2 * hour, fixed: true, other: "CET"},
	"EET":  {zone: "Europe/Athens", kind: dstStandard, offset: 2 * hour, fixed: true, other: "EEST"},
	"EEST": {zone: "Europe/Athens", kind: dstDaylight, offset: 3 * hour, fixed: true, other: "EET"},
	"IST":  {zone: "Asia/Kolkata", offset: 5*hour + 30*60, fixed: true},
	"SGT":  {zone: "Asia/Singapore", offset: 8 * hour, fixed: true},
	"JST":  {zone: "Asia/Tokyo", offset: 9 * hour, fixed: true},
	"KST":  {zone: "Asia/Seoul", offset: 9 * hour, fixed: true},
	"AEST": {zone: "Australia/Sydney", kind: dstStandard, offset: 10 * hour, fixed: true, other: "AEDT"},
	"AEDT": {zone: "Australia/Sydney", kind: dstDaylight, offset: 11 * hour, fixed: true, other: "AEST"},
}

func lookupZone(word string) (zoneAbbrev, bool) {
	if len(word) > 4 {
		return zoneAbbrev{}, false
	}
	z, ok := zoneAbbrevs[strings.ToUpper(word)]
	return z, ok
}
