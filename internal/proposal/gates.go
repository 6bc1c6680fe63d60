package proposal

import "strings"

// The report comment may carry a gates section (who approved, which
// mentors confirmed, what is awaited), rendered by internal/command between
// these markers. Plan keeps the section it finds so that a re-check of the
// proposal does not erase the gates, and replaces it when Input.Gates is
// set.
const (
	GatesStart = "<!-- mentorbot:gates -->"
	GatesEnd   = "<!-- /mentorbot:gates -->"
)

// GatesSection returns the gates section of a report comment, markers
// included and ending in a newline, or "" when it has none. The markers
// count only on lines of their own.
func GatesSection(comment string) string {
	comment = strings.ReplaceAll(comment, "\r\n", "\n")
	i := lineIndex(comment, GatesStart)
	if i < 0 {
		return ""
	}
	j := lineIndex(comment[i:], GatesEnd)
	if j < 0 {
		return ""
	}
	return comment[i:i+j+len(GatesEnd)] + "\n"
}

// lineIndex returns the index of the first line of s that is exactly line,
// or -1.
func lineIndex(s, line string) int {
	for off := 0; off <= len(s); {
		end := strings.IndexByte(s[off:], '\n')
		if end < 0 {
			end = len(s) - off
		}
		if strings.TrimRight(s[off:off+end], " \t") == line {
			return off
		}
		off += end + 1
	}
	return -1
}

// WithGates returns comment with its gates section replaced by section (a
// section from GatesSection's format, or "" to drop it). A new section goes
// before the comment's closing "<sub>" line, or at the end.
func WithGates(comment, section string) string {
	if old := GatesSection(comment); old != "" {
		comment = strings.ReplaceAll(comment, "\r\n", "\n")
		i := lineIndex(comment, GatesStart)
		rest := strings.TrimPrefix(comment[i+len(old)-1:], "\n")
		comment = comment[:i] + strings.TrimPrefix(rest, "\n")
	}
	if section == "" {
		return comment
	}
	if !strings.HasSuffix(section, "\n") {
		section += "\n"
	}
	if i := strings.LastIndex(comment, "\n<sub>"); i >= 0 {
		return comment[:i+1] + section + "\n" + comment[i+1:]
	}
	if comment != "" && !strings.HasSuffix(comment, "\n") {
		comment += "\n"
	}
	return comment + section
}

// gates is the section Plan puts in the report: the one Input.Gates gives,
// else the one the current comment already has.
func (in *Input) gates() string {
	if in.Gates != "" {
		return in.Gates
	}
	return GatesSection(in.Comment)
}
