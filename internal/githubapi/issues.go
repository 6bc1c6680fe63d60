package githubapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/google/go-github/v62/github"
)

// issueState is what a Snapshot keeps of issues. The executor writes
// through it (it changes the very issues and comments it returns), so a
// later job of the same event sees the event's own writes without reading
// again.
type issueState struct {
	issues    map[int]*github.Issue
	comments  map[int][]*github.IssueComment
	labels    map[string]string // lower-case name -> name; nil until listed
	lists     map[string][]*github.Issue
	summaries map[int]int // issue number -> sub_issues_summary.total
	subIssues map[int][]int
	roles     map[string]Role
}

func newIssueState() issueState {
	return issueState{issues: map[int]*github.Issue{}, comments: map[int][]*github.IssueComment{},
		lists: map[string][]*github.Issue{}, summaries: map[int]int{}, subIssues: map[int][]int{}, roles: map[string]Role{}}
}

// Issue returns issue n, read once per snapshot.
func (s *Snapshot) Issue(ctx context.Context, n int) (*github.Issue, error) {
	s.mu.Lock()
	is, ok := s.st.issues[n]
	s.mu.Unlock()
	if ok {
		return is, nil
	}
	is, _, err := s.gh.Issues.Get(ctx, s.owner, s.repo, n)
	if err != nil {
		return nil, fmt.Errorf("reading issue #%d: %w", n, err)
	}
	s.SetIssue(is)
	return is, nil
}

// SetIssue records an issue as just read or written.
func (s *Snapshot) SetIssue(is *github.Issue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.issues[is.GetNumber()] = is
}

// Comments returns all of issue n's comments, oldest first; fresh reads
// them again.
func (s *Snapshot) Comments(ctx context.Context, n int, fresh bool) ([]*github.IssueComment, error) {
	s.mu.Lock()
	cs, ok := s.st.comments[n]
	s.mu.Unlock()
	if ok && !fresh {
		return cs, nil
	}
	cs, err := All(ctx, func(ctx context.Context, o github.ListOptions) ([]*github.IssueComment, *github.Response, error) {
		return s.gh.Issues.ListComments(ctx, s.owner, s.repo, n, &github.IssueListCommentsOptions{ListOptions: o})
	})
	if err != nil {
		return nil, fmt.Errorf("listing comments of #%d: %w", n, err)
	}
	if cs == nil {
		cs = []*github.IssueComment{}
	}
	s.mu.Lock()
	s.st.comments[n] = cs
	s.mu.Unlock()
	return cs, nil
}

// AddComment records a comment just created on issue n.
func (s *Snapshot) AddComment(n int, c *github.IssueComment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cs, ok := s.st.comments[n]; ok {
		s.st.comments[n] = append(cs, c)
	}
}

