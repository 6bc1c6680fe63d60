package term

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"testing/fstest"

	"github.com/mentorbot/mentorbot/internal/config"
)

// Reader is what the validation loader reads from GitHub besides the
// repository's files.
type Reader interface {
	// PullRequestFiles lists the paths pull request n changes (a renamed
	// file under both its names).
	PullRequestFiles(ctx context.Context, n int) ([]string, error)
}

// LoadOptions selects the term folders to check.
type LoadOptions struct {
	// All checks every term folder.
	All bool
	// Paths are changed files or term folders; nil means: the files pull
	// request PullRequest changes, or every folder without one.
	Paths []string
	// PullRequest is the number of the pull request to ask about; 0 for
	// none.
	PullRequest int
}

// Input is everything Validate reads: the folders to check, and a
// snapshot holding each one that exists with its README. It has no
// network behind it, so validating it cannot fail half-way.
type Input struct {
	Dirs []string
	FS   fstest.MapFS
}

// LoadValidate reads the term folders to check from fsys (the repository
// at the ref under test) into an Input. r may be nil when there is no
// pull request to ask about. A folder that does not exist is left out of
// the snapshot (Validate skips it: deleted in the change); any other
// failed read is an error, never a folder that passed.
func LoadValidate(ctx context.Context, r Reader, fsys fs.FS, cfg *config.Config, opts LoadOptions) (Input, error) {
	root := cfg.Terms.Root
	paths := opts.Paths
	if !opts.All && paths == nil && opts.PullRequest != 0 && r != nil {
		changed, err := r.PullRequestFiles(ctx, opts.PullRequest)
		if err != nil {
			return Input{}, err
		}
		paths = append([]string{}, changed...) // nothing changed: check nothing
	}
	in := Input{FS: fstest.MapFS{}}
	if opts.All || paths == nil {
		all, err := Discover(fsys, root)
		if err != nil {
			return Input{}, fmt.Errorf("finding term folders under %s: %w", root, err)
		}
		in.Dirs = all
	} else {
		in.Dirs = Touched(paths, root)
	}
	for _, dir := range in.Dirs {
		if err := snapshotDir(fsys, in.FS, cleanRel(dir)); err != nil {
			return Input{}, err
		}
	}
	return in, nil
}

// snapshotDir copies what Validate reads of one folder: that it is a
// folder, and its README.
func snapshotDir(fsys fs.FS, dst fstest.MapFS, dir string) error {
	fi, err := fs.Stat(fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading term folder %s: %w", dir, err)
	}
	if !fi.IsDir() {
		dst[dir] = &fstest.MapFile{Mode: 0o444}
		return nil
	}
	dst[dir] = &fstest.MapFile{Mode: fs.ModeDir | 0o555}
	readme := path.Join(dir, ReadmeName)
	data, err := fs.ReadFile(fsys, readme)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", readme, err)
	}
	dst[readme] = &fstest.MapFile{Data: data, Mode: 0o444}
	return nil
}
