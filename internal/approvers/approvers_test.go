package approvers

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
)

func corpusFile(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "corpus", "cncf-mentoring", DefaultPath))
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	return data
}

const foundationCSV = `Maturity Level,Project,Name,Company,Github Name,OWNERS/MAINTAINERS
Graduated,Kubernetes,Kay Maintainer,Example,kaym,https://example.org
,,Lee Other,Example,@leeo,
Incubating,OpenTelemetry,Otto Tel,Example,ottotel,
Sandbox,Open Policy Agent (OPA),Opa Person,Example,opap,
`

// The real approvers.yml: four global approvers; Kubernetes and its
// subprojects exclusive to SIG ContribEx's leads; OpenTelemetry's Governance
// Committee added to its rosters.
func TestCorpusApprovers(t *testing.T) {
	t.Parallel()
	f, err := ParseFile(corpusFile(t), DefaultPath)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"nate-double-u", "dkrook", "idvoretskyi", "Swil78"}, f.Global); diff != "" {
		t.Errorf("global_approvers (-want +got):\n%s", diff)
	}
	k8s := f.Rules["kubernetes"]
	if !k8s.Exclusive || len(k8s.Handles) != 5 || !f.Rules["etcd"].Exclusive || f.Rules["open-telemetry"].Exclusive {
		t.Errorf("got kubernetes %+v, etcd %+v, open-telemetry %+v", k8s, f.Rules["etcd"], f.Rules["open-telemetry"])
	}
	roster, err := ParseFoundation([]byte(foundationCSV))
	if err != nil {
		t.Fatal(err)
	}
	src := Sources{File: f, Foundation: roster, DotProject: []string{"dotproj"}}

	// Kubernetes: the rosters do not count, the fallback handles and the
	// global approvers do.
	got := Apply(config.Approvers{}, src, Project{Name: "Kubernetes", Slug: "kubernetes", Org: "kubernetes"})
	pa := got.Projects["kubernetes"]
	if slices.Contains(pa.Logins, "kaym") || slices.Contains(pa.Logins, "dotproj") || !slices.Contains(pa.Logins, "palnabarun") || pa.Only {
		t.Errorf("kubernetes: got %+v, want only the SIG ContribEx leads listed (globals apart)", pa)
	}
	if !slices.Contains(got.Global, "dkrook") {
		t.Errorf("global: got %v, want the file's global approvers", got.Global)
	}
	// OpenTelemetry (keyed by its org): .project, the foundation roster and
	// the fallback handles all count.
	got = Apply(config.Approvers{}, src, Project{Name: "OpenTelemetry", Slug: "opentelemetry", Org: "open-telemetry"})
	pa = got.Projects["opentelemetry"]
	for _, want := range []string{"dotproj", "ottotel", "alolita"} {
		if !slices.Contains(pa.Logins, want) {
			t.Errorf("opentelemetry: got %v, want %s among them", pa.Logins, want)
		}
	}
	// A project the file does not name: its rosters.
	got = Apply(config.Approvers{Projects: map[string]config.ProjectApprovers{"OPA": {Logins: []string{"cfgperson"}}}}, Sources{Foundation: roster},
		Project{Name: "Open Policy Agent (OPA)", Slug: "opa", Org: "open-policy-agent"})
	if diff := cmp.Diff([]string{"cfgperson", "opap"}, got.Projects["OPA"].Logins); diff != "" {
		t.Errorf("OPA (-want +got):\n%s", diff)
	}
}

func TestParseFoundationAndDotProject(t *testing.T) {
	t.Parallel()
	roster, err := ParseFoundation([]byte(foundationCSV))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{"kubernetes": {"kaym", "leeo"}, "opentelemetry": {"ottotel"}, "open-policy-agent-opa": {"opap"}}
	if diff := cmp.Diff(want, roster); diff != "" {
		t.Errorf("foundation (-want +got):\n%s", diff)
	}
	if _, err := ParseFoundation([]byte("a,b\n1,2\n")); err == nil {
		t.Error("a CSV without Project and GitHub columns: got no error")
	}
	hs, err := ParseDotProject([]byte("project-maintainers:\n  - handle: alice\n    name: Alice\n  - \"@bob\"\nteams:\n  - name: project-maintainers\n    members: [carol]\n  - name: other\n    members: [mallory]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"alice", "bob", "carol"}, hs); diff != "" {
		t.Errorf(".project (-want +got):\n%s", diff)
	}
	if _, err := ParseFile([]byte("kubernetes:\n  fallback_handle: [x]\n"), "a.yml"); err == nil || err.Error() != `a.yml:2: kubernetes: unknown field "fallback_handle" (fallback_handles, maintainers_can_approve)` {
		t.Errorf("misspelt field: got %v", err)
	}
}

type fakeReader map[string]error

func (f fakeReader) ReadRepoFile(_ context.Context, owner, repo, path string) ([]byte, error) {
	key := owner + "/" + repo + "/" + path
	if err, ok := f[key]; ok {
		return nil, err
	}
	switch key {
	case "argoproj/.project/maintainers.yaml":
		return []byte("project-maintainers:\n  - handle: argomaint\n"), nil
	case "cncf/foundation/project-maintainers.csv":
		return []byte(foundationCSV), nil
	}
	return nil, fs.ErrNotExist
}

// A failed read of any source is an error, never "nobody may approve" nor
// "everybody"; a source that does not exist is simply not there.
func TestLoad(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{DefaultPath: {Data: []byte("global_approvers: [admin]\n")}}
	s, err := Load(context.Background(), fsys, fakeReader{}, "", Project{Name: "Argo", Org: "argoproj"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"argomaint"}, s.DotProject); diff != "" || len(s.Foundation) != 3 || s.File.Global[0] != "admin" {
		t.Errorf("got %+v (.project diff %s)", s, diff)
	}
	if _, err := Load(context.Background(), fstest.MapFS{}, fakeReader{}, "", Project{Name: "Nope", Org: "nope"}); err != nil {
		t.Errorf("no sources at all: got %v, want none", err)
	}
	boom := errors.New("502 Bad Gateway")
	for _, key := range []string{"argoproj/.project/maintainers.yaml", "cncf/foundation/project-maintainers.csv"} {
		if _, err := Load(context.Background(), fsys, fakeReader{key: boom}, "", Project{Name: "Argo", Org: "argoproj"}); !errors.Is(err, boom) {
			t.Errorf("%s failing: got %v, want the read error", key, err)
		}
	}
}
