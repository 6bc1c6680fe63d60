package cli

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
)

// TestUmbrellaApplyProgress: an --apply run says on stderr how far it is,
// one "[i/n] what" line per action, and a second run marks each unchanged.
func TestUmbrellaApplyProgress(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("o", "r")
	apply := func(debug string) (string, int) {
		var out, errb bytes.Buffer
		st := &State{Stdout: &out, Stderr: &errb,
			Getenv: func(k string) string {
				return map[string]string{"GITHUB_API_URL": srv.URL, "GITHUB_TOKEN": "t0ken", "RUNNER_DEBUG": debug}[k]
			},
			Now: func() time.Time { return time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) }}
		code := Main(context.Background(), []string{"umbrella", "--repo", "../../examples/mentoring", "--github", "o/r", "--apply"}, st)
		return errb.String(), code
	}
	stderr, code := apply("")
	if strings.Contains(stderr, "github request") {
		t.Errorf("without RUNNER_DEBUG: got request logs on stderr:\n%s", stderr)
	}
	if code != ExitOK {
		t.Fatalf("got exit %d, want 0; stderr:\n%s", code, stderr)
	}
	lines := regexp.MustCompile(`(?m)^\[(\d+)/(\d+)\] (.*)$`).FindAllStringSubmatch(stderr, -1)
	issues := len(srv.Issues("o", "r"))
	if len(lines) == 0 || issues == 0 {
		t.Fatalf("got %d progress lines and %d issues, want both; stderr:\n%s", len(lines), issues, stderr)
	}
	total := lines[0][2]
	for i, l := range lines {
		if l[1] != fmt.Sprint(i+1) || l[2] != total {
			t.Errorf("line %d: got [%s/%s], want [%d/%s]", i, l[1], l[2], i+1, total)
		}
	}
	if n := strings.Count(stderr, "] open issue \""); n != issues {
		t.Errorf("got %d open-issue lines, want %d (the issues opened)", n, issues)
	}
	if strings.Contains(stderr, "\x1b[") {
		t.Errorf("stderr is not a terminal but has colour codes")
	}
	// The second run reads what exists: nothing is left to do.
	// The second run reads what exists: nothing is left to do. With
	// RUNNER_DEBUG=1 each request is logged, never the token.
	stderr, code = apply("1")
	if code != ExitOK || strings.Contains(stderr, "] open issue \"") {
		t.Errorf("second run: got exit %d, stderr:\n%s\nwant nothing opened", code, stderr)
	}
	if !strings.Contains(stderr, "level=DEBUG msg=\"github request\" method=GET") || strings.Contains(stderr, "t0ken") {
		t.Errorf("RUNNER_DEBUG=1: got stderr\n%s\nwant request logs without the token", stderr)
	}
}

func TestColourOn(t *testing.T) {
	t.Parallel()
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	var buf bytes.Buffer
	if colourOn(env(), &buf) {
		t.Error("a buffer is not a terminal: got colour, want none")
	}
	tests := []struct {
		env  func(string) string
		want bool
	}{
		{env(), true},
		{env("TERM", "xterm-256color"), true},
		{env("NO_COLOR", "1"), false},
		{env("NO_COLOR", ""), true}, // no-color.org: set and not empty
		{env("TERM", "dumb"), false},
	}
	for i, tt := range tests {
		if got := colourAllowed(tt.env); got != tt.want {
			t.Errorf("case %d: got colour allowed %v, want %v", i, got, tt.want)
		}
	}
	if got := paint(false, red, "x"); got != "x" {
		t.Errorf("paint off: got %q, want x", got)
	}
	if got := paint(true, red, "x"); got != red+"x"+reset {
		t.Errorf("paint on: got %q", got)
	}
}
