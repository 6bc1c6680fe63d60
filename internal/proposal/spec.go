package proposal

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/term"
	"go.yaml.in/yaml/v3"
)

// Spec is one version of the proposal issue form, read from the form file
// in the repository (the source of truth for headings, options and
// required fields). A proposal is judged by the version in effect when it
// was filed: the form changes under open proposals (cncf/mentoring moved
// the custom prerequisite to its own section on 2026-07-31), and a proposal
// filed before cannot have the headings added after.
type Spec struct {
	// Fields are the form's fields in order: the ones mentorbot knows by
	// id, with the form's labels, options and required flags.
	Fields []FormField
	// Since is when this version took effect (its commit's date); zero for
	// a version known without its history.
	Since time.Time
	// Source names the version in messages: "path@sha" or "path".
	Source string
}

// PrereqCustomOld is the option of the form's Application Prerequisites,
// before 2026-07-31, that the custom prerequisite was ticked with.
const PrereqCustomOld = "Custom Prerequisite (fill in details below)"

// builtin is the current cncf/mentoring form, used when the repository's
// form file is not known (an offline check).
var builtin = &Spec{Fields: Fields, Source: "built-in form"}

// ParseSpec reads an issue form (the YAML of .github/ISSUE_TEMPLATE/*.yml).
// Fields whose id mentorbot does not know are skipped; a form without one
// field mentorbot knows is an error naming the file.
func ParseSpec(data []byte, source string) (*Spec, error) {
	var form struct {
		Body []struct {
			Type       string `yaml:"type"`
			ID         string `yaml:"id"`
			Attributes struct {
				Label   string      `yaml:"label"`
				Options []yaml.Node `yaml:"options"`
			} `yaml:"attributes"`
			Validations struct {
				Required bool `yaml:"required"`
			} `yaml:"validations"`
		} `yaml:"body"`
	}
	if err := yaml.Unmarshal(data, &form); err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	s := &Spec{Source: source}
	for _, b := range form.Body {
		known := knownField(b.ID, b.Attributes.Label)
		if known == nil || b.Type == "markdown" {
			continue
		}
		fd := FormField{ID: known.ID, Label: strings.TrimSpace(b.Attributes.Label), Kind: b.Type, Required: b.Validations.Required}
		if fd.Label == "" {
			fd.Label = known.Label
		}
		for _, o := range b.Attributes.Options {
			switch o.Kind {
			case yaml.ScalarNode:
				fd.Options = append(fd.Options, o.Value)
			case yaml.MappingNode:
				var opt struct {
					Label string `yaml:"label"`
				}
				if o.Decode(&opt) == nil && opt.Label != "" {
					fd.Options = append(fd.Options, opt.Label)
				}
			}
		}
		s.Fields = append(s.Fields, fd)
	}
	if len(s.Fields) == 0 {
		return nil, fmt.Errorf("%s: no field of the proposal form (cncf_project, term, program_name, ...): is this the proposal form?", source)
	}
	return s, nil
}

// knownField finds the field mentorbot knows by id, or else by label.
func knownField(id, label string) *FormField {
	for i := range Fields {
		if Fields[i].ID == id {
			return &Fields[i]
		}
	}
	if fd := fieldByKey[term.Key(label)]; fd != nil && id == "" {
		return fd
	}
	return nil
}

// Field returns the spec's field with id.
func (s *Spec) Field(id string) (FormField, bool) {
	for _, f := range s.Fields {
		if f.ID == id {
			return f, true
		}
	}
	return FormField{}, false
}

// Has reports whether this version of the form has the field id.
func (s *Spec) Has(id string) bool {
	_, ok := s.Field(id)
	return ok
}

// Options returns the options of a dropdown or checkboxes field.
func (s *Spec) Options(id string) []string {
	f, _ := s.Field(id)
	return f.Options
}

// SpecAt returns the version of the form in effect at t among specs (in any
// order): the newest whose Since is not after t. With no version that old
// (a proposal older than the history read), it is the oldest one; with no
// specs at all, the built-in form.
func SpecAt(specs []*Spec, t time.Time) *Spec {
	if len(specs) == 0 {
		return builtin
	}
	sorted := slices.Clone(specs)
	slices.SortStableFunc(sorted, func(a, b *Spec) int { return a.Since.Compare(b.Since) })
	best := sorted[0]
	for _, s := range sorted {
		if t.IsZero() || !s.Since.After(t) {
			best = s
		}
	}
	return best
}
