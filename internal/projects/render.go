package projects

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// headerFirst is the first line of a generated projects.yml.
const headerFirst = "# Auto-generated from cncf/landscape — DO NOT EDIT MANUALLY.\n"

// Render writes projects.yml: the header (the generator, the "Last
// updated" date as YYYY-MM-DD, the count), a blank line, then one entry per
// project in ps's order, in the layout of cncf/mentoring's file.
func Render(ps []Project, date string) string {
	var b strings.Builder
	b.WriteString(headerFirst)
	fmt.Fprintf(&b, "# Last updated: %s\n", date)
	fmt.Fprintf(&b, "# Total projects: %d\n\n", len(ps))
	b.WriteString(Entries(ps))
	return b.String()
}

// Entries renders the list part of projects.yml (everything after the
// header). Two lists are the same when their Entries are.
func Entries(ps []Project) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "- name: %s\n", scalar(p.Name))
		field(&b, "slug", p.Slug)
		field(&b, "maturity", p.Maturity)
		field(&b, "homepage", p.Homepage)
		field(&b, "logo", p.Logo)
		field(&b, "repo_url", p.RepoURL)
		if p.HasDotProject {
			b.WriteString("  has_dot_project: true\n")
		}
	}
	return b.String()
}

func field(b *strings.Builder, key, v string) {
	if v != "" {
		fmt.Fprintf(b, "  %s: %s\n", key, scalar(v))
	}
}

// scalar writes s plain when YAML reads it back as the same string, and
// double-quoted otherwise (a name such as "yes", "1.0", "a: b" or "#x"
// would not survive plain). The landscape is not ours: nothing in it may
// break the file's structure.
func scalar(s string) string {
	var n yaml.Node
	plain := !strings.ContainsAny(s, "\n\r\t\"'\\") && strings.TrimSpace(s) == s && s != ""
	if plain {
		if err := yaml.Unmarshal([]byte("k: "+s+"\n"), &n); err == nil && len(n.Content) == 1 &&
			len(n.Content[0].Content) == 2 {
			v := n.Content[0].Content[1]
			if v.Kind == yaml.ScalarNode && v.Tag == "!!str" && v.Value == s && v.Style == 0 {
				return s
			}
		}
	}
	return quote(s)
}

// quote double-quotes s for YAML; Go's escapes (\", \\, \n, \t, \xXX,
// \uXXXX, \UXXXXXXXX) are all YAML double-quoted escapes.
func quote(s string) string { return strconv.Quote(s) }

// splitFile separates a projects.yml into its header (comment lines and
// the blank lines after them) and its entries.
func splitFile(content string) (header, entries string) {
	i := 0
	for i < len(content) {
		j := strings.IndexByte(content[i:], '\n')
		if j < 0 {
			break
		}
		line := content[i : i+j]
		if !strings.HasPrefix(line, "#") && strings.TrimSpace(line) != "" {
			break
		}
		i += j + 1
	}
	return content[:i], content[i:]
}

// ParseTerms reads automation/terms.yml's `terms:` list.
func ParseTerms(data []byte) ([]string, error) {
	var f struct {
		Terms []string `yaml:"terms"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("parsing terms.yml: %w", err)
	}
	var out []string
	for _, t := range f.Terms {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out, nil
}

// ParseFile reads a projects.yml back into projects.
func ParseFile(data []byte) ([]Project, error) {
	var list []struct {
		Name          string `yaml:"name"`
		Slug          string `yaml:"slug"`
		Maturity      string `yaml:"maturity"`
		Homepage      string `yaml:"homepage"`
		Logo          string `yaml:"logo"`
		RepoURL       string `yaml:"repo_url"`
		HasDotProject bool   `yaml:"has_dot_project"`
	}
	if err := yaml.Unmarshal(data, &list); err != nil {
		return nil, fmt.Errorf("parsing the project list: %w", err)
	}
	out := make([]Project, len(list))
	for i, p := range list {
		out[i] = Project(p)
	}
	return out, nil
}
