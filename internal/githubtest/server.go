// Package githubtest is a fake GitHub REST API on httptest. It keeps real
// state (repositories, files with shas, branches, issues, labels, comments,
// reactions, sub-issues, pull requests, check runs), counts requests per
// route, and injects faults on demand. Tests assert on the state it ends in
// and on the calls it took.
package githubtest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"
)

// Server is the fake GitHub. Its zero value is not usable; call NewServer.
type Server struct {
	*httptest.Server

	mu    sync.Mutex
	repos map[string]*Repo
	calls map[string]int
	log   []string
	// notModified counts the 304 answers to conditional requests.
	notModified int
	faults      []*fault
	chaos       *chaosState // random faults (chaos.go)
	nextID      int64
	// Login is the user that authenticated writes are attributed to.
	Login string
	// AppSlug is the app's slug, answered by GET /app ("mentorbot").
	AppSlug string
	// AuthHeaders records every Authorization header seen, for tests that
	// check tokens are sent (and never logged elsewhere).
	AuthHeaders []string
	// LogLimit, when set, keeps only about the last LogLimit entries of
	// the request log and AuthHeaders, so that a load benchmark measures
	// the memory of what it tests, not the fake's records.
	LogLimit int
	// AppInstallations maps installation id to the repositories it may
	// access; the token endpoint mints tokens for them.
	tokens map[string]int64
	hooks  *hooks        // the app's webhook and its deliveries (hooks.go)
	gql    *graphqlState // Projects v2 boards over POST /graphql (graphql.go)
	conns  atomic.Int64  // connections accepted
}

// Repo is one repository's state. Tests may read it through Server methods.
type Repo struct {
	Owner, Name   string
	DefaultBranch string
	ID            int64
	Branches      map[string]*Branch
	Issues        map[int]*Issue
	Labels        map[string]*Label // by lower-case name
	Comments      map[int64]*Comment
	CheckRuns     []*CheckRun
	Pulls         map[int]*Pull
	Permissions   map[string]string // login -> admin, maintain, write, triage, read
	nextNumber    int
	// InstallationID is the GitHub App installation on this repository.
	InstallationID int64
	// PullFiles lists the files changed by each pull request number.
	PullFiles map[int][]string
	// Snapshots are the files as of commits made with CommitFileAt, by
	// commit sha, for reads at that commit.
	Snapshots map[string]map[string]*File
}

// Branch is a branch: its files and its head commit.
type Branch struct {
	Files  map[string]*File
	Commit string
	// Commits counts commits made on the branch through the API.
	Commits int
	// History lists the commits made through the contents API, oldest
	// first, for the commit listing.
	History []Commit
}

// Commit is one commit the fake recorded: its sha, message and the one
// file it changed.
type Commit struct {
	SHA, Message, Path string
	Date               time.Time
}

// File is one file's content and blob sha.
type File struct {
	Content string
	SHA     string
}

// Issue is an issue or, with IsPull, a pull request's issue side.
type Issue struct {
	ID          int64
	Number      int
	Title       string
	Body        string
	State       string
	StateReason string
	Labels      []string
	User        string
	SubIssues   []int64 // child issue ids, in link order
	ParentID    int64
	IsPull      bool
	CreatedAt   time.Time
}

// Label is a repository label.
type Label struct {
	ID          int64
	Name        string
	Color       string
	Description string
}

// Comment is an issue comment with its reactions.
type Comment struct {
	ID        int64
	Issue     int
	Body      string
	User      string
	Reactions []Reaction
}

// Reaction is one reaction on a comment.
type Reaction struct {
	User    string
	Content string
}

// CheckRun is a check run with all annotations it received.
type CheckRun struct {
	ID          int64
	Name        string
	HeadSHA     string
	Status      string
	Conclusion  string
	Title       string
	Summary     string
	Text        string
	Annotations []map[string]any
}

// Pull is a pull request.
type Pull struct {
	Number int
	Head   string
	Base   string
	Title  string
	Body   string
	State  string
}

