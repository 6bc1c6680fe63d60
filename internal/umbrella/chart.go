package umbrella

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Chart returns the term's timeline as a Mermaid gantt chart in a fenced
// block, which GitHub renders natively, or "" when no row is dated. A range
// is a bar over its days, a single day or a deadline a milestone, each on
// its day in loc (the term's zone).
//
// Mermaid draws its own today marker where the reader's clock is, so the
// chart stays right on every later day without being rewritten. When now
// is not zero and falls inside the term (it has started and not ended),
// the chart also carries a "Today" milestone on now's day, so the day the
// chart was written is visible where Mermaid's marker is not drawn (a
// printed page, a mail notification). Pass the zero time for a chart that
// must not change from day to day (the README's generated block).
//
// Activity text comes from a README anyone may edit through a pull request:
// Mermaid's statement characters (":", ";", "#", "%", newlines) and
// Markdown are stripped, and a name that would start a Mermaid keyword line
// is prefixed, so no text can end a task, start a directive or a comment,
// or leave the fence.
func Chart(title string, rows []Date, loc *time.Location, now time.Time) string {
	var lines []string
	first, last := time.Time{}, time.Time{}
	for i, d := range rows {
		if d.Start.IsZero() {
			continue
		}
		start := calendarDay(d.Start, !d.End.IsZero() || !d.HasTime, loc)
		end := calendarDay(d.Last(), !d.HasTime, loc)
		if end.Before(start) {
			end = start
		}
		name := mermaidText(d.Activity)
		if name == "" {
			name = fmt.Sprintf("Activity %d", i+1)
		}
		id := fmt.Sprintf("t%d", i+1)
		if d.End.IsZero() {
			lines = append(lines, fmt.Sprintf("    %s :milestone, %s, %s, 0d", name, id, start.Format(time.DateOnly)))
		} else {
			// Mermaid's end date is exclusive: the bar covers the last day.
			lines = append(lines, fmt.Sprintf("    %s :%s, %s, %s", name, id, start.Format(time.DateOnly), end.AddDate(0, 0, 1).Format(time.DateOnly)))
		}
		if first.IsZero() || start.Before(first) {
			first = start
		}
		if end.After(last) {
			last = end
		}
	}
	if len(lines) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("```mermaid\ngantt\n")
	fmt.Fprintf(&b, "    title %s\n", orDefault(mermaidText(title), "Timeline"))
	b.WriteString("    dateFormat YYYY-MM-DD\n    axisFormat %b %e\n")
	b.WriteString("    todayMarker stroke-width:3px,stroke:#d73a49\n")
	b.WriteString("    section Timeline\n")
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	if !now.IsZero() {
		today := calendarDay(now, false, loc)
		if !today.Before(first) && !today.After(last) {
			b.WriteString("    section Now\n")
			fmt.Fprintf(&b, "    Today %s :crit, milestone, today, %s, 0d\n", today.Format("Jan 2"), today.Format(time.DateOnly))
		}
	}
	b.WriteString("```")
	return b.String()
}

// calendarDay returns the day of t as midnight UTC: a date without a time
// of day keeps the day it was written (converting could move it to the day
// before), an instant is placed on its day in loc.
func calendarDay(t time.Time, dateOnly bool, loc *time.Location) time.Time {
	if !dateOnly && loc != nil {
		t = t.In(loc)
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// mermaidKeywords start a statement when a line begins with them.
var mermaidKeywords = []string{
	"gantt", "title", "dateformat", "axisformat", "tickinterval", "todaymarker",
	"excludes", "includes", "weekday", "weekend", "section", "click", "acctitle",
	"accdescr", "inclusiveenddates", "topaxis", "displaymode", "call", "href",
}

// mermaidText makes s safe as a gantt task name or title: one line of
// letters, digits, spaces and harmless punctuation, at most 60 runes.
func mermaidText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
			space = false
		case strings.ContainsRune("-–—,.()/&+'!?", r):
			b.WriteRune(r)
			space = false
		default: // ":", ";", "#", "%", "*", "`", "<", newlines, ...
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	out := strings.TrimSpace(b.String())
	if r := []rune(out); len(r) > 60 {
		out = strings.TrimSpace(string(r[:60])) + "…"
	}
	low := strings.ToLower(out)
	for _, k := range mermaidKeywords {
		if strings.HasPrefix(low, k) {
			return "· " + out
		}
	}
	return out
}

// The markers of the README's generated chart block.
const (
	ChartBegin = "<!-- mentorbot:timeline-chart begin -->"
	ChartEnd   = "<!-- mentorbot:timeline-chart end -->"
)

// ErrChartMarkers is returned (wrapped) when a README's chart markers are
// not one begin line followed by one end line.
var ErrChartMarkers = errors.New("malformed timeline-chart markers")

// ReplaceChart puts chart between the README's chart markers, changing
// nothing outside them. A marker counts only on a line of its own. Only the
// first begin/end pair is replaced; an end before any begin, a second begin
// before the end, or a begin without an end is an error, and the README is
// left alone: a person may have written or moved a marker, and guessing
// where the block ends could overwrite their text. A README without markers
// gets the block after its timeline table (the line after the table, found
// from timelineLine, the 1-based line of its header row), or at the end.
func ReplaceChart(readme, chart string, timelineLine int) (string, error) {
	nl := "\n"
	if strings.Contains(readme, "\r\n") {
		nl = "\r\n"
	}
	lines := strings.SplitAfter(readme, "\n")
	begin, end := -1, -1
	for i, l := range lines {
		switch strings.TrimSpace(l) {
		case ChartBegin:
			if begin >= 0 {
				return "", fmt.Errorf("%w: a second begin marker at line %d before the end marker", ErrChartMarkers, i+1)
			}
			begin = i
		case ChartEnd:
			if begin < 0 {
				return "", fmt.Errorf("%w: an end marker at line %d before any begin marker", ErrChartMarkers, i+1)
			}
			end = i
		}
		if end >= 0 {
			break
		}
	}
	if begin >= 0 && end < 0 {
		return "", fmt.Errorf("%w: the begin marker at line %d has no end marker", ErrChartMarkers, begin+1)
	}
	block := ChartBegin + nl + strings.ReplaceAll(chart, "\n", nl) + nl + ChartEnd + nl
	if begin >= 0 {
		return strings.Join(lines[:begin], "") + block + strings.Join(lines[end+1:], ""), nil
	}
	at := len(lines)
	if timelineLine > 0 {
		for i := timelineLine - 1; i < len(lines); i++ {
			if !strings.HasPrefix(strings.TrimSpace(lines[i]), "|") {
				at = i
				break
			}
		}
	}
	head := strings.Join(lines[:at], "")
	if head != "" && !strings.HasSuffix(head, "\n") {
		head += nl
	}
	return head + nl + block + strings.Join(lines[at:], ""), nil
}
