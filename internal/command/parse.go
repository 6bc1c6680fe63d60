// Package command runs maintainers' commands on LFX proposal issues: one
// command a line in an issue comment (/label, /remove-label, /approve,
// /confirm, /cncf-approve, /hold, /unhold, /withdraw).
//
// The package is pure. Its state lives in GitHub: the gates (who approved,
// which mentors confirmed, hold, withdrawal) are recomputed on every run by
// replaying the commands of the whole comment history, in order,
// against the current proposal, the labels, the actors' permissions and the
// config. mentorbot's own comments carry the two facts a replay cannot
// recompute: which commands it refused (so a refused /approve never starts
// counting later) and the point after which approvals count (a material
// edit of the proposal clears earlier ones). Replaying the same events
// again therefore plans nothing new.
package command

import (
	"iter"
	"strings"
)

// Command names, as written after the slash.
const (
	Label       = "label"
	RemoveLabel = "remove-label"
	Approve     = "approve"
	Confirm     = "confirm"
	CNCFApprove = "cncf-approve"
	Hold        = "hold"
	Unhold      = "unhold"
	Withdraw    = "withdraw"
)

// Names lists the commands mentorbot knows, in help order. Any other
// slash word is not a command and is ignored.
var Names = []string{Label, RemoveLabel, Approve, Confirm, CNCFApprove, Hold, Unhold, Withdraw}

// Command is one command line of a comment.
type Command struct {
	// Name is the command without its slash, in lower case.
	Name string `json:"name"`
	// Rest is the text after the name, trimmed: label names, handles, a
	// reason.
	Rest string `json:"rest,omitempty"`
	// Line is the 1-based line of the comment the command is on.
	Line int `json:"line"`
}

// String renders c as it was written, normalised: "/label 2026".
func (c Command) String() string {
	if c.Rest == "" {
		return "/" + c.Name
	}
	return "/" + c.Name + " " + c.Rest
}

// Parse returns the commands of a comment body, in order: each line that
// a reader of the rendered comment sees on its own and that starts with "/"
// and a known command name. Lines in HTML comments, fenced (any length of
// backticks or tildes) or indented code blocks, and block quotes (with
// their lazy continuation lines, as in a reply quoting someone) are not
// commands, and HTML comments are cut out of a command's arguments; nor are
// unknown names ("/lgtm") or a slash inside a sentence.
func Parse(body string) []Command {
	var out []Command
	for n, l := range slashLines(body) {
		name, rest, _ := strings.Cut(l, " ")
		if j := strings.IndexAny(name, "\t"); j >= 0 {
			name, rest = name[:j], name[j+1:]+" "+rest
		}
		name = strings.ToLower(name)
		if !known(name) {
			continue
		}
		out = append(out, Command{Name: name, Rest: strings.TrimSpace(rest), Line: n})
	}
	return out
}

// slashLines yields the lines of body that a reader of the rendered
// comment sees on their own and that start with "/": the line number
// (from 1) and the line, trimmed, without its "/".
func slashLines(body string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		var sc scanner
		for i, line := range splitLines(body) {
			text, ok := sc.next(line)
			l := strings.TrimSpace(text)
			if !ok || !strings.HasPrefix(l, "/") {
				continue
			}
			if !yield(i+1, l[1:]) {
				return
			}
		}
	}
}

func known(name string) bool {
	for _, n := range Names {
		if n == name {
			return true
		}
	}
	return false
}

// splitArgs splits a command's rest into words, keeping "double quoted"
// words whole and dropping commas between them, so that both
// `/label "Term 3: Sept-Nov" 2026` and `/label administration, 2026` work.
func splitArgs(s string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	flush := func() {
		if w := strings.TrimSpace(b.String()); w != "" {
			out = append(out, w)
		}
		b.Reset()
	}
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			flush()
		case !quoted && (r == ' ' || r == '\t' || r == ','):
			flush()
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return out
}
