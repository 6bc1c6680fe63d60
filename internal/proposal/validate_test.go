package proposal

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/finding"
)

var (
	closeT3 = time.Date(2026, time.July, 28, 18, 0, 0, 0, time.UTC)
	testNow = time.Date(2026, time.July, 10, 12, 0, 0, 0, time.UTC)
)

func testConfig() *config.Config { return config.Default() }

func testTerms() []Term {
	return []Term{
		{Year: 2026, Number: 2, Months: [2]string{"Jun", "Aug"}, ProposalsClose: time.Date(2026, time.April, 14, 18, 0, 0, 0, time.UTC)},
		{Year: 2026, Number: 3, Months: [2]string{"Sep", "Nov"}, ProposalsClose: closeT3},
	}
}

// edit returns the valid body with each old->new replacement made once;
// it fails the test when a replacement finds nothing, so a table row can
// never silently test the valid body.
func edit(t *testing.T, pairs ...string) string {
	t.Helper()
	body := readTestdata(t, "valid.md")
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(body, pairs[i]) {
			t.Fatalf("valid.md has no %q", pairs[i])
		}
		body = strings.Replace(body, pairs[i], pairs[i+1], 1)
	}
	return body
}

const (
	mentorsValid = "Jane Doe | @janedoe | jane@example.com | janedoe\nSam Lee | @sam-lee | sam@example.org | samlee42"
	prereqsValid = "- [X] Resume\n- [ ] Cover Letter\n- [ ] School Enrollment Verification\n- [ ] Participation Permission from school or employer\n- [X] Coding Challenge"
	customOff    = "- [ ] Custom Prerequisite (fill in details below)"
	noName       = "### Custom Prerequisite Name\n\n_No response_"
	noDesc       = "### Custom Prerequisite Description\n\n_No response_"
)

func summarize(fs []finding.Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s %s", f.Field, f.Rule, f.Severity))
	}
	return out
}

