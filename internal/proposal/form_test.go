package proposal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func readTestdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("reading %s: %v", name, err)
	}
	return string(b)
}

// allPresent is the Present set of a complete form.
func allPresent() map[string]bool {
	m := map[string]bool{}
	for _, f := range Fields {
		m[f.ID] = true
	}
	return m
}

var validForm = &Form{
	Project:            "Argo",
	Term:               "2026 Term 3 (Sep-Nov)",
	Name:               "Add Prometheus metrics to the workflow controller",
	Description:        "## Description\n\nThe workflow controller exposes few metrics today. This program adds\nPrometheus metrics for queue depth, reconciliation latency and errors.\n\n## Expected outcomes\n\n- Metrics merged upstream, with documentation.\n- A Grafana dashboard in the examples folder.",
	Technologies:       "Go, Kubernetes, Prometheus",
	SkillsSame:         true,
	Mentors:            "Jane Doe | @janedoe | jane@example.com | janedoe\nSam Lee | @sam-lee | sam@example.org | samlee42",
	Upstream:           "https://github.com/argoproj/argo-workflows/issues/1234",
	Prerequisites:      []string{"Resume", PrereqCodingChallenge},
	CodingChallengeURL: "https://github.com/argoproj/argo-workflows/issues/1200",
	Present:            allPresent(),
}

