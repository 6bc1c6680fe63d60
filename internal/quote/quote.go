// Package quote is the one way mentorbot echoes what a person wrote into
// the Markdown it posts on GitHub (comments, reports, replies, summaries).
//
// Everything a person writes is hostile: it may carry HTML, @-mentions
// that notify a team, Markdown that breaks out of a list or table, line
// breaks that end a paragraph, or mentorbot's own hidden markers
// ("<!-- mentorbot:... -->"), which mentorbot would later trust as its
// state. Code renders such text so that a reader sees it literally and none
// of that happens; Fit cuts a whole body to what GitHub accepts.
package quote

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxComment is the most characters GitHub accepts in an issue comment
// (or issue) body; a longer one is refused with 422.
const MaxComment = 65536

// Max is how many characters of one piece of user text Code echoes.
const Max = 120

// zw is inserted where a character sequence must be broken without changing
// what a reader sees: U+200B ZERO WIDTH SPACE.
const zw = "\u200b"

// defang breaks every sequence that could act on GitHub or on mentorbot:
// HTML comment delimiters (so no marker or record can be formed), the
// "mentorbot:" marker prefix, and "@" (so no login or team is mentioned).
// Breaking "<!" and "->" (rather than "<!--" and "-->") leaves no way to
// form either delimiter, even from overlapping text such as "<!-->".
var defang = strings.NewReplacer(
	"<!", "<"+zw+"!",
	"->", "-"+zw+">",
	"@", "@"+zw,
	"mentorbot:", "mentorbot"+zw+":",
)

// Code renders s as a Markdown inline code span, at most Max characters of
// it. See CodeN.
func Code(s string) string { return CodeN(s, Max) }

// CodeN renders s as a Markdown inline code span that GitHub shows as
// literal text, whatever s holds:
//   - line breaks, tabs and other control characters become spaces, so the
//     span cannot be ended by a blank line or a block (heading, list, quote)
//     starting on a new line;
//   - the span is delimited by more backticks than any run inside it, so a
//     backtick in s cannot close it;
//   - inside a code span HTML is shown as text, not rendered, and no
//     @-mention notifies; "@" is still followed by a zero-width space, and
//     "<!", "->" and "mentorbot:" are broken the same way, so the raw
//     body never holds a mention or anything mentorbot reads as a marker;
//   - beyond n characters s is cut, and the span is followed by a note
//     saying how long it was.
//
// The result is for running text and list items: inside a Markdown table
// a "|" would still split the cell, so tables hold no user text.
func CodeN(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case unicode.IsControl(r), r == '\u2028', r == '\u2029',
			'\u202a' <= r && r <= '\u202e', '\u2066' <= r && r <= '\u2069':
			// Line breaks and bidirectional overrides, which could make
			// the text read as something else.
			return ' '
		}
		return r
	}, s) // strings.Map also turns invalid UTF-8 into U+FFFD
	note := ""
	if total := utf8.RuneCountInString(s); total > n {
		s = string([]rune(s)[:max(n, 1)]) + "…"
		note = fmt.Sprintf(" (cut: %d characters)", total)
	}
	if strings.TrimSpace(s) == "" {
		return "(blank)" + note
	}
	s = defang.Replace(s)
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	pad := ""
	if s[0] == '`' || s[len(s)-1] == '`' || (s[0] == ' ' && s[len(s)-1] == ' ') {
		pad = " "
	}
	return fence + pad + s + pad + fence + note
}

func longestRun(s string, c byte) int {
	best, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			run++
			best = max(best, run)
		} else {
			run = 0
		}
	}
	return best
}

// loginRE is what GitHub accepts as a user login: 1 to 39 letters, digits
// and single hyphens, not starting or ending with a hyphen. App logins end
// in "[bot]".
var loginRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}(?:\[bot\])?$`)

// IsLogin reports whether s can be a GitHub user or App login. A team
// ("org/team") is not one.
func IsLogin(s string) bool { return len(s) <= 44 && loginRE.MatchString(s) }

// Mention renders login as an @-mention, which notifies that person, when
// it is a GitHub login; anything else (a team, text with markup) is
// rendered with Code, so it notifies nobody.
func Mention(login string) string {
	if IsLogin(login) {
		return "@" + login
	}
	return Code(login)
}

// Fit returns head + tail when that fits in limit bytes (a byte count
// bounds GitHub's character count). Otherwise head is cut at the last line
// break that leaves room, and a note saying so goes between the cut head
// and tail, which is kept whole: tail holds what must survive (hidden
// records, closing markers). A tail longer than limit is returned as is;
// the caller bounds it.
func Fit(head, tail string, limit int) string {
	if len(head)+len(tail) <= limit {
		return head + tail
	}
	total := len(head) + len(tail)
	note := func(kept int) string {
		return fmt.Sprintf("\n\n> [!NOTE]\n> This comment was cut to fit GitHub's limit of %d characters: %d of %d characters are shown.\n\n", limit, kept, total)
	}
	room := limit - len(tail) - len(note(total)) - len("\n```")
	if room <= 0 {
		return tail
	}
	cut := head[:room]
	if i := strings.LastIndexByte(cut, '\n'); i > 0 {
		cut = cut[:i]
	}
	cut = strings.ToValidUTF8(cut, "")
	// A cut inside a fenced block would leave it open and swallow the
	// note: close it.
	if openFence(cut) {
		cut += "\n```"
	}
	return cut + note(len(cut)+len(tail)) + tail
}

// openFence reports whether s ends inside a fenced code block opened by a
// line starting with three backticks.
func openFence(s string) bool {
	open := false
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimLeft(l, " "), "```") {
			open = !open
		}
	}
	return open
}

// lineBreaks turns every line break into a space.
var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// OneLine keeps s on one line: a list item, a table cell, a workflow
// command (which ends at a line break, and what follows would be read as
// another one).
func OneLine(s string) string { return lineBreaks.Replace(s) }
