// Package approvers reads who may /approve a proposal from where
// cncf/mentoring writes it down, in the order its own automation checks:
//
//  1. the project's {org}/.project/maintainers.yaml (the project-maintainers
//     list),
//  2. the foundation's cncf/foundation project-maintainers.csv,
//  3. the repository's automation/approvers.yml, per project
//     (fallback_handles), where maintainers_can_approve: false makes that
//     list exclusive of 1 and 2,
//  4. that file's global_approvers, who may approve for every project.
//
// Approvals the repository accepted keep counting when it switches to
// mentorbot. Everything here is pure; Load reads through a Reader.
package approvers

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"

	"github.com/mentorbot/mentorbot/internal/config"
)

// DefaultPath is the approvers file of cncf/mentoring, relative to the
// repository root.
const DefaultPath = "programs/lfx-mentorship/automation/approvers.yml"

// Foundation is where the foundation's maintainer roster lives.
const (
	FoundationOwner = "cncf"
	FoundationRepo  = "foundation"
	FoundationPath  = "project-maintainers.csv"
)

// Rule is one project's entry of approvers.yml.
type Rule struct {
	// Handles are the fallback_handles.
	Handles []string
	// Exclusive is maintainers_can_approve: false: the rosters (1 and 2)
	// do not count for this project, only Handles and the global ones.
	Exclusive bool
}

// File is approvers.yml.
type File struct {
	Global []string
	// Rules are keyed by what the file names the project with: a GitHub
	// org, the lower-cased hyphenated name, or the projects.yml slug.
	Rules map[string]Rule
}

// ParseFile reads approvers.yml. A key that is not a mapping, or an entry
// with an unknown field, is an error naming the file and line.
func ParseFile(data []byte, path string) (*File, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f := &File{Rules: map[string]Rule{}}
	if len(root.Content) == 0 {
		return f, nil
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: want a mapping of global_approvers and projects", path, m.Line)
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		if k.Value == "global_approvers" {
			if err := v.Decode(&f.Global); err != nil {
				return nil, fmt.Errorf("%s:%d: global_approvers: want a list of GitHub handles", path, v.Line)
			}
			f.Global = clean(f.Global)
			continue
		}
		var e struct {
			MaintainersCanApprove *bool    `yaml:"maintainers_can_approve"`
			FallbackHandles       []string `yaml:"fallback_handles"`
		}
		if v.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s:%d: %s: want fallback_handles (and maintainers_can_approve)", path, v.Line, k.Value)
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			if n := v.Content[j].Value; n != "maintainers_can_approve" && n != "fallback_handles" {
				return nil, fmt.Errorf("%s:%d: %s: unknown field %q (fallback_handles, maintainers_can_approve)", path, v.Content[j].Line, k.Value, n)
			}
		}
		if err := v.Decode(&e); err != nil {
			return nil, fmt.Errorf("%s:%d: %s: %v", path, v.Line, k.Value, err)
		}
		f.Rules[strings.ToLower(k.Value)] = Rule{Handles: clean(e.FallbackHandles), Exclusive: e.MaintainersCanApprove != nil && !*e.MaintainersCanApprove}
	}
	return f, nil
}

// clean drops "@" and blanks from handles.
func clean(hs []string) []string {
	var out []string
	for _, h := range hs {
		if h = strings.TrimPrefix(strings.TrimSpace(h), "@"); h != "" {
			out = append(out, h)
		}
	}
	return out
}

