package cli

import (
	"os"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

var (
	flagLineRE = regexp.MustCompile(`(?m)^  --([a-z][a-z0-9-]*)`)
	synopsisRE = regexp.MustCompile(`--([a-z][a-z0-9-]*)`)
)

// helpOf runs "mentorbot <cmd> --help" and returns its usage line and the
// flags it lists.
func helpOf(t *testing.T, cmd ...string) (synopsis string, flags []string) {
	t.Helper()
	stdout, stderr, code := run(t, append(cmd, "--help")...)
	if code != ExitOK || stdout != "" {
		t.Fatalf("%s --help: got exit code %d and stdout %q, want 0 and help on stderr", cmd, code, stdout)
	}
	synopsis, _, _ = strings.Cut(stderr, "\n")
	if !strings.HasPrefix(synopsis, "Usage: mentorbot "+strings.Join(cmd, " ")) {
		t.Fatalf("%s --help: got first line %q, want a usage line", cmd, synopsis)
	}
	if m := regexp.MustCompile(`(?m)^  -[a-z]`).FindString(stderr); m != "" {
		t.Errorf("%s --help lists a flag with one dash (%q), want --flag:\n%s", cmd, m, stderr)
	}
	for _, m := range flagLineRE.FindAllStringSubmatch(stderr, -1) {
		flags = append(flags, m[1])
	}
	return synopsis, flags
}

// TestHelpMatchesFlags checks, for every command, that --help lists its
// flags as --flag, that the usage line names every flag and only those, and
// that the README's CLI synopsis does too (serve: its settings table).
func TestHelpMatchesFlags(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var cmds [][]string
	for _, c := range commands {
		if sub := map[string][]command{"proposal": proposalCommands, "config": configCommands}[c.name]; sub != nil {
			for _, pc := range sub {
				cmds = append(cmds, []string{c.name, pc.name})
			}
			continue
		}
		cmds = append(cmds, []string{c.name})
	}
	for _, cmd := range cmds {
		name := strings.Join(cmd, " ")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			synopsis, flags := helpOf(t, cmd...)
			if name == "serve" {
				for _, f := range flags {
					if !strings.Contains(string(readme), "`--"+f+"`") {
						t.Errorf("README's serve settings lack `--%s`", f)
					}
				}
				return
			}
			var named []string
			for _, m := range synopsisRE.FindAllStringSubmatch(synopsis, -1) {
				named = append(named, m[1])
			}
			for _, f := range flags {
				if !slices.Contains(named, f) {
					t.Errorf("usage line %q lacks --%s", synopsis, f)
				}
			}
			for _, f := range named {
				if !slices.Contains(flags, f) {
					t.Errorf("usage line %q names --%s, which is not a flag", synopsis, f)
				}
			}
			line := readmeSynopsis(string(readme), name)
			if line == "" {
				t.Fatalf("README's CLI block has no line for mentorbot %s", name)
			}
			for _, f := range flags {
				if !strings.Contains(line, "--"+f) {
					t.Errorf("README's synopsis %q lacks --%s", line, f)
				}
			}
		})
	}
}

// readmeSynopsis returns the README's "## The CLI" block line for a command.
func readmeSynopsis(readme, name string) string {
	_, block, _ := strings.Cut(readme, "## The CLI\n\n```\n")
	block, _, _ = strings.Cut(block, "```")
	for _, l := range strings.Split(block, "\n") {
		if f := strings.Fields(strings.TrimPrefix(l, "mentorbot ")); len(f) > 0 &&
			strings.HasPrefix(strings.Join(f, " ")+" ", name+" ") {
			return l
		}
	}
	return ""
}

func TestBareCommandPrintsUsageToStderr(t *testing.T) {
	t.Parallel()
	stdout, stderr, code := run(t)
	if code != ExitUsage || stdout != "" || !strings.Contains(stderr, "Usage: mentorbot <command>") {
		t.Errorf("got exit %d, stdout %q, stderr %q; want 2, nothing, the usage", code, stdout, stderr)
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"version"}, {"--version"}, {"-v"}} {
		stdout, stderr, code := run(t, args...)
		if code != ExitOK || !strings.HasPrefix(stdout, "mentorbot ") {
			t.Errorf("%v: got exit %d, stdout %q, stderr %q; want 0 and mentorbot <version>", args, code, stdout, stderr)
		}
	}
	info := func(main string, settings ...debug.BuildSetting) func() (*debug.BuildInfo, bool) {
		return func() (*debug.BuildInfo, bool) {
			return &debug.BuildInfo{Main: debug.Module{Version: main}, Settings: settings}, true
		}
	}
	tests := []struct {
		name, ldflags string
		read          func() (*debug.BuildInfo, bool)
		want          string
	}{
		{"ldflags win", "v1.2.3", info("v9.9.9"), "v1.2.3"},
		{"go install @version", "dev", info("v1.4.0"), "v1.4.0"},
		{"source build", "dev", info("(devel)", debug.BuildSetting{Key: "vcs.revision", Value: "0123456789abcdef0123"}), "dev-0123456789ab"},
		{"dirty source build", "dev", info("(devel)", debug.BuildSetting{Key: "vcs.revision", Value: "abc"}, debug.BuildSetting{Key: "vcs.modified", Value: "true"}), "dev-abc-dirty"},
		{"no build info", "dev", func() (*debug.BuildInfo, bool) { return nil, false }, "dev"},
		{"no vcs", "dev", info("(devel)"), "dev"},
	}
	for _, tt := range tests {
		if got := version(tt.ldflags, tt.read); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
