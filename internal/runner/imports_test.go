package runner

import (
	"go/build"
	"strings"
	"testing"
)

const module = "github.com/mentorbot/mentorbot/"

// featurePackages are the capability packages and the vocabulary they
// share: pure planners and their loaders, which reach GitHub only through
// the Reader interfaces they declare.
var featurePackages = []string{
	"internal/term", "internal/meeting", "internal/proposal", "internal/command",
	"internal/umbrella", "internal/scaffold", "internal/config", "internal/plan",
	"internal/event", "internal/finding", "internal/zone",
}

// forbidden are what a feature package must not import, directly or not.
var forbidden = []string{
	module + "internal/githubapi", module + "internal/executor", module + "internal/runner",
	"github.com/google/go-github/v62/github", "net/http", "log/slog", "log",
}

// TestFeaturePackagesStayPure walks each feature package's imports (not
// its tests') and fails on one that could reach the network or log.
func TestFeaturePackagesStayPure(t *testing.T) {
	t.Parallel()
	for _, pkg := range featurePackages {
		t.Run(pkg, func(t *testing.T) {
			t.Parallel()
			seen := map[string]bool{}
			var walk func(path string, via []string)
			walk = func(path string, via []string) {
				if seen[path] {
					return
				}
				seen[path] = true
				for _, f := range forbidden {
					if path == f {
						t.Errorf("got %s importing %s (via %s), want no network or logging in a feature package", pkg, f, strings.Join(via, " -> "))
					}
				}
				if !strings.HasPrefix(path, module) {
					return // the standard library and modules: checked by name only
				}
				p, err := build.Import(path, "", 0)
				if err != nil {
					t.Fatalf("reading %s: %v", path, err)
				}
				for _, imp := range p.Imports {
					walk(imp, append(via, strings.TrimPrefix(imp, module)))
				}
			}
			walk(module+pkg, []string{pkg})
		})
	}
}
