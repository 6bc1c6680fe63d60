package config

import (
	"fmt"
	"maps"
	"slices"
)

// Proposals configures how proposal issues are recognised, checked and
// acted on.
type Proposals struct {
	// TitlePrefix marks a proposal issue by its title.
	TitlePrefix string `yaml:"title_prefix"`
	// Projects, when not empty, is the list of CNCF project names a proposal
	// may name (exact match).
	Projects []string `yaml:"projects"`
	// Form is the proposal issue form (on the default branch). When Projects
	// is empty, the options of its "CNCF Project" dropdown are the project
	// list; "" or a missing file means no list (any project is accepted).
	Form  string `yaml:"form"`
	Quota Quota  `yaml:"quota"`
	// Approvers may /approve; Global ones may act on every project.
	Approvers Approvers `yaml:"approvers"`
	// CommandLabels are the labels /label and /remove-label may touch.
	// Empty means the defaults: term, year and administration labels.
	CommandLabels []string `yaml:"command_labels"`
}

// Quota limits open proposals per project per term. Overrides are keyed
// by the project's name in lower case or its slug ("open-policy-agent-opa");
// a quota of 0 means no limit.
type Quota struct {
	Default   int            `yaml:"default"`
	Overrides map[string]int `yaml:"overrides"`
}

// Approvers lists who may approve proposals.
type Approvers struct {
	Global   []string                    `yaml:"global"`
	Projects map[string]ProjectApprovers `yaml:"projects"`
}

// ProjectApprovers are the maintainers of one project (keyed by project
// name, slug or GitHub org).
type ProjectApprovers struct {
	Logins []string `yaml:"logins"`
	// Only makes the listed logins the only ones whose approval counts.
	Only bool `yaml:"only"`
}

func defaultProposals() Proposals {
	return Proposals{
		TitlePrefix: "[CNCF LFX Proposal]",
		Form:        ".github/ISSUE_TEMPLATE/lfx-program-proposal.yml",
		Quota:       Quota{Default: 4, Overrides: map[string]int{"kubernetes": 8}},
	}
}

func (p Proposals) validate() []error {
	var errs []error
	if p.Quota.Default < 0 {
		errs = append(errs, fmt.Errorf("proposals.quota.default must not be negative"))
	}
	for _, k := range slices.Sorted(maps.Keys(p.Quota.Overrides)) {
		if p.Quota.Overrides[k] < 0 {
			errs = append(errs, fmt.Errorf("proposals.quota.overrides.%s must not be negative", k))
		}
	}
	return errs
}
