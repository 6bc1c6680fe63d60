package meeting

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
)

// Line is one line of a minutes file as byte offsets into File.Src: the
// text is Src[Start:End] (without its line ending), and the next line starts
// at Next.
type Line struct {
	Start, End, Next int
}

// File is a parsed minutes file. It keeps the source and byte offsets only,
// so edits splice new text between untouched bytes.
type File struct {
	Src []byte
	// NL is the file's line ending, "\r\n" or "\n", used for new lines.
	NL    string
	Lines []Line
	// FrontMatter is the number of lines of YAML front matter, fences
	// included (0 when there is none).
	FrontMatter int
	// Sections are the level-1 headings in order.
	Sections []Section
	// Indexes into Sections, -1 when absent.
	Upcoming, Past, Template, Archive int
}

// Section is a level-1 heading and everything up to the next one.
type Section struct {
	Title string
	Line  int // index into File.Lines of the heading
	// Start is the heading line's first byte, End the first byte of the
	// next level-1 heading (or len(Src)).
	Start, End int
	// Body is the first byte after the heading line.
	Body     int
	Meetings []Block
}

// Block is one level-2 heading (a meeting) and what follows it up to the
// next level-1 or level-2 heading.
type Block struct {
	Heading string // the heading text without "## "
	Line    int    // index into File.Lines of the heading
	Start   int    // first byte of the heading line
	// ContentEnd is the byte after the last line that is neither blank nor
	// a thematic break ("---"); End is where the next heading starts.
	ContentEnd, End int
	Date            Date
	DateOK          bool
	// TimeLine is the index of the meeting's time line, or -1.
	TimeLine int
}

var (
	headingRE     = regexp.MustCompile(`^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$`)
	thematicRE    = regexp.MustCompile(`^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	fenceRE       = regexp.MustCompile("^ {0,3}(```+|~~~+)")
	subheadingRE  = regexp.MustCompile(`^#{3,6}[ \t]`)
	clockInLineRE = regexp.MustCompile(`(?i)\d{1,2}(?::\d{2}\s*|\s*[ap]\.?m\.?\s+)`)
)

// Text returns line i without its line ending.
func (f *File) Text(i int) string {
	l := f.Lines[i]
	return string(f.Src[l.Start:l.End])
}

// Parse splits a minutes file into lines, front matter and sections. It
// fails only on structure that makes editing unsafe: a duplicated
// "Upcoming Meetings", "Past Meetings" or "Meeting Template" heading. A
// missing one is reported by Require.
func Parse(src []byte) (*File, error) {
	f := &File{Src: src, NL: "\n", Upcoming: -1, Past: -1, Template: -1, Archive: -1}
	f.splitLines()
	if len(f.Lines) > 0 && bytes.HasSuffix(src[:f.Lines[0].Next], []byte("\r\n")) {
		f.NL = "\r\n"
	}
	f.FrontMatter = frontMatterLines(f)
	var heads []heading
	inFence := ""
	for i := f.FrontMatter; i < len(f.Lines); i++ {
		t := f.Text(i)
		if m := fenceRE.FindStringSubmatch(t); m != nil {
			switch {
			case inFence == "":
				inFence = m[1][:3]
			case strings.HasPrefix(m[1], inFence):
				inFence = ""
			}
			continue
		}
		if inFence != "" {
			continue
		}
		if m := headingRE.FindStringSubmatch(t); m != nil && len(m[1]) <= 2 {
			heads = append(heads, heading{level: len(m[1]), text: m[2], line: i})
		}
	}
	if err := f.build(heads); err != nil {
		return nil, err
	}
	return f, nil
}

type heading struct {
	level int
	text  string
	line  int
}

func (f *File) splitLines() {
	src := f.Src
	for start := 0; start < len(src); {
		nl := bytes.IndexByte(src[start:], '\n')
		next := len(src)
		end := len(src)
		if nl >= 0 {
			end = start + nl
			next = end + 1
		}
		if end > start && src[end-1] == '\r' && nl >= 0 {
			end--
		}
		f.Lines = append(f.Lines, Line{Start: start, End: end, Next: next})
		start = next
	}
}

func frontMatterLines(f *File) int {
	if len(f.Lines) == 0 || f.Text(0) != "---" {
		return 0
	}
	for i := 1; i < len(f.Lines); i++ {
		if t := f.Text(i); t == "---" || t == "..." {
			return i + 1
		}
	}
	return 0
}

