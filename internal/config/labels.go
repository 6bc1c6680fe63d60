package config

import (
	"fmt"
	"strconv"
)

// Labels names the labels mentorbot reads and writes. Defaults are the names
// cncf/mentoring uses.
type Labels struct {
	Program          string         `yaml:"program"`
	Proposal         string         `yaml:"proposal"`
	Administration   string         `yaml:"administration"`
	Terms            map[int]string `yaml:"terms"`
	NeedsValidation  string         `yaml:"needs_validation"`
	ValidationPassed string         `yaml:"validation_passed"`
	ValidationFailed string         `yaml:"validation_failed"`
	OverQuota        string         `yaml:"over_quota"`
	// Gate labels, set by maintainer commands.
	MaintainerApproved string `yaml:"maintainer_approved"`
	AwaitingMaintainer string `yaml:"awaiting_maintainer"`
	MentorsConfirmed   string `yaml:"mentors_confirmed"`
	AwaitingMentors    string `yaml:"awaiting_mentors"`
	CNCFApproved       string `yaml:"cncf_approved"`
	// AwaitingCNCF is the label of a proposal whose maintainer and mentor
	// gates are met and that waits for the CNCF admins' /cncf-approve.
	AwaitingCNCF string `yaml:"awaiting_cncf"`
	Hold         string `yaml:"hold"`
	Withdrawn    string `yaml:"withdrawn"`
	// Colors and descriptions for labels mentorbot creates, by label name.
	// Labels not listed get a default colour.
	Styles map[string]LabelStyle `yaml:"styles"`
}

// LabelStyle is how a label mentorbot creates looks.
type LabelStyle struct {
	Color       string `yaml:"color"`
	Description string `yaml:"description"`
}

func defaultLabels() Labels {
	return Labels{
		Program:        "lfx mentorship",
		Proposal:       "Proposal",
		Administration: "administration",
		Terms: map[int]string{
			1: "Term 1: March-May",
			2: "Term 2: June-Aug",
			3: "Term 3: Sept-Nov",
		},
		NeedsValidation:  "Needs Validation",
		ValidationPassed: "Validation Passed",
		ValidationFailed: "Validation Failed",
		OverQuota:        "Over Quota",
		// cncf/mentoring's own names: a migration must not give every
		// open proposal a second set of labels.
		MaintainerApproved: "Maintainer/Contribex Approved",
		AwaitingMaintainer: "Awaiting Maintainer/Contribex Approval",
		MentorsConfirmed:   "Mentors Confirmed",
		AwaitingMentors:    "Awaiting Mentor Confirmation",
		CNCFApproved:       "CNCF Approved",
		AwaitingCNCF:       "Awaiting CNCF Admin Approval",
		Hold:               "On Hold",
		Withdrawn:          "Withdrawn",
		Styles: map[string]LabelStyle{
			"Validation Passed": {Color: "0e8a16", Description: "The proposal passed mentorbot's checks"},
			"Validation Failed": {Color: "d93f0b", Description: "The proposal has errors: see mentorbot's comment"},
			"Over Quota":        {Color: "fbca04", Description: "The project has more proposals this term than its quota"},
			// Gate labels, set by proposal commands (internal/command).
			"Maintainer/Contribex Approved":          {Color: "0e8a16", Description: "A maintainer of the project approved the proposal (/approve)"},
			"Awaiting Maintainer/Contribex Approval": {Color: "fbca04", Description: "A maintainer of the project must comment /approve"},
			"Awaiting CNCF Admin Approval":           {Color: "fbca04", Description: "Maintainer and mentors are done: a CNCF admin must comment /cncf-approve"},
			"Mentors Confirmed":                      {Color: "0e8a16", Description: "Every mentor listed confirmed their slot (/confirm)"},
			"Awaiting Mentor Confirmation":           {Color: "fbca04", Description: "Listed mentors must comment /confirm"},
			"CNCF Approved":                          {Color: "1d76db", Description: "CNCF approved the proposal (/cncf-approve)"},
			"On Hold":                                {Color: "b60205", Description: "The proposal is on hold (/hold; /unhold lifts it)"},
			"Withdrawn":                              {Color: "cccccc", Description: "The proposal was withdrawn (/withdraw)"},
		},
	}
}

// Term returns the label for term number n.
func (l Labels) Term(n int) string { return l.Terms[n] }

// Year returns the label for a year: the year itself, as cncf/mentoring does.
func (l Labels) Year(y int) string { return strconv.Itoa(y) }

// Style returns how the named label should look when mentorbot creates it.
func (l Labels) Style(name string) LabelStyle {
	if s, ok := l.Styles[name]; ok {
		return s
	}
	return LabelStyle{Color: "ededed", Description: "Managed by mentorbot"}
}

func (l Labels) validate() []error {
	var errs []error
	for key, v := range map[string]string{
		"program": l.Program, "proposal": l.Proposal, "administration": l.Administration,
		"validation_passed": l.ValidationPassed, "validation_failed": l.ValidationFailed,
	} {
		if v == "" {
			errs = append(errs, fmt.Errorf("labels.%s is empty", key))
		}
	}
	return errs
}
