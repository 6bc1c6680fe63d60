package meeting

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/zone"
)

// Last is the Rule.Nths value meaning "the last such weekday of the month".
const Last = -1

// Rule is a recurring meeting day: monthly by ordinal weekday ("3rd
// Thursday", "last Tuesday", "2nd and 4th Wednesday") or every Interval
// weeks on Weekday (weekly; biweekly from Anchor).
type Rule struct {
	Weekday time.Weekday
	// Nths lists the ordinals for a monthly rule (1..5 or Last), ascending
	// with Last at the end. Empty for a weekly rule.
	Nths []int
	// Interval is the number of weeks between meetings of a weekly rule.
	Interval int
	// Anchor is a meeting date of a rule whose Interval is more than one.
	Anchor Date
}

var (
	ordinalWords = map[string]int{
		"1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3,
		"4th": 4, "fourth": 4, "5th": 5, "fifth": 5, "last": Last,
	}
	weekdayNames = map[string]time.Weekday{}
	ruleSplitRE  = regexp.MustCompile(`\s*(?:,|\band\b|&)\s*`)
	weeklyRE     = regexp.MustCompile(`^(?:weekly(?: on)?|every) (\w+?)s?$`)
	biweeklyRE   = regexp.MustCompile(`^(?:biweekly(?: on)?|fortnightly(?: on)?|every other|every (\d+) weeks on) (\w+?)s?(?: (?:from|starting(?: on)?|anchored (?:at|on)) (\S+))?$`)
)

func init() {
	for d := time.Sunday; d <= time.Saturday; d++ {
		n := strings.ToLower(d.String())
		weekdayNames[n] = d
		weekdayNames[n[:3]] = d
	}
}

func weekdayOf(s string) (time.Weekday, bool) {
	d, ok := weekdayNames[strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(s, "."), "s"))]
	if !ok {
		d, ok = weekdayNames[strings.ToLower(strings.TrimSuffix(s, "."))]
	}
	return d, ok
}

// ParseRule reads a meeting rule: "3rd Thursday", "last Tuesday", "2nd and
// 4th Wednesday" (optionally followed by "of the month"), "weekly Monday",
// "every Monday", "biweekly Tuesday from 2024-01-09" or "every 2 weeks on
// Tuesday from 2024-01-09". The error quotes the rule and says what is
// understood.
func ParseRule(s string) (Rule, error) {
	norm := strings.Join(strings.Fields(strings.ToLower(strings.TrimSpace(s))), " ")
	norm = strings.TrimSuffix(norm, " of the month")
	norm = strings.TrimSuffix(norm, " of each month")
	fail := func(why string) (Rule, error) {
		return Rule{}, fmt.Errorf("cannot understand the meeting rule %q: %s (write it like \"3rd Thursday\", \"last Tuesday\", \"2nd and 4th Wednesday\", \"weekly Monday\" or \"biweekly Tuesday from 2024-01-09\")", s, why)
	}
	if norm == "" {
		return fail("it is empty")
	}
	if m := biweeklyRE.FindStringSubmatch(norm); m != nil {
		interval := 2
		if m[1] != "" {
			interval, _ = strconv.Atoi(m[1])
			if interval < 1 || interval > 52 {
				return fail("the number of weeks must be between 1 and 52")
			}
		}
		wd, ok := weekdayOf(m[2])
		if !ok {
			return fail(fmt.Sprintf("%q is not a day of the week", m[2]))
		}
		r := Rule{Weekday: wd, Interval: interval}
		if interval == 1 {
			return r, nil
		}
		if m[3] == "" {
			return fail("a rule every few weeks needs an anchor date: add \"from YYYY-MM-DD\", the date of one meeting")
		}
		a, err := ParseDate(m[3])
		if err != nil {
			return fail(err.Error())
		}
		if a.Weekday() != wd {
			return fail(fmt.Sprintf("the anchor date %s is a %s, not a %s", a, a.Weekday(), wd))
		}
		r.Anchor = a
		return r, nil
	}
	if m := weeklyRE.FindStringSubmatch(norm); m != nil {
		wd, ok := weekdayOf(m[1])
		if !ok {
			return fail(fmt.Sprintf("%q is not a day of the week", m[1]))
		}
		return Rule{Weekday: wd, Interval: 1}, nil
	}
	words := strings.Fields(norm)
	wd, ok := weekdayOf(words[len(words)-1])
	if !ok {
		return fail(fmt.Sprintf("it does not end with a day of the week (%q)", words[len(words)-1]))
	}
	var nths []int
	for _, part := range ruleSplitRE.Split(strings.Join(words[:len(words)-1], " "), -1) {
		if part == "" {
			continue
		}
		n, ok := ordinalWords[part]
		if !ok {
			return fail(fmt.Sprintf("%q is not an ordinal such as 1st, 2nd, 3rd, 4th, 5th or last", part))
		}
		if !slices.Contains(nths, n) {
			nths = append(nths, n)
		}
	}
	if len(nths) == 0 {
		return fail("it names no week of the month (1st, 2nd, 3rd, 4th, 5th or last)")
	}
	slices.SortFunc(nths, func(a, b int) int {
		if a == Last || b == Last {
			return sign(b - a) // Last (-1) sorts last
		}
		return a - b
	})
	return Rule{Weekday: wd, Nths: nths}, nil
}

