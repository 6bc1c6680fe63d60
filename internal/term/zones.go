package term

import "github.com/mentorbot/mentorbot/internal/zone"

// lookupZone returns what a zone abbreviation written in a timeline means
// (zone.Lookup, the one table the minutes use too). Only abbreviations of
// 2 to 4 letters are zones here: names written out ("Pacific Time") and
// "Z" are not how timeline cells write one.
func lookupZone(word string) (zone.Abbrev, bool) {
	if len(word) < 2 || len(word) > 4 {
		return zone.Abbrev{}, false
	}
	return zone.Lookup(word)
}
