package config

// Umbrella configures the issues opened when a new term folder appears.
type Umbrella struct {
	// Title and Body are text/template templates over the term; empty means
	// the built-in ones.
	Title string `yaml:"title"`
	Body  string `yaml:"body"`
	// Tasks is the path of a task tree file (the term-issues.yml format);
	// empty means no sub-issues.
	Tasks string `yaml:"tasks"`
	// MenteeOnboarding adds an onboarding issue template per accepted mentee.
	MenteeOnboarding bool `yaml:"mentee_onboarding"`
	// Retrospective opens a retrospective issue at term end.
	Retrospective bool `yaml:"retrospective"`
}

func defaultUmbrella() Umbrella { return Umbrella{} }

func (u Umbrella) validate() []error { return nil }