func (f *File) lineStart(i int) int {
	if i >= len(f.Lines) {
		return len(f.Src)
	}
	return f.Lines[i].Start
}

func (f *File) build(heads []heading) error {
	for hi, h := range heads {
		if h.level != 1 {
			continue
		}
		s := Section{Title: h.text, Line: h.line, Start: f.lineStart(h.line), Body: f.Lines[h.line].Next, End: len(f.Src)}
		for _, n := range heads[hi+1:] {
			if n.level == 1 {
				s.End = f.lineStart(n.line)
				break
			}
		}
		idx := len(f.Sections)
		for _, slot := range []struct {
			p    *int
			kind sectionKind
		}{{&f.Upcoming, kindUpcoming}, {&f.Past, kindPast}, {&f.Template, kindTemplate}, {&f.Archive, kindArchive}} {
			if classify(h.text) != slot.kind {
				continue
			}
			if *slot.p >= 0 && slot.kind != kindArchive {
				prev := f.Sections[*slot.p]
				return &LineError{Line: h.line + 1, Msg: fmt.Sprintf("a second %q heading (the first is on line %d): keep exactly one", "# "+h.text, prev.Line+1)}
			}
			if *slot.p < 0 {
				*slot.p = idx
			}
		}
		f.Sections = append(f.Sections, s)
	}
	for si := range f.Sections {
		f.Sections[si].Meetings = f.blocks(heads, f.Sections[si])
	}
	return nil
}

func (f *File) blocks(heads []heading, s Section) []Block {
	var out []Block
	for hi, h := range heads {
		if h.level != 2 || h.line <= s.Line || f.lineStart(h.line) >= s.End {
			continue
		}
		endLine := len(f.Lines)
		if hi+1 < len(heads) {
			endLine = heads[hi+1].line
		}
		for i := h.line + 1; i < endLine; i++ {
			// "Archives" written as plain text after the last meeting (or
			// the template) starts the archive list, not more of the
			// meeting: it is never copied into a stub nor moved with one.
			if isArchiveLabel(f.Text(i)) {
				endLine = i
				break
			}
		}
		b := Block{Heading: h.text, Line: h.line, Start: f.lineStart(h.line), End: f.lineStart(endLine), TimeLine: -1}
		if b.End > s.End {
			b.End = s.End
		}
		b.ContentEnd = f.Lines[h.line].Next
		for i := h.line + 1; i < endLine && f.lineStart(i) < s.End; i++ {
			t := strings.TrimSpace(f.Text(i))
			if t != "" && !thematicRE.MatchString(t) {
				b.ContentEnd = f.Lines[i].Next
			}
		}
		b.Date, _, b.DateOK = parseLongDate(h.text)
		b.TimeLine = f.findTimeLine(h.line+1, endLine)
		out = append(out, b)
	}
	return out
}

// findTimeLine returns the first line in [from, to) before any sub-heading
// that holds a clock time, or -1.
// isArchiveLabel reports whether line is a plain-text "Archive" label:
// "Archives", "**Archive:**", not a heading.
func isArchiveLabel(line string) bool {
	t := strings.Trim(strings.TrimSpace(line), "*_: ")
	return t != "" && !strings.HasPrefix(t, "#") && classify(t) == kindArchive
}

func (f *File) findTimeLine(from, to int) int {
	for i := from; i < to && i < len(f.Lines); i++ {
		t := f.Text(i)
		if subheadingRE.MatchString(t) {
			break
		}
		if clockInLineRE.MatchString(t) && len(parseTimeLine(t)) > 0 {
			return i
		}
	}
	return -1
}

type sectionKind int

const (
	kindOther sectionKind = iota
	kindUpcoming
	kindPast
	kindTemplate
	kindArchive
)

func classify(title string) sectionKind {
	t := strings.ToLower(strings.TrimRight(strings.TrimSpace(title), ":"))
	switch t {
	case "upcoming meetings", "upcoming meeting":
		return kindUpcoming
	case "past meetings", "past meeting", "previous meetings":
		return kindPast
	case "meeting template", "template":
		return kindTemplate
	case "archive", "archives":
		return kindArchive
	}
	return kindOther
}

// LineError is a problem at one line of a minutes file. The planner adds
// the path.
type LineError struct {
	Path string
	Line int // 1-based; 0 for the whole file
	Msg  string
}

