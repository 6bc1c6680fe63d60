package proposal

import (
	"fmt"
	"testing"
)

// BenchmarkParseValidate measures one proposal parsed and validated alone,
// and against 100 other open proposals (each parsed for quota and duplicate
// checks, as the runner passes them).
func BenchmarkParseValidate(b *testing.B) {
	for _, open := range []int{0, 100} {
		b.Run(fmt.Sprintf("open=%d", open), func(b *testing.B) {
			in := &Input{Issue: Issue{Number: 1000, Body: validBody}, Config: testConfig(), Terms: testTerms(), Now: testNow}
			for n := range open {
				in.Open = append(in.Open, other(n+1, fmt.Sprintf("Project %d", n%30), "2026 Term 3 (Sep-Nov)", fmt.Sprintf("https://github.com/x/y/issues/%d", n)))
			}
			b.ReportAllocs()
			for b.Loop() {
				v := Validate(Parse(in.Issue.Body), in)
				if len(v.Findings) != 0 {
					b.Fatalf("got findings %v, want none", v.Findings)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "proposals/s")
		})
	}
}

// BenchmarkPlan measures the whole planner, comment rendering included.
func BenchmarkPlan(b *testing.B) {
	in := Input{Issue: Issue{Number: 1000, Body: validBody, Labels: baseLabels}, Config: testConfig(), Terms: testTerms(), Now: testNow}
	b.ReportAllocs()
	for b.Loop() {
		if r := Plan(in); r.Plan.Empty() {
			b.Fatal("got an empty plan for a new proposal, want labels and a comment")
		}
	}
}
