package proposal

import (
	"strings"
	"unicode"

	"github.com/mentorbot/mentorbot/internal/term"
)

// Field ids, as in the issue form's YAML (lfx-program-proposal.yml). They name
// fields in findings and in JSON output.
const (
	FieldProject            = "cncf_project"
	FieldTerm               = "term"
	FieldName               = "program_name"
	FieldDescription        = "program_description"
	FieldTechnologies       = "technologies"
	FieldSkillsSame         = "skills_same"
	FieldSkills             = "skills"
	FieldMentors            = "mentors"
	FieldUpstream           = "upstream_issue_url"
	FieldPrerequisites      = "application_prerequisites"
	FieldCodingChallengeURL = "coding_challenge_url"
	FieldCustom             = "custom_prerequisites"
	FieldCustomName         = "custom_prerequisite_name"
	FieldCustomDescription  = "custom_prerequisite_description"
	FieldCustomFileUpload   = "custom_prerequisite_file_upload"
)

// Kinds of form fields, as GitHub names them.
const (
	KindInput      = "input"
	KindTextarea   = "textarea"
	KindDropdown   = "dropdown"
	KindCheckboxes = "checkboxes"
)

// FormField is one field of the proposal issue form: its id, the heading
// GitHub renders for it, and whether the form requires it.
type FormField struct {
	ID       string
	Label    string
	Kind     string
	Required bool
	// Options are the checkbox labels of a checkboxes field.
	Options []string
}

// PrereqCodingChallenge is the prerequisite option that needs a URL.
const PrereqCodingChallenge = "Coding Challenge"

// Fields lists the form's fields in the order the form shows them.
var Fields = []FormField{
	{ID: FieldProject, Label: "CNCF Project", Kind: KindDropdown, Required: true},
	{ID: FieldTerm, Label: "Term", Kind: KindDropdown, Required: true},
	{ID: FieldName, Label: "Program Name", Kind: KindInput, Required: true},
	{ID: FieldDescription, Label: "Program Description", Kind: KindTextarea, Required: true},
	{ID: FieldTechnologies, Label: "Technologies", Kind: KindInput, Required: true},
	{ID: FieldSkillsSame, Label: "Skills same as Technologies?", Kind: KindCheckboxes,
		Options: []string{"Yes, the required skills are the same as the technologies listed above."}},
	{ID: FieldSkills, Label: "Required/Desirable Skills", Kind: KindInput},
	{ID: FieldMentors, Label: "Mentors", Kind: KindTextarea, Required: true},
	{ID: FieldUpstream, Label: "Upstream Issue URL", Kind: KindInput, Required: true},
	{ID: FieldPrerequisites, Label: "Application Prerequisites", Kind: KindCheckboxes,
		Options: []string{"Resume", "Cover Letter", "School Enrollment Verification",
			"Participation Permission from school or employer", PrereqCodingChallenge}},
	{ID: FieldCodingChallengeURL, Label: "Coding Challenge URL", Kind: KindInput},
	{ID: FieldCustom, Label: "Custom Prerequisites", Kind: KindCheckboxes,
		Options: []string{"Custom Prerequisite (fill in details below)"}},
	{ID: FieldCustomName, Label: "Custom Prerequisite Name", Kind: KindInput},
	{ID: FieldCustomDescription, Label: "Custom Prerequisite Description", Kind: KindTextarea},
	{ID: FieldCustomFileUpload, Label: "Custom Prerequisite — File Upload", Kind: KindCheckboxes,
		Options: []string{"Yes — completion of this task requires the mentee to submit a file."}},
}

// fieldByKey finds a field by its normalised heading.
var fieldByKey = func() map[string]*FormField {
	m := make(map[string]*FormField, len(Fields))
	for i := range Fields {
		m[term.Key(Fields[i].Label)] = &Fields[i]
	}
	return m
}()

// Label returns the heading of the field with id, or id itself when unknown.
func Label(id string) string {
	for _, f := range Fields {
		if f.ID == id {
			return f.Label
		}
	}
	return id
}

