package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v3"
)

// TermsFile is the list of active terms, relative to terms.root, that the
// repository's issue form and export read (cncf/mentoring's
// automation/terms.yml); scaffold adds the new term to it, as the
// repository's own scaffold does.
const TermsFile = "automation/terms.yml"

// termLabel is how terms.yml names a term: "2026 Term 3 (Sep-Nov)".
func termLabel(year, number int, first, last string) string {
	return fmt.Sprintf("%d Term %d (%s-%s)", year, number, first, last)
}

// addTerm returns terms.yml with label appended to its terms: list, keeping
// every other byte (comments included); ok is false when the label is
// already listed. A file that is not a terms: list is an error naming it.
func addTerm(p string, src []byte, label string) (out []byte, ok bool, err error) {
	var doc struct {
		Terms []string `yaml:"terms"`
	}
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, false, fmt.Errorf("%s: %w", p, err)
	}
	for _, t := range doc.Terms {
		if strings.TrimSpace(t) == label {
			return src, false, nil
		}
	}
	text := string(src)
	nl := "\n"
	if strings.Contains(text, "\r\n") {
		nl = "\r\n"
	}
	lines := strings.SplitAfter(text, "\n")
	at, indent := -1, "  "
	in := false
	for i, l := range lines {
		t := strings.TrimRight(l, "\r\n")
		switch {
		case strings.HasPrefix(t, "terms:"):
			if rest := strings.TrimSpace(strings.TrimPrefix(t, "terms:")); rest != "" && !strings.HasPrefix(rest, "#") {
				return nil, false, fmt.Errorf("%s:%d: write terms: as a block list (one \"- ...\" line per term) so mentorbot can add %q", p, i+1, label)
			}
			in, at = true, i
		case in && strings.HasPrefix(strings.TrimSpace(t), "- "):
			at, indent = i, t[:len(t)-len(strings.TrimLeft(t, " "))]
		case in && strings.TrimSpace(t) != "" && !strings.HasPrefix(strings.TrimSpace(t), "#") && !strings.HasPrefix(t, " "):
			in = false
		}
	}
	item := indent + "- " + fmt.Sprintf("%q", label) + nl
	if at < 0 {
		if text != "" && !strings.HasSuffix(text, "\n") {
			text += nl
		}
		return []byte(text + "terms:" + nl + item), true, nil
	}
	if !strings.HasSuffix(lines[at], "\n") {
		lines[at] += nl
	}
	lines = append(lines[:at+1], append([]string{item}, lines[at+1:]...)...)
	return []byte(strings.Join(lines, "")), true, nil
}

// termsUpdate reads terms.yml from fsys and returns the file to write, or
// nil when the repository has none or already lists the term. A read error
// other than a missing file is an error.
func termsUpdate(fsys fs.FS, root string, year, number int, first, last string) (*File, error) {
	p := path.Join(root, TermsFile)
	src, err := fs.ReadFile(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", p, err)
	}
	out, ok, err := addTerm(p, src, termLabel(year, number, first, last))
	if err != nil || !ok {
		return nil, err
	}
	return &File{Path: p, Content: string(out)}, nil
}
