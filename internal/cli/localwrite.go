package cli

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// writeInRepo writes data to rel inside the working tree dir, atomically (a
// temporary file renamed over the old one, so a failure leaves no
// half-written file), through os.Root: a symlink that leads out of the
// repository is an error naming the path, never a write elsewhere.
func writeInRepo(dir, rel string, data []byte) error {
	rel = path.Clean(filepath.ToSlash(rel))
	if path.IsAbs(rel) || rel == ".." || strings.HasPrefix(rel, "../") {
		return fmt.Errorf("%s is outside the repository %s", rel, dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	if d := path.Dir(rel); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("writing %s in %s: %w", rel, dir, err)
		}
	}
	tmp := path.Join(path.Dir(rel), "."+path.Base(rel)+".mentorbot-tmp")
	if err := root.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("writing %s in %s: %w", rel, dir, err)
	}
	if err := root.Rename(tmp, rel); err != nil {
		root.Remove(tmp)
		return fmt.Errorf("writing %s in %s: %w", rel, dir, err)
	}
	return nil
}
