package term

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/finding"
)

// splitRow splits a markdown table row into trimmed cells, honouring "\|".
func splitRow(line string) []string {
	t := strings.TrimSpace(line)
	t = strings.TrimPrefix(t, "|")
	if strings.HasSuffix(t, "|") && !strings.HasSuffix(t, `\|`) {
		t = t[:len(t)-1]
	}
	var cells []string
	var b strings.Builder
	for i := 0; i < len(t); i++ {
		switch {
		case t[i] == '\\' && i+1 < len(t) && t[i+1] == '|':
			b.WriteByte('|')
			i++
		case t[i] == '|':
			cells = append(cells, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(t[i])
		}
	}
	return append(cells, strings.TrimSpace(b.String()))
}

func isTableLine(l []byte) bool { return bytes.HasPrefix(l, []byte("|")) }

func isDelimiterRow(l []byte) bool {
	if !isTableLine(l) {
		return false
	}
	for _, c := range splitRow(string(l)) {
		c = strings.Trim(c, ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return true
}

// emphasis removes markdown emphasis markers; built once, since plain runs
// for every table cell.
var emphasis = strings.NewReplacer("**", "", "__", "")

// plain removes markdown emphasis from a cell.
func plain(s string) string {
	if strings.ContainsAny(s, "*_") {
		s = emphasis.Replace(s)
	}
	return strings.TrimSpace(strings.Trim(s, "*_ "))
}

// readTimeline finds the timeline table and fills doc.Timeline with its
// rows (dates unread). The table is the first one after a "Timeline"
// heading, or else the first whose header names an activity and a date
// column (2023/01 has no heading).
func readTimeline(doc *Doc, lines text) []Entry {
	after := -1
	for i := 0; i < lines.len(); i++ {
		l := lines.trimmed(i)
		if bytes.HasPrefix(l, []byte("#")) && bytes.Contains(bytes.ToLower(l), []byte("timeline")) {
			after = i
			break
		}
	}
	start := -1
	if after >= 0 {
		start = findTable(lines, after+1, false)
	}
	if start < 0 {
		start = findTable(lines, 0, true)
	}
	if start < 0 {
		return nil
	}
	return readTable(doc, lines, start)
}

// readTable reads the table whose header row is line index start into
// doc.Timeline.
func readTable(doc *Doc, lines text, start int) []Entry {
	actCol, dateCol := 0, 1
	for i, c := range splitRow(string(lines.trimmed(start))) {
		n := strings.ToLower(plain(c))
		if strings.Contains(n, "activit") || strings.Contains(n, "event") || strings.Contains(n, "milestone") {
			actCol = i
		} else if strings.Contains(n, "date") || strings.Contains(n, "when") {
			dateCol = i
		}
	}
	doc.TimelineLine = start + 1
	for i := start + 2; i < lines.len() && isTableLine(lines.trimmed(i)); i++ {
		cells := splitRow(string(lines.trimmed(i)))
		e := Entry{Line: i + 1}
		if actCol < len(cells) {
			e.Activity = plain(cells[actCol])
		}
		if dateCol < len(cells) {
			e.Text = cells[dateCol]
		}
		if e.Activity == "" && e.Text == "" {
			continue
		}
		doc.Timeline = append(doc.Timeline, e)
	}
	return doc.Timeline
}

// findTable returns the index of the first table header row at or after
// from, optionally only one whose header names activities and dates.
func findTable(lines text, from int, needHeader bool) int {
	for i := from; i+1 < lines.len(); i++ {
		l := lines.trimmed(i)
		if !isTableLine(l) || !isDelimiterRow(lines.trimmed(i+1)) {
			continue
		}
		if !needHeader {
			return i
		}
		h := bytes.ToLower(l)
		if bytes.Contains(h, []byte("activit")) && bytes.Contains(h, []byte("date")) {
			return i
		}
	}
	return -1
}

// checkDates applies the rules that look across entries: order, the term's
// first and last month, and the window around the term. words holds each
// row's normalized activity words.
func checkDates(doc *Doc, words [][]string, cfg config.Terms) []finding.Finding {
	begins, lastDay := activityWords(ActivityBegins), activityWords(ActivityLastDay)
	var fs []finding.Finding
	add := func(line int, rule, format string, args ...any) {
		fs = append(fs, finding.Finding{Path: doc.Path, Line: line, Severity: finding.SeverityError, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	loc, id := doc.Location, doc.ID
	begin, end := id.Begin(loc), id.End(loc)
	lo := begin.AddDate(0, 0, -cfg.WindowDays)
	hi := end.AddDate(0, 0, cfg.WindowDays)
	var prev *Entry
	for i := range doc.Timeline {
		e := &doc.Timeline[i]
		if !e.Parsed() {
			continue
		}
		// The archive's bullet lists were never kept in date order.
		if prev != nil && !id.Archive && before(e.Start, startTimed(*e), prev.Start, startTimed(*prev)) {
			add(e.Line, RuleDateOrder, "%q starts %s, before %q (line %d) on %s: keep the timeline in date order",
				e.Activity, e.Start.Format(dayLayout), prev.Activity, prev.Line, prev.Start.Format(dayLayout))
		}
		prev = e
		if !e.End.IsZero() && before(e.End, e.HasTime, e.Start, e.StartHasTime) {
			add(e.Line, RuleDateOrder, "range ends %s, before it starts on %s: fix the dates or swap them", e.End.Format(dayLayout), e.Start.Format(dayLayout))
		}
		if out, ok := outsideWindow(*e, lo, hi, loc); ok {
			// One finding per row: a wrong year puts every date of the row
			// out, and the month checks below would only repeat it.
			if fix, ok := yearFix(*e, out, id, lo, hi); ok {
				add(e.Line, RuleOutsideTerm, "%s is %s the term (%s – %s): did you mean %s?",
					out.Format(dayLayout), yearsAway(out.Year(), fix.Year()), begin.Format(dayLayout), end.Format(dayLayout), fix.Format(dayLayout))
				continue
			}
			add(e.Line, RuleOutsideTerm, "%s is more than %d days from the term (%s – %s): check the month and year",
				out.Format(dayLayout), cfg.WindowDays, begin.Format(dayLayout), end.Format(dayLayout))
			continue
		}
		if id.Archive {
			continue // an archive term's months are approximate
		}
		if matchWords(begins, words[i]) && (e.Start.Month() != id.First || e.Start.Year() != id.Year) {
			add(e.Line, RuleOutsideTerm, "the program begins %s, outside the term's first month (%s %d)",
				e.Start.Format(dayLayout), id.First, id.Year)
		}
		if last := lastDate(*e); matchWords(lastDay, words[i]) && (last.Month() != id.Last || last.Year() != end.Year()) {
			add(e.Line, RuleOutsideTerm, "the last day of term is %s, outside the term's last month (%s %d)",
				last.Format(dayLayout), id.Last, end.Year())
		}
	}
	return fs
}

// yearFix returns out moved into the year that puts it inside lo..hi, when
// the cell wrote a year and only the year is wrong ("May 8th, 2021" for a
// 2022 term).
func yearFix(e Entry, out time.Time, id ID, lo, hi time.Time) (time.Time, bool) {
	if !e.YearWritten {
		return time.Time{}, false
	}
	for _, y := range []int{id.Year, id.Year - 1, id.Year + 1} {
		if y == out.Year() {
			continue
		}
		t := time.Date(y, out.Month(), out.Day(), 0, 0, 0, 0, out.Location())
		if t.Day() == out.Day() && !t.Before(lo) && !t.After(hi) {
			return t, true
		}
	}
	return time.Time{}, false
}

func yearsAway(have, want int) string {
	switch d := want - have; {
	case d == 1:
		return "a year before"
	case d == -1:
		return "a year after"
	case d > 0:
		return fmt.Sprintf("%d years before", d)
	default:
		return fmt.Sprintf("%d years after", -d)
	}
}

// outsideWindow returns the first of e's dates that falls outside lo..hi.
func outsideWindow(e Entry, lo, hi time.Time, loc *time.Location) (time.Time, bool) {
	for _, t := range []time.Time{e.Start, e.End} {
		if t.IsZero() {
			continue
		}
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
		if day.Before(lo) || day.After(hi) {
			return day, true
		}
	}
	return time.Time{}, false
}

// startTimed reports whether e.Start carries a time of day.
func startTimed(e Entry) bool {
	if e.End.IsZero() {
		return e.HasTime
	}
	return e.StartHasTime
}

func lastDate(e Entry) time.Time {
	if !e.End.IsZero() {
		return e.End
	}
	return e.Start
}

// before reports whether a comes before b: by instant when both carry a
// time of day, else by calendar day (a date without a time covers the day).
func before(a time.Time, aTime bool, b time.Time, bTime bool) bool {
	if aTime && bTime {
		return a.Before(b)
	}
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	if ay != by {
		return ay < by
	}
	if am != bm {
		return am < bm
	}
	return ad < bd
}
