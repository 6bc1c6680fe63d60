package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
)

// TestConfigKnowsEveryRule checks that config.Rules, the names a severity
// entry may use, are exactly the Rule* constants of the feature packages:
// a new rule that config does not know would be refused in the config file.
func TestConfigKnowsEveryRule(t *testing.T) {
	t.Parallel()
	var declared []string
	fset := token.NewFileSet()
	for _, pkg := range []string{"term", "meeting", "proposal", "umbrella", "scaffold"} {
		files, err := filepath.Glob(filepath.Join("..", pkg, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(file, func(n ast.Node) bool {
				vs, ok := n.(*ast.ValueSpec)
				if !ok {
					return true
				}
				for i, name := range vs.Names {
					if !strings.HasPrefix(name.Name, "Rule") || i >= len(vs.Values) {
						continue
					}
					if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						v, _ := strconv.Unquote(lit.Value)
						declared = append(declared, v)
					}
				}
				return true
			})
		}
	}
	known := append([]string(nil), config.Rules...)
	sort.Strings(declared)
	sort.Strings(known)
	if diff := cmp.Diff(declared, known); diff != "" {
		t.Errorf("config.Rules differ from the Rule constants (-constants +config.Rules):\n%s", diff)
	}
}
