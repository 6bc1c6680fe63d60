package cli

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteRefusesSymlinkOut runs every CLI --write path with the file it
// writes (or a folder on the way) symlinked out of the repository: each is
// refused with a message naming the path, and nothing outside changes.
// Where the command reads that file first (export, meeting, projects), the
// repository reader (os.Root, repo.go) refuses it; scaffold, config init
// and calendar reach the one local applier (executor.Local), which does.
func TestWriteRefusesSymlinkOut(t *testing.T) {
	t.Parallel()
	dot := filepath.Join(t.TempDir(), "orgs.txt")
	if err := os.WriteFile(dot, []byte("argoproj\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		// link is the repository path made a symlink out; file says it
		// is a file (copied outside first) rather than a folder.
		link string
		file bool
		args func(repo string) []string
		// named is what the refusal must mention.
		named string
	}{
		{
			name: "scaffold", link: "programs/lfx-mentorship/2027/02-Jun-Aug/README.md", file: true,
			args: func(repo string) []string {
				return []string{"scaffold", "--schedule", exampleSchedule, "--repo", repo, "--write", "--force"}
			},
			named: "programs/lfx-mentorship/2027/02-Jun-Aug/README.md",
		},
		{
			name: "export", link: exampleFolder + "/lfx-tracking.csv", file: true,
			args:  func(repo string) []string { return exportArgs(repo, "--write") },
			named: exampleFolder + "/lfx-tracking.csv",
		},
		{
			name: "config init", link: ".github",
			args:  func(repo string) []string { return []string{"config", "init", "--repo", repo, "--write"} },
			named: ".github/mentorbot.yml",
		},
		{
			name: "projects sync", link: "programs/lfx-mentorship/automation/projects.yml", file: true,
			args: func(repo string) []string {
				return []string{"projects", "sync", "--repo", repo, "--landscape", testLandscape, "--dot-project", dot, "--now", "2027-01-04T12:00:00Z", "--write"}
			},
			named: "programs/lfx-mentorship/automation/projects.yml",
		},
		{
			name: "meeting", link: "mentoring-wg/2026-meeting-minutes.md", file: true,
			args: func(repo string) []string {
				return []string{"meeting", "--repo", repo, "--now", "2026-11-21T17:00:00Z", "--write"}
			},
			named: "mentoring-wg/2026-meeting-minutes.md",
		},
		{
			name: "calendar", link: "calendar",
			args:  func(repo string) []string { return []string{"calendar", "--repo", repo, "--write"} },
			named: "calendar/mentoring.ics",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			repo := copyExample(t)
			outside := t.TempDir()
			target := outside
			in := filepath.Join(repo, filepath.FromSlash(tc.link))
			if tc.file {
				data, err := os.ReadFile(in)
				if errors.Is(err, fs.ErrNotExist) {
					data, err = []byte("keep"), nil
				}
				if err != nil {
					t.Fatal(err)
				}
				target = filepath.Join(outside, "victim")
				if err := os.WriteFile(target, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.RemoveAll(in); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(target, in); err != nil {
				t.Fatal(err)
			}
			before := snapshot(t, outside)
			_, errOut, code := run(t, tc.args(repo)...)
			if code == ExitOK {
				t.Fatalf("got exit 0, want a refusal (stderr %q)", errOut)
			}
			if !strings.Contains(errOut, tc.named) {
				t.Errorf("got stderr %q, want it to name %s", errOut, tc.named)
			}
			if after := snapshot(t, outside); after != before {
				t.Errorf("outside the repository: got %q, want %q unchanged", after, before)
			}
		})
	}
}

// snapshot lists every file under dir with its content.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			b.WriteString(p + "=" + string(data) + "\n")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
