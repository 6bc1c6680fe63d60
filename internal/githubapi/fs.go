package githubapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"sync"
	"time"

	"github.com/google/go-github/v62/github"
)

// FS is a repository at one ref, read through the contents API, as an
// fs.FS. It reads lazily and caches what it read, so a planner that reads a
// few files costs a few requests. It implements fs.ReadFileFS and
// fs.ReadDirFS.
type FS struct {
	ctx          context.Context
	gh           *github.Client
	owner, repo  string
	ref          string
	mu           sync.Mutex
	files        map[string][]byte
	dirs         map[string][]fs.DirEntry
	shas         map[string]string
	missingPaths map[string]bool
}

// NewFS returns the repository owner/repo at ref (a branch, tag or sha) as
// an fs.FS. ctx bounds every request the FS makes.
func NewFS(ctx context.Context, gh *github.Client, owner, repo, ref string) *FS {
	return &FS{ctx: ctx, gh: gh, owner: owner, repo: repo, ref: ref,
		files: map[string][]byte{}, dirs: map[string][]fs.DirEntry{}, shas: map[string]string{}, missingPaths: map[string]bool{}}
}

// SHA returns the blob sha of a file read earlier through f.
func (f *FS) SHA(name string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.shas[name]
}

// Open implements fs.FS.
func (f *FS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	data, entries, err := f.fetch(name)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	if entries != nil {
		return &dirFile{name: name, entries: entries}, nil
	}
	return &file{name: name, Reader: bytes.NewReader(data), size: int64(len(data))}, nil
}

// ReadFile implements fs.ReadFileFS.
func (f *FS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrInvalid}
	}
	data, entries, err := f.fetch(name)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: err}
	}
	if entries != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: errors.New("is a directory")}
	}
	return bytes.Clone(data), nil
}

// ReadDir implements fs.ReadDirFS.
func (f *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrInvalid}
	}
	_, entries, err := f.fetch(name)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	if entries == nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a directory")}
	}
	return entries, nil
}

func (f *FS) fetch(name string) ([]byte, []fs.DirEntry, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d, ok := f.files[name]; ok {
		return d, nil, nil
	}
	if e, ok := f.dirs[name]; ok {
		return nil, e, nil
	}
	if f.missingPaths[name] {
		return nil, nil, fs.ErrNotExist
	}
	p := name
	if p == "." {
		p = ""
	}
	fc, dc, resp, err := f.gh.Repositories.GetContents(f.ctx, f.owner, f.repo, p, &github.RepositoryContentGetOptions{Ref: f.ref})
	if resp != nil && resp.StatusCode == http.StatusNotFound {
		f.missingPaths[name] = true
		return nil, nil, fs.ErrNotExist
	}
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s at %s from %s/%s: %w", name, f.ref, f.owner, f.repo, err)
	}
	if fc != nil {
		s, err := fc.GetContent()
		if err != nil {
			return nil, nil, fmt.Errorf("decoding %s: %w", name, err)
		}
		f.files[name] = []byte(s)
		f.shas[name] = fc.GetSHA()
		return f.files[name], nil, nil
	}
	entries := make([]fs.DirEntry, 0, len(dc))
	for _, c := range dc {
		entries = append(entries, dirEntry{name: c.GetName(), dir: c.GetType() == "dir", size: int64(c.GetSize())})
		if c.GetType() == "file" {
			f.shas[path.Join(p, c.GetName())] = c.GetSHA()
		}
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	f.dirs[name] = entries
	return nil, entries, nil
}

type dirEntry struct {
	name string
	dir  bool
	size int64
}

func (d dirEntry) Name() string { return d.name }
func (d dirEntry) IsDir() bool  { return d.dir }
func (d dirEntry) Type() fs.FileMode {
	if d.dir {
		return fs.ModeDir
	}
	return 0
}
func (d dirEntry) Info() (fs.FileInfo, error) { return fileInfo{d.name, d.size, d.dir}, nil }

type fileInfo struct {
	name string
	size int64
	dir  bool
}

func (i fileInfo) Name() string { return path.Base(i.name) }
func (i fileInfo) Size() int64  { return i.size }
func (i fileInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i fileInfo) ModTime() time.Time { return time.Time{} }
func (i fileInfo) IsDir() bool        { return i.dir }
func (i fileInfo) Sys() any           { return nil }

type file struct {
	name string
	*bytes.Reader
	size int64
}

func (f *file) Stat() (fs.FileInfo, error) { return fileInfo{f.name, f.size, false}, nil }
func (f *file) Close() error               { return nil }

type dirFile struct {
	name    string
	entries []fs.DirEntry
	off     int
}

func (d *dirFile) Stat() (fs.FileInfo, error) { return fileInfo{d.name, 0, true}, nil }
func (d *dirFile) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.name, Err: errors.New("is a directory")}
}
func (d *dirFile) Close() error { return nil }
func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}
