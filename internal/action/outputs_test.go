package action

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/githubtest"
	"go.yaml.in/yaml/v3"
)

// actionYAML reads the inputs and outputs action.yml declares.
func actionYAML(t *testing.T) (inputs, outputs map[string]bool) {
	t.Helper()
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var meta struct {
		Inputs  map[string]any `yaml:"inputs"`
		Outputs map[string]any `yaml:"outputs"`
	}
	if err := yaml.Unmarshal(data, &meta); err != nil {
		t.Fatal(err)
	}
	inputs, outputs = map[string]bool{}, map[string]bool{}
	for k := range meta.Inputs {
		inputs[k] = true
	}
	for k := range meta.Outputs {
		outputs[k] = true
	}
	return inputs, outputs
}

// runnerNames scans internal/runner's code for the string literals passed
// to SetOutput (outputs) and to a job's Params p.Get / p.Bool (inputs).
func runnerNames(t *testing.T) (inputs, outputs map[string]bool) {
	t.Helper()
	files, err := filepath.Glob("../runner/*.go")
	if err != nil {
		t.Fatal(err)
	}
	inputs, outputs = map[string]bool{}, map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			lit, isLit := call.Args[0].(*ast.BasicLit)
			if !ok || !isLit || lit.Kind != token.STRING {
				return true
			}
			name, _ := strconv.Unquote(lit.Value)
			recv, _ := sel.X.(*ast.Ident)
			switch {
			case sel.Sel.Name == "SetOutput":
				outputs[name] = true
			case recv != nil && recv.Name == "p" && (sel.Sel.Name == "Get" || sel.Sel.Name == "Bool"):
				inputs[name] = true
			}
			return true
		})
	}
	return inputs, outputs
}

// appOnlyParams are job options only the App sets; they are not inputs.
var appOnlyParams = map[string]bool{"check_run": true}

