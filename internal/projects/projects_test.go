package projects

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/plan"
	"go.yaml.in/yaml/v3"
)

const (
	projectsPath = "programs/lfx-mentorship/automation/projects.yml"
	formPath     = ".github/ISSUE_TEMPLATE/lfx-program-proposal.yml"
	termsPath    = "programs/lfx-mentorship/automation/terms.yml"
)

func read(t testing.TB, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// orgs is a Reader over a fixed set that counts its questions.
type orgs struct {
	have  map[string]bool
	asked map[string]int
	fail  string
}

func (o *orgs) HasDotProject(_ context.Context, org string) (bool, error) {
	if o.asked == nil {
		o.asked = map[string]int{}
	}
	o.asked[org]++
	if org == o.fail {
		return false, errors.New("502 Bad Gateway")
	}
	return o.have[org], nil
}

// testInput loads the test landscape (every organisation but
// cloud-custodian has a .project repository) against base files.
func testInput(t *testing.T, base fstest.MapFS) *Input {
	t.Helper()
	ps, err := ParseLandscape([]byte(read(t, "landscape.yml")))
	if err != nil {
		t.Fatal(err)
	}
	r := &orgs{have: map[string]bool{"argoproj": true, "containers": true, "buildpacks": true, "cdk8s-team": true}}
	dot, err := LoadDotProject(context.Background(), r, ps)
	if err != nil {
		t.Fatal(err)
	}
	for org, n := range r.asked {
		if n != 1 {
			t.Errorf("asked about %s %d times, want once", org, n)
		}
	}
	files, err := LoadFiles(base, projectsPath, formPath)
	if err != nil {
		t.Fatal(err)
	}
	terms, err := LoadTerms(base, termsPath)
	if err != nil {
		t.Fatal(err)
	}
	return &Input{Projects: ps, DotProject: dot, Terms: terms, ProjectsPath: projectsPath, FormPath: formPath,
		Base: files, DefaultBranch: "main", Now: time.Date(2027, 1, 4, 16, 0, 0, 0, time.UTC)}
}

func repoFS(projects, form string) fstest.MapFS {
	fsys := fstest.MapFS{
		formPath:  {Data: []byte(form)},
		termsPath: {Data: []byte(readFile0("terms.yml"))},
	}
	if projects != "" {
		fsys[projectsPath] = &fstest.MapFile{Data: []byte(projects)}
	}
	return fsys
}

func readFile0(name string) string {
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		panic(err)
	}
	return string(data)
}

const oldProjects = `# Auto-generated from cncf/landscape — DO NOT EDIT MANUALLY.
# Last updated: 2026-08-03
# Total projects: 1

- name: Argo
  slug: argo
  maturity: graduated
  homepage: https://argoproj.github.io/
  logo: https://raw.githubusercontent.com/cncf/landscape/master/hosted_logos/argo.svg
  repo_url: https://github.com/argoproj/argo-cd
  has_dot_project: true
`

func kinds(p *plan.Plan) []string {
	var out []string
	for _, a := range p.Actions {
		out = append(out, a.Kind())
	}
	return out
}

