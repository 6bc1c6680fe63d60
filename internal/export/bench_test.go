package export

import (
	"fmt"
	"strings"
	"testing"
)

// input59 is an export of 59 programs, as many as reached LFX for 2026
// Term 3: the fixture's first proposal 59 times, each its own issue.
func input59(b *testing.B) *Input {
	in := fixtureInput(b)
	model := in.Issues[0]
	in.Issues = nil
	for i := 0; i < 59; i++ {
		is := model
		is.Number = 1000 + i
		is.Body = strings.Replace(model.Body, "Prometheus metrics", fmt.Sprintf("Prometheus metrics, part %d,", i), 1)
		in.Issues = append(in.Issues, is)
	}
	return in
}

func BenchmarkPlan59(b *testing.B) {
	in := input59(b)
	b.ReportAllocs()
	for b.Loop() {
		if res, err := Plan(in); err != nil || res.Export.Count != 59 {
			b.Fatal(res, err)
		}
	}
}

// BenchmarkPlan59Rerun is the re-run that finds everything in place.
func BenchmarkPlan59Rerun(b *testing.B) {
	in := input59(b)
	first, err := Plan(in)
	if err != nil {
		b.Fatal(err)
	}
	in.Base = written(b, in.Base, first.Plan)
	in.Issues = labelled(in.Issues, first.Plan)
	in.RepoLabels = append(in.RepoLabels, "Exported")
	b.ReportAllocs()
	for b.Loop() {
		if res, err := Plan(in); err != nil || !res.Plan.Empty() {
			b.Fatal(res.Plan.Text(), err)
		}
	}
}
