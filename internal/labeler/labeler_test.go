package labeler

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/plan"
)

const corpusRoot = "../../../shared/corpus/cncf-mentoring"

func corpusConfig(t *testing.T) (*Config, fs.FS) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(corpusRoot, Path)); err != nil {
		t.Skipf("corpus not found (%s): the real labeler.yml is needed for this test", corpusRoot)
	}
	fsys := os.DirFS(corpusRoot)
	c, found, err := Load(fsys)
	if err != nil || !found {
		t.Fatalf("Load: found %v, err %v, want the corpus labeler.yml", found, err)
	}
	return c, fsys
}

// TestCorpusFolderShapes labels every file of the corpus (the archive
// folders of 2019-2022, the term folders, minutes files, automation and
// .github files) and checks it against the labels its folder shape calls
// for. Every file must fall under exactly one shape, so a new shape in the
// corpus fails here until it is given its labels.
func TestCorpusFolderShapes(t *testing.T) {
	t.Parallel()
	c, fsys := corpusConfig(t)
	termLabel := map[string]string{"01-Mar-May": "Term 1: March-May", "02-Jun-Aug": "Term 2: June-Aug", "03-Sep-Nov": "Term 3: Sept-Nov"}
	shapes := []struct {
		name string
		re   *regexp.Regexp
		want func(m []string) []string
	}{
		{"archive 2019-2022 (no year or term label)", regexp.MustCompile(`^programs/lfx-mentorship/(2019|2020|2022)/`),
			func([]string) []string { return []string{"lfx mentorship"} }},
		{"term folder 2023-2026", regexp.MustCompile(`^programs/lfx-mentorship/(202[3-6])/(0[1-3]-[A-Za-z]{3}-[A-Za-z]{3})/[^/]+$`),
			func(m []string) []string { return []string{"lfx mentorship", m[1], termLabel[m[2]]} }},
		{"program automation files", regexp.MustCompile(`^programs/lfx-mentorship/automation/[^/]+$`),
			func([]string) []string { return []string{"lfx mentorship"} }},
		{"2023 minutes", regexp.MustCompile(`^mentoring-wg/2023-meeting-minutes\.md$`),
			func([]string) []string { return []string{"2023"} }},
		{"other minutes (no label names them)", regexp.MustCompile(`^(mentoring-wg/2024-meeting-minutes\.md|cncf-toc-mentoring-subproject/[^/]+)$`),
			func([]string) []string { return nil }},
		{".github files", regexp.MustCompile(`^\.github/`),
			func([]string) []string { return nil }},
	}
	seen := map[string]int{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p == "history" {
				return fs.SkipDir // older copies of files already here
			}
			return nil
		}
		var hits []string
		for _, s := range shapes {
			m := s.re.FindStringSubmatch(p)
			if m == nil {
				continue
			}
			hits = append(hits, s.name)
			seen[s.name]++
			got := c.Match(Input{Number: 1, Files: []string{p}})
			if diff := cmp.Diff(s.want(m), got); diff != "" {
				t.Errorf("%s (%s): labels mismatch (-want +got):\n%s", p, s.name, diff)
			}
		}
		if len(hits) != 1 {
			t.Errorf("%s: got shapes %q, want exactly one", p, hits)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range shapes {
		if seen[s.name] == 0 {
			t.Errorf("shape %q: got no corpus file, want at least one", s.name)
		}
	}
}

func TestCorpusPlan(t *testing.T) {
	t.Parallel()
	c, _ := corpusConfig(t)
	tests := []struct {
		name string
		in   Input
		want []plan.Action
	}{
		{"a new term and minutes", Input{Number: 7, Files: []string{
			"programs/lfx-mentorship/2026/03-Sep-Nov/README.md",
			"programs/lfx-mentorship/2026/03-Sep-Nov/project_ideas.md",
			"mentoring-wg/2023-meeting-minutes.md",
		}}, []plan.Action{plan.AddLabels{Issue: plan.Issue(7), Labels: []string{"lfx mentorship", "2023", "2026", "Term 3: Sept-Nov"}}}},
		{"labels already there (any case) and a person's own label kept", Input{Number: 8,
			Files:   []string{"programs/lfx-mentorship/2025/01-Mar-May/README.md"},
			Current: []string{"LFX Mentorship", "do not merge", "2025"}},
			[]plan.Action{plan.AddLabels{Issue: plan.Issue(8), Labels: []string{"Term 1: March-May"}}}},
		{"everything there already", Input{Number: 9,
			Files:   []string{"programs/lfx-mentorship/automation/projects.yml"},
			Current: []string{"lfx mentorship"}}, nil},
		{"no files", Input{Number: 10}, nil},
		{"a file no label names", Input{Number: 11, Files: []string{"README.md"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := c.Plan(tt.in).Actions
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("plan mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestFormats checks the v4 forms (globs, any/all blocks) and the v5 forms
// (changed-files matchers, branches, any/all groups) on the same files.
func TestFormats(t *testing.T) {
	t.Parallel()
	const conf = `
plain: docs/*
list:
  - 'docs/**/*.md'
  - '!docs/skip.md'
v4-all:
  - all: ['docs/**', '!docs/secret/**']
v5-any:
  - changed-files:
      - any-glob-to-any-file: ['src/**']
v5-all-files:
  - changed-files:
      - any-glob-to-all-files: ['docs/**']
v5-all-globs:
  - changed-files:
      - all-globs-to-any-file: ['**/*.go', '!**/*_test.go']
v5-all-globs-all-files:
  - changed-files:
      - all-globs-to-all-files: ['**/*.md', '!**/README.md']
v5-branch:
  - head-branch: ['^feature/', 'hotfix']
v5-and:
  - all:
      - changed-files:
          - any-glob-to-any-file: 'src/**'
      - base-branch: 'main'
v5-entries-all-hold:
  - changed-files:
      - any-glob-to-any-file: 'src/**'
  - head-branch: '^feature/'
v5-or:
  - any:
      - head-branch: '^nope'
      - changed-files:
          - any-glob-to-any-file: '.github/**'
`
	c, err := Parse([]byte(conf))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		in   Input
		want []string
	}{
		{"docs only", Input{Files: []string{"docs/a.md", "docs/b/c.md"}, BaseRef: "main"},
			[]string{"plain", "list", "v4-all", "v5-all-files", "v5-all-globs-all-files"}},
		{"skipped doc", Input{Files: []string{"docs/skip.md"}},
			[]string{"plain", "list", "v4-all", "v5-all-files", "v5-all-globs-all-files"}},
		{"secret doc", Input{Files: []string{"docs/secret/x.txt"}},
			[]string{"list", "v5-all-files"}},
		{"code on main from a feature branch", Input{Files: []string{"src/a.go", "src/a_test.go"}, HeadRef: "feature/x", BaseRef: "main"},
			[]string{"list", "v5-any", "v5-all-globs", "v5-branch", "v5-and", "v5-entries-all-hold"}},
		{"code on another base", Input{Files: []string{"src/a_test.go"}, BaseRef: "release"},
			[]string{"list", "v5-any"}},
		{"a readme and a workflow", Input{Files: []string{"README.md", ".github/workflows/x.yml"}},
			[]string{"list", "v5-or"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, c.Match(tt.in)); diff != "" {
				t.Errorf("labels mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, conf, want string }{
		{"not a mapping", "- a\n", "want a mapping"},
		{"bad glob", "x: ['docs/[a']\n", `bad glob "docs/[a"`},
		{"unknown matcher", "x:\n  - changed-filez: []\n", `unknown matcher "changed-filez"`},
		{"unknown changed-files matcher", "x:\n  - changed-files:\n      - some-glob: ['a']\n", `unknown changed-files matcher "some-glob"`},
		{"bad regexp", "x:\n  - head-branch: ['(']\n", "head-branch"},
		{"not yaml", "x: [\n", "parsing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Parse([]byte(tt.conf))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	t.Parallel()
	c, found, err := Load(fstest.MapFS{})
	if err != nil || found || len(c.Labels) != 0 {
		t.Errorf("absent file: got %v, found %v, err %v; want an empty config, not found, no error", c, found, err)
	}
	_, _, err = Load(fstest.MapFS{Path: &fstest.MapFile{Mode: fs.ModeDir}})
	if err == nil {
		t.Errorf("unreadable file: got no error, want one")
	}
}
