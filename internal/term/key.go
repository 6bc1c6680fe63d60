package term

import (
	"strings"
	"unicode"
)

// Key normalises a heading, option or name for comparison: lower case,
// letters and digits only, words separated by one space. "Custom
// Prerequisite — File Upload" and "custom prerequisite - file upload:" are
// the same key.
func Key(s string) string { return words(s, ' ') }

// Slug is Key with its words joined by "-": "2.1 [Announce] Applications
// open" becomes "2-1-announce-applications-open", "Open Policy Agent (OPA)"
// becomes "open-policy-agent-opa".
func Slug(s string) string { return words(s, '-') }

// words keeps the letters and digits of s, lower-cased, one sep between
// runs of them.
func words(s string, sep byte) string {
	var b strings.Builder
	gap := false
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if gap && b.Len() > 0 {
				b.WriteByte(sep)
			}
			gap = false
			b.WriteRune(unicode.ToLower(r))
			continue
		}
		gap = true
	}
	return b.String()
}
