package meeting

import (
	"regexp"
	"strings"
)

var (
	titleRE     = regexp.MustCompile(`(?m)^title:\s*(.+?)\s*$`)
	titleYearRE = regexp.MustCompile(`\s*\(\d{4}\)\s*$`)
)

// FrontMatterTitle returns the title in the minutes' front matter, without
// its quotes and a trailing year ("Mentoring WG (2026)" is "Mentoring
// WG"), and whether the front matter has one.
func FrontMatterTitle(src []byte) (string, bool) {
	m := titleRE.FindSubmatch(src[:frontMatterEnd(src)])
	if m == nil {
		return "", false
	}
	return titleYearRE.ReplaceAllString(strings.Trim(string(m[1]), `"'`), ""), true
}

// frontMatterEnd is where the front matter of src ends: before the
// closing "---", or 0 without front matter.
func frontMatterEnd(src []byte) int {
	s := string(src)
	if !strings.HasPrefix(s, "---") {
		return 0
	}
	if i := strings.Index(s[3:], "\n---"); i >= 0 {
		return i + 3
	}
	return 0
}
