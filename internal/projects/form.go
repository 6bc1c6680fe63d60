package projects

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Form field ids of the proposal form's dropdowns this package rewrites.
const (
	ProjectField = "cncf_project"
	TermField    = "term"
)

// RewriteForm returns the issue form with the options of the dropdown
// whose id is id replaced by options (each double-quoted, as the form
// writes them), every other byte kept. It is an error when the form has no
// such dropdown or no options list under it, or when the result does not
// read back as YAML with exactly those options.
func RewriteForm(form []byte, id string, options []string) ([]byte, error) {
	lines := strings.SplitAfter(string(form), "\n")
	start, end, indent, err := optionsSpan(lines, id)
	if err != nil {
		return nil, err
	}
	nl := "\n"
	if strings.HasSuffix(lines[start-1], "\r\n") {
		nl = "\r\n"
	}
	var items []string
	if flow := strings.TrimSpace(lines[start-1]); flow != "options:" {
		// options: ["a", "b"] on one line stays one line.
		q := make([]string, len(options))
		for i, o := range options {
			q[i] = quote(o)
		}
		start--
		items = []string{leading(lines[start]) + "options: [" + strings.Join(q, ", ") + "]" + nl}
	} else {
		for _, o := range options {
			items = append(items, indent+"- "+quote(o)+nl)
		}
	}
	out := append(append(append([]string{}, lines[:start]...), items...), lines[end:]...)
	res := []byte(strings.Join(out, ""))
	got, err := FormOptions(res, id)
	if err != nil {
		return nil, fmt.Errorf("the rewritten form does not read back: %w", err)
	}
	if strings.Join(got, "\x00") != strings.Join(options, "\x00") {
		return nil, fmt.Errorf("the rewritten form's %s options read back as %d options, want %d", id, len(got), len(options))
	}
	return res, nil
}

// optionsSpan finds the lines [start, end) that hold the list items of the
// `options:` of the body element with id, and the items' indentation.
func optionsSpan(lines []string, id string) (start, end int, indent string, err error) {
	idLine := -1
	for i, l := range lines {
		if t := strings.TrimSpace(l); t == "id: "+id || t == "id: \""+id+"\"" || t == "id: '"+id+"'" {
			idLine = i
			break
		}
	}
	if idLine < 0 {
		return 0, 0, "", fmt.Errorf("the form has no field with id %s", id)
	}
	opt := -1
	for i := idLine + 1; i < len(lines); i++ {
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, "- type:") || strings.HasPrefix(t, "id:") {
			break
		}
		if t == "options:" || strings.HasPrefix(t, "options: [") && strings.HasSuffix(t, "]") {
			opt = i
			break
		}
	}
	if opt < 0 {
		return 0, 0, "", fmt.Errorf("the form's field %s has no options: list", id)
	}
	base := leading(lines[opt])
	end = opt + 1
	for end < len(lines) {
		l := lines[end]
		if strings.TrimSpace(l) != "" && len(leading(l)) <= len(base) {
			break
		}
		if strings.TrimSpace(l) != "" && indent == "" {
			indent = leading(l)
		}
		end++
	}
	// Blank lines after the last item belong to what follows.
	for end > opt+1 && strings.TrimSpace(lines[end-1]) == "" {
		end--
	}
	if indent == "" {
		indent = base + "  "
	}
	return opt + 1, end, indent, nil
}

func leading(l string) string { return l[:len(l)-len(strings.TrimLeft(l, " "))] }

// FormOptions returns the options of the form's field with id.
func FormOptions(form []byte, id string) ([]string, error) {
	var f struct {
		Body []struct {
			ID         string `yaml:"id"`
			Attributes struct {
				Options yaml.Node `yaml:"options"`
			} `yaml:"attributes"`
		} `yaml:"body"`
	}
	if err := yaml.Unmarshal(form, &f); err != nil {
		return nil, fmt.Errorf("parsing the issue form: %w", err)
	}
	for _, b := range f.Body {
		if b.ID == id {
			var opts []string
			if err := b.Attributes.Options.Decode(&opts); err != nil {
				return nil, fmt.Errorf("the form's field %s: options: %w", id, err)
			}
			return opts, nil
		}
	}
	return nil, fmt.Errorf("the form has no field with id %s", id)
}
