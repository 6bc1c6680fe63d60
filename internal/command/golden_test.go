package command

import (
	goldenfile "github.com/mentorbot/mentorbot/internal/golden"
	"path/filepath"
	"strings"
	"testing"
)

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	goldenfile.Assert(t, filepath.Join("testdata", "golden", name), []byte(got))
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
