package scaffold

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mentorbot/mentorbot/internal/config"
)

func TestAddTerm(t *testing.T) {
	t.Parallel()
	const label = "2027 Term 1 (Mar-May)"
	tests := []struct {
		name, in, want string
		ok             bool
		err            string
	}{
		{"appends after the last term", "# Active terms\n\nterms:\n  - \"2026 Term 3 (Sep-Nov)\"\n", "# Active terms\n\nterms:\n  - \"2026 Term 3 (Sep-Nov)\"\n  - \"2027 Term 1 (Mar-May)\"\n", true, ""},
		{"keeps what follows", "terms:\n    - \"2026 Term 3 (Sep-Nov)\"\n# retired terms go away\nother: 1\n", "terms:\n    - \"2026 Term 3 (Sep-Nov)\"\n    - \"2027 Term 1 (Mar-May)\"\n# retired terms go away\nother: 1\n", true, ""},
		{"already listed", "terms:\n  - 2027 Term 1 (Mar-May)\n", "terms:\n  - 2027 Term 1 (Mar-May)\n", false, ""},
		{"empty list", "terms:\n", "terms:\n  - \"2027 Term 1 (Mar-May)\"\n", true, ""},
		{"no list yet", "# nothing\n", "# nothing\nterms:\n  - \"2027 Term 1 (Mar-May)\"\n", true, ""},
		{"CRLF", "terms:\r\n  - \"2026 Term 3 (Sep-Nov)\"\r\n", "terms:\r\n  - \"2026 Term 3 (Sep-Nov)\"\r\n  - \"2027 Term 1 (Mar-May)\"\r\n", true, ""},
		{"flow list", "terms: [\"2026 Term 3 (Sep-Nov)\"]\n", "", false, "t.yml:1: write terms: as a block list"},
		{"not YAML", "terms: [\n", "", false, "t.yml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, ok, err := addTerm("t.yml", []byte(tt.in), label)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("addTerm: got %q, %v; want an error with %q", out, err, tt.err)
				}
				return
			}
			if err != nil || ok != tt.ok || string(out) != tt.want {
				t.Errorf("addTerm: got %q, %v, %v; want %q, %v", out, ok, err, tt.want, tt.ok)
			}
		})
	}
}

// Build adds the new term to the real repository's automation/terms.yml,
// keeping its comments, and adds nothing when the repository has no such
// file.
func TestBuildAddsTermToTermsFile(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	s, err := Parse([]byte("term: {year: 2027, number: 1}\nschedule:\n  - key: proposals_open\n    label: Project Proposals Open\n    start: 2027-01-06\n"), "s.yml")
	if err != nil {
		t.Fatal(err)
	}
	real := filepath.Join("..", "..", "..", "shared", "corpus", "cncf-mentoring", "programs", "lfx-mentorship", "automation", "terms.yml")
	src, err := os.ReadFile(real)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	p := "programs/lfx-mentorship/automation/terms.yml"
	res, err := Build(fstest.MapFS{p: {Data: src}}, s, cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	last := res.Files[len(res.Files)-1]
	want := string(src) + "  - \"2027 Term 1 (Mar-May)\"\n"
	if last.Path != p || last.Content != want {
		t.Errorf("got file %s:\n%s\nwant %s:\n%s", last.Path, last.Content, p, want)
	}
	res, err = Build(fstest.MapFS{}, s, cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Files {
		if strings.HasSuffix(f.Path, TermsFile) {
			t.Errorf("got %s written, want no terms file in a repository without one", f.Path)
		}
	}
}
