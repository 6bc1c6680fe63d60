package term

import (
	"bytes"
	"errors"
	"fmt"
	"iter"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/zone"
)

// The rule ids findings carry; cfg.Severity may change their severity.
const (
	RuleFolderName           = "folder-name"
	RuleMissingReadme        = "missing-readme"
	RuleTitleMismatch        = "title-mismatch"
	RuleMissingStatus        = "missing-status"
	RuleMissingTimeline      = "missing-timeline"
	RuleMissingActivity      = "missing-activity"
	RuleUnparsedDate         = "unparsed-date"
	RuleWeekdayMismatch      = "weekday-mismatch"
	RuleTimezoneAbbreviation = "timezone-abbreviation"
	RuleUTCMismatch          = "utc-mismatch"
	RuleDateOrder            = "date-order"
	RuleOutsideTerm          = "outside-term"
	RuleInvalidDate          = "invalid-date"
	RuleStatusConflict       = "status-conflict"
)

// Activities the outside-term rule places in the term's first and last month.
const (
	ActivityBegins  = "program begins"
	ActivityLastDay = "last day of term"
)

// Entry is one row of a term's Timeline table.
type Entry struct {
	// Line is the 1-based line of the row in the README.
	Line int
	// Activity is the first cell with markdown emphasis removed
	// ("Project Proposals Open").
	Activity string
	// Text is the date cell as written, trimmed.
	Text string
	// Start is the first (or only) date, in the term's zone: midnight when
	// no time was written for it. Start is zero when the cell could not be
	// read as a date.
	Start time.Time
	// End is a range's last date, zero for a single date.
	End time.Time
	// HasTime reports whether the last date (End, or Start for a single
	// date) carries a time of day.
	HasTime bool
	// StartHasTime reports whether a range's Start has its own time of day.
	StartHasTime bool
	// Zone is the zone abbreviation written in the cell ("PDT", "UTC"), or
	// "" when times are in the term's zone.
	Zone string
	// YearWritten reports whether the cell names a year (else the year was
	// inferred from the term).
	YearWritten bool
}

// Parsed reports whether the entry's date cell was read.
func (e Entry) Parsed() bool { return !e.Start.IsZero() }

// Deadline returns the instant the entry ends: the last date's time when
// one was written, else the end of that day (midnight after it) in the
// term's zone. It is zero when the date was not read.
func (e Entry) Deadline() time.Time {
	t, has := e.End, e.HasTime
	if t.IsZero() {
		t = e.Start
	}
	if t.IsZero() || has {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, t.Location())
}

// Doc is a parsed term README.
type Doc struct {
	// Path is the README's path relative to the repository root.
	Path string
	ID   ID
	// Title is the first level-1 heading without its "# ", and TitleLine
	// its line (0 when absent).
	Title     string
	TitleLine int
	// Status is the text after "Status:", StatusLine its line (0 when absent).
	Status     string
	StatusLine int
	// TimelineLine is the line of the timeline table's header row, 0 when
	// the README has no timeline table.
	TimelineLine int
	// Timeline holds the table's rows in order, including rows whose date
	// could not be read (Parsed is false).
	Timeline []Entry
	// Location is the term's zone (cfg.Timezone) that dates are placed in.
	Location *time.Location
}

// Find returns the first timeline entry whose activity matches the loose
// name activity (see MatchActivity), such as Find("project proposals").
func (d *Doc) Find(activity string) (Entry, bool) {
	for _, e := range d.Timeline {
		if MatchActivity(activity, e.Activity) {
			return e, true
		}
	}
	return Entry{}, false
}

// ProposalsClose returns the deadline of the "project proposals" entry
// (see Entry.Deadline), and false when the timeline has none with a date.
func (d *Doc) ProposalsClose() (time.Time, bool) {
	e, ok := d.Find("project proposals")
	if !ok || !e.Parsed() {
		return time.Time{}, false
	}
	return e.Deadline(), true
}

