// Package labeler labels pull requests from the paths they change, reading
// the same `.github/labeler.yml` that actions/labeler reads (its v4 format,
// label -> globs, and its v5 format with changed-files matchers). The
// planner only ever adds labels the config names; it never removes one, so a
// label a person put on the pull request stays.
package labeler

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/mentorbot/mentorbot/internal/plan"
	"go.yaml.in/yaml/v3"
)

// Path is where the repository keeps its labeler config.
const Path = ".github/labeler.yml"

// Config is a parsed labeler.yml: every label with the rules that apply it,
// in the file's order.
type Config struct {
	Labels []Label
}

// Label is one label and its rules. In the v4 format the label applies when
// any rule matches; in the v5 format (AllRules) only when every one does,
// as actions/labeler decides.
type Label struct {
	Name     string
	Rules    []Rule
	AllRules bool
}

// Rule is one entry under a label: it matches when any of its conditions
// holds, or, with All, when every one does. A plain v4 glob is a rule of one
// condition; a v4 `any:`/`all:` block is a rule of all its conditions.
type Rule struct {
	All   bool
	Conds []Cond
}

// Cond is one condition: a matcher over the changed files (Globs with a
// Mode), or a regular expression over the head or base branch.
type Cond struct {
	// Mode is one of the actions/labeler matchers: any-glob-to-any-file,
	// any-glob-to-all-files, all-globs-to-any-file, all-globs-to-all-files,
	// head-branch, base-branch.
	Mode    string
	Globs   []string
	Regexps []*regexp.Regexp
}

// Input is what the planner reads about one pull request.
type Input struct {
	Number int
	// Files are the repository-relative paths the pull request changes
	// (the previous name of a renamed file included).
	Files []string
	// HeadRef and BaseRef are the pull request's branches.
	HeadRef, BaseRef string
	// Current are the labels the pull request has now.
	Current []string
}

// Match returns the labels of c that apply to in, in the config's order.
func (c *Config) Match(in Input) []string {
	var out []string
	for _, l := range c.Labels {
		if l.match(in) {
			out = append(out, l.Name)
		}
	}
	return out
}

func (l Label) match(in Input) bool {
	if len(l.Rules) == 0 {
		return false
	}
	for _, r := range l.Rules {
		if r.match(in) != l.AllRules {
			return !l.AllRules
		}
	}
	return l.AllRules
}

// Plan returns the AddLabels that puts on the pull request every label of c
// that applies and that it does not have yet; an empty plan when none.
func (c *Config) Plan(in Input) *plan.Plan {
	have := map[string]bool{}
	for _, l := range in.Current {
		have[strings.ToLower(l)] = true
	}
	var add []string
	for _, l := range c.Match(in) {
		if !have[strings.ToLower(l)] {
			add = append(add, l)
		}
	}
	p := &plan.Plan{}
	if len(add) > 0 {
		p.Add(plan.AddLabels{Issue: plan.Issue(in.Number), Labels: add})
	}
	return p
}

func (r Rule) match(in Input) bool {
	if len(r.Conds) == 0 {
		return false
	}
	for _, c := range r.Conds {
		if c.match(in) != r.All {
			return !r.All
		}
	}
	return r.All
}

func (c Cond) match(in Input) bool {
	switch c.Mode {
	case "head-branch":
		return anyRegexp(c.Regexps, in.HeadRef)
	case "base-branch":
		return anyRegexp(c.Regexps, in.BaseRef)
	}
	if len(in.Files) == 0 {
		return false
	}
	globAny := func(f string) bool {
		return slices.ContainsFunc(c.Globs, func(g string) bool { return globMatch(g, f) })
	}
	globAll := func(f string) bool {
		return !slices.ContainsFunc(c.Globs, func(g string) bool { return !globMatch(g, f) })
	}
	switch c.Mode {
	case "any-glob-to-any-file":
		return slices.ContainsFunc(in.Files, globAny)
	case "any-glob-to-all-files":
		return !slices.ContainsFunc(in.Files, func(f string) bool { return !globAny(f) })
	case "all-globs-to-any-file":
		return slices.ContainsFunc(in.Files, globAll)
	case "all-globs-to-all-files":
		return !slices.ContainsFunc(in.Files, func(f string) bool { return !globAll(f) })
	}
	return false
}

