package export

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/proposal"
	"github.com/mentorbot/mentorbot/internal/term"
)

// Issue is the part of a proposal issue the export reads.
type Issue struct {
	Number int      `json:"number"`
	Title  string   `json:"title"`
	Body   string   `json:"body"`
	State  string   `json:"state"`
	URL    string   `json:"html_url"`
	Labels []string `json:"labels"`
	Author string   `json:"author"`
}

// HasLabel reports whether the issue carries label, ignoring case as
// GitHub does.
func (is Issue) HasLabel(label string) bool {
	for _, l := range is.Labels {
		if strings.EqualFold(l, label) {
			return true
		}
	}
	return false
}

// Problem is something that keeps a program's record from being what LFX
// needs, reported so that nothing is dropped silently.
type Problem struct {
	Issue   int    `json:"issue"`
	Message string `json:"message"`
}

func (p Problem) String() string { return fmt.Sprintf("#%d: %s", p.Issue, p.Message) }

// Record builds the program record of a proposal issue for term t. It
// reads the body with internal/proposal's form parser; the project's slug
// and maturity come from projects. Problems lists what is missing or
// unknown; the record is still built, with what there is.
func Record(is Issue, t Term, projects []Project, cfg *config.Config) (Program, []Problem) {
	f := proposal.Parse(is.Body)
	var probs []Problem
	bad := func(format string, a ...any) {
		probs = append(probs, Problem{Issue: is.Number, Message: fmt.Sprintf(format, a...)})
	}
	name := oneLine(f.Name)
	project := oneLine(f.Project)
	p := Program{
		IssueNumber:      is.Number,
		IssueURL:         is.URL,
		Project:          project,
		Term:             t.Label(),
		NameFull:         fmt.Sprintf("%s - %s: %s (%s)", cfg.Export.ProgramPrefix, project, name, t.Short()),
		NameShort:        name,
		Description:      rawText(is.Body, proposal.Label(proposal.FieldDescription), f.Description),
		Technologies:     f.Technologies,
		Skills:           f.Skills,
		Mentors:          mentors(f.Mentors),
		UpstreamIssueURL: f.Upstream,
		Prerequisites:    prerequisites(is.Body, f, cfg),
	}
	if f.SkillsSame || strings.TrimSpace(p.Skills) == "" {
		p.Skills = p.Technologies
	}
	if pr, ok := findProject(projects, project); ok {
		p.Project, p.ProjectSlug, p.ProjectMaturity = pr.Name, pr.Slug, pr.Maturity
	} else {
		p.ProjectSlug = term.Slug(project)
		bad("project %s is not in the projects file: slug guessed, maturity unknown", quoteText(project))
	}
	for _, f := range []struct{ what, v string }{{"a project", project}, {"a program name", name},
		{"a description", p.Description}, {"technologies", p.Technologies}, {"an upstream issue URL", p.UpstreamIssueURL}} {
		if strings.TrimSpace(f.v) == "" {
			bad("has no %s", f.what)
		}
	}
	if len(p.Mentors) == 0 {
		bad("lists no mentors")
	}
	return p, probs
}

// oneLine collapses whitespace runs, newlines included, into one space: a
// name is one line wherever it is written.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func mentors(text string) []Mentor {
	out := []Mentor{}
	for i, m := range proposal.ParseMentors(text) {
		role := RoleCoMentor
		if i == 0 {
			role = RolePrimary
		}
		out = append(out, Mentor{Name: m.Name, Handle: m.Handle, Email: m.Email, LFID: m.LFID, Role: role})
	}
	return out
}

// Prerequisite options as the form spells them.
const (
	optResume        = "Resume"
	optCoverLetter   = "Cover Letter"
	optSchool        = "School Enrollment Verification"
	optParticipation = "Participation Permission from school or employer"
	// optCustom is the custom prerequisite's box. Forms before 2026-07-31
	// (cncf/mentoring cd59661f) had it among the Application Prerequisites,
	// where internal/proposal does not look for it.
	optCustom = "Custom Prerequisite (fill in details below)"
)

func prerequisites(body string, f *proposal.Form, cfg *config.Config) Prerequisites {
	pr := Prerequisites{
		Resume:                  f.HasPrerequisite(optResume),
		CoverLetter:             f.HasPrerequisite(optCoverLetter),
		SchoolEnrollment:        f.HasPrerequisite(optSchool),
		ParticipationPermission: f.HasPrerequisite(optParticipation),
		CodingChallenge:         f.HasPrerequisite(proposal.PrereqCodingChallenge),
		StandardCourses:         []Prerequisite{},
	}
	if u := strings.TrimSpace(f.CodingChallengeURL); pr.CodingChallenge && u != "" {
		pr.CodingChallengeURL = &u
	}
	custom := f.Custom
	if !f.Has(proposal.FieldCustom) {
		custom = ticked(body, proposal.Label(proposal.FieldPrerequisites), optCustom)
	}
	if custom {
		pr.Custom = &Prerequisite{
			Name:        oneLine(f.CustomName),
			Description: rawText(body, proposal.Label(proposal.FieldCustomDescription), f.CustomDescription),
			FileUpload:  f.CustomFileUpload,
		}
	}
	for _, c := range cfg.Export.StandardCourses {
		pr.StandardCourses = append(pr.StandardCourses, Prerequisite{Name: c.Name, Description: c.Description, FileUpload: c.FileUpload})
	}
	return pr
}

// rawText recovers the text of a free-text field as written. The form
// parser drops trailing spaces on every line; LFX was loaded with them, so
// the record keeps them. It finds, after the field's heading, the lines
// that parsed is made of, and returns them as written (line endings
// normalised, the whole trimmed); parsed when they cannot be found.
func rawText(body, label, parsed string) string {
	if parsed == "" {
		return ""
	}
	want := strings.Split(parsed, "\n")
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n"), "\n")
	start := headingLine(lines, label, 0)
	if start < 0 {
		return parsed
	}
	for i := start + 1; i+len(want) <= len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "" {
			continue
		}
		if !sameLines(lines[i:i+len(want)], want) {
			return parsed
		}
		return strings.TrimSpace(strings.Join(lines[i:i+len(want)], "\n"))
	}
	return parsed
}

func sameLines(raw, want []string) bool {
	for j := range want {
		got := strings.TrimRightFunc(raw[j], unicode.IsSpace)
		if j == 0 {
			got = strings.TrimSpace(got)
		}
		if got != want[j] {
			return false
		}
	}
	return true
}

// headingLine returns the index of the first line at or after from that is
// a heading with label's text (compared as the form parser does: case and
// punctuation ignored), or -1.
func headingLine(lines []string, label string, from int) int {
	k := term.Key(label)
	for i := from; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if strings.HasPrefix(l, "#") && term.Key(strings.TrimLeft(l, "#")) == k {
			return i
		}
	}
	return -1
}

// ticked reports whether the section under the heading label has the box
// option ticked.
func ticked(body, label, option string) bool {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	start := headingLine(lines, label, 0)
	if start < 0 {
		return false
	}
	want := term.Key(option)
	for _, l := range lines[start+1:] {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "#") {
			return false
		}
		for _, box := range []string{"- [x]", "- [X]", "* [x]", "* [X]"} {
			if strings.HasPrefix(l, box) && term.Key(l[len(box):]) == want {
				return true
			}
		}
	}
	return false
}
