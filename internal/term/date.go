package term

import (
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/mentorbot/mentorbot/internal/zone"
)

// Limits that keep the date parser linear and small on hostile input: a
// timeline cell longer than this is cut, and parsing looks at no more tokens.
const (
	maxCellBytes = 1024
	maxTokens    = 256
)

type tokKind uint8

const (
	tEOF tokKind = iota
	tWord
	tNum
	tDash
	tComma
	tColon
	tLParen
	tRParen
	tPeriod
	tOther
)

type token struct {
	kind tokKind
	text string
	num  int // value of a tNum of at most 9 digits, else -1
	pos  int // index of the token's first rune in the text tokenized
}

var cellReplacer = strings.NewReplacer(
	"–", "-", "—", "-", "−", "-", "\u00a0", " ",
	"*", " ", "_", " ", "`", " ",
	"a.m.", "am", "p.m.", "pm", "A.M.", "AM", "P.M.", "PM",
)

// tokenize splits a date cell into words, numbers and punctuation.
func tokenize(s string) []token {
	if len(s) > maxCellBytes {
		s = s[:maxCellBytes]
	}
	return tokenizeRunes([]rune(cellReplacer.Replace(s)))
}

// tokenizeRunes splits rs, already through cellReplacer, into tokens.
func tokenizeRunes(rs []rune) []token {
	var toks []token
	for i := 0; i < len(rs) && len(toks) < maxTokens; {
		r := rs[i]
		switch {
		case unicode.IsSpace(r):
			i++
		case r >= '0' && r <= '9':
			j := i
			for j < len(rs) && rs[j] >= '0' && rs[j] <= '9' {
				j++
			}
			text := string(rs[i:j])
			n := -1
			if j-i <= 9 {
				n = 0
				for _, d := range text {
					n = n*10 + int(d-'0')
				}
			}
			toks = append(toks, token{kind: tNum, text: text, num: n, pos: i})
			i = j
		case unicode.IsLetter(r):
			j := i
			for j < len(rs) && unicode.IsLetter(rs[j]) {
				j++
			}
			toks = append(toks, token{kind: tWord, text: string(rs[i:j]), pos: i})
			i = j
		default:
			k := tOther
			switch r {
			case '-':
				k = tDash
			case ',':
				k = tComma
			case ':':
				k = tColon
			case '(':
				k = tLParen
			case ')':
				k = tRParen
			case '.':
				k = tPeriod
			}
			toks = append(toks, token{kind: k, text: string(r), pos: i})
			i++
		}
	}
	return toks
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "weds": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

var months = map[string]time.Month{
	"jan": time.January, "january": time.January,
	"feb": time.February, "february": time.February,
	"mar": time.March, "march": time.March,
	"apr": time.April, "april": time.April,
	"may": time.May,
	"jun": time.June, "june": time.June,
	"jul": time.July, "july": time.July,
	"aug": time.August, "august": time.August,
	"sep": time.September, "sept": time.September, "september": time.September,
	"oct": time.October, "october": time.October,
	"nov": time.November, "november": time.November,
	"dec": time.December, "december": time.December,
}

func wordIn[V any](t token, m map[string]V) (V, bool) {
	var zero V
	if t.kind != tWord || len(t.text) > 9 {
		return zero, false
	}
	v, ok := m[strings.ToLower(t.text)]
	return v, ok
}

// part is one side of a date cell as written: "Thurs, May 15, 2025 11AM PDT
// (18:00 UTC)". Zero fields were not written.
type part struct {
	weekday    time.Weekday
	hasWeekday bool
	month      time.Month
	day        int
	year       int
	hasTime    bool
	hour, min  int
	zone       string // upper-case abbreviation, "" for the term's zone
	hasUTC     bool   // a "(18:00 UTC)" followed
	utcHour    int
	utcMin     int
}

type parser struct {
	toks []token
	i    int
}

func (p *parser) at(i int) token {
	if i < 0 || i >= len(p.toks) {
		return token{kind: tEOF}
	}
	return p.toks[i]
}

func (p *parser) peek() token { return p.at(p.i) }

func (p *parser) skip(kinds ...tokKind) {
	for {
		k := p.peek().kind
		found := false
		for _, want := range kinds {
			if k == want && k != tEOF {
				found = true
			}
		}
		if !found {
			return
		}
		p.i++
	}
}

func isAMPM(t token) (pm, ok bool) {
	if t.kind != tWord {
		return false, false
	}
	switch strings.ToLower(t.text) {
	case "am":
		return false, true
	case "pm":
		return true, true
	}
	return false, false
}

// looksLikeTime reports whether a time of day starts at token i.
func (p *parser) looksLikeTime(i int) bool {
	if p.at(i).kind != tNum || len(p.at(i).text) > 2 {
		return false
	}
	_, ampm := isAMPM(p.at(i + 1))
	// "May 1: project applications" is a date and a colon, "1:30" a time.
	return ampm || (p.at(i+1).kind == tColon && p.at(i+2).kind == tNum && len(p.at(i+2).text) == 2)
}

// clock reads "5:00 PM", "11AM", "11 AM", "18:00" or "noon".
func (p *parser) clock() (h, m int, ok bool) {
	t := p.peek()
	if t.kind == tWord && strings.EqualFold(t.text, "noon") {
		p.i++
		return 12, 0, true
	}
	if t.kind != tNum || len(t.text) > 2 {
		return 0, 0, false
	}
	h, j := t.num, p.i+1
	if p.at(j).kind == tColon && p.at(j+1).kind == tNum && len(p.at(j+1).text) == 2 {
		m = p.at(j + 1).num
		j += 2
	}
	pm, ampm := isAMPM(p.at(j))
	switch {
	case ampm:
		if h < 1 || h > 12 {
			return 0, 0, false
		}
		h %= 12
		if pm {
			h += 12
		}
		j++
	case j == p.i+1 || h > 23:
		return 0, 0, false
	}
	if m > 59 {
		return 0, 0, false
	}
	p.i = j
	return h, m, true
}

// part reads one side of a range. The month may be missing (the end of
// "January 16 - 31"); the day may not.
func (p *parser) part() (part, bool) {
	var d part
	p.skip(tComma)
	if wd, ok := wordIn(p.peek(), weekdays); ok {
		d.weekday, d.hasWeekday = wd, true
		p.i++
		p.skip(tComma, tPeriod)
	}
	if p.iso(&d) {
		return p.rest(d), true
	}
	if m, ok := wordIn(p.peek(), months); ok {
		d.month = m
		p.i++
		p.skip(tPeriod)
	}
	t := p.peek()
	if t.kind != tNum || len(t.text) > 2 || t.num < 1 || t.num > 31 || p.looksLikeTime(p.i) {
		return d, false
	}
	d.day = t.num
	p.i++
	if w := p.peek(); w.kind == tWord {
		switch strings.ToLower(w.text) {
		case "st", "nd", "rd", "th":
			p.i++
		}
	}
	if d.month == 0 {
		if m, ok := wordIn(p.peek(), months); ok { // "3 March"
			d.month = m
			p.i++
			p.skip(tPeriod)
		}
	}
	save := p.i
	p.skip(tComma)
	if y := p.peek(); y.kind == tNum && len(y.text) == 4 && !p.looksLikeTime(p.i) {
		d.year = y.num
		p.i++
		save = p.i
	}
	p.i = save
	return p.rest(d), true
}

// iso reads an ISO date, "2026-03-02".
func (p *parser) iso(d *part) bool {
	y, m, dd := p.at(p.i), p.at(p.i+2), p.at(p.i+4)
	if y.kind != tNum || len(y.text) != 4 || p.at(p.i+1).kind != tDash || m.kind != tNum || len(m.text) != 2 ||
		p.at(p.i+3).kind != tDash || dd.kind != tNum || len(dd.text) != 2 || m.num < 1 || m.num > 12 || dd.num < 1 || dd.num > 31 {
		return false
	}
	d.year, d.month, d.day = y.num, time.Month(m.num), dd.num
	p.i += 5
	return true
}

// rest reads what may follow a date: a time of day, its zone and a UTC note.
func (p *parser) rest(d part) part {
	save := p.i
	p.skip(tComma)
	h, m, ok := p.clock()
	if !ok {
		p.i = save
		return d
	}
	d.hasTime, d.hour, d.min = true, h, m
	if _, ok := lookupZone(p.peek().text); ok && p.peek().kind == tWord {
		d.zone = strings.ToUpper(p.peek().text)
		p.i++
	}
	p.utcNote(&d)
	return d
}

// utcNote reads a "(18:00 UTC)" after a time, leaving any other note alone.
func (p *parser) utcNote(d *part) {
	if p.peek().kind != tLParen {
		return
	}
	save := p.i
	p.i++
	h, m, ok := p.clock()
	z := strings.ToUpper(p.peek().text)
	if ok && p.peek().kind == tWord && (z == "UTC" || z == "GMT") && p.at(p.i+1).kind == tRParen {
		d.hasUTC, d.utcHour, d.utcMin = true, h, m
		p.i += 2
		return
	}
	p.i = save
}

func isRangeWord(t token) bool {
	if t.kind == tDash {
		return true
	}
	if t.kind != tWord {
		return false
	}
	switch strings.ToLower(t.text) {
	case "to", "through", "thru", "until", "till":
		return true
	}
	return false
}

// scan reads a date cell into one or two parts. It fails when no date
// starts the cell, when a range has no readable end, or when a date, day or
// number is left over outside parentheses (notes in parentheses and words
// such as "Times TBD" are fine).
func scan(text string) ([]part, error) {
	p := &parser{toks: tokenize(text)}
	first, ok := p.part()
	if !ok {
		return nil, fmt.Errorf("no date at the start")
	}
	parts := []part{first}
	save := p.i
	p.skip(tComma)
	if isRangeWord(p.peek()) {
		p.i++
		second, ok := p.part()
		if !ok {
			return nil, fmt.Errorf("no date after the dash")
		}
		parts = append(parts, second)
	} else {
		p.i = save
	}
	depth := 0
	for ; p.i < len(p.toks); p.i++ {
		t := p.toks[p.i]
		switch t.kind {
		case tLParen:
			depth++
		case tRParen:
			if depth > 0 {
				depth--
			}
		}
		if depth > 0 {
			continue
		}
		_, isMonth := wordIn(t, months)
		_, isDay := wordIn(t, weekdays)
		if t.kind == tNum || isMonth || isDay {
			return nil, fmt.Errorf("%q left over", t.text)
		}
	}
	return parts, nil
}

// issue is a problem found in one date cell.
type issue struct {
	rule string
	msg  string
}

// dates is what a date cell says, resolved against the term.
type dates struct {
	start, end   time.Time
	hasTime      bool // the last date (the deadline) has a time of day
	startHasTime bool // a range's start has its own time of day
	zone         string
	yearWritten  bool // the cell names a year
}

const dayLayout = "Jan 2, 2006"

// parseDates reads a timeline date cell for term id, placing dates in loc
// (the term's zone). A missing year comes from the other side of a range
// or, failing that, is the year that puts the date nearest the term; a
// missing month on a range's end is the start's. It returns what it read,
// the fact problems found (weekdays, zone abbreviations, UTC notes) and an
// error when the cell cannot be read as a date.
func parseDates(text string, id ID, loc *time.Location) (dates, []issue, error) {
	parts, err := scan(text)
	if err != nil {
		return dates{}, nil, err
	}
	if parts[0].month == 0 {
		return dates{}, nil, fmt.Errorf("no month")
	}
	if len(parts) == 2 && parts[1].month == 0 {
		parts[1].month = parts[0].month
	}
	var d dates
	for _, p := range parts {
		d.yearWritten = d.yearWritten || p.year != 0
	}
	resolveYears(parts, id, loc)
	var issues []issue
	for i := range parts {
		t, is, err := instant(parts[i], loc)
		if err != nil {
			return dates{}, nil, err
		}
		issues = append(issues, is...)
		if i == 0 {
			d.start = t
		} else {
			d.end = t
		}
		if parts[i].zone != "" {
			d.zone = parts[i].zone
		}
	}
	last := parts[len(parts)-1]
	d.hasTime = last.hasTime
	if len(parts) == 2 {
		d.startHasTime = parts[0].hasTime
	}
	return d, issues, nil
}

func resolveYears(parts []part, id ID, loc *time.Location) {
	if len(parts) == 1 {
		if parts[0].year == 0 {
			parts[0].year = nearestYear(parts[0], id, loc)
		}
		return
	}
	s, e := &parts[0], &parts[1]
	switch {
	case s.year == 0 && e.year == 0:
		s.year = nearestYear(*s, id, loc)
		e.year = closestYear(*e, *s, s.year, loc)
	case s.year == 0:
		s.year = closestYear(*s, *e, e.year, loc)
	case e.year == 0:
		e.year = closestYear(*e, *s, s.year, loc)
	}
}

// closestYear picks the year for p, written without one, that puts it
// nearest to other (in year): "Dec 15 - Jan 5, 2026" starts in 2025, while a
// reversed "Feb 24 - Feb 11, 2026" stays in 2026 (and is reported as out of
// order) rather than becoming a year-long range.
func closestYear(p, other part, year int, loc *time.Location) int {
	ref := time.Date(year, other.month, other.day, 0, 0, 0, 0, loc)
	best, bestDist := year, time.Duration(-1)
	for _, y := range []int{year, year - 1, year + 1} {
		dist := time.Date(y, p.month, p.day, 0, 0, 0, 0, loc).Sub(ref).Abs()
		if bestDist < 0 || dist < bestDist {
			best, bestDist = y, dist
		}
	}
	return best
}

// nearestYear picks, among the folder's year and its neighbours, the one
// that puts the date closest to the middle of the term: January is the
// folder's year for a March term, and December before it is the year before.
func nearestYear(p part, id ID, loc *time.Location) int {
	begin, end := id.Begin(loc), id.End(loc)
	mid := begin.Add(end.Sub(begin) / 2)
	best, bestDist := id.Year, time.Duration(-1)
	for _, y := range []int{id.Year, id.Year - 1, id.Year + 1} {
		dist := time.Date(y, p.month, p.day, 0, 0, 0, 0, loc).Sub(mid).Abs()
		if bestDist < 0 || dist < bestDist {
			best, bestDist = y, dist
		}
	}
	return best
}

// instant turns a resolved part into a time in loc and checks its facts.
func instant(p part, loc *time.Location) (time.Time, []issue, error) {
	day := time.Date(p.year, p.month, p.day, 0, 0, 0, 0, loc)
	if day.Day() != p.day {
		return time.Time{}, nil, &noSuchDate{month: p.month, day: p.day, year: p.year}
	}
	var issues []issue
	if p.hasWeekday && day.Weekday() != p.weekday {
		issues = append(issues, issue{"weekday-mismatch",
			fmt.Sprintf("%s is a %s, not a %s", day.Format(dayLayout), day.Weekday(), p.weekday)})
	}
	if !p.hasTime {
		return day, issues, nil
	}
	zloc, z := loc, zone.Abbrev{}
	if p.zone != "" {
		z, _ = lookupZone(p.zone)
		l, err := zone.Load(z.Zone)
		if err != nil {
			return time.Time{}, nil, fmt.Errorf("loading zone %s for %s: %w", z.Zone, p.zone, err)
		}
		zloc = l
	}
	local := time.Date(p.year, p.month, p.day, p.hour, p.min, 0, 0, zloc)
	if z.Fixed && z.DST != zone.AllYear && local.IsDST() != (z.DST == zone.Daylight) {
		// The hour repeated when clocks fall back exists twice: 1:30 AM
		// PDT and 1:30 AM PST are both right that night. time.Date picks
		// the first; take the one the abbreviation names when it has the
		// same wall clock.
		alt := time.Date(p.year, p.month, p.day, p.hour, p.min, 0, 0, time.FixedZone(p.zone, z.Offset)).In(zloc)
		if alt.Hour() == p.hour && alt.Minute() == p.min && alt.Day() == p.day && alt.IsDST() == (z.DST == zone.Daylight) {
			local = alt
		}
	}
	wrongAbbrev := false
	if z.DST != zone.AllYear && local.IsDST() != (z.DST == zone.Daylight) {
		wrongAbbrev = true
		season := "standard time"
		if local.IsDST() {
			season = "daylight saving time"
		}
		issues = append(issues, issue{"timezone-abbreviation",
			fmt.Sprintf("%s is in %s in %s: write %s, not %s (%s %s is %s UTC)",
				day.Format(dayLayout), season, z.Zone, z.Other, p.zone,
				local.Format("3:04 PM"), z.Other, local.UTC().Format("15:04"))})
	}
	if p.hasUTC {
		got := fmt.Sprintf("%02d:%02d", p.utcHour, p.utcMin)
		want := local.UTC().Format("15:04")
		nominal := ""
		if z.Fixed {
			nominal = time.Date(p.year, p.month, p.day, p.hour, p.min, 0, 0, time.FixedZone(p.zone, z.Offset)).UTC().Format("15:04")
		}
		// A wrong abbreviation with a UTC time that matches it is one
		// mistake, reported once above.
		if got != want && !(wrongAbbrev && got == nominal) {
			written := local.Format("3:04 PM")
			if p.zone != "" {
				written += " " + p.zone
			}
			issues = append(issues, issue{"utc-mismatch",
				fmt.Sprintf("%s on %s is %s UTC, not %s UTC", written, day.Format(dayLayout), want, got)})
		}
	}
	return local.In(loc), issues, nil
}
