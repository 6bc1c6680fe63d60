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
// included and ending in a newline, or "" when it has none.
func GatesSection(comment string) string {
	i := strings.Index(comment, GatesStart)
	if i < 0 {
		return ""
	}
	j := strings.Index(comment[i:], GatesEnd)
	if j < 0 {
		return ""
	}
	return comment[i:i+j+len(GatesEnd)] + "\n"
}

// WithGates returns comment with its gates section replaced by section (a
// section from GatesSection's format, or "" to drop it). A new section goes
// before the comment's closing "<sub>" line, or at the end.
func WithGates(comment, section string) string {
	if old := GatesSection(comment); old != "" {
		i := strings.Index(comment, GatesStart)
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
