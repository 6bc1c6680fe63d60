package export

import (
	"errors"
	"os"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/golden"
	"github.com/mentorbot/mentorbot/internal/plan"
)

var fixtureNow = time.Date(2027, 2, 20, 17, 30, 0, 123e6, time.UTC)

// fixtureInput is the export of term 2027-1 from testdata: two plain
// approved proposals, a hostile one, and three that must stay out (another
// term, not approved, closed).
func fixtureInput(t testing.TB) *Input {
	t.Helper()
	cfg := config.Default()
	data, err := os.ReadFile("testdata/issues.json")
	if err != nil {
		t.Fatal(err)
	}
	issues, comments, err := DecodeIssues(data)
	if err != nil {
		t.Fatal(err)
	}
	urls := map[int]string{}
	for n, cs := range comments {
		if u := RecordedLFXURL(cs, cfg.IsBot); u != "" {
			urls[n] = u
		}
	}
	pdata, err := os.ReadFile("testdata/projects.yml")
	if err != nil {
		t.Fatal(err)
	}
	projects, err := ParseProjects(pdata, "testdata/projects.yml")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("testdata/README.md")
	if err != nil {
		t.Fatal(err)
	}
	term, err := ParseTerm("2027-1", cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &Input{Term: term, Issues: issues, Projects: projects, DefaultBranch: "main", LFXURLs: urls,
		Base:       Files{ReadmeName: {Exists: true, Content: string(readme), SHA: "readme-sha"}},
		RepoLabels: []string{"lfx mentorship", "Proposal", "CNCF Approved"},
		Config:     cfg, Now: fixtureNow}
}

// written returns the files of the plan's PutFile actions over files.
func written(t testing.TB, files Files, p *plan.Plan) Files {
	t.Helper()
	out := Files{}
	for k, v := range files {
		out[k] = v
	}
	for _, a := range p.Actions {
		if pf, ok := a.(plan.PutFile); ok {
			out[path.Base(pf.Path)] = FileState{Exists: true, Content: pf.Content, SHA: "sha-of-" + path.Base(pf.Path)}
		}
	}
	return out
}

// labelled returns the issues with the plan's labels added.
func labelled(issues []Issue, p *plan.Plan) []Issue {
	out := slices.Clone(issues)
	for _, a := range p.Actions {
		if al, ok := a.(plan.AddLabels); ok {
			for i := range out {
				if out[i].Number == al.Issue.Number {
					out[i].Labels = append(slices.Clone(out[i].Labels), al.Labels...)
				}
			}
		}
	}
	return out
}

func TestPlanGolden(t *testing.T) {
	t.Parallel()
	res, err := Plan(fixtureInput(t))
	if err != nil {
		t.Fatal(err)
	}
	files := written(t, nil, res.Plan)
	golden.Assert(t, "testdata/golden/lfx-export.json", []byte(files[ExportName].Content))
	golden.Assert(t, "testdata/golden/lfx-tracking.csv", []byte(files[TrackingName].Content))
	golden.Assert(t, "testdata/golden/README.md", []byte(files[ReadmeName].Content))
	golden.Assert(t, "testdata/golden/plan.txt", []byte(res.Plan.Text()))
	golden.Assert(t, "testdata/golden/pr-body.md", []byte(PRBody(res.Export.termOf(t), res)))
	var nums []int
	for _, p := range res.Export.Programs {
		nums = append(nums, p.IssueNumber)
	}
	if diff := cmp.Diff([]int{103, 102, 101}, nums); diff != "" {
		t.Errorf("exported issues (-want +got):\n%s", diff)
	}
	if got, want := res.Export.Programs[2].LFXURL, "https://mentorship.lfx.linuxfoundation.org/project/3f2c1a9e-8d4b-4c7a-9e1f-2b6d5a8c0e17"; got != want {
		t.Errorf("LFX URL of #101: got %q, want %q (the bot's record; the proposer's is ignored)", got, want)
	}
}

func TestPlanPaths(t *testing.T) {
	t.Parallel()
	in := fixtureInput(t)
	res, err := Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	folder := "programs/lfx-mentorship/2027/01-Mar-May/"
	for _, a := range res.Plan.Actions {
		if pf, ok := a.(plan.PutFile); ok {
			if !strings.HasPrefix(pf.Path, folder) || strings.Count(pf.Path, "/") != strings.Count(folder, "/") {
				t.Errorf("got a write to %q, want only files directly in %s", pf.Path, folder)
			}
			if pf.Branch != "mentorbot/lfx-export-2027-1" {
				t.Errorf("got a write on branch %q, want mentorbot/lfx-export-2027-1", pf.Branch)
			}
		}
	}
}

func TestRerunChangesNothing(t *testing.T) {
	t.Parallel()
	in := fixtureInput(t)
	first, err := Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		edit func(in *Input)
	}{
		{"merged into the default branch", func(in *Input) { in.Base = written(t, in.Base, first.Plan) }},
		{"pull request still open", func(in *Input) { in.Branch = written(t, in.Base, first.Plan) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			again := fixtureInput(t)
			tt.edit(again)
			again.Issues = labelled(again.Issues, first.Plan)
			again.RepoLabels = append(again.RepoLabels, "Exported")
			again.Now = fixtureNow.Add(48 * time.Hour)
			res, err := Plan(again)
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range res.Plan.Actions {
				if _, ok := a.(plan.PutFile); ok {
					t.Errorf("got %s on a re-run, want no write", a.Describe())
				}
				if _, ok := a.(plan.AddLabels); ok {
					t.Errorf("got %s on a re-run, want no label", a.Describe())
				}
			}
			if got, want := res.Export.Generated, first.Export.Generated; got != want {
				t.Errorf("_generated: got %q, want %q kept", got, want)
			}
		})
	}
}