// Parse reads the README at path (repository-relative, used in findings)
// of term id and checks it: title, Status line, timeline table, required
// activities, and the facts of every date. Findings carry the default
// severity (error); Validate applies cfg.Severity. The Doc is returned even
// when findings are.
func Parse(path string, data []byte, id ID, cfg config.Terms) (*Doc, []finding.Finding) {
	doc := &Doc{Path: path, ID: id}
	var fs []finding.Finding
	add := func(line int, rule, format string, args ...any) {
		fs = append(fs, finding.Finding{Path: path, Line: line, Severity: finding.SeverityError, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	loc, err := zone.Load(cfg.Timezone)
	if err != nil {
		loc = time.UTC
	}
	doc.Location = loc
	lines := newText(data)
	readHead(doc, lines)
	if !id.Archive {
		if doc.TitleLine == 0 {
			add(0, RuleTitleMismatch, "README has no title: start it with %q", wantTitle(id))
		} else if msg := checkTitle(doc.Title, id); msg != "" {
			add(doc.TitleLine, RuleTitleMismatch, "%s: write %q", msg, wantTitle(id))
		}
		switch {
		case doc.StatusLine == 0:
			add(0, RuleMissingStatus, "README has no Status line: add one such as \"Status: Planning\" under the title")
		case doc.Status == "":
			add(doc.StatusLine, RuleMissingStatus, "the Status line is empty: say where the term stands, such as \"Status: Planning\"")
		}
	}
	if sl := statusLines(lines); len(sl) > 1 {
		for _, other := range sl[1:] {
			if !sameStatus(sl[0].value, other.value) {
				add(other.line, RuleStatusConflict, "Status %q disagrees with Status %q on line %d: keep one Status line that says where the term stands",
					clip(other.value), clip(sl[0].value), sl[0].line)
			}
		}
	}
	var words [][]string
	if id.Archive {
		readArchiveTimeline(doc, lines)
	} else {
		readTimeline(doc, lines)
		if doc.TimelineLine == 0 {
			add(0, RuleMissingTimeline, "README has no timeline table: add a \"### Timeline\" section with an | Activity | Date | table")
			return doc, fs
		}
	}
	words = make([][]string, len(doc.Timeline))
	for i, e := range doc.Timeline {
		words[i] = activityWords(e.Activity)
	}
	if !id.Archive {
		for _, want := range cfg.RequiredActivities {
			ws := activityWords(want)
			if !slices.ContainsFunc(words, func(have []string) bool { return matchWords(ws, have) }) {
				add(doc.TimelineLine, RuleMissingActivity, "timeline has no %q activity: add a row for it", want)
			}
		}
	}
	for i := range doc.Timeline {
		e := &doc.Timeline[i]
		d, issues, err := parseDates(e.Text, id, loc)
		var nd *noSuchDate
		switch {
		case errors.As(err, &nd):
			add(e.Line, RuleInvalidDate, "%s %d, %d does not exist (%s %d has %d days): fix the day of %q",
				abbrev(nd.month), nd.day, nd.year, nd.month, nd.year, daysIn(nd.month, nd.year), clip(e.Activity))
			continue
		case err != nil:
			add(e.Line, RuleUnparsedDate, "cannot read the date %q of %q (%v): write it like \"Tue, Mar 3, 2026\" or \"Wed, Jul 1 – Tue, Jul 28, 2026, 11:00 AM PDT (18:00 UTC)\"", clip(e.Text), clip(e.Activity), err)
			continue
		}
		e.Start, e.End, e.HasTime, e.StartHasTime, e.Zone, e.YearWritten = d.start, d.end, d.hasTime, d.startHasTime, d.zone, d.yearWritten
		for _, is := range issues {
			add(e.Line, is.rule, "%s", is.msg)
		}
	}
	return doc, append(fs, checkDates(doc, words, cfg)...)
}

// readArchiveTimeline reads an archive term's timeline: the table of its
// Timeline section when it has one (2022/03), else the section's bullets.
func readArchiveTimeline(doc *Doc, lines text) {
	from, to, ok := timelineSection(lines)
	if !ok {
		return
	}
	if start := findTable(lines, from, false); start >= 0 && start < to {
		readTable(doc, lines, start)
		return
	}
	readBulletTimeline(doc, lines, from, to)
}

// noSuchDate is the error for a day the month does not have (Feb 30).
type noSuchDate struct {
	month     time.Month
	day, year int
}

func (e *noSuchDate) Error() string {
	return fmt.Sprintf("%s %d, %d is not a date", abbrev(e.month), e.day, e.year)
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func clip(s string) string {
	const max = 80
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

// text indexes a file's lines without copying them: Parse reads the head
// and the timeline table, a few dozen lines of files of thousands.
type text struct {
	data   []byte
	starts []int // offset of each line
}

func newText(data []byte) text {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	t := text{data: data, starts: make([]int, 1, bytes.Count(data, []byte("\n"))+1)}
	for off := 0; ; {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		t.starts = append(t.starts, off)
	}
	return t
}

func (t text) len() int { return len(t.starts) }

// trimmed returns line i without its line ending and surrounding space.
func (t text) trimmed(i int) []byte {
	end := len(t.data)
	if i+1 < len(t.starts) {
		end = t.starts[i+1]
	}
	return bytes.TrimSpace(t.data[t.starts[i]:end])
}

// unfenced yields the lines [from, to) outside code fences, trimmed, by
// index. A fence's opening line is not yielded; its closing line is (it
// is not content a reader mistakes for text either way).
func (t text) unfenced(from, to int) iter.Seq2[int, []byte] {
	return func(yield func(int, []byte) bool) {
		fence := false
		for i := from; i < to; i++ {
			l := t.trimmed(i)
			if isFence(l) {
				fence = !fence
			}
			if fence {
				continue
			}
			if !yield(i, l) {
				return
			}
		}
	}
}

var statusRE = regexp.MustCompile(`(?i)^(?:[-*>]\s*)?(?:\*\*|__)?status(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*?)\s*(?:\*\*|__)?$`)

// readHead finds the title (first level-1 heading) and the Status line.
func readHead(doc *Doc, lines text) {
	for i, t := range lines.unfenced(0, lines.len()) {
		if doc.TitleLine == 0 && bytes.HasPrefix(t, []byte("# ")) {
			doc.Title, doc.TitleLine = string(bytes.TrimSpace(t[2:])), i+1
		}
		if doc.StatusLine == 0 {
			if m := statusRE.FindSubmatch(t); m != nil {
				doc.Status, doc.StatusLine = string(m[1]), i+1
			}
		}
		if doc.TitleLine != 0 && doc.StatusLine != 0 {
			return
		}
	}
}

func wantTitle(id ID) string {
	return fmt.Sprintf("# Term %02d - %d %s - %s", id.Number, id.Year, id.First, id.Last)
}

var titleTermRE = regexp.MustCompile(`(?i)\bterm\s*#?\s*0*(\d{1,2})\b`)
var titleYearRE = regexp.MustCompile(`\b(\d{4})\b`)

// checkTitle says how title disagrees with id, or returns "".
func checkTitle(title string, id ID) string {
	var bad []string
	if m := titleTermRE.FindStringSubmatch(title); m == nil {
		bad = append(bad, "no term number")
	} else if n, _ := strconv.Atoi(m[1]); n != id.Number {
		bad = append(bad, fmt.Sprintf("term %d, not %d", n, id.Number))
	}
	if m := titleYearRE.FindStringSubmatch(title); m == nil {
		bad = append(bad, "no year")
	} else if y, _ := strconv.Atoi(m[1]); y != id.Year {
		bad = append(bad, fmt.Sprintf("year %d, not %d", y, id.Year))
	}
	var ms []time.Month
	for _, w := range activityWordsRaw(title) {
		if m, ok := months[w]; ok {
			ms = append(ms, m)
		}
	}
	// The first two month names are the term's: later words such as "may"
	// in "(dates may change)" are not.
	switch {
	case len(ms) < 2:
		bad = append(bad, fmt.Sprintf("want the months %s - %s", id.First, id.Last))
	case ms[0] != id.First || ms[1] != id.Last:
		bad = append(bad, fmt.Sprintf("months %s - %s, not %s - %s", ms[0], ms[1], id.First, id.Last))
	}
	if len(bad) == 0 {
		return ""
	}
	return fmt.Sprintf("title %q does not match the folder (%s)", title, strings.Join(bad, "; "))
}

// activityWordsRaw splits s into lower-case letter runs, keeping every word.
func activityWordsRaw(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return r < 'a' || r > 'z' })
}