// parseOutputs reads a GITHUB_OUTPUT file written in the multi-line form.
func parseOutputs(file string) map[string]string {
	values := map[string]string{}
	lines := strings.Split(file, "\n")
	for i := 0; i < len(lines); i++ {
		name, delim, ok := strings.Cut(lines[i], "<<")
		if !ok {
			continue
		}
		var value []string
		for i++; i < len(lines) && lines[i] != delim; i++ {
			value = append(value, lines[i])
		}
		values[name] = strings.Join(value, "\n")
	}
	return values
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestOutputsDeclared runs every job through the Action against the fake
// GitHub, in the modes that set different outputs, and checks that every
// output written to GITHUB_OUTPUT is declared in action.yml, that the runs
// wrote every output the runner's code can set (so a new output cannot
// escape the test), and that every option a job reads is an input.
func TestOutputsDeclared(t *testing.T) {
	t.Parallel()
	declaredIn, declaredOut := actionYAML(t)
	codeIn, codeOut := runnerNames(t)

	written := map[string]bool{}
	record := func(job, outputs string) {
		for n := range parseOutputs(outputs) {
			if !declaredOut[n] {
				t.Errorf("%s: wrote output %q, which action.yml does not declare", job, n)
			}
			written[n] = true
		}
	}
	prEvent := func(n int) map[string]any {
		return map[string]any{"action": "opened", "number": n, "sender": map[string]any{"login": "alice", "type": "User"},
			"pull_request": map[string]any{"number": n, "head": map[string]any{"sha": "abc", "ref": "f"}, "base": map[string]any{"ref": "main"}}}
	}
	sender := map[string]any{"login": "ann-smith", "type": "User"}

	// validate
	srv := exampleRepo(t)
	pr := srv.SeedIssue("example", "mentoring", githubtest.Issue{Title: "2027 Term 1", IsPull: true, User: "alice"})
	srv.SetPullFiles("example", "mentoring", pr.Number, []string{"programs/lfx-mentorship/2027/01-Mar-May/README.md"})
	_, out := runEvent(t, srv, "pull_request", prEvent(pr.Number), map[string]string{"FAIL_ON": "never"})
	record("validate and labels", out)

	// meeting: commit, pull_request mode, lint
	for _, in := range []map[string]string{
		{"COMMAND": "meeting"},
		{"COMMAND": "meeting", "MODE": "pull_request"},
		{"COMMAND": "meeting", "LINT": "true"},
	} {
		_, out := runEvent(t, exampleRepo(t), "workflow_dispatch", map[string]any{"sender": sender}, in)
		record("meeting "+in["MODE"]+in["LINT"], out)
	}

	// proposal and command on an issues event
	srv = exampleRepo(t)
	is := seedExampleIssue(t, srv, "proposal-13-flux-docs.json", "ann-smith", "lfx mentorship", "Proposal")
	_, out = runEvent(t, srv, "issues", map[string]any{"action": "opened", "sender": sender, "issue": issueJSON(is)},
		map[string]string{"COMMAND": "proposal", "FAIL_ON": "never"})
	record("proposal", out)
	c := srv.SeedComment("example", "mentoring", is.Number, "ann-smith", "/hold")
	_, out = runEvent(t, srv, "issue_comment", map[string]any{"action": "created", "sender": sender, "issue": issueJSON(is),
		"comment": map[string]any{"id": c.ID, "body": c.Body, "user": map[string]any{"login": "ann-smith"}}}, map[string]string{"COMMAND": "command"})
	record("command", out)

	// umbrella: dry run, then applied
	srv = exampleRepo(t)
	for _, dry := range []string{"true", "false"} {
		_, out := runEvent(t, srv, "workflow_dispatch", map[string]any{"sender": sender},
			map[string]string{"COMMAND": "umbrella", "TERM": "2027-1", "DRY_RUN": dry})
		record("umbrella dry_run="+dry, out)
	}

	// export: an approved proposal of 2027 Term 1, applied
	srv = exampleRepo(t)
	seedExampleIssue(t, srv, "proposal-12-argo-metrics.json", "janedoe", "lfx mentorship", "Proposal", "CNCF Approved")
	_, out = runEvent(t, srv, "workflow_dispatch", map[string]any{"sender": sender},
		map[string]string{"COMMAND": "export", "TERM": "2027-1", "DRY_RUN": "false"})
	record("export", out)

	if diff := cmp.Diff(keys(codeOut), keys(written)); diff != "" {
		t.Errorf("outputs the runner can set (-) but no run here wrote (+): extend this test (-code +written):\n%s", diff)
	}
	for n := range codeOut {
		if !declaredOut[n] {
			t.Errorf("runner sets output %q, which action.yml does not declare", n)
		}
	}
	for n := range codeIn {
		if !declaredIn[n] && !appOnlyParams[n] {
			t.Errorf("a job reads option %q, which action.yml does not declare as an input", n)
		}
	}
}

// TestDryRunChangesNothing checks that a dry run writes nothing to GitHub
// and says so: changed=false, though the plan has a change.
func TestDryRunChangesNothing(t *testing.T) {
	t.Parallel()
	srv := exampleRepo(t)
	res, out := runEvent(t, srv, "schedule", map[string]any{}, map[string]string{"DRY_RUN": "true"})
	// The dates jobs also run on a schedule; off by default, they skip.
	planned := 0
	for _, r := range res.Results {
		if r.Job == "meeting" && !r.Plan.Empty() {
			planned++
		} else if r.Job != "meeting" && r.Skipped == "" {
			t.Errorf("got job %s planning with the default config, want it skipped", r.Job)
		}
	}
	if planned != 1 {
		t.Fatalf("got results %s, want the meeting job with a planned change", jobs(res.Results))
	}
	if _, writes := srv.Total(); writes != 0 {
		t.Errorf("got %d writes, want 0 in a dry run", writes)
	}
	if got := parseOutputs(out)["changed"]; got != "false" {
		t.Errorf("got changed=%q, want false in a dry run (outputs:\n%s)", got, out)
	}
}
