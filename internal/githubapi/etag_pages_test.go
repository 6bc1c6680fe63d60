package githubapi_test

import (
	"context"
	"testing"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/githubtest"
)

// TestConditionalPageKeepsFreshLink: a listing's first page can be
// unchanged (304) while the listing grew a second page (a check run's
// annotations, appended); the cached answer's Link header (no next page)
// must not end the listing there.
func TestConditionalPageKeepsFreshLink(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	srv := githubtest.NewServer(t)
	srv.AddRepo("o", "r")
	gh, err := githubapi.NewClient("tok", srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	batch := func() *github.CheckRunOutput {
		var as []*github.CheckRunAnnotation
		for i := range 50 {
			as = append(as, &github.CheckRunAnnotation{Path: github.String("a.md"), StartLine: github.Int(i + 1), EndLine: github.Int(i + 1),
				AnnotationLevel: github.String("warning"), Message: github.String("m")})
		}
		return &github.CheckRunOutput{Title: github.String("t"), Summary: github.String("s"), Annotations: as}
	}
	cr, _, err := gh.Checks.CreateCheckRun(ctx, "o", "r", github.CreateCheckRunOptions{Name: "c", HeadSHA: "abc", Output: batch()})
	if err != nil {
		t.Fatal(err)
	}
	list := func() int {
		t.Helper()
		as, err := githubapi.All(ctx, func(ctx context.Context, o github.ListOptions) ([]*github.CheckRunAnnotation, *github.Response, error) {
			return gh.Checks.ListCheckRunAnnotations(ctx, "o", "r", cr.GetID(), &o)
		})
		if err != nil {
			t.Fatal(err)
		}
		return len(as)
	}
	for _, want := range []int{100, 150} {
		if _, _, err := gh.Checks.UpdateCheckRun(ctx, "o", "r", cr.GetID(), github.UpdateCheckRunOptions{Name: "c", Output: batch()}); err != nil {
			t.Fatal(err)
		}
		if got := list(); got != want {
			t.Errorf("got %d annotations, want %d (answers 304: %d)", got, want, srv.NotModified())
		}
	}
	if srv.NotModified() == 0 {
		t.Errorf("got no 304, want the unchanged first page answered 304")
	}
}
