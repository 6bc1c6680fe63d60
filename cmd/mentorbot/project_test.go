package main_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestProjectFiles checks the files a newcomer and GitHub look for: the
// licence, the security policy, the contribution guide, the changelog,
// Dependabot for Go modules and Actions, and an examples/README.md that
// says what every examples folder holds.
func TestProjectFiles(t *testing.T) {
	t.Parallel()
	read := func(p string) string {
		data, err := os.ReadFile(filepath.Join("../..", p))
		if err != nil {
			t.Errorf("%s: %v", p, err)
		}
		return string(data)
	}
	if l := read("LICENSE"); !strings.Contains(l, "Apache License") || !strings.Contains(l, "Version 2.0, January 2004") {
		t.Errorf("LICENSE is not the Apache License 2.0")
	}
	for p, want := range map[string]string{
		"SECURITY.md":     "Reporting a vulnerability",
		"CONTRIBUTING.md": "## Add a capability",
		"CHANGELOG.md":    "## Unreleased",
	} {
		if !strings.Contains(read(p), want) {
			t.Errorf("%s lacks %q", p, want)
		}
	}

	var dependabot struct {
		Version int `yaml:"version"`
		Updates []struct {
			Ecosystem string `yaml:"package-ecosystem"`
		} `yaml:"updates"`
	}
	if err := yaml.Unmarshal([]byte(read(".github/dependabot.yml")), &dependabot); err != nil {
		t.Fatalf(".github/dependabot.yml: %v", err)
	}
	var ecosystems []string
	for _, u := range dependabot.Updates {
		ecosystems = append(ecosystems, u.Ecosystem)
	}
	for _, want := range []string{"gomod", "github-actions"} {
		if dependabot.Version != 2 || !slices.Contains(ecosystems, want) {
			t.Errorf("dependabot.yml: got version %d, ecosystems %v; want version 2 with %s", dependabot.Version, ecosystems, want)
		}
	}

	readme := read("examples/README.md")
	entries, err := os.ReadDir("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && !strings.Contains(readme, "`"+e.Name()+"/`") {
			t.Errorf("examples/README.md does not say what examples/%s/ holds", e.Name())
		}
	}
}
