// Package examples holds no code: its test lints every workflow a user may
// copy (examples/workflows) and mentorbot's own (.github/workflows) with
// actionlint and, through it, shellcheck.
package examples

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
)

// shellcheck returns the shellcheck executable actionlint should run, or ""
// (skipping the script checks) outside CI when it is not installed. In CI
// (CI=true) a missing shellcheck fails the test: the check must not vanish
// silently.
func shellcheck(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("shellcheck")
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("shellcheck is not on PATH (CI=true): install it (apt-get install shellcheck); got %v", err)
	}
	t.Logf("shellcheck is not on PATH: run: scripts are not checked (install shellcheck to check them; CI does)")
	return ""
}

func lint(t *testing.T, sc string, paths []string) string {
	t.Helper()
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{Shellcheck: sc, Oneline: true, Color: actionlint.ColorOptionKindNever})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.LintFiles(paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}

func TestWorkflowsLint(t *testing.T) {
	t.Parallel()
	sc := shellcheck(t)
	var paths []string
	for _, glob := range []string{"workflows/*.yml", "../.github/workflows/*.yml"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, m...)
	}
	if len(paths) < 6 {
		t.Fatalf("got %d workflow files (%v), want the 5 examples and mentorbot's own", len(paths), paths)
	}
	if got := lint(t, sc, paths); got != "" {
		t.Errorf("actionlint (shellcheck %q) reports, want nothing:\n%s", sc, got)
	}
}

// TestLintCatchesCutRun proves the lint sees the mistake that broke two
// examples: an unquoted `run:` value that YAML cuts at " #".
func TestLintCatchesCutRun(t *testing.T) {
	t.Parallel()
	sc := shellcheck(t)
	if sc == "" {
		t.Skip("needs shellcheck: the cut line is valid YAML, only the shell sees the open quote")
	}
	path := filepath.Join(t.TempDir(), "cut.yml")
	wf := "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"Proposal #${{ github.run_id }} done\"\n"
	if err := os.WriteFile(path, []byte(wf), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := lint(t, sc, []string{path}); !strings.Contains(got, "shellcheck") {
		t.Errorf("got %q, want a shellcheck error about the unterminated quote", got)
	}
}

// TestReadmeWorkflowsLint lints the complete workflows the README shows
// (fenced yaml blocks with "on:" and "jobs:"), as a reader would paste them.
func TestReadmeWorkflowsLint(t *testing.T) {
	t.Parallel()
	sc := shellcheck(t)
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var paths []string
	blocks := strings.Split(string(data), "```yaml\n")
	for i, b := range blocks[1:] {
		b, _, _ = strings.Cut(b, "```")
		if !strings.Contains(b, "\non:") || !strings.Contains(b, "\njobs:") {
			continue
		}
		p := filepath.Join(dir, fmt.Sprintf("readme-%d.yml", i+1))
		if err := os.WriteFile(p, []byte(b), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	if len(paths) == 0 {
		t.Fatal("got no complete workflow in README.md, want at least the quick start")
	}
	if got := lint(t, sc, paths); got != "" {
		t.Errorf("actionlint reports on README workflows (readme-N is the Nth yaml block), want nothing:\n%s", got)
	}
}

// TestScriptsShellcheck runs shellcheck on the scripts the workflows call
// and on .ci/run.
func TestScriptsShellcheck(t *testing.T) {
	t.Parallel()
	sc := shellcheck(t)
	if sc == "" {
		t.Skip("shellcheck is not installed")
	}
	scripts, err := filepath.Glob("../.github/scripts/*.sh")
	if err != nil {
		t.Fatal(err)
	}
	scripts = append(scripts, "../.ci/run")
	out, err := exec.Command(sc, scripts...).CombinedOutput()
	if err != nil {
		t.Errorf("shellcheck %v: %v\n%s", scripts, err, out)
	}
}
