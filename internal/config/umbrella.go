package config

import (
	"fmt"
	"path"
	"strings"
	"text/template"
)

// Umbrella configures the issues opened when a new term folder appears.
type Umbrella struct {
	// Title and Body are text/template templates over the term (see the
	// README's config reference for the fields); empty means the built-in
	// ones.
	Title string `yaml:"title"`
	Body  string `yaml:"body"`
	// Tasks is the path of a task tree file (the term-issues.yml format).
	// Empty means the repository's own, automation/term-issues.yml under
	// terms.root, when it has one (cncf/mentoring's 63 admin issues);
	// "none" means no sub-issues.
	Tasks string `yaml:"tasks"`
	// AdminTasks is the checklist of standard admin tasks in the umbrella
	// issue's body.
	AdminTasks []string `yaml:"admin_tasks"`
	// ScheduleKeys maps a task tree's schedule_key to the timeline activity
	// it dates, matched loosely (case, punctuation, plurals and filler words
	// ignored; every word given must appear in the activity).
	ScheduleKeys map[string]string `yaml:"schedule_keys"`
	// MenteeOnboarding adds an onboarding issue template per accepted mentee.
	MenteeOnboarding bool `yaml:"mentee_onboarding"`
	// Retrospective opens a retrospective issue at term end.
	Retrospective bool `yaml:"retrospective"`
	// RetrospectiveDaysBefore is how many days before the last day of term
	// the retrospective issue is opened, so mentors can announce it a week
	// ahead.
	RetrospectiveDaysBefore int `yaml:"retrospective_days_before"`
}

func defaultUmbrella() Umbrella {
	return Umbrella{
		AdminTasks: []string{
			"Term folder and README timeline merged",
			"Term label created and the proposal form lists the term",
			"Call for proposals announced",
			"Mentor and maintainer info session held",
			"Proposals reviewed and loaded into the LFX platform",
			"Mentee candidate info sessions held",
			"Mentee selections confirmed and mentees notified",
			"Midterm evaluations collected and first stipends approved",
			"Final evaluations collected and second stipends approved",
			"Feedback collected, statistics updated and blog post published",
		},
		ScheduleKeys: map[string]string{
			"proposals_open":          "project proposals",
			"candidate_info_sessions": "candidate info session",
			"applications_open":       "mentee applications",
			"application_review":      "application review",
			"selection_notify":        "selection notifications",
			"term_start":              "program begins",
			"kickoff_call":            "kick off call",
			"midterm_evals":           "midterm evaluations",
			"first_stipends":          "first stipend",
			"final_evals":             "final evaluations",
			"second_stipends":         "second stipend",
			"term_end":                "last day of term",
		},
		RetrospectiveDaysBefore: 7,
	}
}

// DefaultTasksFile is the task tree read when umbrella.tasks is not set,
// relative to terms.root.
const DefaultTasksFile = "automation/term-issues.yml"

// TasksPath returns the task tree to read and whether it was configured (a
// configured file must exist; the default one may be absent). It returns ""
// for "none".
func (u Umbrella) TasksPath(root string) (p string, explicit bool) {
	switch strings.TrimSpace(u.Tasks) {
	case "none":
		return "", true
	case "":
		return path.Join(root, DefaultTasksFile), false
	}
	return u.Tasks, true
}

func (u Umbrella) validate() []error {
	var errs []error
	for name, text := range map[string]string{"title": u.Title, "body": u.Body} {
		if _, err := template.New(name).Option("missingkey=error").Parse(text); err != nil {
			errs = append(errs, fmt.Errorf("umbrella.%s is not a valid template: %w", name, err))
		}
	}
	if u.Tasks != "" && (path.IsAbs(u.Tasks) || strings.HasPrefix(path.Clean(u.Tasks), "..")) {
		errs = append(errs, fmt.Errorf("umbrella.tasks %q must be a path inside the repository", u.Tasks))
	}
	if u.RetrospectiveDaysBefore < 0 {
		errs = append(errs, fmt.Errorf("umbrella.retrospective_days_before must not be negative"))
	}
	for key, activity := range u.ScheduleKeys {
		if strings.TrimSpace(activity) == "" {
			errs = append(errs, fmt.Errorf("umbrella.schedule_keys.%s is empty", key))
		}
	}
	return errs
}