func TestValidate(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 80)
	tests := []struct {
		name     string
		body     func(t *testing.T) string
		cfg      func(c *config.Config)
		now      time.Time
		noTerms  bool
		projects []string
		want     []string
		wantText string // a substring of the first finding's message
	}{
		{name: "valid", body: func(t *testing.T) string { return edit(t) }, want: []string{}},
		{
			name: "CRLF valid",
			body: func(t *testing.T) string { return strings.ReplaceAll(edit(t), "\n", "\r\n") },
			want: []string{},
		},
		{
			name: "hand-edited",
			body: func(t *testing.T) string { return readTestdata(t, "handedited.md") },
			want: []string{},
		},
		{
			name: "missing heading",
			body: func(t *testing.T) string { return edit(t, "### Technologies\n\nGo, Kubernetes, Prometheus\n\n", "") },
			want: []string{"technologies proposal-missing-heading error"},
		},
		{
			name: "required field empty",
			body: func(t *testing.T) string {
				return edit(t, "Add Prometheus metrics to the workflow controller", "_No response_")
			},
			want:     []string{"program_name proposal-required error"},
			wantText: "Program Name is required",
		},
		{
			name:     "project not in config list",
			body:     func(t *testing.T) string { return edit(t, "\nArgo\n", "\nSpinKube\n") },
			cfg:      func(c *config.Config) { c.Proposals.Projects = []string{"Argo", "Spin"} },
			want:     []string{"cncf_project proposal-unknown-project error"},
			wantText: "`SpinKube` is not a CNCF project",
		},
		{
			name:     "project in wrong case",
			body:     func(t *testing.T) string { return edit(t, "\nArgo\n", "\nargo\n") },
			cfg:      func(c *config.Config) { c.Proposals.Projects = []string{"Argo"} },
			want:     []string{"cncf_project proposal-unknown-project error"},
			wantText: "write `Argo`",
		},
		{
			name: "Spin is not SpinKube",
			body: func(t *testing.T) string { return edit(t, "\nArgo\n", "\nSpin\n") },
			cfg:  func(c *config.Config) { c.Proposals.Projects = []string{"SpinKube"} },
			want: []string{"cncf_project proposal-unknown-project error"},
		},
		{
			name:     "project not among the form's options",
			body:     func(t *testing.T) string { return edit(t, "\nArgo\n", "\nArgo CD\n") },
			projects: []string{"Argo", "Flux"},
			want:     []string{"cncf_project proposal-unknown-project error"},
		},
		{
			name:     "config list wins over the form's options",
			body:     func(t *testing.T) string { return edit(t, "\nArgo\n", "\nFlux\n") },
			cfg:      func(c *config.Config) { c.Proposals.Projects = []string{"Flux"} },
			projects: []string{"Argo"},
			want:     []string{},
		},
		{
			name: "any project when config lists none",
			body: func(t *testing.T) string { return edit(t, "\nArgo\n", "\nSomething New\n") },
			want: []string{},
		},
		{
			name:     "term written loosely",
			body:     func(t *testing.T) string { return edit(t, "2026 Term 3 (Sep-Nov)", "Term 3, 2026") },
			want:     []string{"term proposal-term-format error"},
			wantText: `write "2026 Term 3 (Sep-Nov)"`,
		},
		{
			name: "loosely written term still composes the name",
			body: func(t *testing.T) string {
				return edit(t, "2026 Term 3 (Sep-Nov)", "2026 term 3", "Add Prometheus metrics to the workflow controller", long)
			},
			want: []string{"term proposal-term-format error", "program_name proposal-name-too-long error"},
		},
		{
			name: "term not a term",
			body: func(t *testing.T) string { return edit(t, "2026 Term 3 (Sep-Nov)", "autumn") },
			want: []string{"term proposal-term-format error"},
		},
		{
			name:     "term months wrong",
			body:     func(t *testing.T) string { return edit(t, "2026 Term 3 (Sep-Nov)", "2026 Term 3 (Sep-Dec)") },
			want:     []string{"term proposal-term-format error"},
			wantText: "term 3 runs Sep-Nov",
		},
		{
			name:     "term without folder",
			body:     func(t *testing.T) string { return edit(t, "2026 Term 3 (Sep-Nov)", "2027 Term 1 (Mar-May)") },
			want:     []string{"term proposal-term-unknown error"},
			wantText: `pick one of "2026 Term 2 (Jun-Aug)", "2026 Term 3 (Sep-Nov)"`,
		},
		{
			name:    "term not checked without terms",
			body:    func(t *testing.T) string { return edit(t, "2026 Term 3 (Sep-Nov)", "2027 Term 1 (Mar-May)") },
			noTerms: true,
			want:    []string{},
		},
		{
			name:     "proposal window closed",
			body:     func(t *testing.T) string { return edit(t) },
			now:      closeT3,
			want:     []string{"term proposal-term-closed warning"},
			wantText: "closed on Tue, Jul 28 2026, 18:00 UTC",
		},
		{
			name:     "program name too long",
			body:     func(t *testing.T) string { return edit(t, "Add Prometheus metrics to the workflow controller", long) },
			want:     []string{"program_name proposal-name-too-long error"},
			wantText: "107 characters, 7 over LFX's limit of 100: shorten the program name to at most 73 characters",
		},
		{
			name: "program name exactly 100",
			body: func(t *testing.T) string {
				return edit(t, "Add Prometheus metrics to the workflow controller", long[:73])
			},
			want: []string{},
		},
		{
			name: "description too long",
			body: func(t *testing.T) string {
				return edit(t, "## Expected outcomes", strings.Repeat("y", 3000))
			},
			want: []string{"program_description proposal-description-too-long error"},
		},
		{
			name: "no skills",
			body: func(t *testing.T) string { return edit(t, "- [X] Yes, the required", "- [ ] Yes, the required") },
			want: []string{"skills proposal-skills error"},
		},
		{
			name: "skills different from technologies",
			body: func(t *testing.T) string {
				return edit(t, "- [X] Yes, the required", "- [ ] Yes, the required", "### Required/Desirable Skills\n\n_No response_", "### Required/Desirable Skills\n\nTechnical writing")
			},
			want: []string{},
		},
		{
			name: "skills both",
			body: func(t *testing.T) string {
				return edit(t, "### Required/Desirable Skills\n\n_No response_", "### Required/Desirable Skills\n\nTechnical writing")
			},
			want: []string{"skills proposal-skills-both warning"},
		},
		{
			name: "five mentors",
			body: func(t *testing.T) string {
				return edit(t, mentorsValid, mentorsValid+"\nA | @a | a@x.org | a\nB | @b | b@x.org | b\nC | @c | c@x.org | c")
			},
			want: []string{"mentors proposal-mentor-count error"},
		},
		{
			name:     "one mentor",
			body:     func(t *testing.T) string { return edit(t, "\nSam Lee | @sam-lee | sam@example.org | samlee42", "") },
			want:     []string{"mentors proposal-single-mentor warning"},
			wantText: "only one mentor",
		},
		{
			name: "mentor line without LFID",
			body: func(t *testing.T) string {
				return edit(t, "sam@example.org | samlee42", "sam@example.org")
			},
			want:     []string{"mentors proposal-mentor-format error", "mentors proposal-mentor-lfid error"},
			wantText: "mentor 2 (`Sam Lee`) has 3 parts, not 4",
		},
		{
			name:     "bad handle",
			body:     func(t *testing.T) string { return edit(t, "@sam-lee", "@-sam lee") },
			want:     []string{"mentors proposal-mentor-handle error"},
			wantText: "`-sam lee` is not a GitHub handle",
		},
		{
			name:     "bad email",
			body:     func(t *testing.T) string { return edit(t, "jane@example.com", "jane@example") },
			want:     []string{"mentors proposal-mentor-email error"},
			wantText: "mentor 1, the primary (`Jane Doe`)",
		},
		{
			name: "email as mailto link",
			body: func(t *testing.T) string {
				return edit(t, "jane@example.com", "[jane@example.com](mailto:jane@example.com)")
			},
			want: []string{},
		},
		{
			name:     "LFID placeholder",
			body:     func(t *testing.T) string { return edit(t, "| samlee42", "| TBD") },
			want:     []string{"mentors proposal-mentor-lfid error"},
			wantText: "has no LFID yet",
		},
		{
			name: "LFID with space, at and slash",
			body: func(t *testing.T) string {
				return edit(t, mentorsValid, "Jane Doe | @janedoe | jane@example.com | jane doe\nSam | @sam | sam@x.org | sam@x.org\nAnn | @ann | ann@x.org | openprofile.dev/ann")
			},
			want: []string{"mentors proposal-mentor-lfid error", "mentors proposal-mentor-lfid error", "mentors proposal-mentor-lfid error"},
		},
		{
			name: "mentor listed twice by email in other case",
			body: func(t *testing.T) string {
				return edit(t, "sam@example.org | samlee42", "JANE@example.com | samlee42")
			},
			want:     []string{"mentors proposal-mentor-duplicate error"},
			wantText: "repeats mentor 1's email",
		},
		{
			name: "mentor listed twice by LFID",
			body: func(t *testing.T) string { return edit(t, "| samlee42", "| JaneDoe") },
			want: []string{"mentors proposal-mentor-duplicate error"},
		},
		{
			name: "upstream without URL",
			body: func(t *testing.T) string {
				return edit(t, "https://github.com/argoproj/argo-workflows/issues/1234", "github.com/argoproj/argo-workflows/issues/1234")
			},
			want: []string{"upstream_issue_url proposal-upstream-url error"},
		},
		{
			name: "upstream with two URLs",
			body: func(t *testing.T) string {
				return edit(t, "https://github.com/argoproj/argo-workflows/issues/1234", "https://github.com/a/b/issues/1 and https://github.com/a/b/issues/2")
			},
			want:     []string{"upstream_issue_url proposal-upstream-url error"},
			wantText: "2 URLs given",
		},
		{
			name: "upstream as Markdown link",
			body: func(t *testing.T) string {
				return edit(t, "https://github.com/argoproj/argo-workflows/issues/1234", "[https://github.com/a/b/issues/1](https://github.com/a/b/issues/1)")
			},
			want: []string{},
		},
		{
			name: "coding challenge without URL",
			body: func(t *testing.T) string {
				return edit(t, "https://github.com/argoproj/argo-workflows/issues/1200", "_No response_")
			},
			want: []string{"coding_challenge_url proposal-coding-challenge error"},
		},
		{
			name: "coding challenge URL without box",
			body: func(t *testing.T) string { return edit(t, "- [X] Coding Challenge", "- [ ] Coding Challenge") },
			want: []string{"coding_challenge_url proposal-coding-challenge error"},
		},
		{
			name: "coding challenge URL not a URL",
			body: func(t *testing.T) string {
				return edit(t, "https://github.com/argoproj/argo-workflows/issues/1200", "see the docs")
			},
			want: []string{"coding_challenge_url proposal-coding-challenge error"},
		},
		{
			name: "custom prerequisite ticked and empty",
			body: func(t *testing.T) string {
				return edit(t, customOff, "- [x] Custom Prerequisite (fill in details below)")
			},
			want: []string{"custom_prerequisite_name proposal-custom-prerequisite error", "custom_prerequisite_description proposal-custom-prerequisite error"},
		},
		{
			name: "custom prerequisite too long",
			body: func(t *testing.T) string {
				return edit(t, customOff, "- [x] Custom Prerequisite (fill in details below)",
					noName, "### Custom Prerequisite Name\n\n"+strings.Repeat("n", 21),
					noDesc, "### Custom Prerequisite Description\n\n"+strings.Repeat("d", 501))
			},
			want:     []string{"custom_prerequisite_name proposal-custom-prerequisite error", "custom_prerequisite_description proposal-custom-prerequisite error"},
			wantText: "21 characters, LFX allows 20: shorten it by 1",
		},
		{
			name: "custom prerequisite at the limits",
			body: func(t *testing.T) string {
				return edit(t, customOff, "- [x] Custom Prerequisite (fill in details below)",
					noName, "### Custom Prerequisite Name\n\n"+strings.Repeat("n", 20),
					noDesc, "### Custom Prerequisite Description\n\n"+strings.Repeat("d", 500))
			},
			want: []string{},
		},
		{
			name: "custom prerequisite filled but not ticked",
			body: func(t *testing.T) string {
				return edit(t, noName, "### Custom Prerequisite Name\n\nBlog post", "- [ ] Yes — completion", "- [X] Yes — completion")
			},
			want: []string{"custom_prerequisite_name proposal-custom-prerequisite error", "custom_prerequisite_file_upload proposal-custom-prerequisite error"},
		},
		{
			name: "rule turned off in config",
			body: func(t *testing.T) string { return edit(t, "\nSam Lee | @sam-lee | sam@example.org | samlee42", "") },
			cfg:  func(c *config.Config) { c.Severity[RuleSingleMentor] = finding.SeverityOff },
			want: []string{},
		},
		{
			name: "rule made an error in config",
			body: func(t *testing.T) string { return edit(t, "\nSam Lee | @sam-lee | sam@example.org | samlee42", "") },
			cfg:  func(c *config.Config) { c.Severity[RuleSingleMentor] = finding.SeverityError },
			want: []string{"mentors proposal-single-mentor error"},
		},
		{
			name: "findings in form order",
			body: func(t *testing.T) string {
				return edit(t, "https://github.com/argoproj/argo-workflows/issues/1234", "none", "Argo", "_No response_")
			},
			want: []string{"cncf_project proposal-required error", "upstream_issue_url proposal-upstream-url error"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig()
			if tt.cfg != nil {
				tt.cfg(cfg)
			}
			in := &Input{Config: cfg, Now: testNow, Terms: testTerms(), Issue: Issue{Number: 10}}
			if !tt.now.IsZero() {
				in.Now = tt.now
			}
			in.Projects = tt.projects
			if tt.noTerms {
				in.Terms = nil
			}
			v := Validate(Parse(tt.body(t)), in)
			if diff := cmp.Diff(tt.want, summarize(v.Findings)); diff != "" {
				t.Errorf("findings mismatch (-want +got):\n%s\nall: %v", diff, v.Findings)
			}
			if tt.wantText != "" && (len(v.Findings) == 0 || !strings.Contains(v.Findings[0].Message, tt.wantText)) {
				t.Errorf("got findings %v, want the first to contain %q", v.Findings, tt.wantText)
			}
		})
	}
}

