package githubapi

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"weak"

	"github.com/google/go-github/v62/github"
)

// RepoFS is a repository at one ref as an fs.FS that knows the blob sha of
// the files it read.
type RepoFS interface {
	fs.ReadFileFS
	fs.ReadDirFS
	// SHA returns the blob sha of a file read earlier.
	SHA(name string) string
}

// TreeFS is a repository at one ref read through the git trees API: one
// request lists every path with its blob sha, so a file that is not there
// costs nothing more (no 404 per missing config file), and a file's
// content comes from the process-wide cache of blobs by sha, or one blob
// request the first time. A tree too large for one answer falls back to
// the contents API (FS).
type TreeFS struct {
	ctx         context.Context
	gh          *github.Client
	owner, repo string
	ref         string

	mu       sync.Mutex
	loaded   bool
	fallback *FS
	files    map[string]blobRef
	dirs     map[string][]fs.DirEntry
}

type blobRef struct {
	sha  string
	size int64
}

// NewTreeFS returns owner/repo at ref as a TreeFS; ctx bounds its requests.
func NewTreeFS(ctx context.Context, gh *github.Client, owner, repo, ref string) *TreeFS {
	return &TreeFS{ctx: ctx, gh: gh, owner: owner, repo: repo, ref: ref}
}

func (t *TreeFS) load() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.loaded {
		return nil
	}
	// A commit's tree never changes: one read at a commit sha (a pull
	// request's head) serves every later delivery about that commit.
	immutable := isCommitSHA(t.ref)
	if immutable {
		if ix, ok := cachesFor(t.gh).trees.get(t.ref); ok {
			t.files, t.dirs, t.loaded = ix.files, ix.dirs, true
			return nil
		}
	}
	tree, resp, err := t.gh.Git.GetTree(t.ctx, t.owner, t.repo, t.ref, true)
	switch {
	case resp != nil && resp.StatusCode == http.StatusConflict && emptyRepository(err):
		// An empty repository: nothing exists. (A missing ref is an
		// error, not an empty tree: validating nothing is not a pass;
		// and so is any other 409: an empty tree read on a fault would
		// let a job write, or a check pass, from nothing.)
		t.files, t.dirs = map[string]blobRef{}, map[string][]fs.DirEntry{".": {}}
	case err != nil:
		return fmt.Errorf("reading the tree of %s/%s at %s: %w", t.owner, t.repo, t.ref, err)
	case tree.GetTruncated():
		t.fallback = NewFS(t.ctx, t.gh, t.owner, t.repo, t.ref)
	default:
		t.index(tree.Entries)
		if immutable {
			cachesFor(t.gh).trees.put(t.ref, treeIndex{t.files, t.dirs}, len(tree.Entries))
		}
	}
	t.loaded = true
	return nil
}

