package command

import "strings"

// Markdown hides text from a reader in several ways; a command is read only
// from what a reader of the rendered comment sees as a line of its own.
// The scanner below follows CommonMark as GitHub renders it, closely enough
// to err on one side only: text it cannot place is treated as hidden, so a
// command may (rarely) be missed but a hidden one never runs.

// splitLines splits s at "\r\n", "\r" and "\n", the line endings of
// Markdown (and of the Actions log: a lone "\r" starts a line there too).
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Split(strings.ReplaceAll(s, "\r", "\n"), "\n")
}

// fence is an open fenced code block: its character and length.
type fence struct {
	char byte
	n    int
}

// scanner walks a comment's lines and tells which are visible top-level
// text: not inside an HTML comment, a fenced or indented code block, or a
// block quote (a quote's lazy continuation lines included).
type scanner struct {
	comment   bool   // inside <!-- ... -->
	code      *fence // inside a top-level fenced block
	quoteCode *fence // inside a fenced block within a block quote
	lazy      bool   // the last line was quoted paragraph text
}

// next returns the visible text of line, with HTML comments removed, and
// whether it is visible at all.
func (s *scanner) next(line string) (string, bool) {
	if s.comment {
		i := strings.Index(line, "-->")
		if i < 0 {
			return "", false
		}
		s.comment = false
		if _, open := stripComments(line[i+3:]); open {
			s.comment = true
		}
		return "", false // the line began inside the comment
	}
	if s.code != nil {
		if closes(line, s.code) {
			s.code = nil
		}
		return "", false
	}
	if strings.TrimSpace(line) == "" {
		s.lazy = false
		return "", false
	}
	indent, rest := indentOf(line)
	if indent >= 4 {
		return "", false // indented code, or a lazy line of a quote
	}
	if strings.HasPrefix(rest, ">") {
		s.quoted(rest)
		return "", false
	}
	f := opens(rest)
	if s.lazy && f == nil && !interrupts(rest) {
		return "", false // continues the quoted paragraph above
	}
	s.lazy, s.quoteCode = false, nil
	if f != nil {
		s.code = f
		return "", false
	}
	text, open := stripComments(line)
	s.comment = open
	return text, true
}

// quoted handles a block quote line: it is never visible as a command, and
// decides whether the next unquoted line is a lazy continuation.
func (s *scanner) quoted(rest string) {
	for strings.HasPrefix(rest, ">") {
		rest = strings.TrimLeft(strings.TrimPrefix(rest, ">"), " \t")
	}
	switch {
	case s.quoteCode != nil:
		if closes(rest, s.quoteCode) {
			s.quoteCode = nil
		}
		s.lazy = false
	case opens(rest) != nil:
		s.quoteCode, s.lazy = opens(rest), false
	default:
		s.lazy = strings.TrimSpace(rest) != ""
	}
}

// indentOf returns the line's indentation in columns (a tab to the next
// multiple of 4) and the line without it.
func indentOf(line string) (int, string) {
	col := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return col, line[i:]
		}
	}
	return col, ""
}

// opens returns the fence a line opens: three or more backticks or tildes
// after at most three spaces; a backtick fence's info may hold no backtick.
func opens(rest string) *fence {
	if rest == "" || (rest[0] != '`' && rest[0] != '~') {
		return nil
	}
	n := run(rest, rest[0])
	if n < 3 || (rest[0] == '`' && strings.Contains(rest[n:], "`")) {
		return nil
	}
	return &fence{rest[0], n}
}

// closes reports whether line closes f: the same character, at least as
// many, at most three spaces before and only spaces after.
func closes(line string, f *fence) bool {
	indent, rest := indentOf(line)
	n := run(rest, f.char)
	return indent < 4 && n >= f.n && strings.TrimSpace(rest[n:]) == ""
}

func run(s string, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// interrupts reports whether a line starts a block that ends a quoted
// paragraph instead of continuing it lazily (a heading, a rule, a list
// item, HTML). A command line starts with "/" and never does.
func interrupts(rest string) bool {
	switch {
	case strings.HasPrefix(rest, "#"), strings.HasPrefix(rest, "<"),
		strings.HasPrefix(rest, "- "), strings.HasPrefix(rest, "* "), strings.HasPrefix(rest, "+ "),
		strings.HasPrefix(rest, "***"), strings.HasPrefix(rest, "---"), strings.HasPrefix(rest, "___"):
		return true
	}
	return false
}

// stripComments removes the HTML comments of one line, leaving code spans
// alone, and reports whether a comment is left open at its end.
func stripComments(line string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(line); {
		switch {
		case line[i] == '`':
			n := run(line[i:], '`')
			end := closingRun(line, i+n, n)
			if end < 0 {
				b.WriteString(line[i : i+n])
				i += n
				continue
			}
			b.WriteString(line[i:end])
			i = end
		case strings.HasPrefix(line[i:], "<!--"):
			j := strings.Index(line[i+4:], "-->")
			if j < 0 {
				return b.String(), true
			}
			i += 4 + j + 3
		default:
			b.WriteByte(line[i])
			i++
		}
	}
	return b.String(), false
}

// closingRun returns the index just past the run of exactly n backticks
// that closes a code span opened before from, or -1.
func closingRun(line string, from, n int) int {
	for i := from; i < len(line); {
		if line[i] != '`' {
			i++
			continue
		}
		m := run(line[i:], '`')
		if m == n {
			return i + m
		}
		i += m
	}
	return -1
}
