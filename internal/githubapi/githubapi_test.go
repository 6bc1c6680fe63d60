package githubapi_test

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/githubtest"
)

func TestFS(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("o", "r")
	files := map[string]string{
		"README.md": "# hi\n",
		"programs/lfx-mentorship/2026/03-Sep-Nov/README.md":        "# Term 03\n",
		"programs/lfx-mentorship/2026/03-Sep-Nov/project_ideas.md": "ideas\n",
		".github/mentorbot.yml":                                    "terms: {}\n",
	}
	for p, c := range files {
		srv.SetFile("o", "r", "main", p, c)
	}
	gh, err := githubapi.NewClient("tok", srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	fsys := githubapi.NewFS(context.Background(), gh, "o", "r", "main")
	if err := fstest.TestFS(fsys, "README.md", "programs/lfx-mentorship/2026/03-Sep-Nov/README.md", ".github/mentorbot.yml"); err != nil {
		t.Fatal(err)
	}
	got, err := fs.ReadFile(fsys, "programs/lfx-mentorship/2026/03-Sep-Nov/README.md")
	if err != nil || string(got) != "# Term 03\n" {
		t.Errorf("got %q, %v; want the README", got, err)
	}
	if sha := fsys.SHA("README.md"); sha != githubtest.BlobSHA("# hi\n") {
		t.Errorf("got sha %q, want the blob sha", sha)
	}
	if _, err := fs.ReadFile(fsys, "nope.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v, want ErrNotExist", err)
	}
	// Reads are cached: reading again costs nothing.
	before, _ := srv.Total()
	fs.ReadFile(fsys, "README.md")
	fs.ReadFile(fsys, "nope.md")
	if after, _ := srv.Total(); after != before {
		t.Errorf("got %d more requests for cached reads, want 0", after-before)
	}
}

func TestRetryWaitsForRateLimitReset(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	var calls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(now.Add(20*time.Second).Unix(), 10))
			w.WriteHeader(http.StatusForbidden)
			return
		}
		w.Write([]byte("{}"))
	}))
	defer ts.Close()
	var waits []time.Duration
	rt := &githubapi.Retry{Now: func() time.Time { return now },
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
	req, _ := http.NewRequest(http.MethodGet, ts.URL, nil)
	resp, err := rt.RoundTrip(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("got %v, %v; want 200 after the wait", resp, err)
	}
	if diff := cmp.Diff([]time.Duration{21 * time.Second}, waits); diff != "" {
		t.Errorf("waits (-want +got):\n%s", diff)
	}
}

func TestRetryDoesNotRepeatPOSTAfterServerError(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer ts.Close()
	rt := &githubapi.Retry{Sleep: func(context.Context, time.Duration) error { return nil }}
	req, _ := http.NewRequest(http.MethodPost, ts.URL, nil)
	resp, err := rt.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusBadGateway {
		t.Fatalf("got %v, %v; want the 502 back", resp, err)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("got %d calls, want 1 (a POST may have been applied)", n)
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	t.Parallel()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer ts.Close()
	ctx, cancel := context.WithCancel(context.Background())
	rt := &githubapi.Retry{Sleep: func(context.Context, time.Duration) error { cancel(); return context.Canceled }}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL, nil)
	if _, err := rt.RoundTrip(req); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func TestWithBaseURLRejectsRelative(t *testing.T) {
	t.Parallel()
	if _, err := githubapi.NewClient("", "api.example.com", nil); err == nil {
		t.Error("got no error for a URL without scheme, want one")
	}
}

// TestFSOnlyA404IsNotExist: a 502, a 403 or a timeout is a read error, not
// an absent file (which would let validation skip a folder and pass), and
// it is not remembered: the next read asks again.
func TestFSOnlyA404IsNotExist(t *testing.T) {
	t.Parallel()
	const route = "GET /repos/{owner}/{repo}/contents/{path...}"
	tests := map[string]struct {
		fault    githubtest.Fault
		notExist bool
	}{
		"404":     {fault: githubtest.Fault{Route: route, Status: http.StatusNotFound}, notExist: true},
		"502":     {fault: githubtest.Fault{Route: route, Status: http.StatusBadGateway, Times: 4}},
		"403":     {fault: githubtest.Fault{Route: route, Status: http.StatusForbidden, Body: "Resource not accessible by integration"}},
		"timeout": {fault: githubtest.Fault{Route: route, Before: func() { time.Sleep(300 * time.Millisecond) }}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := githubtest.NewServer(t)
			srv.AddRepo("o", "r")
			srv.SetFile("o", "r", "main", "dir/README.md", "# hi\n")
			srv.Inject(tc.fault)
			gh, err := githubapi.NewClient("tok", srv.URL, &githubapi.Retry{Sleep: func(context.Context, time.Duration) error { return nil }})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			fsys := githubapi.NewFS(ctx, gh, "o", "r", "main")
			_, err = fs.Stat(fsys, "dir")
			if got := errors.Is(err, fs.ErrNotExist); got != tc.notExist || err == nil {
				t.Fatalf("got error %v (not exist %v), want an error with not exist %v", err, got, tc.notExist)
			}
			if tc.notExist {
				return
			}
			if name == "timeout" { // the context that bounds fsys has ended
				fsys = githubapi.NewFS(context.Background(), gh, "o", "r", "main")
			}
			if _, err := fs.ReadFile(fsys, "dir/README.md"); err != nil {
				t.Errorf("got %v on the read after the fault, want the file", err)
			}
		})
	}
}