// isCommitSHA reports whether ref is a full commit sha (SHA-1 or SHA-256
// hex), which names one tree forever, unlike a branch name.
func isCommitSHA(ref string) bool {
	if len(ref) != 40 && len(ref) != 64 {
		return false
	}
	for _, c := range ref {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// emptyRepository reports whether a 409 is GitHub's "Git Repository is
// empty." and not some other conflict.
func emptyRepository(err error) bool {
	var ge *github.ErrorResponse
	return errors.As(err, &ge) && strings.Contains(strings.ToLower(ge.Message), "repository is empty")
}

func (t *TreeFS) index(entries []*github.TreeEntry) {
	t.files = map[string]blobRef{}
	t.dirs = map[string][]fs.DirEntry{".": {}}
	for _, e := range entries {
		p := e.GetPath()
		if !fs.ValidPath(p) || p == "." {
			continue // a hostile or odd path is not something to read
		}
		dir := e.GetType() == "tree"
		switch {
		case dir:
			if _, ok := t.dirs[p]; !ok {
				t.dirs[p] = []fs.DirEntry{}
			}
		case e.GetType() == "blob":
			t.files[p] = blobRef{sha: e.GetSHA(), size: int64(e.GetSize())}
		default:
			continue // submodules
		}
		parent := path.Dir(p)
		t.dirs[parent] = append(t.dirs[parent], dirEntry{name: path.Base(p), dir: dir, size: int64(e.GetSize())})
	}
	for _, es := range t.dirs {
		sort.Slice(es, func(i, j int) bool { return es[i].Name() < es[j].Name() })
	}
}

// Open implements fs.FS.
func (t *TreeFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if err := t.load(); err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if t.fallback != nil {
		return t.fallback.Open(name)
	}
	if es, ok := t.dirs[name]; ok {
		return &dirFile{name: name, entries: append([]fs.DirEntry(nil), es...)}, nil // the index may be shared
	}
	data, err := t.ReadFile(name)
	if err != nil {
		return nil, err
	}
	return &file{name: name, Reader: bytes.NewReader(data), size: int64(len(data))}, nil
}

// ReadDir implements fs.ReadDirFS.
func (t *TreeFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	if err := t.load(); err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	if t.fallback != nil {
		return t.fallback.ReadDir(name)
	}
	if es, ok := t.dirs[name]; ok {
		return append([]fs.DirEntry(nil), es...), nil
	}
	if _, ok := t.files[name]; ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
}

// ReadFile implements fs.ReadFileFS.
func (t *TreeFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	if err := t.load(); err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	if t.fallback != nil {
		return t.fallback.ReadFile(name)
	}
	b, ok := t.files[name]
	if !ok {
		if _, dir := t.dirs[name]; dir {
			return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
		}
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	blobs := cachesFor(t.gh).blobs
	if data, ok := blobs.get(b.sha); ok {
		return bytes.Clone(data), nil
	}
	blob, _, err := t.gh.Git.GetBlob(t.ctx, t.owner, t.repo, b.sha)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("reading %s at %s from %s/%s: %w", name, t.ref, t.owner, t.repo, err)}
	}
	data := []byte(blob.GetContent())
	if blob.GetEncoding() == "base64" {
		if data, err = base64.StdEncoding.DecodeString(strings.ReplaceAll(blob.GetContent(), "\n", "")); err != nil {
			return nil, &fs.PathError{Op: "read", Path: name, Err: fmt.Errorf("decoding %s: %w", name, err)}
		}
	}
	blobs.put(b.sha, data)
	return bytes.Clone(data), nil
}

// SHA returns the blob sha of name ("" when it is not a file of the tree).
func (t *TreeFS) SHA(name string) string {
	if t.load() != nil {
		return ""
	}
	if t.fallback != nil {
		return t.fallback.SHA(name)
	}
	return t.files[name].sha
}

// blobCache holds file contents by blob sha for as long as the client that
// read them lives (the App keeps one per installation): a sha names one
// content, so an entry never goes stale. It holds at most max bytes and
// drops the oldest entries first.
type blobCache struct {
	mu    sync.Mutex
	max   int
	size  int
	m     map[string][]byte
	order []string
}

// treeIndex is a TreeFS's index of one tree. It is shared by the TreeFS
// values that read the same commit: no one modifies it.
type treeIndex struct {
	files map[string]blobRef
	dirs  map[string][]fs.DirEntry
}

// treeCache holds the indexes of commits' trees by commit sha, up to max
// entries in all (a tree of 2,000 paths is about 2,000 entries),
// dropping the oldest first.
type treeCache struct {
	mu    sync.Mutex
	max   int
	size  int
	m     map[string]treeIndex
	sizes map[string]int
	order []string
}

func (c *treeCache) get(sha string) (treeIndex, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	ix, ok := c.m[sha]
	return ix, ok
}

func (c *treeCache) put(sha string, ix treeIndex, entries int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[sha]; ok || entries > c.max/4 {
		return
	}
	for c.size+entries > c.max && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.size -= c.sizes[old]
		delete(c.m, old)
		delete(c.sizes, old)
	}
	c.m[sha], c.sizes[sha] = ix, entries
	c.order = append(c.order, sha)
	c.size += entries
}

// clientCaches are the caches kept for one client.
type clientCaches struct {
	blobs *blobCache
	trees *treeCache
}

// caches holds one clientCaches per client, dropped with the client.
var caches sync.Map // weak.Pointer[github.Client] -> *clientCaches

const (
	// blobCacheSize bounds one client's blob cache, in bytes.
	blobCacheSize = 16 << 20
	// treeCacheEntries bounds one client's tree cache, in tree entries.
	treeCacheEntries = 64 << 10
)

func cachesFor(gh *github.Client) *clientCaches {
	k := weak.Make(gh)
	if c, ok := caches.Load(k); ok {
		return c.(*clientCaches)
	}
	c, loaded := caches.LoadOrStore(k, &clientCaches{
		blobs: &blobCache{max: blobCacheSize, m: map[string][]byte{}},
		trees: &treeCache{max: treeCacheEntries, m: map[string]treeIndex{}, sizes: map[string]int{}},
	})
	if !loaded {
		runtime.AddCleanup(gh, func(k weak.Pointer[github.Client]) { caches.Delete(k) }, k)
	}
	return c.(*clientCaches)
}

func (c *blobCache) get(sha string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.m[sha]
	return d, ok
}

func (c *blobCache) put(sha string, data []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[sha]; ok || len(data) > c.max/4 {
		return
	}
	for c.size+len(data) > c.max && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		c.size -= len(c.m[old])
		delete(c.m, old)
	}
	c.m[sha] = data
	c.order = append(c.order, sha)
	c.size += len(data)
}
