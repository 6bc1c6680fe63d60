package meeting

import (
	"testing"
	"time"
)

// benchFile is the real 2024 minutes file (~14 KB, ten meetings); the
// benchmarks skip when the corpus is absent.
func benchFile(b *testing.B) []byte {
	return readCorpus(b, "mentoring-wg/2024-meeting-minutes.md")
}

func BenchmarkParse(b *testing.B) {
	src := readCorpus(b, "mentoring-wg/2023-meeting-minutes.md")
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse(src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPlan(b *testing.B) {
	src := benchFile(b)
	in := Input{Config: basicConfig(), Now: time.Date(2024, 11, 22, 12, 0, 0, 0, time.UTC),
		Files: map[string]Blob{"example/2024-meeting-minutes.md": {Content: src, SHA: "x"}}}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		res, err := Plan(in)
		if err != nil || len(res.Changes) != 1 {
			b.Fatalf("got %d changes, %v; want 1", len(res.Changes), err)
		}
	}
}

func BenchmarkLint(b *testing.B) {
	src := readCorpus(b, "mentoring-wg/2023-meeting-minutes.md")
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		Lint("m.md", src)
	}
}

func BenchmarkDiff(b *testing.B) {
	src := benchFile(b)
	res, err := Plan(Input{Config: basicConfig(), Now: time.Date(2024, 11, 22, 12, 0, 0, 0, time.UTC),
		Files: map[string]Blob{"example/2024-meeting-minutes.md": {Content: src}}})
	if err != nil {
		b.Fatal(err)
	}
	c := res.Changes[0]
	for b.Loop() {
		if Diff(c.Path, c.Old, c.New) == "" {
			b.Fatal("empty diff")
		}
	}
}