func TestParse(t *testing.T) {
	t.Parallel()
	valid := readTestdata(t, "valid.md")
	trailing := strings.ReplaceAll(valid, "\n", "   \n")
	tests := []struct {
		name string
		body string
		want *Form
	}{
		{name: "valid", body: valid, want: validForm},
		{name: "CRLF", body: strings.ReplaceAll(valid, "\n", "\r\n"), want: validForm},
		{name: "CR only", body: strings.ReplaceAll(valid, "\n", "\r"), want: validForm},
		{name: "trailing spaces", body: trailing, want: validForm},
		{name: "lower-case x", body: strings.ReplaceAll(valid, "[X]", "[x]"), want: validForm},
		{name: "empty", body: "", want: &Form{Present: map[string]bool{}}},
		{
			name: "hand-edited",
			body: readTestdata(t, "handedited.md"),
			want: &Form{
				Project:           "Argo",
				Term:              "2026 Term 3 (Sep-Nov)",
				Name:              "Add Prometheus metrics to the workflow controller",
				Description:       "### Why\n\nThe controller needs metrics.\n\n```\n### Mentors\nthis heading is inside a code block\n```",
				Technologies:      "Go, Kubernetes",
				SkillsSame:        true,
				Mentors:           "| Name | Handle | Email | LFID |\n|------|--------|-------|------|\n| Jane Doe | [@janedoe](https://github.com/janedoe) | [jane@example.com](mailto:jane@example.com) | janedoe |\n- Sam Lee | https://github.com/sam-lee | <sam@example.org> | samlee42",
				Upstream:          "See https://github.com/argoproj/argo-workflows/issues/1234.",
				Prerequisites:     []string{"Resume"},
				Custom:            true,
				CustomName:        "Blog post",
				CustomDescription: "Write a short blog post about Argo.",
				CustomFileUpload:  true,
				Present:           allPresent(),
				Extra:             []string{"Notes from the maintainers"},
			},
		},
		{
			name: "duplicate heading keeps the first",
			body: "### Term\n\n2026 Term 3 (Sep-Nov)\n\n### Term\n\n2026 Term 2 (Jun-Aug)\n",
			want: &Form{Term: "2026 Term 3 (Sep-Nov)", Present: map[string]bool{FieldTerm: true}, Duplicates: []string{FieldTerm}},
		},
		{
			name: "no response is empty",
			body: "### Program Name\n\n_No response_\n\n### Technologies\n\n  _No response_  \n",
			want: &Form{Present: map[string]bool{FieldName: true, FieldTechnologies: true}},
		},
		{
			name: "unknown prerequisite ignored",
			body: "### Application Prerequisites\n\n- [X] Resume\n- [X] Resume\n- [X] Portfolio\n- [ ] Cover Letter\n",
			want: &Form{Prerequisites: []string{"Resume"}, Present: map[string]bool{FieldPrerequisites: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Parse(tt.body)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Parse() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseMentors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		text string
		want []Mentor
	}{
		{
			name: "plain",
			text: "Jane Doe | @janedoe | jane@example.com | janedoe",
			want: []Mentor{{Line: 1, Name: "Jane Doe", Handle: "janedoe", Email: "jane@example.com", LFID: "janedoe", Parts: 4}},
		},
		{
			name: "table with header and links",
			text: "| Name | GitHub | Email | LFID |\n|---|---|---|---|\n| Jane | [@jane](https://github.com/jane) | [jane@x.org](mailto:jane@x.org) | `jane` |",
			want: []Mentor{{Line: 3, Name: "Jane", Handle: "jane", Email: "jane@x.org", LFID: "jane", Parts: 4}},
		},
		{
			name: "bullets, profile URL, angle brackets, mailto",
			text: "- Sam | https://github.com/Sam-Lee/ | <sam@x.org> | sam\n\n2. Ann | @ann | mailto:ann@x.org | ann",
			want: []Mentor{
				{Line: 1, Name: "Sam", Handle: "Sam-Lee", Email: "sam@x.org", LFID: "sam", Parts: 4},
				{Line: 3, Name: "Ann", Handle: "ann", Email: "ann@x.org", LFID: "ann", Parts: 4},
			},
		},
		{
			name: "short line",
			text: "Jane Doe, jane@example.com",
			want: []Mentor{{Line: 1, Name: "Jane Doe, jane@example.com", Parts: 1}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := ParseMentors(tt.text)
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Mentor{}, "Raw")); diff != "" {
				t.Errorf("ParseMentors() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// FuzzParse checks that Parse and Validate never panic, that findings
// are complete, that line endings and trailing
// spaces never change what it reads, and that values come out trimmed.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"valid.md", "handedited.md"} {
		f.Add(readTestdata(f, name))
	}
	f.Add("### Mentors\n\n```\n### Term\n")
	f.Add("### Program Description\n\n### Term\n\nx\n### Term\n")
	f.Fuzz(func(t *testing.T, body string) {
		body = strings.ReplaceAll(body, "\r", "")
		got := Parse(body)
		noisy := strings.ReplaceAll(body, "\n", " \t\r\n")
		if diff := cmp.Diff(got, Parse(noisy), cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("CRLF and trailing spaces changed the parse (-plain +noisy):\n%s", diff)
		}
		for _, v := range []string{got.Project, got.Term, got.Name, got.Description, got.Mentors, got.Upstream, got.CustomName} {
			if v != strings.TrimSpace(v) || strings.Contains(v, "\r") {
				t.Errorf("got value %q, want it trimmed and without CR", v)
			}
		}
		for id := range got.Present {
			if Label(id) == id {
				t.Errorf("got present id %q, want one of the form's fields", id)
			}
		}
		// Validation must not panic on whatever was parsed either.
		in := &Input{Config: testConfig(), Terms: testTerms(), Now: testNow, Open: []Issue{{Number: 2, Body: body}}}
		for _, f := range Validate(got, in).Findings {
			if f.Field == "" || f.Rule == "" || f.Message == "" {
				t.Errorf("got finding %+v, want field, rule and message set", f)
			}
		}
	})
}

func TestIsProposal(t *testing.T) {
	t.Parallel()
	valid := readTestdata(t, "valid.md")
	cfg := testConfig()
	tests := []struct {
		name  string
		issue Issue
		want  bool
	}{
		{"labels", Issue{Labels: []string{"lfx mentorship", "Proposal"}, Title: "anything"}, true},
		{"labels in other case", Issue{Labels: []string{"LFX Mentorship", "proposal"}}, true},
		{"one label only", Issue{Labels: []string{"Proposal"}, Body: valid}, false},
		{"title and headings", Issue{Title: "[CNCF LFX Proposal] Argo metrics", Body: valid}, true},
		{"title without headings", Issue{Title: "[CNCF LFX Proposal] Argo metrics", Body: "please add me"}, false},
		{"headings without title", Issue{Title: "Argo metrics", Body: valid}, false},
		{"other issue", Issue{Title: "Broken link in README", Labels: []string{"bug"}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := IsProposal(tt.issue, cfg); got != tt.want {
				t.Errorf("IsProposal() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHeading(t *testing.T) {
	t.Parallel()
	type result struct {
		Level int
		Text  string
		OK    bool
	}
	tests := []struct {
		line string
		want result
	}{
		{"### Term", result{3, "Term", true}},
		{"   ## Mentors ##", result{2, "Mentors", true}},
		{"### C# ###", result{3, "C#", true}},
		{"### Issue #12", result{3, "Issue #12", true}},
		{"###", result{3, "", true}},
		{"#Term", result{}},
		{"    ### Term", result{}},
		{"####### Term", result{}},
		{"Term", result{}},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			t.Parallel()
			var got result
			got.Level, got.Text, got.OK = heading(tt.line)
			if got != tt.want {
				t.Errorf("heading(%q) = %+v, want %+v", tt.line, got, tt.want)
			}
		})
	}
}
