package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestCompletionScripts: each script names every command, subcommand and
// flag of the table, and parses in its shell where the shell is installed.
func TestCompletionScripts(t *testing.T) {
	t.Parallel()
	table := completionTable(t.Context())
	for _, shell := range []struct{ name, check string }{{"bash", "-n"}, {"zsh", "-n"}, {"fish", "--no-execute"}} {
		t.Run(shell.name, func(t *testing.T) {
			t.Parallel()
			script, stderr, code := run(t, "completion", shell.name)
			if code != ExitOK {
				t.Fatalf("got exit %d (%s), want 0", code, stderr)
			}
			each(table, func(words string, c completionCommand) {
				for _, w := range strings.Fields(words) {
					if !strings.Contains(script, w) {
						t.Errorf("script lacks %q", w)
					}
				}
				for _, f := range c.flags {
					if !strings.Contains(script, f.name) {
						t.Errorf("script lacks %s's --%s", words, f.name)
					}
				}
			})
			sh, err := exec.LookPath(shell.name)
			if err != nil {
				t.Skipf("%s is not installed: syntax not checked", shell.name)
			}
			p := filepath.Join(t.TempDir(), "completion")
			if err := os.WriteFile(p, []byte(script), 0o644); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(sh, shell.check, p).CombinedOutput(); err != nil {
				t.Errorf("%s %s: %v\n%s", shell.name, shell.check, err, out)
			}
		})
	}
	if len(table) != len(commands) {
		t.Errorf("got %d commands in the completion table, want %d", len(table), len(commands))
	}
}

// TestBashCompletes runs the bash script's function on command lines.
func TestBashCompletes(t *testing.T) {
	t.Parallel()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("needs bash")
	}
	script, _, _ := run(t, "completion", "bash")
	tests := []struct {
		words string
		want  string
	}{
		{"mentorbot val", "validate"},
		{"mentorbot config ", "validate print init"},
		{"mentorbot config validate --fo", "--format"},
		{"mentorbot proposal check --ti", "--title"},
		{"mentorbot umbrella --ap", "--apply"},
		{"mentorbot completion ", "bash zsh fish"},
	}
	for _, tt := range tests {
		words := strings.Fields(tt.words)
		if strings.HasSuffix(tt.words, " ") {
			words = append(words, "")
		}
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, "'"+w+"'")
		}
		prog := script + "\nCOMP_WORDS=(" + strings.Join(quoted, " ") + "); COMP_CWORD=" + strconv.Itoa(len(words)-1) + "; _mentorbot; echo \"${COMPREPLY[*]}\"\n"
		out, err := exec.Command(bash, "-c", prog).CombinedOutput()
		if got := strings.TrimSpace(string(out)); err != nil || got != tt.want {
			t.Errorf("%q: got %q (%v), want %q", tt.words, got, err, tt.want)
		}
	}
}

// TestFishCompletes asks fish what the script completes.
func TestFishCompletes(t *testing.T) {
	t.Parallel()
	fish, err := exec.LookPath("fish")
	if err != nil {
		t.Skip("needs fish")
	}
	script, _, _ := run(t, "completion", "fish")
	p := filepath.Join(t.TempDir(), "mentorbot.fish")
	if err := os.WriteFile(p, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ line, want string }{
		{"mentorbot config val", "validate"},
		{"mentorbot validate --fa", "--fail-on"},
		{"mentorbot proposal command --iss", "--issue-json"},
	}
	for _, tt := range tests {
		out, err := exec.Command(fish, "--no-config", "-c", "source "+p+"; complete -C '"+tt.line+"'").CombinedOutput()
		first, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\t")
		if err != nil || first != tt.want {
			t.Errorf("%q: got %q (%v), want %q first", tt.line, out, err, tt.want)
		}
	}
}
