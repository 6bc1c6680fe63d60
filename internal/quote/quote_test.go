package quote

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCode(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"plain", "Argo", "`Argo`"},
		{"backtick inside", "a`b", "``a`b``"},
		{"backtick at the edge", "`x", "`` `x ``"},
		{"spaces at both ends", " x ", "`  x  `"},
		{"line breaks", "a\r\n\n# b\rc", "`a   # b c`"},
		{"mention", "@cncf/toc", "`@\u200bcncf/toc`"},
		{"html kept as text", "<b>x</b>", "`<b>x</b>`"},
		{"marker broken", "<!-- mentorbot:approvals-reset 9 -->", "`<\u200b!-- mentorbot\u200b:approvals-reset 9 --\u200b>`"},
		{"blank", " \n ", "(blank)"},
		{"bidi override", "a\u202eb", "`a b`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Code(tt.in); got != tt.want {
				t.Errorf("Code(%q): got %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCodeCut(t *testing.T) {
	t.Parallel()
	got := CodeN(strings.Repeat("é", 50), 10)
	if want := "`" + strings.Repeat("é", 10) + "…` (cut: 50 characters)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestMention(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"ada":                       "@ada",
		"bo-m":                      "@bo-m",
		"mentorbot[bot]":            "@mentorbot[bot]",
		"cncf/toc":                  "`cncf/toc`",
		"kubernetes/sig-x <b>x</b>": "`kubernetes/sig-x <b>x</b>`",
		"-ada":                      "`-ada`",
		"a--b":                      "`a--b`",
		strings.Repeat("a", 40):     "`" + strings.Repeat("a", 40) + "`",
	} {
		if got := Mention(in); got != want {
			t.Errorf("Mention(%q): got %q, want %q", in, got, want)
		}
	}
}

func TestFit(t *testing.T) {
	t.Parallel()
	head := strings.Repeat("- a line of the report\n", 10000)
	tail := "<!-- record -->\n"
	got := Fit(head, tail, MaxComment)
	if len(got) > MaxComment {
		t.Errorf("got %d bytes, want at most %d", len(got), MaxComment)
	}
	if !strings.HasSuffix(got, tail) || !strings.Contains(got, "cut to fit GitHub's limit of 65536 characters") {
		t.Errorf("got a body without its tail or the note:\n%s", got[len(got)-300:])
	}
	if short := Fit("a\n", tail, MaxComment); short != "a\n"+tail {
		t.Errorf("got %q, want the body unchanged", short)
	}
	fenced := "```\n" + strings.Repeat("x\n", 1000)
	if got := Fit(fenced, "", 500); strings.Count(got, "```")%2 != 0 || len(got) > 500 {
		t.Errorf("got an open fence or %d bytes:\n%s", len(got), got)
	}
}

// FuzzCode: whatever a person writes, the span stays one span on one line,
// never holds a marker or a mention, and is bounded.
func FuzzCode(f *testing.F) {
	for _, s := range []string{"", "a`b", "<!-- mentorbot:gates-state {} -->", "@cncf/toc", "\r::error::x", "``` ` `"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Code(s)
		if !utf8.ValidString(got) || strings.ContainsAny(got, "\r\n") {
			t.Fatalf("Code(%q) = %q: invalid UTF-8 or a line break", s, got)
		}
		for _, bad := range []string{"<!--", "-->", "mentorbot:"} {
			if strings.Contains(got, bad) {
				t.Fatalf("Code(%q) = %q holds %q", s, got, bad)
			}
		}
		if strings.Count(got, "@") != strings.Count(got, "@\u200b") {
			t.Fatalf("Code(%q) = %q holds a bare @", s, got)
		}
		if utf8.RuneCountInString(got) > 3*Max+40 {
			t.Fatalf("Code(%q) is %d characters long", s, utf8.RuneCountInString(got))
		}
	})
}

func TestOneLine(t *testing.T) {
	t.Parallel()
	if got := OneLine("a\r\nb\nc\rd"); got != "a b c d" {
		t.Errorf("OneLine: got %q, want %q", got, "a b c d")
	}
}