// Form is a proposal issue body, parsed. Text fields are trimmed and empty
// when GitHub rendered "_No response_". Present lists the ids of the
// headings found; Extra the headings that are not the form's, in order.
type Form struct {
	Project            string   `json:"cncf_project"`
	Term               string   `json:"term"`
	Name               string   `json:"program_name"`
	Description        string   `json:"program_description"`
	Technologies       string   `json:"technologies"`
	SkillsSame         bool     `json:"skills_same"`
	Skills             string   `json:"skills"`
	Mentors            string   `json:"mentors"`
	Upstream           string   `json:"upstream_issue_url"`
	Prerequisites      []string `json:"application_prerequisites"`
	CodingChallengeURL string   `json:"coding_challenge_url"`
	Custom             bool     `json:"custom_prerequisites"`
	CustomName         string   `json:"custom_prerequisite_name"`
	CustomDescription  string   `json:"custom_prerequisite_description"`
	CustomFileUpload   bool     `json:"custom_prerequisite_file_upload"`
	// CustomInPrerequisites is set when the custom prerequisite was ticked
	// among the Application Prerequisites (the form before 2026-07-31).
	CustomInPrerequisites bool `json:"-"`

	Present    map[string]bool `json:"-"`
	Duplicates []string        `json:"duplicate_headings,omitempty"`
	Extra      []string        `json:"extra_headings,omitempty"`
}

// Has reports whether the body had the heading of field id.
func (f *Form) Has(id string) bool { return f.Present[id] }

// Missing returns the ids of the form's headings the body lacks, in form
// order.
func (f *Form) Missing() []string {
	var out []string
	for _, fd := range Fields {
		if !f.Present[fd.ID] {
			out = append(out, fd.ID)
		}
	}
	return out
}

// HasPrerequisite reports whether the prerequisite option was ticked.
func (f *Form) HasPrerequisite(option string) bool {
	for _, p := range f.Prerequisites {
		if p == option {
			return true
		}
	}
	return false
}

// heading reads an ATX heading: up to 3 spaces, 1 to 6 "#", a space, the
// text, optional closing "#"s. Lines arrive without trailing space. Written
// by hand rather than as a regexp: Parse runs it on every line of every open
// proposal.
func heading(line string) (level int, text string, ok bool) {
	rest := strings.TrimLeft(line, " ")
	if len(line)-len(rest) > 3 || !strings.HasPrefix(rest, "#") {
		return 0, "", false
	}
	level = len(rest) - len(strings.TrimLeft(rest, "#"))
	rest = rest[level:]
	if level > 6 || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return 0, "", false
	}
	text = strings.TrimSpace(rest)
	if closed := strings.TrimRight(text, "#"); closed == "" || strings.HasSuffix(closed, " ") || strings.HasSuffix(closed, "\t") {
		text = strings.TrimSpace(closed)
	}
	return level, text, true
}

// checkbox reads a task-list item: "- [x] label", "* [ ] label".
func checkbox(line string) (ticked bool, label string, ok bool) {
	l := strings.TrimSpace(line)
	if l == "" || !strings.ContainsRune("-*+", rune(l[0])) {
		return false, "", false
	}
	l = strings.TrimSpace(l[1:])
	if len(l) < 3 || l[0] != '[' || l[2] != ']' || !strings.ContainsRune(" xX", rune(l[1])) {
		return false, "", false
	}
	return l[1] != ' ', strings.TrimSpace(l[3:]), true
}

// fence reports whether line opens or closes a fenced code block.
func fence(line string) bool {
	rest := strings.TrimLeft(line, " ")
	return len(line)-len(rest) <= 3 && (strings.HasPrefix(rest, "```") || strings.HasPrefix(rest, "~~~"))
}

// noResponse is what GitHub renders for an empty optional field.
const noResponse = "_No response_"

// section is the raw text under one heading.
type section struct {
	field *FormField
	lines []string
}

