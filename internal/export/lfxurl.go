package export

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// LFXHost is the LFX Mentorship platform's host.
const LFXHost = "mentorship.lfx.linuxfoundation.org"

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// ParseLFXURL checks that s is an LFX Mentorship program URL,
// https://mentorship.lfx.linuxfoundation.org/project/<uuid>, and returns it
// in canonical form (lower-case uuid, no trailing slash). Anything else (another
// host or scheme, a port, credentials, a query, a fragment, more path) is
// refused with the reason, for the command's reply.
func ParseLFXURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">") // an autolink
	u, err := url.Parse(s)
	switch {
	case s == "":
		return "", fmt.Errorf("no URL given: write /lfx-url https://%s/project/<uuid>", LFXHost)
	case err != nil || strings.ContainsAny(s, " \t\r\n\\"):
		return "", fmt.Errorf("%s is not a URL", quoteText(s))
	case u.Scheme != "https":
		return "", fmt.Errorf("the LFX URL must start with https://%s/", LFXHost)
	case u.User != nil || u.Port() != "" || !strings.EqualFold(u.Hostname(), LFXHost):
		return "", fmt.Errorf("%s is not on %s", quoteText(s), LFXHost)
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#"):
		return "", fmt.Errorf("the LFX URL must not have a query or a fragment")
	}
	rest, ok := strings.CutPrefix(u.EscapedPath(), "/project/")
	rest = strings.TrimSuffix(rest, "/")
	if !ok || !uuidRE.MatchString(rest) {
		return "", fmt.Errorf("the LFX URL must be https://%s/project/ followed by the program's id (a UUID)", LFXHost)
	}
	return "https://" + LFXHost + "/project/" + strings.ToLower(rest), nil
}

// LFXRecordMarker starts the hidden record of an issue's LFX URL in a
// comment of mentorbot's own.
const LFXRecordMarker = "<!-- mentorbot:lfx-url "

// LFXRecord renders the hidden record of url, for a comment of mentorbot's
// own. url must come from ParseLFXURL (it cannot end the comment).
func LFXRecord(url string) string { return LFXRecordMarker + url + " -->" }

var lfxRecordRE = regexp.MustCompile(`<!-- mentorbot:lfx-url (\S+) -->`)

// Comment is an issue comment as the LFX URL records are read from.
type Comment struct {
	ID     int64  `json:"id"`
	Author string `json:"author"`
	Body   string `json:"body"`
}

// RecordedLFXURL returns the LFX URL recorded on an issue: the last valid
// record in a comment by mentorbot itself (isBot says which authors are),
// oldest comment first; "" when there is none. Records in anyone else's
// comments are ignored, however they look.
func RecordedLFXURL(comments []Comment, isBot func(login string) bool) string {
	found := ""
	for _, c := range comments {
		if !isBot(c.Author) {
			continue
		}
		for _, m := range lfxRecordRE.FindAllStringSubmatch(c.Body, -1) {
			if u, err := ParseLFXURL(m[1]); err == nil {
				found = u
			}
		}
	}
	return found
}

// The pinned LFX link at the top of an issue body.
const (
	pinStart = "<!-- mentorbot:lfx-url-pin -->"
	pinEnd   = "<!-- /mentorbot:lfx-url-pin -->"
)

var pinRE = regexp.MustCompile(`\A` + regexp.QuoteMeta(pinStart) + `\n> \*\*LFX Mentorship:\*\* (\S+)\n` + regexp.QuoteMeta(pinEnd) + `\n\n`)

// PinLFXURL returns body with url (from ParseLFXURL) pinned at its top,
// replacing an earlier pin. Only a pin of exactly the shape this function
// writes, at the very top, counts as one: text a proposer wraps in
// look-alike markers stays part of the body.
func PinLFXURL(body, url string) string {
	return pinStart + "\n> **LFX Mentorship:** " + url + "\n" + pinEnd + "\n\n" + UnpinLFXURL(body)
}

// UnpinLFXURL returns body without the pin PinLFXURL wrote (if it carries a
// valid LFX URL). Change detection (is an edit material?) should compare
// bodies without it, so pinning the link is not an edit of the proposal.
func UnpinLFXURL(body string) string {
	m := pinRE.FindStringSubmatch(body)
	if m == nil {
		return body
	}
	if _, err := ParseLFXURL(m[1]); err != nil {
		return body
	}
	return body[len(m[0]):]
}