// LabelNames returns the names of the repository's labels.
func (s *Snapshot) LabelNames(ctx context.Context) ([]string, error) {
	if err := s.listLabels(ctx); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.st.labels))
	for _, n := range s.st.labels {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

// KnownLabelNames returns the repository's labels if the snapshot has
// listed them, without a request.
func (s *Snapshot) KnownLabelNames() ([]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.labels == nil {
		return nil, false
	}
	out := make([]string, 0, len(s.st.labels))
	for _, n := range s.st.labels {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, true
}

// HasLabel reports whether the repository has a label of that name (any
// case).
func (s *Snapshot) HasLabel(ctx context.Context, name string) (bool, error) {
	if err := s.listLabels(ctx); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.st.labels[strings.ToLower(name)]
	return ok, nil
}

// NoteLabels records labels that exist now (created, or added to an issue,
// which creates them).
func (s *Snapshot) NoteLabels(names ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.st.labels == nil {
		return
	}
	for _, n := range names {
		if _, ok := s.st.labels[strings.ToLower(n)]; !ok {
			s.st.labels[strings.ToLower(n)] = n
		}
	}
}

func (s *Snapshot) listLabels(ctx context.Context) error {
	s.mu.Lock()
	known := s.st.labels != nil
	s.mu.Unlock()
	if known {
		return nil
	}
	ls, err := All(ctx, func(ctx context.Context, o github.ListOptions) ([]*github.Label, *github.Response, error) {
		return s.gh.Issues.ListLabels(ctx, s.owner, s.repo, &o)
	})
	if err != nil {
		return fmt.Errorf("listing labels: %w", err)
	}
	m := make(map[string]string, len(ls))
	for _, l := range ls {
		m[strings.ToLower(l.GetName())] = l.GetName()
	}
	s.mu.Lock()
	s.st.labels = m
	s.mu.Unlock()
	return nil
}

func listKey(state string, labels []string) string {
	sorted := append([]string(nil), labels...)
	sort.Strings(sorted)
	return state + "\x00" + strings.Join(sorted, "\x00")
}

// issueJSON is GitHub's issue with sub_issues_summary, which go-github
// v62 does not decode.
type issueJSON struct {
	github.Issue
	SubIssuesSummary *struct {
		Total int `json:"total"`
	} `json:"sub_issues_summary,omitempty"`
}

// Issues lists the issues and pull requests in state ("open", "closed",
// "all") that carry every one of labels, once per snapshot unless fresh.
// Each issue read is also kept for Issue.
func (s *Snapshot) Issues(ctx context.Context, state string, labels []string, fresh bool) ([]*github.Issue, error) {
	key := listKey(state, labels)
	s.mu.Lock()
	l, ok := s.st.lists[key]
	s.mu.Unlock()
	if ok && !fresh {
		return l, nil
	}
	q := url.Values{"state": {state}, "per_page": {"100"}}
	if len(labels) > 0 {
		q.Set("labels", strings.Join(labels, ","))
	}
	raw, err := All(ctx, func(ctx context.Context, o github.ListOptions) ([]issueJSON, *github.Response, error) {
		q.Set("page", fmt.Sprint(max(o.Page, 1)))
		var page []issueJSON
		resp, err := s.get(ctx, fmt.Sprintf("repos/%s/%s/issues?%s", s.owner, s.repo, q.Encode()), &page)
		return page, resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing %s issues labelled %s: %w", state, strings.Join(labels, ", "), err)
	}
	out := make([]*github.Issue, 0, len(raw))
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range raw {
		is := &raw[i].Issue
		if prev, ok := s.st.issues[is.GetNumber()]; ok {
			is = prev // keep one object per issue, so writes show everywhere
		} else {
			s.st.issues[is.GetNumber()] = is
		}
		out = append(out, is)
		if sum := raw[i].SubIssuesSummary; sum != nil {
			s.st.summaries[is.GetNumber()] = sum.Total
		}
	}
	s.st.lists[key] = out
	return out, nil
}

// AddToIssues records an issue just created with labels in the listings
// of state all and open by those labels.
func (s *Snapshot) AddToIssues(labels []string, is *github.Issue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.issues[is.GetNumber()] = is
	for _, state := range []string{"all", "open"} {
		key := listKey(state, labels)
		if l, ok := s.st.lists[key]; ok {
			s.st.lists[key] = append(l, is)
		}
	}
}

// SubIssueCount returns GitHub's count of issue n's sub-issues as a
// listing reported it, and whether one did.
func (s *Snapshot) SubIssueCount(n int) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.summaries[n]
	return c, ok
}

// SubIssues lists the numbers of parent's sub-issues (go-github v62 has no
// call for it).
func (s *Snapshot) SubIssues(ctx context.Context, parent int) ([]int, error) {
	s.mu.Lock()
	l, ok := s.st.subIssues[parent]
	s.mu.Unlock()
	if ok {
		return l, nil
	}
	list, err := All(ctx, func(ctx context.Context, o github.ListOptions) ([]issueJSON, *github.Response, error) {
		var page []issueJSON
		resp, err := s.get(ctx, fmt.Sprintf("repos/%s/%s/issues/%d/sub_issues?per_page=100&page=%d", s.owner, s.repo, parent, max(o.Page, 1)), &page)
		return page, resp, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing sub-issues of #%d: %w", parent, err)
	}
	out := make([]int, 0, len(list))
	for _, is := range list {
		out = append(out, is.GetNumber())
	}
	s.mu.Lock()
	s.st.subIssues[parent] = out
	s.mu.Unlock()
	return out, nil
}

// Role is a repository role as GitHub names it: admin, maintain, write,
// triage, read, or "" for none.
type Role string

// Role returns login's role on the repository. go-github v62 does not
// decode role_name, which keeps triage and maintain apart (the permission
// field folds them into read and write), so the call is made by hand. A
// 404 (not a collaborator of a private repository) is no role. A custom
// role's name says nothing: its base permission does.
func (s *Snapshot) Role(ctx context.Context, login string) (Role, error) {
	s.mu.Lock()
	r, ok := s.st.roles[login]
	s.mu.Unlock()
	if ok {
		return r, nil
	}
	var v struct {
		Permission string `json:"permission"`
		RoleName   string `json:"role_name"`
	}
	resp, err := s.get(ctx, fmt.Sprintf("repos/%s/%s/collaborators/%s/permission", url.PathEscape(s.owner), url.PathEscape(s.repo), url.PathEscape(login)), &v)
	switch {
	case isNotFound(resp, err):
		r = ""
	case err != nil:
		return "", fmt.Errorf("asking the role of %s: %w", login, err)
	default:
		r = Role(strings.ToLower(v.RoleName))
		switch r {
		case "admin", "maintain", "write", "triage", "read":
		default:
			r = Role(strings.ToLower(v.Permission))
		}
	}
	s.mu.Lock()
	s.st.roles[login] = r
	s.mu.Unlock()
	return r, nil
}

// get GETs a REST path into v: the one place raw REST calls are made, for
// fields and endpoints go-github v62 lacks.
func (s *Snapshot) get(ctx context.Context, path string, v any) (*github.Response, error) {
	req, err := s.gh.NewRequest(http.MethodGet, path, nil)
	if err != nil {
		return nil, err
	}
	return s.gh.Do(ctx, req, v)
}