// TestTreeFS: one tree request answers every listing and every missing
// file; a file's content is read once per client (the blob cache), so a
// second event on an unchanged repository costs the tree alone.
func TestTreeFS(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("o", "r")
	files := map[string]string{
		"README.md": "# hi\n",
		"programs/lfx-mentorship/2026/03-Sep-Nov/README.md": "# Term 03\n",
		".github/ISSUE_TEMPLATE/form.yml":                   "body: []\n",
	}
	for p, c := range files {
		srv.SetFile("o", "r", "main", p, c)
	}
	gh, err := githubapi.NewClient("tok", srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	fsys := githubapi.NewTreeFS(context.Background(), gh, "o", "r", "main")
	if err := fstest.TestFS(fsys, "README.md", "programs/lfx-mentorship/2026/03-Sep-Nov/README.md", ".github/ISSUE_TEMPLATE/form.yml"); err != nil {
		t.Fatal(err)
	}
	if sha := fsys.SHA("README.md"); sha != githubtest.BlobSHA("# hi\n") {
		t.Errorf("got sha %q, want the blob sha", sha)
	}
	srv.ResetCalls()
	next := githubapi.NewTreeFS(context.Background(), gh, "o", "r", "main")
	if _, err := fs.ReadFile(next, ".github/mentorbot.yml"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v for a missing file, want ErrNotExist", err)
	}
	for p, c := range files {
		if got, err := fs.ReadFile(next, p); err != nil || string(got) != c {
			t.Errorf("%s: got %q, %v; want %q", p, got, err, c)
		}
	}
	if diff := cmp.Diff(map[string]int{"GET /repos/{owner}/{repo}/git/trees/{ref...}": 1}, srv.Calls()); diff != "" {
		t.Errorf("second event's calls (-want +got):\n%s", diff)
	}
	// A ref that does not exist is an error, never an empty tree.
	if _, err := fs.ReadFile(githubapi.NewTreeFS(context.Background(), gh, "o", "r", "gone"), "README.md"); err == nil || errors.Is(err, fs.ErrNotExist) {
		t.Errorf("got %v for a missing ref, want a read error", err)
	}
	// Only GitHub's "Git Repository is empty." 409 is an empty tree; any
	// other 409 (a fault) is an error, so no job writes from nothing.
	for _, tt := range []struct {
		body  string
		empty bool
	}{{`{"message":"Git Repository is empty."}`, true}, {`{"message":"Conflict"}`, false}} {
		srv.Inject(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/git/trees/{ref...}", Status: 409, Body: tt.body, Times: 1})
		_, err := fs.ReadFile(githubapi.NewTreeFS(context.Background(), gh, "o", "r", "main"), "README.md")
		if empty := errors.Is(err, fs.ErrNotExist); empty != tt.empty || (!tt.empty && err == nil) {
			t.Errorf("409 %s: got %v, want empty %v", tt.body, err, tt.empty)
		}
	}
}

// TestConditionalRequests: a GET asked again is a 304 answered from the
// copy (same content, no rate limit); a change is read afresh.
func TestConditionalRequests(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("o", "r")
	srv.SeedLabel("o", "r", "bug")
	gh, err := githubapi.NewClient("tok", srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	names := func() []string {
		t.Helper()
		ls, _, err := gh.Issues.ListLabels(context.Background(), "o", "r", nil)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range ls {
			out = append(out, l.GetName())
		}
		return out
	}
	first := names()
	if diff := cmp.Diff(first, names()); diff != "" || srv.NotModified() != 1 {
		t.Errorf("second read: got %d not-modified answers and diff %s, want 1 and the same labels", srv.NotModified(), diff)
	}
	srv.SeedLabel("o", "r", "docs")
	if got := names(); len(got) != 2 || srv.NotModified() != 1 {
		t.Errorf("after a change: got %v with %d not-modified answers, want both labels, read afresh", got, srv.NotModified())
	}
}

// TestTreeAtCommitIsReadOnce: a commit's tree never changes, so a second
// event about the same head commit reads no tree; a branch is read again
// (it moves), and a failed read is not kept.
func TestTreeAtCommitIsReadOnce(t *testing.T) {
	t.Parallel()
	srv := githubtest.NewServer(t)
	srv.AddRepo("o", "r")
	srv.SetFile("o", "r", "main", "README.md", "# hi\n")
	head := strings.Repeat("ab12", 10)
	srv.AddBranch("o", "r", "topic", "main", head)
	srv.SetFileAt("o", "r", "topic", "docs/a.md", "a\n")
	gh, err := githubapi.NewClient("tok", srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	const trees = "GET /repos/{owner}/{repo}/git/trees/{ref...}"
	srv.Inject(githubtest.Fault{Route: trees, Status: 403, Times: 1})
	if _, err := fs.ReadFile(githubapi.NewTreeFS(context.Background(), gh, "o", "r", head), "docs/a.md"); err == nil {
		t.Fatal("a 403 on the tree read: got no error")
	}
	for i := range 3 {
		srv.ResetCalls()
		fsys := githubapi.NewTreeFS(context.Background(), gh, "o", "r", head)
		if err := fstest.TestFS(fsys, "README.md", "docs/a.md"); err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
		want := 0
		if i == 0 {
			want = 1
		}
		if got := srv.Count(trees); got != want {
			t.Errorf("read %d at commit %s: %d tree requests, want %d", i, head, got, want)
		}
	}
	srv.ResetCalls()
	for range 2 {
		if _, err := fs.ReadFile(githubapi.NewTreeFS(context.Background(), gh, "o", "r", "topic"), "docs/a.md"); err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.Count(trees); got != 2 {
		t.Errorf("two reads at a branch: %d tree requests, want 2 (a branch moves)", got)
	}
}