// NewServer starts a fake GitHub with one user login "mentorbot[bot]" and
// stops it when the test ends.
func NewServer(t testing.TB) *Server {
	s := &Server{
		repos:   map[string]*Repo{},
		calls:   map[string]int{},
		Login:   "mentorbot[bot]",
		AppSlug: "mentorbot",
		nextID:  1000,
		tokens:  map[string]int64{},
	}
	s.Server = httptest.NewUnstartedServer(s.routes())
	s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			s.conns.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

// Connections returns the number of connections clients opened to the
// fake: a client that reuses its connections opens few.
func (s *Server) Connections() int { return int(s.conns.Load()) }

// Client returns a go-github client for the fake with the given token.
func (s *Server) Client(token string) *github.Client {
	c := github.NewClient(nil)
	if token != "" {
		c = c.WithAuthToken(token)
	}
	return s.Configure(c)
}

// Configure points an existing go-github client at the fake.
func (s *Server) Configure(c *github.Client) *github.Client {
	c, err := c.WithEnterpriseURLs(s.URL+"/", s.URL+"/")
	if err != nil {
		panic(err)
	}
	// WithEnterpriseURLs appends /api/v3/; the fake serves from the root.
	c.BaseURL, _ = c.BaseURL.Parse(s.URL + "/")
	c.UploadURL, _ = c.UploadURL.Parse(s.URL + "/")
	return c
}

func (s *Server) id() int64 {
	s.nextID++
	return s.nextID
}

// AddRepo creates an empty repository with branch "main" and returns it.
func (s *Server) AddRepo(owner, name string) *Repo {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := &Repo{
		Owner: owner, Name: name, DefaultBranch: "main", ID: s.id(),
		Branches:       map[string]*Branch{"main": {Files: map[string]*File{}, Commit: "c0"}},
		Issues:         map[int]*Issue{},
		Labels:         map[string]*Label{},
		Comments:       map[int64]*Comment{},
		Pulls:          map[int]*Pull{},
		Permissions:    map[string]string{},
		PullFiles:      map[int][]string{},
		nextNumber:     1,
		InstallationID: 1,
	}
	s.repos[owner+"/"+name] = r
	return r
}

// BlobSHA is git's blob sha of content, as GitHub reports it.
func BlobSHA(content string) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(content))
	h.Write([]byte(content))
	return hex.EncodeToString(h.Sum(nil))
}

// SetFile writes a file on a branch without counting as an API call.
func (s *Server) SetFile(owner, name, branch, path, content string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.repos[owner+"/"+name].Branches[branch]
	b.Files[path] = &File{Content: content, SHA: BlobSHA(content)}
	b.Commit = commitSHA(b, path)
}

func commitSHA(b *Branch, path string) string {
	b.Commits++
	return BlobSHA(fmt.Sprintf("%s %d %s", b.Commit, b.Commits, path))
}

// AddBranch creates branch name as a copy of from, with head commit sha.
func (s *Server) AddBranch(owner, name, branch, from, sha string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[owner+"/"+name]
	r.Branches[branch] = &Branch{Files: cloneFiles(r.Branches[from]), Commit: sha}
}

// SetFileAt writes a file on a branch keeping the branch's head commit,
// for tests that address a branch by a fixed sha.
func (s *Server) SetFileAt(owner, name, branch, path, content string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.repos[owner+"/"+name].Branches[branch]
	b.Files[path] = &File{Content: content, SHA: BlobSHA(content)}
}

// FileContent returns a file's content on a branch, and whether it exists.
func (s *Server) FileContent(owner, name, branch, path string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.repos[owner+"/"+name].Branches[branch].Files[path]
	if !ok {
		return "", false
	}
	return f.Content, true
}

// SeedIssue creates an issue without counting as an API call.
func (s *Server) SeedIssue(owner, name string, is Issue) *Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repos[owner+"/"+name]
	is.ID = s.id()
	is.Number = r.nextNumber
	r.nextNumber++
	if is.State == "" {
		is.State = "open"
	}
	if is.User == "" {
		is.User = "octocat"
	}
	for _, l := range is.Labels {
		r.ensureLabel(s, l)
	}
	cp := is
	r.Issues[is.Number] = &cp
	return &cp
}

// SeedLabel creates a repository label without counting as an API call.
func (s *Server) SeedLabel(owner, name, label string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repos[owner+"/"+name].ensureLabel(s, label)
}

// SeedComment adds a comment without counting as an API call.
func (s *Server) SeedComment(owner, name string, issue int, user, body string) *Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := &Comment{ID: s.id(), Issue: issue, Body: body, User: user}
	s.repos[owner+"/"+name].Comments[c.ID] = c
	return c
}

func (r *Repo) ensureLabel(s *Server, name string) *Label {
	if l, ok := r.Labels[strings.ToLower(name)]; ok {
		return l
	}
	l := &Label{ID: s.id(), Name: name, Color: "ededed"}
	r.Labels[strings.ToLower(name)] = l
	return l
}

// Issue returns a copy of issue n.
func (s *Server) Issue(owner, name string, n int) (Issue, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	is, ok := s.repos[owner+"/"+name].Issues[n]
	if !ok {
		return Issue{}, false
	}
	cp := *is
	cp.Labels = append([]string(nil), is.Labels...)
	return cp, true
}

