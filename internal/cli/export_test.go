package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	exampleRepo   = "../../examples/mentoring"
	exampleIssues = "../../examples/export-issues-2027-1.json"
	exampleFolder = "programs/lfx-mentorship/2027/01-Mar-May"
)

func exportArgs(repo string, extra ...string) []string {
	return append([]string{"export", "--repo", repo, "--term", "2027-1", "--issues", exampleIssues, "--now", "2027-02-20T17:00:00Z"}, extra...)
}

func TestExportExample(t *testing.T) {
	t.Parallel()
	out, errOut, code := run(t, exportArgs(exampleRepo)...)
	if code != ExitOK {
		t.Fatalf("got exit %d (%s), want 0", code, errOut)
	}
	golden(t, "export.text.golden", []byte(out))
}

func TestExportJSON(t *testing.T) {
	t.Parallel()
	out, errOut, code := run(t, exportArgs(exampleRepo, "--format", "json")...)
	if code != ExitOK {
		t.Fatalf("got exit %d (%s), want 0", code, errOut)
	}
	var got struct {
		Term   string `json:"term"`
		Folder string `json:"folder"`
		Result struct {
			Added []struct {
				Issue int `json:"issue"`
			} `json:"added"`
			Changed bool `json:"changed"`
		} `json:"result"`
		OnMerge struct {
			Actions []struct {
				Kind string `json:"kind"`
			} `json:"actions"`
		} `json:"on_merge"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("decoding %s: %v", out, err)
	}
	if got.Term != "2027-1" || got.Folder != exampleFolder || !got.Result.Changed || len(got.Result.Added) != 2 || len(got.OnMerge.Actions) != 2 {
		t.Errorf("got %+v, want term 2027-1 in %s changed, 2 programs added, 2 comments on merge", got, exampleFolder)
	}
}

// copyExample copies the example repository into a temporary directory.
func copyExample(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(exampleRepo)); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestExportWriteThenRerun(t *testing.T) {
	t.Parallel()
	dir := copyExample(t)
	out, errOut, code := run(t, exportArgs(dir, "--write")...)
	if code != ExitOK {
		t.Fatalf("got exit %d (%s), want 0", code, errOut)
	}
	for _, name := range []string{"lfx-export.json", "lfx-tracking.csv", "README.md"} {
		if !strings.Contains(out, "wrote "+exampleFolder+"/"+name) {
			t.Errorf("got output without %q:\n%s", "wrote "+exampleFolder+"/"+name, out)
		}
	}
	first, err := os.ReadFile(filepath.Join(dir, exampleFolder, "lfx-export.json"))
	if err != nil {
		t.Fatal(err)
	}
	// A day later, with nothing changed: the same bytes, nothing to write.
	args := exportArgs(dir, "--write")
	args[len(args)-2] = "2027-02-21T17:00:00Z"
	out, errOut, code = run(t, args...)
	if code != ExitOK {
		t.Fatalf("re-run: got exit %d (%s), want 0", code, errOut)
	}
	if strings.Contains(out, "wrote ") || strings.Contains(out, "create branch") || strings.Contains(out, "pull request") {
		t.Errorf("re-run: got writes or a pull request, want none:\n%s", out)
	}
	again, err := os.ReadFile(filepath.Join(dir, exampleFolder, "lfx-export.json"))
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(first) {
		t.Errorf("re-run changed lfx-export.json")
	}
}

func TestExportErrors(t *testing.T) {
	t.Parallel()
	corrupt := copyExample(t)
	if err := os.WriteFile(filepath.Join(corrupt, exampleFolder, "lfx-export.json"), []byte("{\n  \"_generated\": \"x\",\n  \"_count\": oops\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	noProjects := copyExample(t)
	if err := os.Remove(filepath.Join(noProjects, "programs/lfx-mentorship/automation/projects.yml")); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"corrupt previous export", exportArgs(corrupt), exampleFolder + "/lfx-export.json:3: not valid JSON"},
		{"no projects file", exportArgs(noProjects), "programs/lfx-mentorship/automation/projects.yml (config export.projects)"},
		{"no term", []string{"export", "--repo", exampleRepo, "--issues", exampleIssues}, "--term and --issues are required"},
		{"bad term", []string{"export", "--repo", exampleRepo, "--issues", exampleIssues, "--term", "2027-1/.."}, "want YYYY-N"},
		{"term without folder", []string{"export", "--repo", exampleRepo, "--issues", exampleIssues, "--term", "2031-2"}, "the term folder has no README"},
		{"issues not an array", []string{"export", "--repo", exampleRepo, "--issues", "../../examples/issues/proposal-12-argo-metrics.json", "--term", "2027-1"}, "want a JSON array"},
		{"issues missing", []string{"export", "--repo", exampleRepo, "--issues", "nope.json", "--term", "2027-1"}, "reading --issues"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, errOut, code := run(t, tc.args...)
			if code != ExitUsage || !strings.Contains(errOut, tc.want) {
				t.Errorf("got exit %d, stderr %q; want %d and %q", code, errOut, ExitUsage, tc.want)
			}
		})
	}
}
