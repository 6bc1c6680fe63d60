package runner

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mentorbot/mentorbot/internal/proposal"
)

// memRepo is examples/mentoring in memory, so a benchmark measures work,
// not the disk.
func memRepo(b testing.TB) fstest.MapFS {
	b.Helper()
	root := "../../examples/mentoring"
	out := fstest.MapFS{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkProposalWork is the whole in-process work of one proposal
// event (issue form, term README, quota against the other open proposals,
// comment), without the network: every example proposal in turn, against
// open other open proposals (30 other projects, one upstream issue each).
// It reports proposals/s; open=100 against open=0 is the cost of a busy
// term.
func BenchmarkProposalWork(b *testing.B) {
	issues := exampleIssues(b)
	var props []proposal.Issue
	for _, is := range issues {
		props = append(props, is)
	}
	fsys := memRepo(b)
	for _, open := range []int{0, 100} {
		b.Run(fmt.Sprintf("open=%d", open), func(b *testing.B) {
			var others []proposal.Issue
			for i := range open {
				o := issues[12]
				o.Number = 1000 + i
				// Open proposals of 30 projects, each for its own upstream issue.
				o.Body = strings.Replace(o.Body, "### CNCF Project\n\nArgo", fmt.Sprintf("### CNCF Project\n\nProject %d", i%30), 1)
				o.Body = strings.Replace(o.Body, "argo-workflows/issues/1234", fmt.Sprintf("project-%d/issues/%d", i%30, i), 1)
				others = append(others, o)
			}
			env := propEnv(nil, nil)
			env.GH, env.FS = nil, fsys
			ctx := context.Background()
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				is := props[n%len(props)]
				n++
				if _, _, err := ProposalCheck(ctx, env, ProposalOptions{Issue: &is, Open: others}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "proposals/s")
		})
	}
}