// Issues returns copies of all issues (not pull requests), by number.
func (s *Server) Issues(owner, name string) []Issue {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Issue
	for _, is := range s.repos[owner+"/"+name].Issues {
		if !is.IsPull {
			cp := *is
			cp.Labels = append([]string(nil), is.Labels...)
			out = append(out, cp)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// Comments returns copies of issue n's comments, oldest first.
func (s *Server) Comments(owner, name string, n int) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Comment
	for _, c := range s.repos[owner+"/"+name].Comments {
		if c.Issue == n {
			cp := *c
			cp.Reactions = append([]Reaction(nil), c.Reactions...)
			out = append(out, cp)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// RepoLabels returns the repository's label names, sorted.
func (s *Server) RepoLabels(owner, name string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, l := range s.repos[owner+"/"+name].Labels {
		out = append(out, l.Name)
	}
	sort.Strings(out)
	return out
}

// CheckRuns returns copies of the repository's check runs.
func (s *Server) CheckRuns(owner, name string) []CheckRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []CheckRun
	for _, c := range s.repos[owner+"/"+name].CheckRuns {
		cp := *c
		cp.Annotations = append([]map[string]any(nil), c.Annotations...)
		out = append(out, cp)
	}
	return out
}

// Pulls returns copies of the repository's pull requests.
func (s *Server) Pulls(owner, name string) []Pull {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Pull
	for _, p := range s.repos[owner+"/"+name].Pulls {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Number < out[j].Number })
	return out
}

// Commits returns how many commits the API made on a branch.
func (s *Server) Commits(owner, name, branch string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.repos[owner+"/"+name].Branches[branch]
	if !ok {
		return 0
	}
	return b.Commits
}

// SetPermission sets a user's permission on a repository.
func (s *Server) SetPermission(owner, name, login, perm string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repos[owner+"/"+name].Permissions[login] = perm
}

// SetPullFiles sets the files a pull request changes.
func (s *Server) SetPullFiles(owner, name string, number int, files []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repos[owner+"/"+name].PullFiles[number] = files
}

// Calls returns the number of requests per route, keyed "METHOD /pattern"
// (e.g. "POST /repos/{owner}/{repo}/issues/{number}/labels").
func (s *Server) Calls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}

// Count returns the number of requests to one route.
func (s *Server) Count(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[route]
}

// Total returns the number of requests, and how many of them were writes
// (any method but GET and HEAD).
func (s *Server) Total() (all, writes int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, v := range s.calls {
		all += v
		if !strings.HasPrefix(k, "GET ") && !strings.HasPrefix(k, "HEAD ") {
			writes += v
		}
	}
	return all, writes
}

// NotModified returns how many requests were answered 304 Not Modified:
// conditional requests that GitHub does not count against the rate limit.
func (s *Server) NotModified() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.notModified
}

// Log returns every request seen, "METHOD /path", in order.
func (s *Server) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.log...)
}

// ResetCalls forgets the counts and the log, keeping the state.
func (s *Server) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = map[string]int{}
	s.log = nil
	s.notModified = 0
	s.resetGraphQL()
}

func (s *Server) repo(w http.ResponseWriter, r *http.Request) *Repo {
	rp, ok := s.repos[r.PathValue("owner")+"/"+r.PathValue("repo")]
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found")
		return nil
	}
	return rp
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"message": msg, "documentation_url": "https://docs.github.com/rest"})
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if err := json.NewDecoder(r.Body).Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "Problems parsing JSON")
		return false
	}
	return true
}

func intValue(r *http.Request, name string) int {
	n, _ := strconv.Atoi(r.PathValue(name))
	return n
}

// paginate slices items for ?page=&per_page= and sets a Link header.
func paginate[T any](w http.ResponseWriter, r *http.Request, items []T) []T {
	per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if per <= 0 {
		per = 30
	}
	if per > 100 {
		per = 100
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if page <= 0 {
		page = 1
	}
	start := (page - 1) * per
	if start >= len(items) {
		return []T{}
	}
	end := min(start+per, len(items))
	if end < len(items) {
		u := *r.URL
		q := u.Query()
		q.Set("page", strconv.Itoa(page+1))
		q.Set("per_page", strconv.Itoa(per))
		u.RawQuery = q.Encode()
		w.Header().Set("Link", fmt.Sprintf(`<http://%s%s>; rel="next"`, r.Host, u.String()))
	}
	return items[start:end]
}
