// Package projects generates the CNCF project list (automation/projects.yml)
// from the CNCF landscape (cncf/landscape's landscape.yml) and rewrites the
// proposal form's "CNCF Project" and "Term" dropdowns from it and from
// automation/terms.yml, keeping every other byte of the form. The planner is
// pure: whether a project's GitHub organisation has a `.project` repository
// is an input (a set), read by the loader through a small Reader.
package projects

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// LogoBase is where the landscape hosts the logos its items name.
const LogoBase = "https://raw.githubusercontent.com/cncf/landscape/master/hosted_logos/"

// Maturities are the landscape's `project:` values of CNCF projects; items
// without one (members, other tools) and archived projects are left out.
var Maturities = []string{"graduated", "incubating", "sandbox"}

// Project is one CNCF project as projects.yml lists it.
type Project struct {
	Name     string
	Slug     string
	Maturity string
	Homepage string
	Logo     string
	RepoURL  string
	// HasDotProject is whether the GitHub organisation of RepoURL has a
	// `.project` repository (written only when true, as the file does).
	HasDotProject bool
}

// Org returns the GitHub organisation of p's repository ("" when RepoURL is
// not a github.com repository URL).
func (p Project) Org() string { return Org(p.RepoURL) }

// Org returns the owner part of a https://github.com/OWNER/REPO URL,
// lower-cased (GitHub owners are case-insensitive), or "".
func Org(repoURL string) string {
	u, err := url.Parse(strings.TrimSpace(repoURL))
	if err != nil || !strings.EqualFold(u.Host, "github.com") {
		return ""
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) < 1 || parts[0] == "" {
		return ""
	}
	return strings.ToLower(parts[0])
}

type landscapeFile struct {
	Landscape []struct {
		Name          string `yaml:"name"`
		Subcategories []struct {
			Name  string     `yaml:"name"`
			Items []itemYAML `yaml:"items"`
		} `yaml:"subcategories"`
	} `yaml:"landscape"`
}

type itemYAML struct {
	Name        string `yaml:"name"`
	HomepageURL string `yaml:"homepage_url"`
	Logo        string `yaml:"logo"`
	RepoURL     string `yaml:"repo_url"`
	Project     string `yaml:"project"`
	Extra       struct {
		CLOMonitorName string `yaml:"clomonitor_name"`
	} `yaml:"extra"`
}

// ParseLandscape reads a landscape.yml (categories -> subcategories ->
// items) and returns its CNCF projects (graduated, incubating, sandbox),
// each once (the first entry of a name wins), sorted as projects.yml sorts
// them. HasDotProject is left false: see SetDotProject.
//
// The slug is the item's `extra.clomonitor_name` (the name CLOMonitor and
// the CNCF's tooling know the project by: "c7n" for Cloud Custodian), or,
// when it has none, the name lower-cased with every run of other characters
// made one "-".
func ParseLandscape(data []byte) ([]Project, error) {
	var f landscapeFile
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("parsing landscape.yml: %w", err)
	}
	if len(f.Landscape) == 0 {
		return nil, fmt.Errorf("landscape.yml: no categories under the landscape key")
	}
	seen := map[string]bool{}
	var out []Project
	for _, c := range f.Landscape {
		for _, sc := range c.Subcategories {
			for _, it := range sc.Items {
				name := strings.TrimSpace(it.Name)
				m := strings.ToLower(strings.TrimSpace(it.Project))
				if name == "" || !isMaturity(m) || seen[name] {
					continue
				}
				seen[name] = true
				out = append(out, project(name, m, it))
			}
		}
	}
	Sort(out)
	return out, nil
}

func project(name, maturity string, it itemYAML) Project {
	p := Project{Name: name, Maturity: maturity, Homepage: strings.TrimSpace(it.HomepageURL),
		RepoURL: strings.TrimSpace(it.RepoURL), Slug: strings.TrimSpace(it.Extra.CLOMonitorName)}
	if p.Slug == "" {
		p.Slug = slugify(name)
	}
	if logo := strings.TrimSpace(it.Logo); logo != "" {
		p.Logo = logo
		if !strings.Contains(logo, "://") {
			p.Logo = LogoBase + logo
		}
	}
	return p
}

func isMaturity(m string) bool {
	for _, x := range Maturities {
		if m == x {
			return true
		}
	}
	return false
}

func slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// Sort orders projects as projects.yml does: by name ignoring case ("BFE",
// "bootc", "bpfman", "Buildpacks"), then by the exact name.
func Sort(ps []Project) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := strings.ToLower(ps[i].Name), strings.ToLower(ps[j].Name)
		if a != b {
			return a < b
		}
		return ps[i].Name < ps[j].Name
	})
}

// Reader answers whether a GitHub organisation has a `.project`
// repository. An error is a failed read, never "no".
type Reader interface {
	HasDotProject(ctx context.Context, org string) (bool, error)
}

// LoadDotProject asks r about every organisation of ps, once each, and
// returns the set of those that have a `.project` repository.
func LoadDotProject(ctx context.Context, r Reader, ps []Project) (map[string]bool, error) {
	out := map[string]bool{}
	asked := map[string]bool{}
	for _, p := range ps {
		org := p.Org()
		if org == "" || asked[org] {
			continue
		}
		asked[org] = true
		ok, err := r.HasDotProject(ctx, org)
		if err != nil {
			return nil, fmt.Errorf("finding whether %s has a .project repository: %w", org, err)
		}
		if ok {
			out[org] = true
		}
	}
	return out, nil
}

// SetDotProject sets HasDotProject on every project whose organisation is
// in orgs (lower-case names).
func SetDotProject(ps []Project, orgs map[string]bool) {
	for i := range ps {
		ps[i].HasDotProject = orgs[ps[i].Org()]
	}
}
