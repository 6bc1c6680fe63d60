package config

import (
	"fmt"
	"slices"
	"strings"
)

// Rules lists every finding rule a severity entry may name: the term
// folder rules (internal/term), the minutes rules (internal/meeting) and the
// proposal rules (internal/proposal). Those packages import config, so the
// names are repeated here; a test in internal/cli keeps the lists equal.
var Rules = []string{
	// internal/term
	"folder-name", "missing-readme", "title-mismatch", "missing-status", "missing-timeline",
	"missing-activity", "unparsed-date", "weekday-mismatch", "timezone-abbreviation",
	"utc-mismatch", "date-order", "outside-term", "invalid-date", "status-conflict",
	// internal/meeting
	"minutes-heading-date", "minutes-zone-abbreviation", "minutes-time-mismatch",
	"minutes-date-mismatch", "minutes-link-date", "minutes-structure", "minutes-schedule",
	// internal/proposal
	"proposal-missing-heading", "proposal-required", "proposal-unknown-project",
	"proposal-term-format", "proposal-term-unknown", "proposal-term-closed",
	"proposal-name-too-long", "proposal-description-too-long", "proposal-skills",
	"proposal-skills-both", "proposal-mentor-count", "proposal-mentor-format",
	"proposal-mentor-handle", "proposal-mentor-email", "proposal-mentor-lfid",
	"proposal-mentor-duplicate", "proposal-single-mentor", "proposal-upstream-url",
	"proposal-coding-challenge", "proposal-custom-prerequisite", "proposal-over-quota",
	"proposal-duplicate-upstream",
}

// unknownRules returns an error for each severity key that names no rule:
// a misspelt rule would otherwise be silently ignored.
func unknownRules[V any](severity map[string]V) []error {
	var errs []error
	for rule := range severity {
		if !slices.Contains(Rules, rule) {
			errs = append(errs, fmt.Errorf("severity: unknown rule %q (rules: %s)", rule, strings.Join(Rules, ", ")))
		}
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errs
}
