package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	goldenfile "github.com/mentorbot/mentorbot/internal/golden"
)

// golden compares got with testdata/<name>, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Assert(t, filepath.Join("testdata", name), got)
}

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	st := &State{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Now: func() time.Time { return time.Date(2026, 11, 21, 17, 0, 0, 0, time.UTC) }}
	code = Main(context.Background(), args, st)
	return out.String(), errb.String(), code
}

func TestValidateFormats(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"text", "json", "github"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			out, stderr, code := run(t, "validate", "--repo", "testdata/repo", "--format", format)
			if code != ExitFindings {
				t.Errorf("got exit code %d, want %d (stderr %q)", code, ExitFindings, stderr)
			}
			golden(t, "validate."+format+".golden", []byte(out))
		})
	}
}

func TestValidatePaths(t *testing.T) {
	t.Parallel()
	// Only the folder a changed file belongs to is checked: 2026/01 is clean.
	out, _, code := run(t, "validate", "--repo", "testdata/repo", "--format", "json",
		"programs/lfx-mentorship/2026/01-Mar-May/README.md")
	if code != ExitOK {
		t.Errorf("got exit code %d, want 0; output:\n%s", code, out)
	}
	if want := `"terms_checked": 1`; !bytes.Contains([]byte(out), []byte(want)) {
		t.Errorf("got %s, want it to contain %s", out, want)
	}
}

func TestExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no command", nil, ExitUsage},
		{"unknown command", []string{"frobnicate"}, ExitUsage},
		{"bad flag", []string{"validate", "--nope"}, ExitUsage},
		{"bad format", []string{"validate", "--repo", "testdata/repo", "--format", "xml"}, ExitUsage},
		{"missing repo", []string{"validate", "--repo", "testdata/nope"}, ExitUsage},
		{"bad config", []string{"validate", "--repo", "testdata/badconfig"}, ExitUsage},
		{"fail-on never", []string{"validate", "--repo", "testdata/repo", "--fail-on", "never"}, ExitOK},
		{"version", []string{"version"}, ExitOK},
		{"help", []string{"--help"}, ExitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, stderr, got := run(t, tt.args...); got != tt.want {
				t.Errorf("got exit code %d, want %d (stderr %q)", got, tt.want, stderr)
			}
		})
	}
}

func TestBadConfigNamesKeyAndLine(t *testing.T) {
	t.Parallel()
	_, stderr, _ := run(t, "validate", "--repo", "testdata/badconfig")
	want := `.github/mentorbot.yml:3: unknown key "time_zone" in section terms`
	if !bytes.Contains([]byte(stderr), []byte(want)) {
		t.Errorf("got stderr %q, want it to contain %q", stderr, want)
	}
}
