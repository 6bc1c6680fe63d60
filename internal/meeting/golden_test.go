package meeting

import (
	"fmt"
	goldenfile "github.com/mentorbot/mentorbot/internal/golden"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
)

// corpusDir holds real files from cncf/mentoring, outside the repository.
const corpusDir = "../../../shared/corpus/cncf-mentoring"

// readCorpus returns a corpus file, skipping the test when the corpus is
// absent (a user's clone has no ../shared).
func readCorpus(t testing.TB, rel string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(corpusDir, rel))
	if os.IsNotExist(err) {
		t.Skipf("corpus file %s absent (it lives in ../shared/corpus outside the repository): skipping", rel)
	}
	if err != nil {
		t.Fatalf("reading corpus: %v", err)
	}
	return data
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Assert(t, filepath.Join("testdata", name), []byte(got))
}

// describe renders a plan result for golden files: the meeting, then each
// change as its commit message and unified diff.
func describe(res Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "schedule: %s at %02d:%02d %s (%s)\n", res.Schedule.Rule, res.Schedule.Hour, res.Schedule.Minute, res.Schedule.Location, res.Schedule.Source)
	fmt.Fprintf(&b, "next: %s, starts %s\n", res.Next.Date, res.Next.Start.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "file: %s\n", res.Path)
	if len(res.Changes) == 0 {
		b.WriteString("no changes\n")
	}
	for _, c := range res.Changes {
		fmt.Fprintf(&b, "\n=== %s (base %q, create %v)\n%s\n", c.Path, c.BaseSHA, c.Create, c.Message)
		for _, n := range c.Notes {
			fmt.Fprintf(&b, "- %s\n", n)
		}
		b.WriteString(Diff(c.Path, c.Old, c.New))
	}
	return b.String()
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// applyChanges returns files with res's changes written.
func applyChanges(files map[string]Blob, res Result) map[string]Blob {
	out := map[string]Blob{}
	for k, v := range files {
		out[k] = v
	}
	for _, c := range res.Changes {
		out[c.Path] = Blob{Content: c.New, SHA: "sha-" + c.Path}
	}
	return out
}

func TestPlanCorpus(t *testing.T) {
	t.Parallel()
	const p24, p25 = "mentoring-wg/2024-meeting-minutes.md", "mentoring-wg/2025-meeting-minutes.md"
	tests := []struct {
		name   string
		files  map[string]string // repo path -> corpus path
		now    []string          // runs in order, each on the previous run's output; the last is golden
		golden string
	}{
		{
			name:   "2024 file the day after November 21, 2024",
			files:  map[string]string{p24: "mentoring-wg/2024-meeting-minutes.md"},
			now:    []string{"2024-11-22T12:00:00Z"},
			golden: "plan/2024-11-22.diff",
		},
		{
			name:   "2025 file before the March daylight-saving change",
			files:  map[string]string{p25: "cncf-toc-mentoring-subproject/2025-meeting-minutes.md"},
			now:    []string{"2025-02-21T00:00:00Z"},
			golden: "plan/2025-02-21.diff",
		},
		{
			name:   "2025 file before the November daylight-saving change",
			files:  map[string]string{p25: "cncf-toc-mentoring-subproject/2025-meeting-minutes.md"},
			now:    []string{"2025-10-17T00:00:00Z"},
			golden: "plan/2025-10-17.diff",
		},
		{
			name:   "year rollover from December into January",
			files:  map[string]string{p24: "mentoring-wg/2024-meeting-minutes.md"},
			now:    []string{"2024-11-22T12:00:00Z", "2024-12-19T19:00:00Z"},
			golden: "plan/2024-12-19-rollover.diff",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]Blob{}
			for p, c := range tt.files {
				files[p] = Blob{Content: readCorpus(t, c), SHA: "sha-" + p}
			}
			var res Result
			for _, now := range tt.now {
				var err error
				res, err = Plan(Input{Config: config.Default().Meeting, Now: mustTime(t, now), Files: files})
				if err != nil {
					t.Fatalf("Plan at %s: got error %v, want none", now, err)
				}
				files = applyChanges(files, res)
			}
			golden(t, tt.golden, describe(res))
			again, err := Plan(Input{Config: config.Default().Meeting, Now: mustTime(t, tt.now[len(tt.now)-1]), Files: files})
			if err != nil {
				t.Fatalf("second Plan: got error %v, want none", err)
			}
			if len(again.Changes) != 0 {
				t.Errorf("second Plan: got %d changes, want 0 (not idempotent):\n%s", len(again.Changes), describe(again))
			}
		})
	}
}