// Error renders the problem as "path:line: message".
func (e *LineError) Error() string {
	switch {
	case e.Path != "" && e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	case e.Path != "":
		return fmt.Sprintf("%s: %s", e.Path, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// Require checks the headings the planner edits: exactly one "# Upcoming
// Meetings" and one "# Past Meetings", Upcoming first, and a readable date
// in every upcoming stub's heading.
func (f *File) Require() error {
	switch {
	case f.Upcoming < 0 && f.Past < 0:
		return &LineError{Msg: `no "# Upcoming Meetings" and no "# Past Meetings" heading: add both (level-1 headings) so mentorbot knows where stubs go`}
	case f.Upcoming < 0:
		return &LineError{Line: f.Sections[f.Past].Line + 1, Msg: `no "# Upcoming Meetings" heading: add one (a level-1 heading) above this "# Past Meetings"`}
	case f.Past < 0:
		return &LineError{Line: f.Sections[f.Upcoming].Line + 1, Msg: `no "# Past Meetings" heading: add one (a level-1 heading) after this "# Upcoming Meetings" section`}
	case f.Past < f.Upcoming:
		return &LineError{Line: f.Sections[f.Past].Line + 1, Msg: `"# Past Meetings" comes before "# Upcoming Meetings": put Upcoming first`}
	}
	for _, b := range f.Sections[f.Upcoming].Meetings {
		if !b.DateOK {
			return &LineError{Line: b.Line + 1, Msg: fmt.Sprintf("cannot read the date in the upcoming meeting heading %q: write it like \"## November 21, 2024\"", "## "+b.Heading)}
		}
	}
	return nil
}

// ScheduleLine finds the file's schedule line: the first non-blank line
// under a "Recurring" heading, or else the first line saying "of the month
// at". It returns the line index, or -1.
func (f *File) ScheduleLine() int {
	under := false
	for i := f.FrontMatter; i < len(f.Lines); i++ {
		t := strings.TrimSpace(f.Text(i))
		if m := headingRE.FindStringSubmatch(t); m != nil {
			if under {
				return -1
			}
			under = strings.Contains(strings.ToLower(m[2]), "recurring")
			continue
		}
		if under && t != "" {
			return i
		}
	}
	for i := f.FrontMatter; i < len(f.Lines); i++ {
		if strings.Contains(strings.ToLower(f.Text(i)), " of the month at ") {
			return i
		}
	}
	return -1
}

// Schedule reads the file's own schedule line. ok is false when the file
// states none; an unreadable line is an error quoting it.
func (f *File) Schedule() (s Schedule, ok bool, err error) {
	i := f.ScheduleLine()
	if i < 0 {
		return Schedule{}, false, nil
	}
	s, err = parseScheduleLine(f.Text(i))
	if err != nil {
		return Schedule{}, true, &LineError{Line: i + 1, Msg: fmt.Sprintf("cannot read the meeting schedule %q: %v; fix the line or set meeting.schedule in the config", strings.TrimSpace(f.Text(i)), err)}
	}
	s.Source = fmt.Sprintf("line %d", i+1)
	for _, j := range f.otherScheduleLines(i) {
		s.Others = append(s.Others, &LineError{Line: j + 1, Msg: fmt.Sprintf(
			"a second recurring meeting is stated here (%q): mentorbot plans only the meetings of line %d (%q); set meeting.schedule.rule (such as \"2nd and 4th Tuesday\") to plan both, or move this line out of the recurring section",
			clipText(strings.TrimSpace(f.Text(j))), i+1, clipText(strings.TrimSpace(f.Text(i))))})
	}
	return s, true, nil
}

// otherScheduleLines returns the lines after the schedule line first, in the
// same "Recurring" section, that state a schedule of their own ("4th
// Tuesday of the month at 9PM UTC (during the setup phase)").
func (f *File) otherScheduleLines(first int) []int {
	var out []int
	for i := first + 1; i < len(f.Lines); i++ {
		t := strings.TrimSpace(f.Text(i))
		if headingRE.MatchString(t) {
			break
		}
		if t == "" {
			continue
		}
		if _, err := parseScheduleLine(t); err == nil {
			out = append(out, i)
		}
	}
	return out
}

func clipText(s string) string {
	if r := []rune(s); len(r) > 100 {
		return string(r[:100]) + "…"
	}
	return s
}

// blockText returns a block's content lines (heading to ContentEnd),
// ending with a line ending.
func (f *File) blockText(b Block) string {
	t := string(f.Src[b.Start:b.ContentEnd])
	if !strings.HasSuffix(t, "\n") {
		t += f.NL
	}
	return t
}
