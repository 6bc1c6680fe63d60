package export

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Everything a proposal carries (names, descriptions, mentors) was written
// by someone outside the project. These helpers are the only way such text
// reaches Markdown the bot writes: no raw HTML (so no hidden marker and no
// script), no @mention that pings anyone, no line break that starts a
// heading of its own.

// zwsp breaks a mention or a comment opener without changing how the text
// reads.
const zwsp = "\u200b"

// quoteText renders s as a code span for messages and pull request bodies:
// one line, at most 100 characters, no backtick that would end the span,
// no "<!--" that a marker reader could take for the bot's own.
func quoteText(s string) string {
	s = oneLine(s)
	if utf8.RuneCountInString(s) > 100 {
		s = string([]rune(s)[:99]) + "…"
	}
	s = strings.ReplaceAll(s, "`", "'")
	s = strings.ReplaceAll(s, "<!", "<"+zwsp+"!")
	if s == "" {
		return "(empty)"
	}
	return "`" + s + "`"
}

// inline renders s as Markdown inline text (a heading, a list item, a
// link's text): one line, "<" escaped, brackets escaped, mentions broken.
func inline(s string) string {
	s = oneLine(s)
	s = strings.ReplaceAll(s, "<", "&lt;")
	s = strings.ReplaceAll(s, "[", `\[`)
	s = strings.ReplaceAll(s, "]", `\]`)
	return unmention(s)
}

// block renders a description for a Markdown blockquote: its Markdown is
// kept (descriptions are written to be rendered), but "<" is escaped so no
// HTML (comments included) comes through, and mentions are broken. Inside a
// fenced code block opened at the left margin, where "<" is shown as
// written, only comment openers are broken. A fence opened further in
// (say, in a list item) is not trusted to be one: its text is escaped.
func block(s string) []string {
	lines := strings.Split(s, "\n")
	fenceChar, fenceLen := byte(0), 0
	for i, l := range lines {
		if fenceLen > 0 {
			if closesFence(l, fenceChar, fenceLen) {
				fenceLen = 0
			}
			lines[i] = strings.ReplaceAll(l, "<!", "<"+zwsp+"!")
			continue
		}
		if c, n := opensFence(l); n > 0 {
			fenceChar, fenceLen = c, n
			lines[i] = strings.ReplaceAll(l, "<", "&lt;")
			continue
		}
		lines[i] = unmention(strings.ReplaceAll(l, "<", "&lt;"))
	}
	return lines
}

// opensFence reports the character and length of a fence that opens at the
// left margin: three or more backticks (with no backtick after them) or
// tildes.
func opensFence(l string) (byte, int) {
	if l == "" || (l[0] != '`' && l[0] != '~') {
		return 0, 0
	}
	n := len(l) - len(strings.TrimLeft(l, l[:1]))
	if n < 3 || (l[0] == '`' && strings.Contains(l[n:], "`")) {
		return 0, 0
	}
	return l[0], n
}

// closesFence reports whether l closes a fence of n characters c: up to
// three spaces, at least n of c, nothing else.
func closesFence(l string, c byte, n int) bool {
	t := strings.TrimLeft(l, " ")
	if len(l)-len(t) > 3 {
		return false
	}
	m := len(t) - len(strings.TrimLeft(t, string(c)))
	return m >= n && strings.TrimSpace(t[m:]) == ""
}

// unmention breaks every "@name" that GitHub would link or notify: an "@"
// after the start or a non-word character and before a letter or digit.
// Addresses such as jane@example.org are left alone.
func unmention(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	var b strings.Builder
	prev := rune(-1)
	for i, r := range s {
		b.WriteRune(r)
		if r == '@' && !isWord(prev) {
			if next, _ := utf8.DecodeRuneInString(s[i+1:]); isWord(next) {
				b.WriteString(zwsp)
			}
		}
		prev = r
	}
	return b.String()
}

func isWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