func TestComposeName(t *testing.T) {
	t.Parallel()
	got := ComposeName("Argo", "Metrics", Term{Year: 2026, Number: 3, Months: [2]string{"Sep", "Nov"}})
	if want := "CNCF - Argo: Metrics (2026 Term 3)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNormalizeURL(t *testing.T) {
	t.Parallel()
	base := "github.com/argoproj/argo/issues/1"
	for _, in := range []string{
		"https://github.com/argoproj/argo/issues/1",
		"http://www.github.com/argoproj/argo/issues/1/",
		"https://github.com/Argoproj/Argo/issues/1#issuecomment-5",
	} {
		t.Run(in, func(t *testing.T) {
			t.Parallel()
			if got := NormalizeURL(in); got != base {
				t.Errorf("NormalizeURL(%q) = %q, want %q", in, got, base)
			}
		})
	}
	if a, b := NormalizeURL("https://github.com/a/b/issues/1"), NormalizeURL("https://github.com/a/b/issues/2"); a == b {
		t.Errorf("got equal %q for different issues, want different", a)
	}
}

func TestQuota(t *testing.T) {
	t.Parallel()
	q := config.Quota{Default: 4, Overrides: map[string]int{"kubernetes": 8, "open-policy-agent-opa": 2}}
	tests := []struct {
		project string
		want    int
	}{{"Argo", 4}, {"Kubernetes", 8}, {"Open Policy Agent (OPA)", 2}}
	for _, tt := range tests {
		t.Run(tt.project, func(t *testing.T) {
			t.Parallel()
			if got := Quota(q, tt.project); got != tt.want {
				t.Errorf("Quota(%q) = %d, want %d", tt.project, got, tt.want)
			}
		})
	}
}
