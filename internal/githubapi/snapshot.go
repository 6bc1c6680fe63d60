package githubapi

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"sync"
	"time"

	"github.com/google/go-github/v62/github"
)

// Snapshot is one repository as one event sees it: every read goes
// through it and is kept, so the loaders of all the event's jobs and the
// executor read each thing once. It implements the Reader interfaces the
// capability packages declare. Make one per event; call Forget after a
// write that makes what it read stale.
type Snapshot struct {
	gh          *github.Client
	owner, repo string

	mu       sync.Mutex
	fss      map[string]RepoFS // by ref
	prFiles  map[int][]string
	branches map[string]bool
	history  map[string][]string
	st       issueState
}

// NewSnapshot returns an empty snapshot of owner/repo.
func NewSnapshot(gh *github.Client, owner, repo string) *Snapshot {
	s := &Snapshot{gh: gh, owner: owner, repo: repo}
	s.Forget()
	return s
}

// Forget drops everything read, so the next reads see GitHub as it is now.
func (s *Snapshot) Forget() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fss = map[string]RepoFS{}
	s.prFiles = map[int][]string{}
	s.branches = map[string]bool{}
	s.history = map[string][]string{}
	s.st = newIssueState()
}

// FS returns the repository at ref as an fs.FS whose reads are bounded by
// ctx (the event's context) and kept for the event: a TreeFS, so one
// request lists every file and contents come from the blob cache.
func (s *Snapshot) FS(ctx context.Context, ref string) RepoFS {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.fss[ref]; ok {
		return f
	}
	f := NewTreeFS(ctx, s.gh, s.owner, s.repo, ref)
	s.fss[ref] = f
	return f
}

// PullRequestFiles lists the paths pull request n changes; a renamed
// file is listed under both its names.
func (s *Snapshot) PullRequestFiles(ctx context.Context, n int) ([]string, error) {
	s.mu.Lock()
	out, ok := s.prFiles[n]
	s.mu.Unlock()
	if ok {
		return out, nil
	}
	files, err := All(ctx, func(ctx context.Context, o github.ListOptions) ([]*github.CommitFile, *github.Response, error) {
		return s.gh.PullRequests.ListFiles(ctx, s.owner, s.repo, n, &o)
	})
	if err != nil {
		return nil, fmt.Errorf("listing files of pull request #%d: %w", n, err)
	}
	out = []string{}
	for _, f := range files {
		out = append(out, f.GetFilename())
		if f.GetPreviousFilename() != "" {
			out = append(out, f.GetPreviousFilename())
		}
	}
	s.mu.Lock()
	s.prFiles[n] = out
	s.mu.Unlock()
	return out, nil
}

// BranchExists reports whether branch exists; only a 404 means it does not.
func (s *Snapshot) BranchExists(ctx context.Context, branch string) (bool, error) {
	s.mu.Lock()
	ok, known := s.branches[branch]
	s.mu.Unlock()
	if known {
		return ok, nil
	}
	_, resp, err := s.gh.Git.GetRef(ctx, s.owner, s.repo, "heads/"+branch)
	switch {
	case isNotFound(resp, err):
		ok = false
	case err != nil:
		return false, fmt.Errorf("reading branch %s: %w", branch, err)
	default:
		ok = true
	}
	s.mu.Lock()
	s.branches[branch] = ok
	s.mu.Unlock()
	return ok, nil
}

// FileSHA returns the blob sha of path on ref, "" when it is not there.
func (s *Snapshot) FileSHA(ctx context.Context, ref, path string) (string, error) {
	f := s.FS(ctx, ref)
	if _, err := f.ReadFile(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil
		}
		return "", err
	}
	return f.SHA(path), nil
}

// CommitMessages returns the messages of the default branch's commits that
// changed path since since, newest first (one page: 100 commits).
func (s *Snapshot) CommitMessages(ctx context.Context, path string, since time.Time) ([]string, error) {
	key := path + "@" + since.UTC().Format(time.RFC3339)
	s.mu.Lock()
	out, ok := s.history[key]
	s.mu.Unlock()
	if ok {
		return out, nil
	}
	commits, _, err := s.gh.Repositories.ListCommits(ctx, s.owner, s.repo, &github.CommitsListOptions{
		Path: path, Since: since, ListOptions: github.ListOptions{PerPage: 100},
	})
	if err != nil {
		return nil, fmt.Errorf("listing the commits of %s: %w", path, err)
	}
	out = []string{}
	for _, c := range commits {
		out = append(out, c.GetCommit().GetMessage())
	}
	s.mu.Lock()
	s.history[key] = out
	s.mu.Unlock()
	return out, nil
}

// isNotFound reports whether a request failed with a real 404.
func isNotFound(resp *github.Response, err error) bool {
	return err != nil && resp != nil && resp.StatusCode == http.StatusNotFound
}

// FileAt returns path as it was at t on the default branch: the content at
// the last commit that changed it at or before t, and that commit's date;
// found is false when no commit had changed it by then.
func (s *Snapshot) FileAt(ctx context.Context, path string, t time.Time) (content []byte, date time.Time, found bool, err error) {
	commits, _, err := s.gh.Repositories.ListCommits(ctx, s.owner, s.repo, &github.CommitsListOptions{
		Path: path, Until: t, ListOptions: github.ListOptions{PerPage: 1},
	})
	if err != nil {
		return nil, time.Time{}, false, fmt.Errorf("listing the commits of %s: %w", path, err)
	}
	if len(commits) == 0 {
		return nil, time.Time{}, false, nil
	}
	c := commits[0]
	fc, _, resp, err := s.gh.Repositories.GetContents(ctx, s.owner, s.repo, path, &github.RepositoryContentGetOptions{Ref: c.GetSHA()})
	if isNotFound(resp, err) {
		return nil, time.Time{}, false, nil
	}
	if err != nil {
		return nil, time.Time{}, false, fmt.Errorf("reading %s at %.7s: %w", path, c.GetSHA(), err)
	}
	if fc == nil {
		return nil, time.Time{}, false, fmt.Errorf("%s at %.7s is a folder", path, c.GetSHA())
	}
	text, err := fc.GetContent()
	if err != nil {
		return nil, time.Time{}, false, fmt.Errorf("decoding %s at %.7s: %w", path, c.GetSHA(), err)
	}
	return []byte(text), c.GetCommit().GetCommitter().GetDate().Time, true, nil
}