// globMatch matches like actions/labeler's minimatch with {dot: true}: a
// leading "!" negates, and "*" matches dot files too (doublestar does not
// treat dots specially).
func globMatch(g, f string) bool {
	if strings.HasPrefix(g, "!") {
		ok, _ := doublestar.Match(g[1:], f)
		return !ok
	}
	ok, _ := doublestar.Match(g, f)
	return ok
}

func anyRegexp(rs []*regexp.Regexp, s string) bool {
	return slices.ContainsFunc(rs, func(r *regexp.Regexp) bool { return r.MatchString(s) })
}

// Parse reads a labeler.yml. Unknown matcher keys, a bad glob or a bad
// regular expression are errors that name the label and the line.
func Parse(data []byte) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parsing %s: %w", Path, err)
	}
	c := &Config{}
	if len(doc.Content) == 0 {
		return c, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping of label names to rules", Path, root.Line)
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		l := Label{Name: k.Value}
		if strings.TrimSpace(l.Name) == "" {
			return nil, fmt.Errorf("%s:%d: empty label name", Path, k.Line)
		}
		rules, v5, err := parseRules(v)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: label %q: %w", Path, v.Line, l.Name, err)
		}
		l.Rules, l.AllRules = rules, v5
		c.Labels = append(c.Labels, l)
	}
	return c, nil
}

// parseRules reads a label's value: a glob or a list of globs and `any:` /
// `all:` blocks of globs (v4), or a list of matcher objects and `any:` /
// `all:` blocks of them (v5, which sets AllRules).
func parseRules(v *yaml.Node) (rules []Rule, v5 bool, err error) {
	if v.Kind == yaml.ScalarNode {
		g, err := glob(v)
		if err != nil {
			return nil, false, err
		}
		return []Rule{{Conds: []Cond{{Mode: "any-glob-to-any-file", Globs: []string{g}}}}}, false, nil
	}
	if v.Kind != yaml.SequenceNode {
		return nil, false, fmt.Errorf("want a list of globs or matchers")
	}
	v5 = slices.ContainsFunc(v.Content, isV5)
	for _, e := range v.Content {
		var r Rule
		var err error
		switch {
		case v5:
			r, err = parseV5(e)
		case e.Kind == yaml.ScalarNode:
			var g string
			g, err = glob(e)
			r = Rule{Conds: []Cond{{Mode: "any-glob-to-any-file", Globs: []string{g}}}}
		default:
			r, err = parseV4(e)
		}
		if err != nil {
			return nil, false, err
		}
		rules = append(rules, r)
	}
	return rules, v5, nil
}

