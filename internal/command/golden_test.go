package command

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s: got != want (-want +got):\n%s", name, diff)
	}
}

// TestGolden renders the plan of the last event of each story, and the
// report and reply it leaves.
func TestGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		run  func(s *sim)
	}{
		{"first-approve", func(s *sim) { s.comment("argo-maint", "/approve") }},
		{"all-gates", approveAll},
		{"refused", func(s *sim) { s.comment("reader", "/approve\n/confirm\n/label bug") }},
		{"material-edit", func(s *sim) {
			approveAll(s)
			s.editIssue(strings.ReplaceAll(s.issue.Body, "2026 Term 3 (Sep-Nov)", "2026 Term 2 (Jun-Aug)"))
		}},
		{"hold-withdraw", func(s *sim) {
			s.comment("triager", "/hold budget\n/label 2026")
			s.comment("ada", "/withdraw")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSim(t)
			tt.run(s)
			var b strings.Builder
			b.WriteString("## plan of the last event\n\n" + s.last.Plan.Text())
			b.WriteString("\n## report comment\n\n" + s.report())
			if r := s.reply(s.lastID); r != "" {
				b.WriteString("\n## reply\n\n" + r)
			}
			golden(t, tt.name+".md", b.String())
		})
	}
}
