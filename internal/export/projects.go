package export

import (
	"bytes"
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Project is one CNCF project of the projects file (projects.yml, synced
// from the landscape): its name as the proposal form lists it, its slug and
// its maturity.
type Project struct {
	Name     string `yaml:"name"`
	Slug     string `yaml:"slug"`
	Maturity string `yaml:"maturity"`
}

// ParseProjects reads a projects file: a YAML list of projects. Other keys
// (homepage, logo, ...) are ignored. path names the file in errors.
func ParseProjects(data []byte, path string) ([]Project, error) {
	var out []Project
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: empty projects file", path)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := doc.Decode(&out); err != nil {
		return nil, fmt.Errorf("%s: want a list of projects (name, slug, maturity): %w", path, err)
	}
	for i, p := range out {
		if strings.TrimSpace(p.Name) == "" {
			return nil, fmt.Errorf("%s: project %d has no name", path, i+1)
		}
	}
	return out, nil
}

// findProject looks a project up by name: exactly first, then ignoring case.
func findProject(projects []Project, name string) (Project, bool) {
	for _, p := range projects {
		if p.Name == name {
			return p, true
		}
	}
	for _, p := range projects {
		if strings.EqualFold(p.Name, name) {
			return p, true
		}
	}
	return Project{}, false
}
