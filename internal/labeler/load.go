package labeler

import (
	"errors"
	"fmt"
	"io/fs"
)

// Load reads Path from the repository snapshot fsys (the default branch,
// never a pull request's head). A repository without the file has no
// labels to apply: Load returns an empty Config and found false. Any other
// failed read is an error.
func Load(fsys fs.FS) (c *Config, found bool, err error) {
	data, err := fs.ReadFile(fsys, Path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Config{}, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("reading %s: %w", Path, err)
	}
	c, err = Parse(data)
	if err != nil {
		return nil, true, err
	}
	return c, true, nil
}
