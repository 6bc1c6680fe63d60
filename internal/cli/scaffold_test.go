package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const exampleSchedule = "../../examples/schedules/2027-t2.yml"

func TestScaffoldPrintsWithoutWriting(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	out, errOut, code := run(t, "scaffold", "--schedule", exampleSchedule, "--repo", repo)
	if code != ExitOK {
		t.Fatalf("got exit %d (%s), want 0", code, errOut)
	}
	golden(t, "scaffold.text.golden", []byte(out))
	if _, err := os.Stat(filepath.Join(repo, "programs")); err == nil {
		t.Errorf("got files written without --write, want none")
	}
}

func TestScaffoldWritesAndRefusesToOverwrite(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	readme := filepath.Join(repo, "programs/lfx-mentorship/2027/02-Jun-Aug/README.md")
	if _, errOut, code := run(t, "scaffold", "--schedule", exampleSchedule, "--repo", repo, "--write"); code != ExitOK {
		t.Fatalf("first write: got exit %d (%s), want 0", code, errOut)
	}
	data, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "# Term 02 - 2027 June - August\n") {
		t.Errorf("got README starting %q, want the term title", strings.SplitN(string(data), "\n", 2)[0])
	}
	// What scaffold wrote passes validate.
	if out, _, code := run(t, "validate", "--repo", repo); code != ExitOK {
		t.Errorf("validate after scaffold: got exit %d:\n%s", code, out)
	}
	if err := os.WriteFile(readme, []byte("# edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := run(t, "scaffold", "--schedule", exampleSchedule, "--repo", repo, "--write")
	if code != ExitUsage || !strings.Contains(errOut, "already exists") {
		t.Errorf("second write: got exit %d (%s), want %d and a refusal", code, errOut, ExitUsage)
	}
	if data, _ := os.ReadFile(readme); string(data) != "# edited by hand\n" {
		t.Errorf("got README overwritten without --force")
	}
	if _, errOut, code := run(t, "scaffold", "--schedule", exampleSchedule, "--repo", repo, "--write", "--force"); code != ExitOK {
		t.Errorf("forced write: got exit %d (%s), want 0", code, errOut)
	}
}

func TestScaffoldBadSchedule(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		name, schedule, want string
	}{
		{"unknown field", "term: {year: 2027, number: 2}\nschedule:\n  - key: proposals_open\n    label: P\n    start: 2027-04-07\n    stat: x\n", `schedule entry 1 (proposals_open): unknown field "stat"`},
		{"end before start", "term: {year: 2027, number: 2}\nschedule:\n  - key: proposals_open\n    label: P\n    start: 2027-04-07\n    end: 2027-04-01\n", "schedule entry 1 (proposals_open): end 2027-04-01 is before start 2027-04-07"},
		{"date that does not exist", "term: {year: 2027, number: 2}\nschedule:\n  - key: proposals_open\n    label: P\n    start: 2027-04-31\n", `schedule entry 1 (proposals_open): start: "2027-04-31" is not a date that exists`},
		{"missing required activities", "term: {year: 2027, number: 2}\nschedule:\n  - key: proposals_open\n    label: Project Proposals Open\n    start: 2027-04-07\n", `missing-required-activities.yml: warning: the README it renders: timeline has no "mentee applications" activity`},
		// A finding about a row points at the schedule line that made it.
		{"a date a year early", "term: {year: 2027, number: 2}\nschedule:\n  - key: proposals_open\n    label: Project Proposals Open\n    start: 2026-04-07\n", "a-date-a-year-early.yml:3: error: schedule entry proposals_open: Apr 7, 2026 is a year before the term (Jun 1, 2027 – Aug 31, 2027): did you mean Apr 7, 2027? [outside-term]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".yml")
			if err := os.WriteFile(p, []byte(tc.schedule), 0o644); err != nil {
				t.Fatal(err)
			}
			_, errOut, code := run(t, "scaffold", "--schedule", p, "--repo", t.TempDir())
			if code == ExitOK || !strings.Contains(errOut, tc.want) {
				t.Errorf("got exit %d, stderr %q; want a failure naming %q", code, errOut, tc.want)
			}
		})
	}
}

// TestScaffoldJSON: --format json prints the folder and its files (the same
// as the text output), says whether they were written, and carries the
// findings that stop a schedule.
func TestScaffoldJSON(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	text, _, _ := run(t, "scaffold", "--schedule", exampleSchedule, "--repo", repo)
	for _, write := range []bool{false, true} {
		args := []string{"scaffold", "--schedule", exampleSchedule, "--repo", repo, "--format", "json"}
		if write {
			args = append(args, "--write")
		}
		out, errOut, code := run(t, args...)
		var got ScaffoldJSON
		if err := json.Unmarshal([]byte(out), &got); err != nil || code != ExitOK {
			t.Fatalf("write %v: got exit %d, %v (%s), want 0 and JSON", write, code, err, errOut)
		}
		if got.Dir != "programs/lfx-mentorship/2027/02-Jun-Aug" || got.Written != write || len(got.Files) == 0 || len(got.Findings) != 0 {
			t.Errorf("write %v: got dir %q, written %v, %d files, %d findings", write, got.Dir, got.Written, len(got.Files), len(got.Findings))
		}
		for _, f := range got.Files {
			if !strings.Contains(text, "==> "+f.Path+" <==\n"+f.Content) {
				t.Errorf("write %v: %s differs from the text output", write, f.Path)
			}
		}
	}
	bad := filepath.Join(t.TempDir(), "early.yml")
	if err := os.WriteFile(bad, []byte("term: {year: 2027, number: 2}\nschedule:\n  - key: proposals_open\n    label: Project Proposals Open\n    start: 2026-04-07\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := run(t, "scaffold", "--schedule", bad, "--repo", t.TempDir(), "--format", "json")
	var got ScaffoldJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != ExitFindings || got.Written || len(got.Findings) == 0 || got.Findings[0].Path != bad {
		t.Errorf("bad schedule: got exit %d, %v, %+v; want 1 and findings on the schedule", code, err, got)
	}
}
