package action

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/mentorbot/mentorbot/internal/config"
)

// checkConfigPath fails when config_path names a file other than the
// default and that file is absent: a misspelt path would otherwise run with
// the defaults without a word. The default path may be absent (every key
// has a default).
func checkConfigPath(fsys fs.FS, p string) error {
	p = strings.TrimPrefix(strings.TrimSpace(p), "./")
	if p == "" || p == config.DefaultPath {
		return nil
	}
	_, err := fs.Stat(fsys, p)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
		return &InputError{fmt.Errorf("input config_path %q: no such file on the default branch (remove the input to use %s or the defaults)", p, config.DefaultPath)}
	}
	if err != nil {
		return fmt.Errorf("reading config %s: %w", p, err)
	}
	return nil
}
