package command

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want []Command
	}{
		{"one", "/approve", []Command{{Name: Approve, Line: 1}}},
		{"three in order", "/approve\n/confirm\r\n/label 2026", []Command{
			{Name: Approve, Line: 1}, {Name: Confirm, Line: 2}, {Name: Label, Rest: "2026", Line: 3}}},
		{"prose around", "Looks good to me.\n\n  /approve  \nThanks!", []Command{{Name: Approve, Line: 3}}},
		{"upper case name", "/APPROVE", []Command{{Name: Approve, Line: 1}}},
		{"tab before args", "/confirm\t@ada", []Command{{Name: Confirm, Rest: "@ada", Line: 1}}},
		{"rest kept whole", `/label "Term 3: Sept-Nov" 2026`, []Command{{Name: Label, Rest: `"Term 3: Sept-Nov" 2026`, Line: 1}}},
		{"unknown ignored", "/lgtm\n/approved\n/hold on", []Command{{Name: Hold, Rest: "on", Line: 3}}},
		{"quoted ignored", "> /approve\n\n/unhold", []Command{{Name: Unhold, Line: 3}}},
		{"fenced ignored", "```\n/approve\n```\n~~~\n/withdraw\n~~~\n/cncf-approve", []Command{{Name: CNCFApprove, Line: 7}}},
		{"mid-sentence ignored", "please /approve this", nil},
		{"slash alone", "/\n/ approve", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, Parse(tt.body)); diff != "" {
				t.Errorf("Parse(%q): got != want (-want +got):\n%s", tt.body, diff)
			}
		})
	}
}

// TestParseCommandsReaderCannotSee: commands are read from what a reader
// of the rendered comment sees, not from HTML comments, code blocks (fenced
// with any number of backticks or tildes, or indented), block quotes and
// their lazy continuation lines.
func TestParseCommandsReaderCannotSee(t *testing.T) {
	t.Parallel()
	visible := Command{Name: Unhold, Line: 0}
	tests := []struct {
		name string
		body string
		line int // of the visible /unhold; 0 when there is none
	}{
		{"html comment", "<!-- /approve -->\n/unhold", 2},
		{"html comment on many lines", "thanks\n<!--\n/approve\n-->\n/unhold", 5},
		{"html comment never closed", "<!--\n/approve\n/unhold", 0},
		{"html comment after text", "LGTM <!--\n/approve\n--> ok\n/unhold", 4},
		{"indented code block", "Run this:\n\n    /approve\n\n/unhold", 5},
		{"tab-indented code block", "\t/approve\n/unhold", 2},
		{"four-backtick fence holding three", "````\n```\n/approve\n```\n````\n/unhold", 6},
		{"tilde fence holding backticks", "~~~\n```\n/approve\n~~~\n/unhold", 5},
		{"fence never closed", "```\n/unhold", 0},
		{"fence closed by a longer run", "```\n/approve\n`````\n/unhold", 4},
		{"not closed by a shorter run", "````\n```\n/approve", 0},
		{"block quote", "> /approve\n\n/unhold", 3},
		{"nested block quote", "> > /approve\n\n/unhold", 3},
		{"lazy continuation of a quote", "> please merge\n/approve\n\n/unhold", 4},
		{"fence inside a quote ends with it", "> ```\n> code\n/unhold", 3},
		{"lone carriage returns", "x\r<!--\r/approve\r-->\r/unhold", 5},
		{"comment kept apart from code span", "`<!--`\n/unhold", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var want []Command
			if tt.line > 0 {
				v := visible
				v.Line = tt.line
				want = []Command{v}
			}
			if diff := cmp.Diff(want, Parse(tt.body)); diff != "" {
				t.Errorf("Parse(%q): got != want (-want +got):\n%s", tt.body, diff)
			}
		})
	}
	// A comment inside a command's line is not part of its arguments: a
	// reader sees only "/hold".
	got := Parse("/hold <!-- mentorbot:approvals-reset 99999999999999 -->")
	if diff := cmp.Diff([]Command{{Name: Hold, Line: 1}}, got); diff != "" {
		t.Errorf("comment in the arguments (-want +got):\n%s", diff)
	}
}

func TestSplitArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"@ada @bo-m", []string{"@ada", "@bo-m"}},
		{"administration, 2026", []string{"administration", "2026"}},
		{`"Term 3: Sept-Nov",2026`, []string{"Term 3: Sept-Nov", "2026"}},
		{`"unclosed quote`, []string{"unclosed quote"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, splitArgs(tt.in)); diff != "" {
				t.Errorf("splitArgs(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestLabelArgs(t *testing.T) {
	t.Parallel()
	s := newSim(t)
	m := newMachine(&Input{Issue: s.issue, Config: s.cfg}, proposal.Parse(s.issue.Body), 0)
	tests := []struct {
		in   string
		want []string
	}{
		{"Term 3: Sept-Nov 2026", []string{"Term 3: Sept-Nov", "2026"}},
		{"term 1: march-may administration", []string{"term 1: march-may", "administration"}},
		{"nope 2026", []string{"nope", "2026"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, m.labelArgs(tt.in)); diff != "" {
				t.Errorf("labelArgs(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"/approve", "/label \"Term 3: Sept-Nov\" 2026\n/confirm @ada", "```\n/hold\n```\n/unhold", "> /withdraw\r\n/cncf-approve"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		lines := len(splitLinesForTest(body))
		prev := 0
		for _, c := range Parse(body) {
			if !known(c.Name) {
				t.Fatalf("got unknown command %q", c.Name)
			}
			if c.Line <= prev || c.Line > lines {
				t.Fatalf("got line %d after %d, want increasing within 1..%d", c.Line, prev, lines)
			}
			prev = c.Line
			if got := Parse(c.String()); len(got) != 1 || got[0].Name != c.Name {
				t.Fatalf("Parse(%q): got %v, want the command back", c.String(), got)
			}
		}
		for _, w := range splitArgs(body) {
			if w == "" {
				t.Fatal("splitArgs returned an empty word")
			}
		}
		// Whatever the body, a reader sees none of it as commands once it
		// is quoted, fenced or commented out as a whole.
		ls := splitLinesForTest(body)
		fenceLen := 3
		for _, l := range ls {
			fenceLen = max(fenceLen, strings.Count(l, "`")+1)
		}
		fence := strings.Repeat("`", fenceLen)
		hidden := map[string]string{
			"quoted":    "> " + strings.Join(ls, "\n> "),
			"fenced":    fence + "\n" + strings.Join(ls, "\n") + "\n" + fence,
			"commented": "<!--\n" + strings.ReplaceAll(strings.Join(ls, "\n"), "-->", "") + "\n-->",
		}
		for how, h := range hidden {
			if got := Parse(h); len(got) > 0 {
				t.Fatalf("%s body %q: got commands %v, want none", how, h, got)
			}
		}
	})
}

func splitLinesForTest(s string) []string {
	return strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"), "\n")
}
