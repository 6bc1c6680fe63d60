package plan

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFitCheckText(t *testing.T) {
	t.Parallel()
	line := "| é | `a.md` | 1 | rule | message |\n"
	tests := []struct {
		name     string
		in       string
		wantSame bool
	}{
		{name: "short", in: "all good\n", wantSame: true},
		{name: "exactly the limit", in: strings.Repeat("é", CheckRunTextLimit), wantSame: true},
		{name: "one over, multi-byte", in: strings.Repeat("é", CheckRunTextLimit+1)},
		{name: "many lines", in: strings.Repeat(line, 5000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := FitCheckText(tt.in, "*cut*")
			if n := utf8.RuneCountInString(got); n > CheckRunTextLimit {
				t.Errorf("got %d characters, want at most %d", n, CheckRunTextLimit)
			}
			if !utf8.ValidString(got) {
				t.Errorf("got invalid UTF-8")
			}
			if same := got == tt.in; same != tt.wantSame {
				t.Errorf("got unchanged %v, want %v", same, tt.wantSame)
			}
			if !tt.wantSame && !strings.HasSuffix(got, "\n*cut*\n") {
				t.Errorf("got %q at the end, want the note", got[max(0, len(got)-40):])
			}
			if tt.name == "many lines" && !strings.HasSuffix(strings.TrimSuffix(got, "\n*cut*\n"), line) {
				t.Errorf("got a cut inside a line, want whole lines")
			}
		})
	}
}
