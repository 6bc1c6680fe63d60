package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func writeTemp(t *testing.T, name, data string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestConfigValidate: every problem, semantic ones included, as
// path:line: message, and exit 2.
func TestConfigValidate(t *testing.T) {
	t.Parallel()
	bad := writeTemp(t, "bad.yml", "meeting:\n  schedule:\n    rule: 3rd Thursday\n    time: \"25:00\"\n  mode: push\nterms:\n  window_days: many\n  colour: red\n")
	stdout, stderr, code := run(t, "config", "validate", "--config", bad)
	if code != ExitUsage {
		t.Errorf("got exit %d, want %d (stderr %q)", code, ExitUsage, stderr)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
		got = append(got, strings.TrimPrefix(l, bad))
	}
	want := []string{
		`:4: meeting.schedule.time "25:00" is not a 24-hour time such as "10:00" (needed with meeting.schedule.rule)`,
		`:5: meeting.mode "push" is not commit or pull_request`,
		":7: wrong type: cannot unmarshal !!str `many` into int",
		`:8: unknown key "colour" in section terms: check the spelling against the README's config reference`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if !strings.Contains(stderr, "4 problem(s)") {
		t.Errorf("got stderr %q, want the count of problems", stderr)
	}

	stdout, _, code = run(t, "config", "validate", "--config", bad, "--format", "json")
	var doc struct {
		Valid    bool
		Problems []struct {
			Line    int
			Message string
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil || code != ExitUsage || doc.Valid || len(doc.Problems) != 4 || doc.Problems[0].Line != 4 {
		t.Errorf("json: got exit %d, %+v (%v), want 2, invalid, 4 problems from line 4", code, doc, err)
	}
}

func TestConfigValidateClean(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"example repository", []string{"--repo", "../../examples/mentoring"}, "valid\n"},
		{"no file", []string{"--repo", t.TempDir()}, "no config file: the defaults apply\n"},
	}
	for _, tt := range tests {
		stdout, stderr, code := run(t, append([]string{"config", "validate"}, tt.args...)...)
		if code != ExitOK || !strings.HasSuffix(stdout, tt.want) {
			t.Errorf("%s: got exit %d, stdout %q, stderr %q; want 0 and %q", tt.name, code, stdout, stderr, tt.want)
		}
	}
	if _, _, code := run(t, "config", "validate", "--config", "no-such.yml"); code != ExitUsage {
		t.Errorf("missing --config: got exit %d, want %d", code, ExitUsage)
	}
}

func TestConfigPrint(t *testing.T) {
	t.Parallel()
	p := writeTemp(t, "m.yml", "meeting:\n  mode: pull_request\n")
	stdout, stderr, code := run(t, "config", "print", "--config", p)
	if code != ExitOK || !strings.Contains(stdout, "mode: pull_request # "+filepath.ToSlash(p)+":2\n") || !strings.Contains(stdout, "terms: # default\n") {
		t.Errorf("got exit %d, stdout\n%s\nstderr %q; want 0, mode from line 2, terms by default", code, stdout, stderr)
	}
	bad := writeTemp(t, "bad.yml", "meeting:\n  mode: push\n")
	if _, stderr, code := run(t, "config", "print", "--config", bad); code != ExitUsage || !strings.Contains(stderr, "bad.yml:2:") {
		t.Errorf("bad config: got exit %d, stderr %q; want 2 and the line", code, stderr)
	}
}

// TestConfigInit: init prints a file that validates, --write writes it once
// and refuses to replace it without --force.
func TestConfigInit(t *testing.T) {
	t.Parallel()
	stdout, _, code := run(t, "config", "init")
	if code != ExitOK || !strings.HasPrefix(stdout, "# yaml-language-server: $schema=") {
		t.Fatalf("got exit %d and %.80q, want 0 and a file with the schema line", code, stdout)
	}
	repo := t.TempDir()
	if _, stderr, code := run(t, "config", "init", "--repo", repo, "--write"); code != ExitOK {
		t.Fatalf("--write: got exit %d (%s), want 0", code, stderr)
	}
	written, err := os.ReadFile(filepath.Join(repo, ".github", "mentorbot.yml"))
	if err != nil || string(written) != stdout {
		t.Errorf("written file differs from the printed one (%v)", err)
	}
	if out, stderr, code := run(t, "config", "validate", "--repo", repo); code != ExitOK {
		t.Errorf("validate of the init file: got exit %d, %s %s", code, out, stderr)
	}
	if _, stderr, code := run(t, "config", "init", "--repo", repo, "--write"); code != ExitUsage || !strings.Contains(stderr, "--force") {
		t.Errorf("second --write: got exit %d, stderr %q; want 2 and a word about --force", code, stderr)
	}
	if _, stderr, code := run(t, "config", "init", "--repo", repo, "--write", "--force"); code != ExitOK {
		t.Errorf("--force: got exit %d (%s), want 0", code, stderr)
	}
}
