package main_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// readmeCommands returns the mentorbot commands of the README's sh blocks,
// continuation lines joined and comments dropped, as a reader would paste
// them. Lines with placeholders ([--flag], ...) are left out.
func readmeCommands(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var cmds []string
	for _, block := range strings.Split(string(data), "\n```sh\n")[1:] {
		block, _, _ = strings.Cut(block, "\n```")
		var cur string
		for _, line := range strings.Split(block, "\n") {
			if i := strings.Index(line, "  #"); i >= 0 {
				line = line[:i]
			}
			line = strings.TrimSpace(line)
			if strings.HasPrefix(line, "#") || line == "" {
				continue
			}
			cur += line
			if strings.HasSuffix(line, `\`) {
				cur = strings.TrimSuffix(cur, `\`)
				continue
			}
			if strings.HasSuffix(line, "|") {
				cur += " "
				continue
			}
			cmds = append(cmds, cur)
			cur = ""
		}
	}
	var out []string
	for _, c := range cmds {
		if strings.Contains(c, "mentorbot") && !strings.Contains(c, "...") && !regexp.MustCompile(`\[--?[a-z]`).MatchString(c) && !strings.HasPrefix(c, "go test") {
			out = append(out, c)
		}
	}
	return out
}

// freshClone copies the repository's tracked files, as a clone has them.
func freshClone(t *testing.T) string {
	t.Helper()
	files, err := exec.Command("git", "-C", "../..", "ls-files", "-z").Output()
	if err != nil {
		t.Skipf("needs git to list the tracked files: %v", err)
	}
	dir := t.TempDir()
	for _, f := range strings.Split(strings.TrimRight(string(files), "\x00"), "\x00") {
		data, err := os.ReadFile(filepath.Join("../..", f))
		if errors.Is(err, os.ErrNotExist) {
			continue // deleted in the working tree
		}
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestReadmeCommandsRun runs every mentorbot command the README shows, as
// written, in a fresh copy of the repository: each must exit 0 and print
// something. `go run ./cmd/mentorbot` runs the binary built once for the
// tests; the Go toolchain itself is not what is under test.
func TestReadmeCommandsRun(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("needs bash")
	}
	cmds := readmeCommands(t)
	var sawPlan, sawCommand bool
	for _, c := range cmds {
		sawPlan = sawPlan || strings.Contains(c, "go run ./cmd/mentorbot plan --repo examples/mentoring")
		sawCommand = sawCommand || strings.Contains(c, "mentorbot proposal command ")
	}
	if !sawPlan || !sawCommand {
		t.Fatalf("got commands %q, want the plan command and the proposal command example among them", cmds)
	}
	clone := freshClone(t)
	bin := t.TempDir()
	if err := os.Symlink(binary, filepath.Join(bin, "mentorbot")); err != nil {
		t.Fatal(err)
	}
	for _, c := range cmds {
		if strings.Contains(c, "jq ") {
			if _, err := exec.LookPath("jq"); err != nil {
				t.Logf("skipping %q: jq is not installed", c)
				continue
			}
		}
		script := strings.ReplaceAll(c, "go run ./cmd/mentorbot", "mentorbot")
		cmd := exec.Command(bash, "-euo", "pipefail", "-c", script)
		cmd.Dir = clone
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "GITHUB_TOKEN=")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		// The README's proposal check runs on the broken example proposal
		// and says it exits 1 on errors.
		want := 0
		if strings.Contains(c, "proposal check") && strings.Contains(c, "proposal-13-flux-docs") {
			want = 1
		}
		code := 0
		var ee *exec.ExitError
		if err := cmd.Run(); errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != want {
			t.Errorf("%s: got exit code %d, want %d\nstderr:\n%s", c, code, want, stderr.String())
			continue
		}
		t.Logf("ran %s: exit %d, %d bytes", c, code, stdout.Len())
		if stdout.Len() == 0 {
			t.Errorf("%s: printed nothing on stdout", c)
		}
	}
}
