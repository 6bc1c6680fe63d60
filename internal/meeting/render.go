package meeting

import (
	"fmt"
	"slices"
	"strings"
)

// builtinTemplate is the stub used when a file has no "# Meeting Template"
// section: the same sections as cncf/mentoring's template.
var builtinTemplate = []string{
	"## {date}", "", "{time}", "", "### Attendance", "", "*", "",
	"### Updates/reminders", "", "*", "", "### Agenda", "", "*", "", "### Notes", "", "*",
}

// RenderStub renders the stub for occ from f's "Meeting Template" section,
// or from the built-in template when f is nil or has none. The date heading
// and time line are recomputed, and any other copy of the template's date
// (in a link, say) is replaced by the meeting's date in the same form.
// The result ends with a line ending and uses f's line endings.
func RenderStub(f *File, occ Occurrence) string {
	nl := "\n"
	if f != nil {
		nl = f.NL
	}
	heading := "## " + occ.Date.Long()
	timeLine := TimeLine(occ.Start)
	if occ.Cancelled {
		reason := strings.TrimSpace(occ.Reason)
		if reason == "" {
			reason = "no meeting this month"
		}
		return heading + nl + nl + timeLine + nl + nl + "Cancelled: " + reason + nl
	}
	if !hasTemplate(f) {
		var b strings.Builder
		for _, l := range builtinTemplate {
			l = strings.ReplaceAll(l, "{date}", occ.Date.Long())
			l = strings.ReplaceAll(l, "{time}", timeLine)
			b.WriteString(l + nl)
		}
		return b.String()
	}
	tb := f.Sections[f.Template].Meetings[0]
	var b strings.Builder
	for i := tb.Line; i < len(f.Lines) && f.Lines[i].Start < tb.ContentEnd; i++ {
		l := f.Lines[i]
		text, ending := string(f.Src[l.Start:l.End]), string(f.Src[l.End:l.Next])
		if ending == "" {
			ending = nl
		}
		switch {
		case i == tb.Line:
			text = heading
		case i == tb.TimeLine:
			trimmed := strings.TrimRight(text, " \t")
			text = leadingSpace(text) + timeLine + text[len(trimmed):]
		case tb.DateOK:
			text = replaceDate(text, tb.Date, occ.Date)
		}
		b.WriteString(text + ending)
		if i == tb.Line && tb.TimeLine < 0 {
			b.WriteString(nl + timeLine + nl)
		}
	}
	return b.String()
}

func leadingSpace(s string) string { return s[:len(s)-len(strings.TrimLeft(s, " \t"))] }

// replaceDate rewrites every copy of from in s as to, keeping each copy's
// form: "2024-08-15", "2024-8-15" or "August 15, 2024".
func replaceDate(s string, from, to Date) string {
	s = isoDateRE.ReplaceAllStringFunc(s, func(m string) string {
		d, err := ParseDate(m)
		if err != nil || d != from {
			return m
		}
		if len(m) == len("2006-01-02") {
			return to.String()
		}
		// One unpadded part means the writer does not pad ("2025-3-20").
		return fmt.Sprintf("%d-%d-%d", to.Year, to.Month, to.Day)
	})
	var b strings.Builder
	for {
		d, span, ok := parseLongDate(s)
		if !ok {
			break
		}
		b.WriteString(s[:span[0]])
		if d == from {
			b.WriteString(to.Long())
		} else {
			b.WriteString(s[span[0]:span[1]])
		}
		s = s[span[1]:]
	}
	b.WriteString(s)
	return b.String()
}

// edit replaces Src[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// apply splices edits into src. Edits must not overlap; an insertion
// (start == end) at the start of a deletion goes before it.
func apply(src []byte, edits []edit) []byte {
	slices.SortStableFunc(edits, func(a, b edit) int {
		if a.start != b.start {
			return a.start - b.start
		}
		return (a.end - a.start) - (b.end - b.start)
	})
	var out []byte
	pos := 0
	for _, e := range edits {
		if e.start > pos {
			out = append(out, src[pos:e.start]...)
		}
		out = append(out, e.text...)
		if e.end > pos {
			pos = e.end
		}
	}
	return append(out, src[pos:]...)
}
