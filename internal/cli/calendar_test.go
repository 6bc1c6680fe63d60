package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCalendarPrintsWritesAndKeeps(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	copyTree(t, "../../examples/mentoring", repo)
	out, errOut, code := run(t, "calendar", "--repo", repo)
	if code != ExitOK || !strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n") || !strings.Contains(errOut, "27 events from 2 terms and 1 meeting series") {
		t.Fatalf("dry run: got exit %d, stderr %q, stdout starting %.40q", code, errOut, out)
	}
	if _, err := os.Stat(filepath.Join(repo, "calendar")); err == nil {
		t.Fatal("got a file written without --write")
	}
	if out, errOut, code = run(t, "calendar", "--repo", repo, "--write"); code != ExitOK || out != "wrote calendar/mentoring.ics (27 events)\n" {
		t.Fatalf("--write: got exit %d, %q, %q", code, out, errOut)
	}
	if out, _, code = run(t, "calendar", "--repo", repo, "--write"); code != ExitOK || out != "calendar/mentoring.ics is up to date (27 events)\n" {
		t.Errorf("second --write: got exit %d, %q; want up to date", code, out)
	}
	// A symlink out of the repository is refused, and the target is untouched.
	outside := filepath.Join(t.TempDir(), "victim.ics")
	if err := os.WriteFile(outside, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Dir(outside), filepath.Join(repo, "out")); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code = run(t, "calendar", "--repo", repo, "--write", "--out", "out/victim.ics"); code == ExitOK {
		t.Errorf("write through a symlink out of the repository: got exit 0, want a refusal")
	} else if !strings.Contains(errOut, "out/victim.ics") {
		t.Errorf("refusal %q does not name the path", errOut)
	}
	if data, _ := os.ReadFile(outside); string(data) != "keep" {
		t.Errorf("the file outside the repository was changed to %q", data)
	}
}

// copyTree copies the files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// meeting --write through a minutes file symlinked out of the repository is
// refused and the file outside is untouched.
func TestMeetingWriteRefusesSymlinkOut(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	copyTree(t, "../../examples/mentoring", repo)
	minutes := filepath.Join(repo, "mentoring-wg", "2026-meeting-minutes.md")
	data, err := os.ReadFile(minutes)
	if err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(t.TempDir(), "outside.md")
	if err := os.WriteFile(outside, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(minutes); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, minutes); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := run(t, "meeting", "--repo", repo, "--now", "2026-11-21T17:00:00Z", "--write")
	if code == ExitOK {
		t.Errorf("got exit 0, want a refusal (stderr %q)", errOut)
	}
	if got, _ := os.ReadFile(outside); string(got) != string(data) {
		t.Errorf("the file outside the repository was changed")
	}
}
