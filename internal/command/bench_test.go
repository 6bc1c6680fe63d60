package command

import (
	"fmt"
	"testing"
)

// benchInput is a busy proposal: n comments, one in three with commands,
// and a trigger at the end.
func benchInput(b *testing.B, n int) Input {
	s := newSim(b)
	bodies := []string{"/approve", "Thanks, looks good.", "/label 2026\n/hold", "/unhold\n/confirm", "+1 from me", "/cncf-approve"}
	authors := []string{"argo-maint", "bo-m", "triager", "bo-m", "reader", "cncf-admin"}
	for i := range n {
		s.comments = append(s.comments, Comment{ID: int64(1000 + i), Author: authors[i%len(authors)], Body: bodies[i%len(bodies)]})
	}
	s.comments = append(s.comments, Comment{ID: int64(1000 + n), Author: "argo-maint", Body: "/approve"})
	return s.input(simEvent{id: int64(1000 + n)})
}

func BenchmarkPlan(b *testing.B) {
	for _, n := range []int{10, 300} {
		b.Run(fmt.Sprint(n, "-comments"), func(b *testing.B) {
			in := benchInput(b, n)
			b.ReportAllocs()
			for b.Loop() {
				if r := Plan(in); r.Skipped != "" {
					b.Fatal(r.Skipped)
				}
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	body := "Looks good to me, a few notes below.\n\n> quoted /approve\n\n```\n/hold\n```\n/approve\n/confirm @bo-m\n/label \"Term 3: Sept-Nov\" 2026\n"
	b.ReportAllocs()
	for b.Loop() {
		Parse(body)
	}
}