// ParseDotProject reads a project's .project/maintainers.yaml: its
// project-maintainers list (entries with a handle, or bare handles), or a
// team of that name.
func ParseDotProject(data []byte) ([]string, error) {
	var doc struct {
		Maintainers []yaml.Node `yaml:"project-maintainers"`
		Teams       []struct {
			Name    string      `yaml:"name"`
			Members []yaml.Node `yaml:"members"`
		} `yaml:"teams"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	nodes := doc.Maintainers
	for _, t := range doc.Teams {
		if t.Name == "project-maintainers" {
			nodes = append(nodes, t.Members...)
		}
	}
	var out []string
	for _, n := range nodes {
		switch n.Kind {
		case yaml.ScalarNode:
			out = append(out, n.Value)
		case yaml.MappingNode:
			var e struct {
				Handle string `yaml:"handle"`
				GitHub string `yaml:"github"`
			}
			if n.Decode(&e) == nil {
				out = append(out, e.Handle+e.GitHub)
			}
		}
	}
	return clean(out), nil
}

// ParseFoundation reads project-maintainers.csv: one maintainer a row, the
// project named on the first row of its block (later rows leave it blank),
// the GitHub handle in the column whose header names GitHub. It returns the
// handles by project key (see Key).
func ParseFoundation(data []byte) (map[string][]string, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", FoundationPath, err)
	}
	proj, gh := -1, -1
	for i, h := range header {
		switch l := strings.ToLower(strings.TrimSpace(h)); {
		case proj < 0 && strings.Contains(l, "project"):
			proj = i
		case gh < 0 && strings.Contains(l, "github"):
			gh = i
		}
	}
	if proj < 0 || gh < 0 {
		return nil, fmt.Errorf("%s: no Project and GitHub columns in the header %q", FoundationPath, header)
	}
	out := map[string][]string{}
	cur := ""
	for {
		row, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", FoundationPath, err)
		}
		if proj < len(row) && strings.TrimSpace(row[proj]) != "" {
			cur = Key(row[proj])
		}
		if cur == "" || gh >= len(row) {
			continue
		}
		if h := clean([]string{row[gh]}); len(h) > 0 && !slices.Contains(out[cur], h[0]) {
			out[cur] = append(out[cur], h[0])
		}
	}
}

// Key is a project name lower-cased and hyphenated: "Open Policy Agent
// (OPA)" is "open-policy-agent-opa".
func Key(name string) string {
	f := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(f, "-")
}

// Project identifies a proposal's project the ways the sources name it.
type Project struct {
	Name, Slug, Org string
}

func (p Project) keys() []string {
	var out []string
	for _, k := range []string{strings.ToLower(p.Org), Key(p.Name), strings.ToLower(p.Slug)} {
		if k != "" && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// Sources are the four rosters, as read for one proposal's project.
type Sources struct {
	File *File
	// DotProject are the handles of the project's .project/maintainers.yaml
	// (nil when it has none).
	DotProject []string
	// Foundation is project-maintainers.csv by project key.
	Foundation map[string][]string
}

// Rule returns the approvers.yml entry for p, if any.
func (s Sources) rule(p Project) (Rule, bool) {
	if s.File == nil {
		return Rule{}, false
	}
	for _, k := range p.keys() {
		if r, ok := s.File.Rules[k]; ok {
			return r, true
		}
	}
	return Rule{}, false
}

// Apply returns cfg with the sources merged into its approvers: the
// global approvers added, and p's entry (keyed by the project's name) given
// the roster handles (unless the file makes its list exclusive) and the
// fallback handles. Config's own lists stay; nothing is removed.
func Apply(cfg config.Approvers, s Sources, p Project) config.Approvers {
	out := config.Approvers{Global: slices.Clone(cfg.Global), Projects: map[string]config.ProjectApprovers{}}
	for k, v := range cfg.Projects {
		out.Projects[k] = config.ProjectApprovers{Logins: slices.Clone(v.Logins), Only: v.Only}
	}
	if s.File != nil {
		out.Global = union(out.Global, s.File.Global)
	}
	rule, hasRule := s.rule(p)
	var logins []string
	if !rule.Exclusive {
		logins = union(logins, s.DotProject)
		for _, k := range p.keys() {
			logins = union(logins, s.Foundation[k])
		}
	}
	if hasRule {
		logins = union(logins, rule.Handles)
	}
	if len(logins) == 0 || p.Name == "" {
		return out
	}
	key := strings.ToLower(p.Name)
	for k := range out.Projects {
		if strings.EqualFold(k, p.Name) || strings.EqualFold(k, p.Slug) || strings.EqualFold(k, p.Org) {
			key = k
		}
	}
	pa := out.Projects[key]
	pa.Logins = union(pa.Logins, logins)
	out.Projects[key] = pa
	return out
}

func union(a, b []string) []string {
	for _, x := range b {
		if !slices.ContainsFunc(a, func(y string) bool { return strings.EqualFold(x, y) }) {
			a = append(a, x)
		}
	}
	return a
}

// Reader reads a file of any repository the installation can see; a file
// that does not exist is an error wrapping fs.ErrNotExist.
type Reader interface {
	ReadRepoFile(ctx context.Context, owner, repo, path string) ([]byte, error)
}

// Load reads the sources for p: approvers.yml from the repository snapshot
// fsys (absent is fine), p's org's .project/maintainers.yaml and the
// foundation's roster through r (absent is fine). Any other failed read is
// an error: an approval must never be refused, nor granted, because a read
// failed.
func Load(ctx context.Context, fsys fs.FS, r Reader, path string, p Project) (Sources, error) {
	var s Sources
	if path == "" {
		path = DefaultPath
	}
	data, err := fs.ReadFile(fsys, path)
	switch {
	case err == nil:
		if s.File, err = ParseFile(data, path); err != nil {
			return Sources{}, err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return Sources{}, fmt.Errorf("reading %s: %w", path, err)
	}
	if r == nil {
		return s, nil
	}
	if p.Org != "" {
		data, err := r.ReadRepoFile(ctx, p.Org, ".project", "maintainers.yaml")
		switch {
		case err == nil:
			if s.DotProject, err = ParseDotProject(data); err != nil {
				return Sources{}, fmt.Errorf("%s/.project/maintainers.yaml: %w", p.Org, err)
			}
		case !errors.Is(err, fs.ErrNotExist):
			return Sources{}, fmt.Errorf("reading %s/.project/maintainers.yaml: %w", p.Org, err)
		}
	}
	data, err = r.ReadRepoFile(ctx, FoundationOwner, FoundationRepo, FoundationPath)
	switch {
	case err == nil:
		if s.Foundation, err = ParseFoundation(data); err != nil {
			return Sources{}, err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return Sources{}, fmt.Errorf("reading %s/%s/%s: %w", FoundationOwner, FoundationRepo, FoundationPath, err)
	}
	return s, nil
}
