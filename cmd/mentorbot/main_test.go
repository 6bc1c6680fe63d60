package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/githubtest"
)

var binary string

// TestMain builds the static binary once, as the Dockerfile does, so the
// tests exercise the container contract: the binary, GITHUB_* variables,
// files, stdout and the exit code.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mentorbot-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "mentorbot")
	cmd := exec.Command("go", "build", "-trimpath", "-o", binary, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// actionRun is one run of the binary as the Action.
type actionRun struct {
	stdout, summary, outputs string
	code                     int
}

func runAction(t *testing.T, srv *githubtest.Server, workspace, eventName string, payload any, extra ...string) actionRun {
	t.Helper()
	tmp := t.TempDir()
	eventPath := filepath.Join(tmp, "event.json")
	data, _ := json.Marshal(payload)
	if err := os.WriteFile(eventPath, data, 0o644); err != nil {
		t.Fatal(err)
	}
	summary, outputs := filepath.Join(tmp, "summary.md"), filepath.Join(tmp, "output")
	cmd := exec.Command(binary, "action")
	cmd.Env = append([]string{
		"GITHUB_ACTIONS=true",
		"GITHUB_EVENT_NAME=" + eventName,
		"GITHUB_EVENT_PATH=" + eventPath,
		"GITHUB_REPOSITORY=o/r",
		"GITHUB_WORKSPACE=" + workspace,
		"GITHUB_API_URL=" + srv.URL,
		"GITHUB_STEP_SUMMARY=" + summary,
		"GITHUB_OUTPUT=" + outputs,
		"INPUT_TOKEN=ghs_secret",
		"INPUT_COMMAND=auto",
		"INPUT_FAIL_ON=error",
	}, extra...)
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stdout
	err := cmd.Run()
	r := actionRun{stdout: stdout.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	s, _ := os.ReadFile(summary)
	o, _ := os.ReadFile(outputs)
	r.summary, r.outputs = string(s), string(o)
	return r
}

// copyTree copies the fixture repository into a fresh workspace.
func copyTree(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

func pullRequestEvent(number int) map[string]any {
	return map[string]any{
		"action":       "opened",
		"number":       number,
		"pull_request": map[string]any{"number": number, "head": map[string]any{"sha": "abc123", "ref": "feature"}, "base": map[string]any{"ref": "main"}},
		"repository":   map[string]any{"name": "r", "full_name": "o/r", "default_branch": "main", "owner": map[string]any{"login": "o"}},
		"sender":       map[string]any{"login": "alice", "type": "User"},
	}
}

func TestActionValidatesPullRequest(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("o", "r")
	srv.SetFile("o", "r", "main", ".github/mentorbot.yml", "severity:\n  unparsed-date: warning\n")
	srv.SetPullFiles("o", "r", 5, []string{"programs/lfx-mentorship/2025/02-Jun-Aug/README.md", "README.md"})
	ws := copyTree(t, "../../internal/cli/testdata/repo")
	// The pull request tries to switch the rule off in its own copy of the
	// config: config comes from the default branch, so this must not work.
	os.MkdirAll(filepath.Join(ws, ".github"), 0o755)
	os.WriteFile(filepath.Join(ws, ".github/mentorbot.yml"), []byte("severity:\n  timezone-abbreviation: off\n  weekday-mismatch: off\n  utc-mismatch: off\n"), 0o644)

	r := runAction(t, srv, ws, "pull_request", pullRequestEvent(5))

	if r.code != 1 {
		t.Errorf("got exit code %d, want 1; stdout:\n%s", r.code, r.stdout)
	}
	for _, want := range []string{
		"::error file=programs/lfx-mentorship/2025/02-Jun-Aug/README.md,line=10,title=timezone-abbreviation::",
		"::error file=programs/lfx-mentorship/2025/02-Jun-Aug/README.md,line=11,title=utc-mismatch::",
		"::error file=programs/lfx-mentorship/2025/02-Jun-Aug/README.md,line=14,title=weekday-mismatch::",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "03-Sep-Dec") {
		t.Errorf("stdout names a folder the pull request does not touch:\n%s", r.stdout)
	}
	if !strings.Contains(r.summary, "1 term folder checked: 3 errors, 0 warnings") || strings.Count(r.summary, "| error |") != 3 {
		t.Errorf("summary lacks the headline or the 3 rows:\n%s", r.summary)
	}
	if !strings.Contains(r.outputs, "terms_checked<<ghadelimiter_") || !strings.Contains(r.outputs, "\n1\nghadelimiter_") {
		t.Errorf("outputs lack terms_checked=1:\n%s", r.outputs)
	}
	if strings.Contains(r.stdout, "ghs_secret") {
		t.Error("the token appears in the output")
	}
	if got := srv.Count("GET /repos/{owner}/{repo}/pulls/{number}/files"); got != 1 {
		t.Errorf("got %d pull-file listings, want 1", got)
	}
	if _, writes := srv.Total(); writes != 0 {
		t.Errorf("got %d writes to GitHub, want 0 (validation only reads)", writes)
	}
}

func TestActionBadConfigFailsWithAnnotation(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("o", "r")
	srv.SetFile("o", "r", "main", ".github/mentorbot.yml", "terms:\n  root: programs\n  bogus: 1\n")
	ws := copyTree(t, "../../internal/cli/testdata/repo")
	r := runAction(t, srv, ws, "pull_request", pullRequestEvent(5))
	if r.code != 2 {
		t.Errorf("got exit code %d, want 2; stdout:\n%s", r.code, r.stdout)
	}
	want := `::error file=.github/mentorbot.yml,line=3,title=mentorbot config::unknown key "bogus" in section terms`
	if !strings.Contains(r.stdout, want) {
		t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
	}
}

func TestActionOutsideActionsIsUsageError(t *testing.T) {
	t.Parallel()
	cmd := exec.Command(binary, "action")
	cmd.Env = []string{}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Errorf("got %v, want exit code 2; output %s", err, out)
	}
	if !bytes.Contains(out, []byte("GITHUB_EVENT_NAME is not set")) {
		t.Errorf("got %s, want it to say what is missing", out)
	}
}

func TestStaticBinaryHasNoCgo(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("checks an ELF binary")
	}
	out, err := exec.Command("go", "version", "-m", binary).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("CGO_ENABLED=0")) {
		t.Errorf("binary was not built with CGO_ENABLED=0:\n%s", out)
	}
}
