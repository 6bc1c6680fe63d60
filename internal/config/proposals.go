package config

import "fmt"

// Proposals configures how proposal issues are recognised, checked and
// acted on.
type Proposals struct {
	// TitlePrefix marks a proposal issue by its title.
	TitlePrefix string `yaml:"title_prefix"`
	// Projects, when not empty, is the list of CNCF project names a proposal
	// may name (exact match).
	Projects []string `yaml:"projects"`
	Quota    Quota    `yaml:"quota"`
	// Approvers may /approve; Global ones may act on every project.
	Approvers Approvers `yaml:"approvers"`
	// CommandLabels are the labels /label and /remove-label may touch.
	// Empty means the defaults: term, year and administration labels.
	CommandLabels []string `yaml:"command_labels"`
}

// Quota limits open proposals per project per term.
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
		Quota:       Quota{Default: 4, Overrides: map[string]int{"kubernetes": 8}},
	}
}

func (p Proposals) validate() []error {
	var errs []error
	if p.Quota.Default < 0 {
		errs = append(errs, fmt.Errorf("proposals.quota.default must not be negative"))
	}
	return errs
}
