package proposal

import (
	"net/mail"
	"regexp"
	"strings"

	"github.com/mentorbot/mentorbot/internal/term"
)

// Mentor is one line of the Mentors field: "Name | @handle | email | LFID".
// Fields hold what was written, cleaned of Markdown decoration (a mailto
// link becomes its address, "@" and profile URLs become the bare handle).
// Parts is how many "|"-separated parts the line had.
type Mentor struct {
	Line   int    `json:"line"`
	Name   string `json:"name"`
	Handle string `json:"handle"`
	Email  string `json:"email"`
	LFID   string `json:"lfid"`
	Parts  int    `json:"-"`
	Raw    string `json:"-"`
	// NoAt is set when the handle was written bare ("janedoe"), not as
	// "@janedoe" or a GitHub profile link as the form asks.
	NoAt bool `json:"-"`
}

var (
	mdLinkRE    = regexp.MustCompile(`^\[([^\]]*)\]\(([^)\s]*)\)$`)
	handleRE    = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$`)
	emailRE     = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	separatorRE = regexp.MustCompile(`^[\s|:-]*$`)
	bulletRE    = regexp.MustCompile(`^(?:[-*+]|\d+[.)])\s+`)
)

// ParseMentors reads the Mentors field, one mentor a line. It skips blank
// lines, Markdown table separators and header rows, and strips list bullets and the outer
// pipes of a table row, since people paste mentors as either.
func ParseMentors(text string) []Mentor {
	var out []Mentor
	for i, line := range splitLines(text) {
		raw := strings.TrimSpace(line)
		if raw == "" || separatorRE.MatchString(raw) {
			continue
		}
		l := bulletRE.ReplaceAllString(raw, "")
		switch {
		case strings.HasPrefix(l, "|") && strings.HasSuffix(l, "|") && len(l) > 1:
			l = l[1 : len(l)-1] // the outer pipes of a table row
		case strings.HasSuffix(l, "|"):
			l = l[:len(l)-1]
			// A leading pipe alone is an empty first part: the name.
		}
		l = strings.TrimSpace(l)
		parts := strings.Split(l, "|")
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		if len(parts) > 2 && term.Key(parts[2]) == "email" {
			continue // a table's header row
		}
		if len(parts) == 3 && strings.HasPrefix(parts[0], "@") {
			// "@jane | jane@example.com | jane": the name was left out,
			// not the LFID.
			parts = append([]string{""}, parts...)
		}
		m := Mentor{Line: i + 1, Parts: len(parts), Raw: raw, Name: parts[0]}
		if len(parts) > 1 {
			m.Handle = cleanHandle(parts[1])
			h := strings.Trim(parts[1], "`")
			m.NoAt = h != "" && !strings.HasPrefix(h, "@") && !strings.HasPrefix(h, "[") && !strings.Contains(strings.ToLower(h), "github.com/")
		}
		if len(parts) > 2 {
			m.Email = cleanEmail(parts[2])
		}
		if len(parts) > 3 {
			m.LFID = strings.Trim(parts[3], "`")
		}
		out = append(out, m)
	}
	return out
}

// cleanHandle turns "@jane", "[@jane](https://github.com/jane)" or
// "https://github.com/jane" into "jane".
func cleanHandle(s string) string {
	s = strings.Trim(s, "`")
	if m := mdLinkRE.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	for _, p := range []string{"https://github.com/", "http://github.com/", "github.com/"} {
		// EqualFold on the prefix, not ToLower on s: lowering invalid UTF-8
		// changes its length (found by FuzzParse).
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			s = s[len(p):]
		}
	}
	return strings.TrimSuffix(strings.TrimPrefix(s, "@"), "/")
}

// cleanEmail turns "[jane@x.org](mailto:jane@x.org)", "<jane@x.org>" or
// "mailto:jane@x.org" into "jane@x.org".
func cleanEmail(s string) string {
	s = strings.Trim(s, "`")
	if m := mdLinkRE.FindStringSubmatch(s); m != nil {
		s = m[2]
		if !strings.HasPrefix(strings.ToLower(s), "mailto:") {
			s = m[1]
		}
	}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
	if len(s) >= 7 && strings.EqualFold(s[:7], "mailto:") {
		s = s[7:]
	}
	return s
}

// validHandle reports whether s can be a GitHub login: 1 to 39 letters,
// digits or single hyphens, not starting or ending with a hyphen.
func validHandle(s string) bool {
	return handleRE.MatchString(s) && !strings.Contains(s, "--")
}

// validEmail reports whether s is one bare address with a dotted domain.
func validEmail(s string) bool {
	if !emailRE.MatchString(s) {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// placeholderLFIDs are what people write for an LFID they don't have yet.
var placeholderLFIDs = map[string]bool{
	"tbd": true, "tba": true, "todo": true, "n/a": true, "na": true, "none": true,
	"-": true, "?": true, "_no response_": true, "lfid": true,
}

// lfidProblem says what is wrong with an LFID, or "" when nothing is.
func lfidProblem(s string) string {
	switch {
	case s == "" || placeholderLFIDs[strings.ToLower(s)]:
		return "has no LFID yet: add the mentor's LF Username (openprofile.dev, Settings -> Basic Information)"
	case strings.ContainsAny(s, " \t"):
		return "has an LFID with spaces: the LFID is the LF Username, a single word"
	case strings.Contains(s, "@"):
		return "has an LFID with \"@\": write the LF Username, not an email address or GitHub handle"
	case strings.Contains(s, "/"):
		return "has an LFID with \"/\": write the LF Username, not a profile URL"
	}
	return ""
}