// isV5 reports whether a list entry is in the v5 shape: a matcher object,
// or an any/all block of matcher objects.
func isV5(e *yaml.Node) bool {
	if e.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(e.Content); i += 2 {
		k, v := e.Content[i], e.Content[i+1]
		switch k.Value {
		case "any", "all":
			if v.Kind == yaml.SequenceNode && slices.ContainsFunc(v.Content, func(n *yaml.Node) bool { return n.Kind == yaml.MappingNode }) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// parseV4 reads a v4 block: `any: [globs]` (some file matches every glob)
// and `all: [globs]` (every file matches every glob), both required when
// both are given.
func parseV4(e *yaml.Node) (Rule, error) {
	if e.Kind != yaml.MappingNode {
		return Rule{}, fmt.Errorf("line %d: want a glob or an any/all block", e.Line)
	}
	r := Rule{All: true}
	for i := 0; i+1 < len(e.Content); i += 2 {
		k, v := e.Content[i], e.Content[i+1]
		globs, ok, err := globList(v)
		if err != nil {
			return Rule{}, err
		}
		if !ok || (k.Value != "any" && k.Value != "all") {
			return Rule{}, fmt.Errorf("line %d: unknown matcher %q", k.Line, k.Value)
		}
		mode := "all-globs-to-any-file"
		if k.Value == "all" {
			mode = "all-globs-to-all-files"
		}
		r.Conds = append(r.Conds, Cond{Mode: mode, Globs: globs})
	}
	return r, nil
}

// parseV5 reads a v5 entry: `any: [matchers]`, `all: [matchers]`, or a
// matcher object on its own (which counts as `any`).
func parseV5(e *yaml.Node) (Rule, error) {
	if e.Kind != yaml.MappingNode {
		return Rule{}, fmt.Errorf("line %d: want a matcher object (the other entries of this label are v5 matchers)", e.Line)
	}
	if len(e.Content) == 2 && (e.Content[0].Value == "any" || e.Content[0].Value == "all") {
		r := Rule{All: e.Content[0].Value == "all"}
		v := e.Content[1]
		if v.Kind != yaml.SequenceNode {
			return Rule{}, fmt.Errorf("line %d: %s wants a list of matchers", v.Line, e.Content[0].Value)
		}
		for _, m := range v.Content {
			cs, err := parseMatcher(m)
			if err != nil {
				return Rule{}, err
			}
			r.Conds = append(r.Conds, cs...)
		}
		return r, nil
	}
	cs, err := parseMatcher(e)
	return Rule{Conds: cs}, err
}

// parseMatcher reads a v5 matcher object: changed-files (a list of the four
// glob matchers), head-branch or base-branch (regular expressions).
func parseMatcher(m *yaml.Node) ([]Cond, error) {
	if m.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: want a matcher object", m.Line)
	}
	var out []Cond
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		switch k.Value {
		case "changed-files":
			items := []*yaml.Node{v}
			if v.Kind == yaml.SequenceNode {
				items = v.Content
			}
			for _, it := range items {
				if it.Kind != yaml.MappingNode {
					return nil, fmt.Errorf("line %d: changed-files wants matchers such as any-glob-to-any-file", it.Line)
				}
				for j := 0; j+1 < len(it.Content); j += 2 {
					mk, mv := it.Content[j], it.Content[j+1]
					switch mk.Value {
					case "any-glob-to-any-file", "any-glob-to-all-files", "all-globs-to-any-file", "all-globs-to-all-files":
					default:
						return nil, fmt.Errorf("line %d: unknown changed-files matcher %q", mk.Line, mk.Value)
					}
					globs, ok, err := globList(mv)
					if err != nil {
						return nil, err
					}
					if !ok {
						return nil, fmt.Errorf("line %d: %s wants globs", mv.Line, mk.Value)
					}
					out = append(out, Cond{Mode: mk.Value, Globs: globs})
				}
			}
		case "head-branch", "base-branch":
			pats, ok, _ := globList(v)
			if !ok {
				return nil, fmt.Errorf("line %d: %s wants regular expressions", v.Line, k.Value)
			}
			c := Cond{Mode: k.Value}
			for _, p := range pats {
				re, err := regexp.Compile(p)
				if err != nil {
					return nil, fmt.Errorf("line %d: %s: %w", v.Line, k.Value, err)
				}
				c.Regexps = append(c.Regexps, re)
			}
			out = append(out, c)
		default:
			return nil, fmt.Errorf("line %d: unknown matcher %q", k.Line, k.Value)
		}
	}
	return out, nil
}

// globList reads a scalar or a list of scalars; ok is false when v holds
// something else (v5 matcher objects).
func globList(v *yaml.Node) (globs []string, ok bool, err error) {
	if v.Kind == yaml.ScalarNode {
		g, err := glob(v)
		return []string{g}, err == nil, err
	}
	if v.Kind != yaml.SequenceNode {
		return nil, false, nil
	}
	for _, e := range v.Content {
		if e.Kind != yaml.ScalarNode {
			return nil, false, nil
		}
		g, err := glob(e)
		if err != nil {
			return nil, false, err
		}
		globs = append(globs, g)
	}
	return globs, true, nil
}

func glob(n *yaml.Node) (string, error) {
	g := strings.TrimPrefix(n.Value, "!")
	if !doublestar.ValidatePattern(g) {
		return "", fmt.Errorf("line %d: bad glob %q", n.Line, n.Value)
	}
	return n.Value, nil
}

// Names returns every label name c can apply, sorted.
func (c *Config) Names() []string {
	var out []string
	for _, l := range c.Labels {
		out = append(out, l.Name)
	}
	sort.Strings(out)
	return out
}