// TestPlanGolden regenerates both files from the test landscape: the
// projects file and the form must match the expected files byte for byte.
func TestPlanGolden(t *testing.T) {
	t.Parallel()
	in := testInput(t, repoFS(oldProjects, read(t, "form.yml")))
	res, err := Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(read(t, "projects.golden.yml"), res.Projects); diff != "" {
		t.Errorf("projects.yml mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(read(t, "form.golden.yml"), res.Form); diff != "" {
		t.Errorf("form mismatch (-want +got):\n%s", diff)
	}
	if !res.Changed || res.Count != 5 {
		t.Errorf("got changed %v, count %d; want true, 5", res.Changed, res.Count)
	}
	want := []string{"ensure-branch", "put-file", "put-file", "ensure-pull-request"}
	if diff := cmp.Diff(want, kinds(res.Plan)); diff != "" {
		t.Errorf("plan mismatch (-want +got):\n%s", diff)
	}
	put := res.Plan.Actions[1].(plan.PutFile)
	if put.Branch != Branch || put.BaseSHA != BlobSHA([]byte(oldProjects)) || !strings.Contains(put.Diff, "+- name: Cloud Custodian") {
		t.Errorf("got put-file %+v, want projects.yml on %s from the old file's sha, with a diff", put, Branch)
	}
}

// TestPlanNoChange: the default branch already has what the landscape
// gives: nothing to write, no pull request, and the date stays although
// the run is later.
func TestPlanNoChange(t *testing.T) {
	t.Parallel()
	in := testInput(t, repoFS(read(t, "projects.golden.yml"), read(t, "form.golden.yml")))
	in.Now = in.Now.AddDate(0, 1, 0)
	res, err := Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Changed || !res.Plan.Empty() {
		t.Errorf("got changed %v and plan\n%s\nwant no change and an empty plan", res.Changed, res.Plan.Text())
	}
	if res.Projects != read(t, "projects.golden.yml") {
		t.Errorf("got projects.yml\n%s\nwant the file unchanged (date kept)", res.Projects)
	}
}

// TestPlanPendingPullRequest: a week later the open pull request's branch
// already holds this list: its date is kept and nothing is written but the
// unchanged pull request.
func TestPlanPendingPullRequest(t *testing.T) {
	t.Parallel()
	in := testInput(t, repoFS(oldProjects, read(t, "form.yml")))
	in.Sync = &Files{
		Projects: File{Exists: true, Content: read(t, "projects.golden.yml"), SHA: "b1"},
		Form:     File{Exists: true, Content: read(t, "form.golden.yml"), SHA: "b2"},
	}
	in.Now = in.Now.AddDate(0, 0, 7)
	res, err := Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(res.Projects, "# Last updated: 2027-01-04\n") {
		t.Errorf("got header %q, want the pending date 2027-01-04 kept", strings.SplitN(res.Projects, "\n", 3)[1])
	}
	if diff := cmp.Diff([]string{"ensure-branch", "ensure-pull-request"}, kinds(res.Plan)); diff != "" {
		t.Errorf("plan mismatch (-want +got):\n%s", diff)
	}
	if res.Plan.Actions[0].(plan.EnsureBranch).Reset {
		t.Errorf("got a reset of the pending branch, want it kept")
	}
}

// TestCorpusRoundTrip rebuilds a landscape from the real projects.yml (one
// item per project, its slug as clomonitor_name) and checks that mentorbot
// writes the real file and the real form byte for byte: the style is the
// repository's, and a quiet week changes nothing.
func TestCorpusRoundTrip(t *testing.T) {
	t.Parallel()
	root := "../../../shared/corpus/cncf-mentoring"
	if _, err := os.Stat(filepath.Join(root, projectsPath)); err != nil {
		t.Skipf("corpus not found (%s): the real projects.yml is needed for this test", root)
	}
	fsys := os.DirFS(root)
	base, err := LoadFiles(fsys, projectsPath, formPath)
	if err != nil {
		t.Fatal(err)
	}
	terms, err := LoadTerms(fsys, termsPath)
	if err != nil {
		t.Fatal(err)
	}
	var real []struct {
		Name, Slug, Maturity, Homepage, Logo string
		RepoURL                              string `yaml:"repo_url"`
		HasDotProject                        bool   `yaml:"has_dot_project"`
	}
	if err := yaml.Unmarshal([]byte(base.Projects.Content), &real); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("landscape:\n  - category:\n    name: All\n    subcategories:\n      - subcategory:\n        name: All\n        items:\n")
	dot := map[string]bool{}
	for i := len(real) - 1; i >= 0; i-- { // reversed: the generator sorts
		p := real[i]
		fmt.Fprintf(&b, "          - item:\n            name: %s\n            homepage_url: %s\n            logo: %s\n            repo_url: %s\n            project: %s\n            extra:\n              clomonitor_name: %s\n",
			quote(p.Name), p.Homepage, strings.TrimPrefix(p.Logo, LogoBase), p.RepoURL, p.Maturity, p.Slug)
		if p.HasDotProject {
			dot[Org(p.RepoURL)] = true
		}
	}
	ps, err := ParseLandscape([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Plan(&Input{Projects: ps, DotProject: dot, Terms: terms, ProjectsPath: projectsPath, FormPath: formPath,
		Base: base, DefaultBranch: "main", Now: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(base.Projects.Content, res.Projects); diff != "" {
		t.Errorf("projects.yml mismatch (-real +generated):\n%s", diff)
	}
	if diff := cmp.Diff(base.Form.Content, res.Form); diff != "" {
		t.Errorf("form mismatch (-real +generated):\n%s", diff)
	}
	if res.Changed || !res.Plan.Empty() || res.Count != len(real) {
		t.Errorf("got changed %v, %d projects, plan\n%s\nwant no change for %d projects", res.Changed, res.Count, res.Plan.Text(), len(real))
	}
}

// TestHostileNames: names from the landscape that YAML would misread plain
// are quoted, in the list and in the form, and read back as written.
func TestHostileNames(t *testing.T) {
	t.Parallel()
	names := []string{"yes", "1.0", "a: b", "#tag", "- dash", `say "hi"`, "back\\slash", "new\nline", "[x]", "*star", " lead", "ok name (x)"}
	var ps []Project
	for _, n := range names {
		ps = append(ps, Project{Name: n, Slug: "s", Maturity: "sandbox"})
	}
	var got []struct{ Name string }
	if err := yaml.Unmarshal([]byte(Render(ps, "2027-01-04")), &got); err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		if i >= len(got) || got[i].Name != n {
			t.Errorf("entry %d: got %+v, want name %q", i, got, n)
		}
	}
	if !strings.Contains(Entries(ps[len(ps)-1:]), "- name: ok name (x)\n") {
		t.Errorf("got %q, want a plain name left plain", Entries(ps[len(ps)-1:]))
	}
	form, err := RewriteForm([]byte(read(t, "form.yml")), ProjectField, names)
	if err != nil {
		t.Fatal(err)
	}
	opts, err := FormOptions(form, ProjectField)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(names, opts); diff != "" {
		t.Errorf("form options mismatch (-want +got):\n%s", diff)
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	form := []byte(read(t, "form.yml"))
	if _, err := RewriteForm(form, "nope", []string{"a"}); err == nil || !strings.Contains(err.Error(), "no field with id nope") {
		t.Errorf("missing field: got %v, want an error naming it", err)
	}
	if _, err := RewriteForm(form, "program_name", []string{"a"}); err == nil || !strings.Contains(err.Error(), "no options") {
		t.Errorf("field without options: got %v, want an error", err)
	}
	if _, err := ParseLandscape([]byte("landscape: []\n")); err == nil {
		t.Errorf("empty landscape: got no error, want one")
	}
	r := &orgs{fail: "containers"}
	ps, _ := ParseLandscape([]byte(read(t, "landscape.yml")))
	if _, err := LoadDotProject(context.Background(), r, ps); err == nil || !strings.Contains(err.Error(), "containers") {
		t.Errorf("failed read: got %v, want an error naming the organisation", err)
	}
	in := testInput(t, repoFS(oldProjects, read(t, "form.yml")))
	in.Projects = nil
	if _, err := Plan(in); err == nil {
		t.Errorf("no projects: got no error, want a refusal to empty the list")
	}
}

func TestParseLandscape(t *testing.T) {
	t.Parallel()
	ps, err := ParseLandscape([]byte(read(t, "landscape.yml")))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Name+"/"+p.Slug+"/"+p.Maturity)
	}
	// The vendor tool (no project:), the archived Brigade and Argo's second
	// entry are left out; bootc has no clomonitor_name.
	want := []string{"Argo/argo/graduated", "bootc/bootc/sandbox", "Buildpacks/buildpacks/incubating",
		"CDK for Kubernetes (CDK8s)/cdk8s/sandbox", "Cloud Custodian/c7n/incubating"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("projects mismatch (-want +got):\n%s", diff)
	}
}
