package cli

import (
	"os"
	"path/filepath"
	"sort"
)

func sortStrings(s []string) { sort.Strings(s) }

// defaultIssuesDir is the example issues folder beside an example
// repository (examples/issues beside examples/mentoring), if it exists.
func defaultIssuesDir(repo string) string {
	dir := filepath.Join(filepath.Dir(filepath.Clean(repo)), "issues")
	if info, err := os.Stat(dir); err == nil && info.IsDir() {
		return dir
	}
	return ""
}
