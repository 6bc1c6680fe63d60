package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const exampleMinutes = "mentoring-wg/2026-meeting-minutes.md"

// minutesRepo copies the example minutes file into a fresh working tree,
// optionally changed by edit.
func minutesRepo(t *testing.T, edit func(string) string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../examples/mentoring", exampleMinutes))
	if err != nil {
		t.Fatal(err)
	}
	content := string(data)
	if edit != nil {
		content = edit(content)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "mentoring-wg"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, exampleMinutes), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestMeetingDryRunPrintsDiff(t *testing.T) {
	t.Parallel()
	out, stderr, code := run(t, "meeting", "--repo", "../../examples/mentoring", "--now", "2026-11-21T17:00:00Z")
	if code != ExitOK {
		t.Fatalf("got exit code %d, want 0 (stderr %q)", code, stderr)
	}
	golden(t, "meeting.diff.golden", []byte(out))
	if want := "next meeting: 2026-12-17 2026-12-17T18:00:00Z in " + exampleMinutes + "\n"; stderr != want {
		t.Errorf("got stderr %q, want %q", stderr, want)
	}
}

func TestMeetingWriteThenNothing(t *testing.T) {
	t.Parallel()
	dir := minutesRepo(t, nil)
	out, stderr, code := run(t, "meeting", "--repo", dir, "--write")
	if code != ExitOK || out != "wrote "+exampleMinutes+"\n" {
		t.Fatalf("--write: got exit %d, stdout %q, stderr %q; want 0 and one file written", code, out, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, exampleMinutes))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "# Upcoming Meetings\n\n## December 17, 2026\n") {
		t.Errorf("written file has no December 17 stub under Upcoming Meetings:\n%s", data)
	}
	out, stderr, code = run(t, "meeting", "--repo", dir, "--write")
	if code != ExitOK || out != "" || !strings.Contains(stderr, "nothing to change") {
		t.Errorf("second --write: got exit %d, stdout %q, stderr %q; want 0, nothing written", code, out, stderr)
	}
	again, _ := os.ReadFile(filepath.Join(dir, exampleMinutes))
	if string(again) != string(data) {
		t.Errorf("second --write changed the file")
	}
}

func TestMeetingJSON(t *testing.T) {
	t.Parallel()
	out, stderr, code := run(t, "meeting", "--repo", "../../examples/mentoring", "--now", "2026-12-17T19:30:00Z", "--format", "json")
	if code != ExitOK {
		t.Fatalf("got exit code %d, want 0 (stderr %q)", code, stderr)
	}
	var got MeetingJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("decoding %s: %v", out, err)
	}
	// December 17 has ended: the stub is January's, in a new 2027 file.
	if got.MeetingDate != "2027-01-21" || got.MeetingUTC != "2027-01-21T18:00:00Z" || !got.Changed || got.Written {
		t.Errorf("got %+v, want the January 21, 2027 meeting, changed, not written", got)
	}
	var paths []string
	for _, f := range got.Files {
		paths = append(paths, f.Path)
		if f.Create != (f.Path == "mentoring-wg/2027-meeting-minutes.md") {
			t.Errorf("%s: got create %v, want it only for the 2027 file", f.Path, f.Create)
		}
	}
	if want := []string{"mentoring-wg/2026-meeting-minutes.md", "mentoring-wg/2027-meeting-minutes.md"}; strings.Join(paths, ",") != strings.Join(want, ",") {
		t.Errorf("got files %v, want %v", paths, want)
	}
}

func TestMeetingExitCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		edit    func(string) string
		args    []string
		want    int
		wantErr string
	}{
		{
			name: "missing past heading", want: ExitUsage,
			edit:    func(s string) string { return strings.Replace(s, "# Past Meetings\n", "", 1) },
			wantErr: exampleMinutes + `:32: no "# Past Meetings" heading`,
		},
		{
			name: "unreadable schedule", want: ExitUsage,
			edit:    func(s string) string { return strings.Replace(s, "3rd Thursday of the month", "Thursdays, mostly,", 1) },
			wantErr: `cannot read the meeting schedule "Thursdays, mostly, at 10AM Pacific Time"`,
		},
		{
			name: "lint finds a wrong UTC time", want: ExitFindings, args: []string{"--lint"},
			edit: func(s string) string {
				return strings.Replace(s, "(18:00 UTC on 2026-11-19)", "(17:00 UTC on 2026-11-19)", 1)
			},
		},
		{name: "lint clean", want: ExitOK, args: []string{"--lint"}},
		{name: "no minutes file", want: ExitUsage, args: []string{"--now", "2030-01-01T00:00:00Z"}, wantErr: "no minutes file: none of mentoring-wg/2029-meeting-minutes.md"},
		{name: "write and lint", want: ExitUsage, args: []string{"--lint", "--write"}, wantErr: "do not go together"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := minutesRepo(t, tt.edit)
			_, stderr, code := run(t, append([]string{"meeting", "--repo", dir}, tt.args...)...)
			if code != tt.want {
				t.Errorf("got exit code %d, want %d (stderr %q)", code, tt.want, stderr)
			}
			if !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("got stderr %q, want it to contain %q", stderr, tt.wantErr)
			}
		})
	}
}
