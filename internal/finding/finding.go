// Package finding holds the problems mentorbot reports about files and issues:
// one shape for term validation, minutes lint and proposal checks, so every
// face renders them the same way.
package finding

import (
	"cmp"
	"fmt"
	"slices"
)

// Severity is how much a finding matters. Only SeverityError fails a check.
type Severity string

// The severities, from most to least serious.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
	SeverityNotice  Severity = "notice"
	// SeverityOff disables a rule in config; findings with it are dropped.
	SeverityOff Severity = "off"
)

// Valid reports whether s is one of the known severities.
func (s Severity) Valid() bool {
	switch s {
	case SeverityError, SeverityWarning, SeverityNotice, SeverityOff:
		return true
	}
	return false
}

// rank orders severities, higher is worse.
func (s Severity) rank() int {
	switch s {
	case SeverityError:
		return 3
	case SeverityWarning:
		return 2
	case SeverityNotice:
		return 1
	}
	return 0
}

// AtLeast reports whether s is as serious as other or more.
func (s Severity) AtLeast(other Severity) bool { return s.rank() >= other.rank() }

// Finding is one problem at one place. Path is relative to the repository
// root with forward slashes; Line is 1-based, or 0 when the problem concerns
// the whole file (a missing file, a folder name). Field names the form field
// for proposal findings and is empty otherwise.
type Finding struct {
	Path     string   `json:"path,omitempty"`
	Line     int      `json:"line,omitempty"`
	Field    string   `json:"field,omitempty"`
	Severity Severity `json:"severity"`
	Rule     string   `json:"rule"`
	Message  string   `json:"message"`
}

// String renders f as "path:line: severity: message [rule]".
func (f Finding) String() string {
	loc := f.Path
	if f.Line > 0 {
		loc = fmt.Sprintf("%s:%d", f.Path, f.Line)
	}
	if f.Field != "" {
		if loc != "" {
			loc += " "
		}
		loc += "(" + f.Field + ")"
	}
	if loc == "" {
		return fmt.Sprintf("%s: %s [%s]", f.Severity, f.Message, f.Rule)
	}
	return fmt.Sprintf("%s: %s: %s [%s]", loc, f.Severity, f.Message, f.Rule)
}

// Sort orders findings by path, line, rule and message, so output is stable.
func Sort(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Path, b.Path),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Message, b.Message),
		)
	})
}

// Count returns how many findings have exactly severity s.
func Count(fs []Finding, s Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Worst returns the most serious severity among fs, or "" when fs is empty.
func Worst(fs []Finding) Severity {
	var w Severity
	for _, f := range fs {
		if f.Severity.rank() > w.rank() {
			w = f.Severity
		}
	}
	return w
}

// Apply sets each finding's severity from the rule's configured severity,
// when configured, and drops findings whose rule is turned off.
func Apply(fs []Finding, severities map[string]Severity) []Finding {
	out := fs[:0]
	for _, f := range fs {
		if s, ok := severities[f.Rule]; ok {
			f.Severity = s
		}
		if f.Severity == SeverityOff {
			continue
		}
		out = append(out, f)
	}
	return out
}
