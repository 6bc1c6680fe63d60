package proposal

import (
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/config"
)

// Checks the repository's own validator makes: each case is a field value
// and the finding it must (or must not) give.
func TestRepositoryValidatorChecks(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, field, value string
		rule, want         string // want "" means no finding of rule
	}{
		{"comma-joined URLs are two", FieldUpstream, "https://github.com/a/b/issues/1,https://github.com/a/b/issues/2", RuleUpstreamURL, "2 URLs given"},
		{"one URL with a comma in its query", FieldUpstream, "https://github.com/a/b/issues?q=a,b", RuleUpstreamURL, ""},
		{"an /lfx-url line after the URL is not a second URL", FieldUpstream, "https://github.com/a/b/issues/1\n\n/lfx-url https://mentorship.lfx.linuxfoundation.org/project/0b0e5ea0-1234-4567-89ab-0123456789ab", RuleUpstreamURL, ""},
		{"handle without @", FieldMentors, "Jane Doe | janedoe | jane@example.com | janedoe\nSam Lee | @sam | sam@example.com | samlee", RuleMentorHandle, `write the GitHub handle with its "@"`},
		{"handle as a profile link", FieldMentors, "Jane Doe | https://github.com/janedoe | jane@example.com | janedoe\nSam Lee | @sam | sam@example.com | samlee", RuleMentorHandle, ""},
		{"empty name", FieldMentors, " | @janedoe | jane@example.com | janedoe\nSam Lee | @sam | sam@example.com | samlee", RuleMentorFormat, "mentor 1 has no name"},
		{"name left out", FieldMentors, "@janedoe | jane@example.com | janedoe\nSam Lee | @sam | sam@example.com | samlee", RuleMentorFormat, "mentor 1 has no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := validBody
			body = replaceSection(body, Label(tt.field), tt.value)
			v := Validate(Parse(body), &Input{Issue: Issue{Number: 1, Body: body}, Config: config.Default()})
			var got []string
			for _, f := range v.Findings {
				if f.Rule == tt.rule {
					got = append(got, f.Message)
				}
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("got %s findings %q, want none", tt.rule, got)
			case tt.want != "" && (len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), tt.want)):
				t.Errorf("got %s findings %q, want one saying %q", tt.rule, got, tt.want)
			}
			if tt.rule == RuleMentorFormat && strings.Contains(strings.Join(got, "\n"), "parts") {
				t.Errorf("got a misleading parts message: %q", got)
			}
		})
	}
}

// The form before 2026-07-31 ticked the custom prerequisite among the
// Application Prerequisites: it is read, and its name and description are
// required as they are in today's form.
func TestOldPlaceCustomPrerequisite(t *testing.T) {
	t.Parallel()
	body := replaceSection(validBody, "Application Prerequisites", "- [X] Resume\n- [ ] Cover Letter\n- [ ] School Enrollment Verification\n- [ ] Participation Permission from school or employer\n- [ ] Coding Challenge\n- [X] "+PrereqCustomOld)
	body = strings.Replace(body, "### Custom Prerequisites\n\n- [ ] Custom Prerequisite (fill in details below)\n\n", "", 1)
	f := Parse(body)
	if !f.Custom || !f.CustomInPrerequisites {
		t.Fatalf("got Custom %v (in prerequisites %v), want the old-place box read", f.Custom, f.CustomInPrerequisites)
	}
	v := Validate(f, &Input{Issue: Issue{Number: 1, Body: body}, Config: config.Default(), Forms: nil})
	var msgs []string
	for _, fd := range v.Findings {
		if fd.Rule == RuleCustomPrereq {
			msgs = append(msgs, fd.Message)
		}
	}
	if len(msgs) != 2 || !strings.Contains(msgs[0], "give it a name") || !strings.Contains(msgs[1], "describe what applicants must provide") {
		t.Errorf("got custom prerequisite findings %q, want the name and the description asked for", msgs)
	}
}

// A body with only the form's four core headings is a proposal, to be
// failed, not passed over.
func TestCoreHeadingsAreAProposal(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	body := "### CNCF Project\n\nArgo\n\n### Term\n\n2027 Term 1\n\n### Program Description\n\nx\n\n### Mentors\n\nJane | @jane | j@example.com | jane\n"
	if !IsProposal(Issue{Title: cfg.Proposals.TitlePrefix + " Argo: x", Body: body}, cfg) {
		t.Errorf("IsProposal: got false for a body with the four core headings, want true")
	}
	if IsProposal(Issue{Title: cfg.Proposals.TitlePrefix + " Argo: x", Body: "### CNCF Project\n\nArgo\n"}, cfg) {
		t.Errorf("IsProposal: got true for one heading, want false")
	}
}

// replaceSection replaces the value under "### heading" (up to the next
// "### ") with value.
func replaceSection(body, heading, value string) string {
	h := "### " + heading + "\n\n"
	i := strings.Index(body, h)
	if i < 0 {
		panic("no section " + heading)
	}
	start := i + len(h)
	end := strings.Index(body[start:], "\n### ")
	if end < 0 {
		return body[:start] + value + "\n"
	}
	return body[:start] + value + "\n" + body[start+end:]
}