// String renders r in the form ParseRule reads.
func (r Rule) String() string {
	if len(r.Nths) == 0 {
		switch {
		case r.Interval <= 1:
			return "weekly " + r.Weekday.String()
		case r.Interval == 2:
			return fmt.Sprintf("biweekly %s from %s", r.Weekday, r.Anchor)
		}
		return fmt.Sprintf("every %d weeks on %s from %s", r.Interval, r.Weekday, r.Anchor)
	}
	names := make([]string, len(r.Nths))
	for i, n := range r.Nths {
		names[i] = ordinalName(n)
	}
	list := names[0]
	if len(names) > 1 {
		list = strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return list + " " + r.Weekday.String()
}

func ordinalName(n int) string {
	switch n {
	case Last:
		return "last"
	case 1:
		return "1st"
	case 2:
		return "2nd"
	case 3:
		return "3rd"
	}
	return fmt.Sprintf("%dth", n)
}

// Matches reports whether a meeting falls on d.
func (r Rule) Matches(d Date) bool {
	if d.Weekday() != r.Weekday {
		return false
	}
	if len(r.Nths) == 0 {
		if r.Interval <= 1 {
			return true
		}
		days := daysBetween(r.Anchor, d)
		return days%(7*r.Interval) == 0
	}
	nth := (d.Day-1)/7 + 1
	last := d.AddDays(7).Month != d.Month
	for _, n := range r.Nths {
		if n == nth || (n == Last && last) {
			return true
		}
	}
	return false
}

// NextOnOrAfter returns the first meeting date on or after d.
func (r Rule) NextOnOrAfter(d Date) Date {
	// Every rule matches at least once in any 5*52 weeks; monthly ones
	// within 31 days of any date, weekly ones within Interval weeks.
	for i := 0; i < 7*53*5; i++ {
		if c := d.AddDays(i); r.Matches(c) {
			return c
		}
	}
	panic("meeting: rule " + r.String() + " never matches") // unreachable for a parsed Rule
}

// Schedule is a recurring meeting: a rule, a start time in a zone and a
// duration.
type Schedule struct {
	Rule     Rule
	Hour     int
	Minute   int
	Location *time.Location
	Duration time.Duration
	// Source says where the schedule was read: "config" or "path:line".
	Source string
	// Others are further schedule lines the file states beside the one
	// read (the 2022 file's "4th Tuesday ... (during the setup phase)"),
	// which mentorbot does not plan: each says so at its line.
	Others []*LineError
}

// Start returns the meeting's start on date d.
func (s Schedule) Start(d Date) time.Time { return d.At(s.Hour, s.Minute, s.Location) }

// Held reports whether the meeting that starts at start has ended at now.
func (s Schedule) Held(start, now time.Time) bool {
	return !start.Add(s.Duration).After(now)
}

// Occurrence is one meeting date of a schedule.
type Occurrence struct {
	Date Date
	// Start is the start time in the schedule's zone.
	Start time.Time
	// Cancelled is set, with Reason, for a skipped meeting rendered as a
	// cancelled stub.
	Cancelled bool
	Reason    string
}

// Next returns the first meeting that has not ended at now, passing over
// skipped dates unless showCancelled is set, in which case a skipped meeting
// is returned marked cancelled.
func (s Schedule) Next(now time.Time, skip []config.MeetingSkip, showCancelled bool) Occurrence {
	d := DateOf(now.In(s.Location)).AddDays(-1)
	for {
		d = s.Rule.NextOnOrAfter(d)
		start := s.Start(d)
		if !s.Held(start, now) {
			reason, skipped := skipReason(skip, d)
			if !skipped {
				return Occurrence{Date: d, Start: start}
			}
			if showCancelled {
				return Occurrence{Date: d, Start: start, Cancelled: true, Reason: reason}
			}
		}
		d = d.AddDays(1)
	}
}

func skipReason(skip []config.MeetingSkip, d Date) (string, bool) {
	for _, s := range skip {
		if s.Date == d.String() {
			return s.Reason, true
		}
	}
	return "", false
}

// FromConfig builds the schedule in config, or returns ok false when the
// config has no rule (the file's own schedule applies).
func FromConfig(c config.MeetingSchedule) (s Schedule, ok bool, err error) {
	if strings.TrimSpace(c.Rule) == "" {
		return Schedule{}, false, nil
	}
	r, err := ParseRule(c.Rule)
	if err != nil {
		return Schedule{}, true, fmt.Errorf("meeting.schedule.rule: %w", err)
	}
	h, m, err := parseClock(c.Time)
	if err != nil {
		return Schedule{}, true, fmt.Errorf("meeting.schedule.time: %w", err)
	}
	loc, err := zone.Load(c.Timezone)
	if err != nil {
		return Schedule{}, true, fmt.Errorf("meeting.schedule.timezone %q is not an IANA zone such as America/Los_Angeles", c.Timezone)
	}
	return Schedule{Rule: r, Hour: h, Minute: m, Location: loc, Source: "config"}, true, nil
}

// parseClock reads a time of day without a zone: "10:00", "10AM", "10:00
// AM", "9PM", "21:00" (zone.ParseClock).
func parseClock(s string) (hour, min int, err error) {
	c, err := zone.ParseClock(s)
	if err != nil || c.Zone != "" || c.HasUTC {
		return 0, 0, fmt.Errorf("%q is not a time of day such as 10:00 or 10AM", strings.TrimSpace(s))
	}
	return c.Hour, c.Minute, nil
}

var trailingNoteRE = regexp.MustCompile(`\s*\([^()]*\)\s*$`)

var fileScheduleRE = regexp.MustCompile(`(?i)^(?:[*+-]\s+)?(.+?)\s+at\s+(\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?)\s+(.+?)\.?$`)

// parseScheduleLine reads a minutes file's schedule line: "3rd Thursday of
// the month at 10AM Pacific Time", "2nd Tuesday of the month at 9PM UTC".
func parseScheduleLine(line string) (Schedule, error) {
	text := strings.TrimSpace(strings.ReplaceAll(line, "\\", ""))
	text = strings.TrimSpace(trailingNoteRE.ReplaceAllString(text, "")) // "(during the setup phase)"
	m := fileScheduleRE.FindStringSubmatch(text)
	if m == nil {
		return Schedule{}, fmt.Errorf("expected a line like \"3rd Thursday of the month at 10AM Pacific Time\"")
	}
	r, err := ParseRule(m[1])
	if err != nil {
		return Schedule{}, err
	}
	h, min, err := parseClock(m[2])
	if err != nil {
		return Schedule{}, err
	}
	loc, ok := zone.Parse(m[3])
	if !ok {
		return Schedule{}, fmt.Errorf("%q is not a time zone mentorbot knows (Pacific Time, Eastern Time, UTC, or an IANA name such as Europe/Berlin)", m[3])
	}
	return Schedule{Rule: r, Hour: h, Minute: min, Location: loc}, nil
}
