package config

import (
	"fmt"
	"path"
	"strings"
)

// Export configures the export of approved proposals for the LFX platform
// (internal/export).
type Export struct {
	// Projects is the CNCF project list (the projects.yml format: name,
	// slug, maturity), read from the default branch.
	Projects string `yaml:"projects"`
	// ProgramPrefix starts every LFX program name: "CNCF - <project>: ...".
	ProgramPrefix string `yaml:"program_prefix"`
	// ExportedLabel marks every issue that is in a term's export.
	ExportedLabel string `yaml:"exported_label"`
	// BranchPrefix names the export pull request's branch: the prefix
	// followed by the term id ("mentorbot/lfx-export-2026-3").
	BranchPrefix string `yaml:"branch_prefix"`
	// StandardCourses are the prerequisites the programme requires of every
	// mentee, added to every program.
	StandardCourses []Course `yaml:"standard_courses"`
}

// Course is a standard prerequisite: a course whose certificate mentees
// upload.
type Course struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	FileUpload  bool   `yaml:"file_upload"`
}

// lfc102 is the course cncf/mentoring's export adds to every program.
var lfc102 = Course{
	Name: "Inclusive Community",
	Description: "Please upload the completion certificate for the Inclusive Open Source Community Orientation (LFC102) course: " +
		"https://training.linuxfoundation.org/training/inclusive-open-source-community-orientation-lfc102/\n\n" +
		"Once completed you can find the certificate in your openprofile.dev dashboard under Training & Certifications -> Certificates of Completion.",
	FileUpload: true,
}

func defaultExport() Export {
	return Export{
		Projects:        "programs/lfx-mentorship/automation/projects.yml",
		ProgramPrefix:   "CNCF",
		ExportedLabel:   "Exported",
		BranchPrefix:    "mentorbot/lfx-export-",
		StandardCourses: []Course{lfc102},
	}
}

func (e Export) validate() []error {
	var errs []error
	if e.Projects == "" || path.IsAbs(e.Projects) || strings.HasPrefix(path.Clean(e.Projects), "..") {
		errs = append(errs, fmt.Errorf("export.projects %q must be a path inside the repository", e.Projects))
	}
	if strings.TrimSpace(e.ExportedLabel) == "" {
		errs = append(errs, fmt.Errorf("export.exported_label is empty"))
	}
	if e.BranchPrefix == "" || strings.ContainsAny(e.BranchPrefix, " ~^:?*[\\") || strings.Contains(e.BranchPrefix, "..") {
		errs = append(errs, fmt.Errorf("export.branch_prefix %q is not a usable branch name prefix", e.BranchPrefix))
	}
	for i, c := range e.StandardCourses {
		if strings.TrimSpace(c.Name) == "" {
			errs = append(errs, fmt.Errorf("export.standard_courses[%d].name is empty", i))
		}
	}
	return errs
}
