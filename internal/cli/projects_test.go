package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testLandscape = "../projects/testdata/landscape.yml"

func TestProjectsSync(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(exampleRepo)); err != nil {
		t.Fatal(err)
	}
	dot := filepath.Join(t.TempDir(), "orgs.txt")
	if err := os.WriteFile(dot, []byte("# orgs with .project\nargoproj\ncontainers\nbuildpacks\ncdk8s-team\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"projects", "sync", "--repo", dir, "--landscape", testLandscape, "--dot-project", dot, "--now", "2027-01-04T12:00:00Z"}

	// Dry run: diffs, nothing written.
	stdout, stderr, code := run(t, args...)
	if code != ExitOK {
		t.Fatalf("got exit %d (%s), want 0", code, stderr)
	}
	for _, want := range []string{"CNCF project list: 5 projects", "+- name: Cloud Custodian", "+# Last updated: 2027-01-04",
		`+      options: ["Argo", "bootc", "Buildpacks", "CDK for Kubernetes (CDK8s)", "Cloud Custodian"]`, "would open or update a pull request"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("got stdout\n%s\nwant it to contain %q", stdout, want)
		}
	}
	before, _ := os.ReadFile(filepath.Join(dir, "programs/lfx-mentorship/automation/projects.yml"))
	orig, _ := os.ReadFile(filepath.Join(exampleRepo, "programs/lfx-mentorship/automation/projects.yml"))
	if string(before) != string(orig) {
		t.Errorf("dry run wrote projects.yml")
	}

	// --write, then a later run finds nothing to do.
	if _, stderr, code := run(t, append(args, "--write")...); code != ExitOK {
		t.Fatalf("--write: got exit %d (%s), want 0", code, stderr)
	}
	args[len(args)-1] = "2027-02-01T12:00:00Z"
	stdout, _, code = run(t, args...)
	if code != ExitOK || !strings.Contains(stdout, "no changes") {
		t.Errorf("after --write: got exit %d, stdout\n%s\nwant no changes", code, stdout)
	}
}

func TestProjectsSyncUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"projects", "sync", "--repo", exampleRepo},
		{"projects", "list"},
		{"projects", "sync", "--repo", exampleRepo, "--landscape", "/nonexistent"},
	} {
		if _, _, code := run(t, args...); code != ExitUsage {
			t.Errorf("%v: got exit %d, want %d", args, code, ExitUsage)
		}
	}
}

// TestProjectsSyncUnknownOrgs: without --dot-project, organisations the
// current list does not name are reported, not silently decided.
func TestProjectsSyncUnknownOrgs(t *testing.T) {
	t.Parallel()
	_, stderr, code := run(t, "projects", "sync", "--repo", exampleRepo, "--landscape", testLandscape, "--now", "2027-01-04T12:00:00Z")
	if code != ExitOK || !strings.Contains(stderr, "not known to have a .project repository (pass --dot-project): containers") {
		t.Errorf("got exit %d, stderr %q; want 0 and the unknown organisations named", code, stderr)
	}
}
