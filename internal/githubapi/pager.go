package githubapi

import (
	"context"
	"fmt"

	"github.com/google/go-github/v62/github"
)

// MaxPages bounds a listing: 100 pages of 100 items. A listing that is
// longer is an error rather than a silent cut.
const MaxPages = 100

// Page fetches one page of a listing.
type Page[T any] func(ctx context.Context, opts github.ListOptions) ([]T, *github.Response, error)

// All reads every page of a listing, 100 items a page, and returns the
// items in order. It is the one pager: every listing mentorbot reads goes
// through it.
func All[T any](ctx context.Context, page Page[T]) ([]T, error) {
	opts := github.ListOptions{PerPage: 100}
	var out []T
	for n := 1; ; n++ {
		items, resp, err := page(ctx, opts)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
		if resp == nil || resp.NextPage == 0 {
			return out, nil
		}
		if n >= MaxPages {
			return nil, fmt.Errorf("the listing has more than %d pages", MaxPages)
		}
		opts.Page = resp.NextPage
	}
}