func TestSticky(t *testing.T) {
	t.Parallel()
	in := fixtureInput(t)
	first, err := Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	exported := first.Export.Programs[1] // #102, as LFX was loaded with it
	if exported.IssueNumber != 102 {
		t.Fatalf("got #%d, want #102", exported.IssueNumber)
	}
	// A material edit after approval: the body changes and the label lapses.
	edit := func(approved bool) *Input {
		again := fixtureInput(t)
		again.Base = written(t, in.Base, first.Plan)
		for i := range again.Issues {
			if again.Issues[i].Number == 102 {
				again.Issues[i].Body = strings.Replace(again.Issues[i].Body, "Docs for multi-tenancy", "Docs for multi-tenancy, rewritten", 1)
				if !approved {
					again.Issues[i].Labels = slices.DeleteFunc(slices.Clone(again.Issues[i].Labels), func(l string) bool { return l == "CNCF Approved" })
				}
			}
		}
		return again
	}
	t.Run("label lapsed", func(t *testing.T) {
		t.Parallel()
		res, err := Plan(edit(false))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(exported, res.Export.Programs[1]); diff != "" {
			t.Errorf("#102 not carried forward as exported (-exported +got):\n%s", diff)
		}
		if diff := cmp.Diff([]Ref{{Issue: 102, Name: exported.NameFull}}, res.Kept); diff != "" {
			t.Errorf("kept (-want +got):\n%s", diff)
		}
		if res.Changed {
			t.Errorf("got changed files, want none: the export is as it was")
		}
	})
	t.Run("approved again", func(t *testing.T) {
		t.Parallel()
		res, err := Plan(edit(true))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := res.Export.Programs[1].NameShort, "Docs for multi-tenancy, rewritten"; got != want {
			t.Errorf("got name %q, want %q", got, want)
		}
		if len(res.Updated) != 1 || res.Updated[0].Issue != 102 || len(res.Added) != 0 {
			t.Errorf("got added %v, updated %v; want #102 updated only", res.Added, res.Updated)
		}
		if !strings.Contains(PRBody(in.Term, res), "**Updated** (1)\n\n- #102 ") {
			t.Errorf("the pull request body does not list #102 as updated:\n%s", PRBody(in.Term, res))
		}
	})
}

