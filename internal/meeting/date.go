// Package meeting keeps a meeting-minutes file's "Upcoming Meetings" stub
// current: it parses the minutes file keeping byte positions, reads the
// recurring schedule (from the file or from config), computes the next
// meeting in its IANA zone, and plans the new file contents, touching nothing
// else. It also lints the time lines of every meeting in the file.
//
// Everything here is pure: callers pass the file contents, the config and
// the current time.
package meeting

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date with no time zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads an ISO date, "2024-11-21" (single-digit month and day
// accepted, as in "2025-3-20").
func ParseDate(s string) (Date, error) {
	m := isoDateRE.FindStringSubmatch(s)
	if m == nil || m[0] != s {
		return Date{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	d, ok := makeDate(m[1], m[2], m[3])
	if !ok {
		return Date{}, fmt.Errorf("%q is not a valid date", s)
	}
	return d, nil
}

// String renders d as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// Long renders d as the minutes headings do: "November 21, 2024".
func (d Date) Long() string { return fmt.Sprintf("%s %d, %d", d.Month, d.Day, d.Year) }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// At returns the instant at hour:min on d in loc. A clock time skipped by a
// daylight-saving change is normalized as time.Date does.
func (d Date) At(hour, min int, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, min, 0, 0, loc)
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Weekday returns d's day of the week.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// Before reports whether d comes before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return sign(d.Year - e.Year)
	case d.Month != e.Month:
		return sign(int(d.Month) - int(e.Month))
	}
	return sign(d.Day - e.Day)
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

// daysBetween returns the number of days from d to e.
func daysBetween(d, e Date) int {
	a := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
	b := time.Date(e.Year, e.Month, e.Day, 12, 0, 0, 0, time.UTC)
	return int(math.Round(b.Sub(a).Hours() / 24))
}

var (
	isoDateRE = regexp.MustCompile(`(\d{4})-(\d{1,2})-(\d{1,2})`)
	// longDateRE matches "November 21, 2024", "Sept 12, 2023", "April 09 2024".
	longDateRE = regexp.MustCompile(`(?i)\b(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
)

func makeDate(y, m, d string) (Date, bool) {
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(m)
	di, err3 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || err3 != nil || mi < 1 || mi > 12 || di < 1 || di > 31 {
		return Date{}, false
	}
	out := Date{yi, time.Month(mi), di}
	if out.AddDays(0) != out { // February 30 and friends
		return Date{}, false
	}
	return out, true
}

func monthByName(s string) time.Month {
	s = strings.ToLower(s)
	for m := time.January; m <= time.December; m++ {
		if strings.HasPrefix(strings.ToLower(m.String()), s[:3]) {
			return m
		}
	}
	return 0
}

// parseLongDate finds the first "Month D, YYYY" date in s and returns it
// with its byte span.
func parseLongDate(s string) (Date, [2]int, bool) {
	loc := longDateRE.FindStringSubmatchIndex(s)
	if loc == nil {
		return Date{}, [2]int{}, false
	}
	month := monthByName(s[loc[2]:loc[3]])
	d, ok := makeDate(s[loc[6]:loc[7]], strconv.Itoa(int(month)), s[loc[4]:loc[5]])
	if !ok {
		return Date{}, [2]int{}, false
	}
	return d, [2]int{loc[0], loc[1]}, true
}