// Parse reads an issue body rendered from the proposal form. It accepts CRLF
// line endings, trailing spaces, any heading level for the form's headings,
// headings in other words than the form's case or punctuation, and headings
// added by hand (reported in Extra, their text ignored). It never fails: what
// it cannot find is left empty, for the validator to report.
func Parse(body string) *Form {
	f := &Form{Present: map[string]bool{}, Prerequisites: []string{}}
	var cur *section
	var sections []*section
	inFence := false
	for _, line := range splitLines(body) {
		if fence(line) {
			inFence = !inFence
		}
		if !inFence {
			if level, text, ok := heading(line); ok {
				if s, ok := f.startSection(cur, level, text); ok {
					cur = s
					if s != nil {
						sections = append(sections, s)
					}
					continue
				}
			}
		}
		if cur != nil {
			cur.lines = append(cur.lines, line)
		}
	}
	for _, s := range sections {
		f.set(s)
	}
	return f
}

// startSection decides whether a heading starts a new section. A heading of
// the form starts its field's section the first time it appears. Any other
// level-3 heading starts an ignored section (nil), unless it sits in a
// free-text field, where Markdown headings are part of the text. It returns
// ok false when the heading is text.
func (f *Form) startSection(cur *section, level int, text string) (*section, bool) {
	fd := fieldByKey[term.Key(text)]
	freeText := cur != nil && cur.field.Kind == KindTextarea
	switch {
	case fd != nil && !f.Present[fd.ID]:
		f.Present[fd.ID] = true
		return &section{field: fd}, true
	case fd != nil:
		if freeText {
			return nil, false
		}
		f.Duplicates = append(f.Duplicates, fd.ID)
		return nil, true
	case level == 3 && !freeText:
		f.Extra = append(f.Extra, strings.TrimSpace(text))
		return nil, true
	}
	return nil, false
}

// set stores a section's value in its field.
func (f *Form) set(s *section) {
	if s.field.Kind == KindCheckboxes {
		f.setChecks(s.field, s.lines)
		return
	}
	v := value(s.lines)
	switch s.field.ID {
	case FieldProject:
		f.Project = v
	case FieldTerm:
		f.Term = v
	case FieldName:
		f.Name = v
	case FieldDescription:
		f.Description = v
	case FieldTechnologies:
		f.Technologies = v
	case FieldSkills:
		f.Skills = v
	case FieldMentors:
		f.Mentors = v
	case FieldUpstream:
		f.Upstream = v
	case FieldCodingChallengeURL:
		f.CodingChallengeURL = v
	case FieldCustomName:
		f.CustomName = v
	case FieldCustomDescription:
		f.CustomDescription = v
	}
}

// setChecks reads "- [x] option" lines. Single-option fields count any
// ticked box; the prerequisites keep the options they recognise, spelled as
// the form spells them.
func (f *Form) setChecks(fd *FormField, lines []string) {
	var ticked []string
	for _, l := range lines {
		if on, label, ok := checkbox(l); ok && on {
			ticked = append(ticked, label)
		}
	}
	on := len(ticked) > 0
	switch fd.ID {
	case FieldSkillsSame:
		f.SkillsSame = on
	case FieldCustom:
		f.Custom = on
	case FieldCustomFileUpload:
		f.CustomFileUpload = on
	case FieldPrerequisites:
		for _, t := range ticked {
			if term.Key(t) == term.Key(PrereqCustomOld) {
				// The form before 2026-07-31 ticked the custom
				// prerequisite here, not in a section of its own.
				f.Custom, f.CustomInPrerequisites = true, true
			}
			for _, o := range fd.Options {
				if term.Key(o) == term.Key(t) && !f.HasPrerequisite(o) {
					f.Prerequisites = append(f.Prerequisites, o)
				}
			}
		}
	}
}

// value joins a section's lines, trimmed of blank lines around it, and maps
// GitHub's "_No response_" to empty.
func value(lines []string) string {
	v := strings.TrimSpace(strings.Join(lines, "\n"))
	if v == noResponse {
		return ""
	}
	return v
}

// splitLines splits on LF, CRLF or CR and drops trailing spaces.
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return lines
}
