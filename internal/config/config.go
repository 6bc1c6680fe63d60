// Package config holds mentorbot's repository configuration, read from
// .github/mentorbot.yml on the default branch. Every field has a default that
// matches cncf/mentoring's conventions, so the file is optional.
//
// Loading runs in a fixed order: Default(), a strict YAML decode over it
// (unknown keys and wrong types are errors naming the key and line), then
// Validate().
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/mentorbot/mentorbot/internal/finding"
	"go.yaml.in/yaml/v3"
)

// DefaultPath is where the config file lives in a repository.
const DefaultPath = ".github/mentorbot.yml"

// Config is the whole repository configuration. Each capability reads its own
// section; the sections are declared in their own files.
type Config struct {
	Terms     Terms                       `yaml:"terms"`
	Labels    Labels                      `yaml:"labels"`
	Severity  map[string]finding.Severity `yaml:"severity"`
	Meeting   Meeting                     `yaml:"meeting"`
	Proposals Proposals                   `yaml:"proposals"`
	Umbrella  Umbrella                    `yaml:"umbrella"`
	Export    Export                      `yaml:"export"`
	// Bot lists logins whose events mentorbot ignores (its own), besides
	// any login ending in "[bot]" that the App or Action reports as itself.
	Bot Bot `yaml:"bot"`
	// Dates: reminders, announcements, calendar, chart (reminders.go).
	Dates `yaml:",inline"`
}

// Bot identifies mentorbot's own account, so it can skip its own events.
type Bot struct {
	Logins []string `yaml:"logins"`
}

// Default returns the configuration used when the repository has no config
// file: cncf/mentoring's paths, label names and term months.
func Default() *Config {
	return &Config{
		Terms:     defaultTerms(),
		Labels:    defaultLabels(),
		Severity:  defaultSeverity(),
		Meeting:   defaultMeeting(),
		Proposals: defaultProposals(),
		Umbrella:  defaultUmbrella(),
		Export:    defaultExport(),
		Bot:       Bot{Logins: []string{"github-actions[bot]", "mentorbot[bot]"}},
		Dates:     defaultDates(),
	}
}

// Error is a config problem with the file and line it comes from.
type Error struct {
	Path string
	Line int // 0 when unknown
	Msg  string
	// List holds every problem, each with its own line, when the file has
	// more than one; Path, Line and Msg then describe the first, and Msg
	// goes on with the others, one "path:line: message" a line.
	List []*Error
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Parse decodes data over the defaults and validates the result. path is used
// only in error messages. Empty data yields the defaults. Every problem is
// reported (see Check), each with its line.
func Parse(data []byte, path string) (*Config, error) {
	c, problems := Check(data, path)
	if err := joinProblems(problems); err != nil {
		return nil, err
	}
	return c, nil
}

// Load reads the config at path from fsys. A missing file is not an error:
// it yields the defaults.
func Load(fsys fs.FS, path string) (*Config, error) {
	if path == "" {
		path = DefaultPath
	}
	data, err := fs.ReadFile(fsys, path)
	if errors.Is(err, fs.ErrNotExist) {
		return Default(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading config %s: %w", path, err)
	}
	return Parse(data, path)
}

var (
	lineRE      = regexp.MustCompile(`^line (\d+): (.*)$`)
	unknownKeRE = regexp.MustCompile(`field (\S+) not found in type (\S+)`)
)

// decodeError turns the YAML library's messages into ones that name the key
// and line and say what to do.
func decodeError(path string, err error) error {
	var te *yaml.TypeError
	msgs := []string{err.Error()}
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var out []string
	firstLine := 0
	for _, m := range msgs {
		line := 0
		if sm := lineRE.FindStringSubmatch(m); sm != nil {
			fmt.Sscanf(sm[1], "%d", &line)
			m = sm[2]
		} else if strings.HasPrefix(m, "yaml: line ") {
			fmt.Sscanf(strings.TrimPrefix(m, "yaml: line "), "%d", &line)
		}
		if sm := unknownKeRE.FindStringSubmatch(m); sm != nil {
			m = fmt.Sprintf("unknown key %q in %s: check the spelling against the README's config reference", sm[1], sectionName(sm[2]))
		} else if strings.Contains(m, "cannot unmarshal") {
			m = "wrong type: " + strings.TrimPrefix(m, "yaml: ")
		}
		if firstLine == 0 {
			firstLine = line
		}
		if line > 0 && len(msgs) > 1 {
			m = fmt.Sprintf("line %d: %s", line, m)
		}
		out = append(out, m)
	}
	if len(out) > 1 {
		firstLine = 0
	}
	return &Error{Path: path, Line: firstLine, Msg: strings.Join(out, "; ")}
}

// sectionName turns a Go type name such as "config.Terms" into the YAML
// section a user wrote.
func sectionName(goType string) string {
	name := strings.TrimPrefix(goType, "config.")
	if name == "Config" {
		return "the top level"
	}
	return "section " + strings.ToLower(name)
}

// Validate checks values that decode but make no sense. It returns every
// problem at once.
func (c *Config) Validate() error {
	var errs []error
	for rule, s := range c.Severity {
		if !s.Valid() {
			errs = append(errs, fmt.Errorf("severity.%s: %q is not one of error, warning, notice, off", rule, s))
		}
	}
	errs = append(errs, unknownRules(c.Severity)...)
	errs = append(errs, c.Terms.validate()...)
	errs = append(errs, c.Labels.validate()...)
	errs = append(errs, c.Meeting.validate()...)
	errs = append(errs, c.Proposals.validate()...)
	errs = append(errs, c.Umbrella.validate()...)
	errs = append(errs, c.Export.validate()...)
	errs = append(errs, c.Dates.validate(c.Umbrella.ScheduleKeys)...)
	return errors.Join(errs...)
}

// IsBot reports whether login is mentorbot itself.
func (c *Config) IsBot(login string) bool {
	for _, l := range c.Bot.Logins {
		if strings.EqualFold(l, login) {
			return true
		}
	}
	return false
}
