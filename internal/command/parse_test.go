package command

import (
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
		{"quoted ignored", "> /approve\n/unhold", []Command{{Name: Unhold, Line: 2}}},
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
	})
}

func splitLinesForTest(s string) []string {
	n := 1
	for _, r := range s {
		if r == '\n' {
			n++
		}
	}
	return make([]string, n)
}