func TestCorruptPreviousExport(t *testing.T) {
	t.Parallel()
	valid := "{\n  \"_generated\": \"x\",\n  \"_term\": \"2027 Term 1 (Mar-May)\",\n  \"_count\": 1,\n  \"programs\": [\n    {\"issue_number\": 7}\n  ]\n}\n"
	tests := []struct {
		name, content string
		line          int
		msg           string
	}{
		{"cut short", valid[:40], 3, "cut short"},
		{"syntax", strings.Replace(valid, `"_count": 1,`, `"_count": 1,,`, 1), 4, "not valid JSON"},
		{"wrong type", strings.Replace(valid, `"_count": 1`, `"_count": "1"`, 1), 4, "_count should be int"},
		{"unknown field", strings.Replace(valid, `{"issue_number": 7}`, `{"issue_number": 7, "extra": 1}`, 1), 6, `unknown field "extra"`},
		{"count", strings.Replace(valid, `"_count": 1`, `"_count": 2`, 1), 4, "_count is 2 but there are 1 programs"},
		{"no number", strings.Replace(valid, `"issue_number": 7`, `"issue_number": 0`, 1), 6, "issue_number 0 is missing or repeated"},
		{"empty", "", 1, "empty"},
		{"no programs", `{"_generated": "x", "_term": "t", "_count": 0}`, 0, `no "programs"`},
		{"trailing", valid + "{}", 9, "after the export object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := fixtureInput(t)
			in.Base[ExportName] = FileState{Exists: true, Content: tt.content}
			res, err := Plan(in)
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("got result %v, error %v; want a *FileError", res, err)
			}
			if fe.Path != "programs/lfx-mentorship/2027/01-Mar-May/lfx-export.json" || fe.Line != tt.line || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("got %q, want the export's path, line %d and %q", err, tt.line, tt.msg)
			}
		})
	}
}

func TestHostileText(t *testing.T) {
	t.Parallel()
	res, err := Plan(fixtureInput(t))
	if err != nil {
		t.Fatal(err)
	}
	readme := written(t, nil, res.Plan)[ReadmeName].Content
	generated := readme[strings.Index(readme, "\n---\n"):]
	body := PRBody(res.Export.termOf(t), res)
	for _, tt := range []struct{ where, text string }{
		{"README", generated}, {"pull request body", strings.TrimPrefix(body, PRMarker(res.Export.termOf(t)))},
	} {
		for _, bad := range []string{"<img", "<script", "<!-- mentorbot:proposal", "<b>HTML", "<b>Bold", "<i>", "@everyone", "@octocat", "@org/team", "@admin", "\n### injected"} {
			if strings.Contains(tt.text, bad) && !inCodeSpan(tt.text, bad) {
				t.Errorf("%s: got %q in it, want hostile text neutralised", tt.where, bad)
			}
		}
	}
	if !strings.Contains(generated, "  > <b>code</b> <\u200b!-- mentorbot:x -->") {
		t.Errorf("README: a fenced code block's text should be kept as code, its comment opener broken")
	}
	if !strings.Contains(generated, "me@example.com") {
		t.Errorf("README: an email address should be left alone")
	}
	csv := written(t, nil, res.Plan)[TrackingName].Content
	if !strings.Contains(csv, `"'=HYPERLINK(""http://evil"")"`) {
		t.Errorf("CSV: a formula cell should be neutralised with a leading quote:\n%s", csv)
	}
}

// termOf is the fixture's term, for the hostile-text test.
func (f *File) termOf(t testing.TB) Term {
	term, err := ParseTerm("2027-1", config.Default())
	if err != nil {
		t.Fatal(err)
	}
	return term
}

// inCodeSpan reports whether every occurrence of s in text is inside a
// one-line code span, where GitHub renders no HTML and links no mention.
func inCodeSpan(text, s string) bool {
	for _, line := range strings.Split(text, "\n") {
		for i := strings.Index(line, s); i >= 0; {
			if strings.Count(line[:i], "`")%2 != 1 || !strings.Contains(line[i:], "`") {
				return false
			}
			j := strings.Index(line[i+1:], s)
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return true
}

func TestLFXURLStays(t *testing.T) {
	t.Parallel()
	const u = "https://mentorship.lfx.linuxfoundation.org/project/00000000-0000-0000-0000-000000000102"
	in := fixtureInput(t)
	in.LFXURLs[102] = u // recorded with /lfx-url: the files are rebuilt on the branch
	first, err := Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, where := range []string{"on the export branch", "merged"} {
		again := fixtureInput(t) // a later export run that reads no records
		if where == "merged" {
			again.Base = written(t, again.Base, first.Plan)
		} else {
			again.Branch = written(t, again.Base, first.Plan)
		}
		res, err := Plan(again)
		if err != nil {
			t.Fatal(err)
		}
		if got := res.Export.Programs[1]; got.IssueNumber != 102 || got.LFXURL != u {
			t.Errorf("%s: got #%d with LFX URL %q, want #102 with %q", where, got.IssueNumber, got.LFXURL, u)
		}
	}
}
