package config

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/zone"
)

// Meeting configures the minutes-file job: where the file is, when the
// meetings are, and how changes reach the repository.
type Meeting struct {
	// Path is the minutes file; "{year}" is replaced by the meeting's year.
	// Its folders may hold "*" and "?" wildcards: the folder that holds the
	// newest minutes file is used (see meeting.Locate).
	Path string `yaml:"path"`
	// Schedule, when its Rule is empty, is read from the minutes file itself
	// ("3rd Thursday of the month at 10AM Pacific Time").
	Schedule MeetingSchedule `yaml:"schedule"`
	// Skip lists meetings that will not happen: passed over, or shown as
	// cancelled with ShowCancelled.
	Skip []MeetingSkip `yaml:"skip"`
	// ShowCancelled renders a short "Cancelled: reason" stub for skipped
	// meetings instead of passing over them.
	ShowCancelled bool `yaml:"show_cancelled"`
	// Mode is "commit" (push to the default branch) or "pull_request" (open
	// or update a pull request from Branch), for protected branches.
	Mode   string `yaml:"mode"`
	Branch string `yaml:"branch"`
	// CommitMessage is the message of the commit mentorbot makes; "{date}"
	// is replaced by the meeting date.
	CommitMessage string `yaml:"commit_message"`
}

// MeetingSchedule is a recurring meeting rule.
type MeetingSchedule struct {
	Rule     string `yaml:"rule"`     // "3rd Thursday", "last Tuesday", "2nd and 4th Wednesday", "weekly Monday", "biweekly Tuesday from 2024-01-09"
	Time     string `yaml:"time"`     // "10:00", 24-hour, in Timezone
	Timezone string `yaml:"timezone"` // IANA name
	Duration string `yaml:"duration"` // Go duration, default "1h"
}

// MeetingSkip is one cancelled meeting.
type MeetingSkip struct {
	Date   string `yaml:"date"` // YYYY-MM-DD
	Reason string `yaml:"reason"`
}

func defaultMeeting() Meeting {
	return Meeting{
		// Found by what they are: cncf/mentoring's working group moved its
		// minutes from mentoring-wg/ to cncf-toc-mentoring-subproject/ when
		// it was renamed (see meeting.Locate).
		Path:          "*/{year}-meeting-minutes.md",
		Schedule:      MeetingSchedule{Timezone: "America/Los_Angeles", Duration: "1h"},
		Mode:          "commit",
		Branch:        "mentorbot/meeting-stub",
		CommitMessage: "minutes: add stub for the {date} meeting",
	}
}

// MinutesPath returns the minutes file path for year.
func (m Meeting) MinutesPath(year int) string {
	return strings.ReplaceAll(m.Path, "{year}", fmt.Sprint(year))
}

var clockRE = regexp.MustCompile(`^([01]?\d|2[0-3]):[0-5]\d$`)

// validate checks what can be checked without the minutes file. The rule's
// wording is checked by the meeting planner, which quotes it in its error.
func (m Meeting) validate() []error {
	var errs []error
	if !strings.Contains(m.Path, "{year}") {
		errs = append(errs, fmt.Errorf("meeting.path %q has no {year} placeholder", m.Path))
	}
	if m.Mode != "commit" && m.Mode != "pull_request" {
		errs = append(errs, fmt.Errorf("meeting.mode %q is not commit or pull_request", m.Mode))
	}
	if m.Mode == "pull_request" && strings.TrimSpace(m.Branch) == "" {
		errs = append(errs, fmt.Errorf("meeting.branch is empty: mode pull_request needs a branch name"))
	}
	s := m.Schedule
	if strings.TrimSpace(s.Rule) != "" && !clockRE.MatchString(s.Time) {
		errs = append(errs, fmt.Errorf("meeting.schedule.time %q is not a 24-hour time such as \"10:00\" (needed with meeting.schedule.rule)", s.Time))
	}
	if _, err := zone.Load(s.Timezone); err != nil || s.Timezone == "" {
		errs = append(errs, fmt.Errorf("meeting.schedule.timezone %q is not an IANA time zone such as America/Los_Angeles", s.Timezone))
	}
	if s.Duration != "" {
		if d, err := time.ParseDuration(s.Duration); err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("meeting.schedule.duration %q is not a positive duration such as 1h or 45m", s.Duration))
		}
	}
	for i, sk := range m.Skip {
		if _, err := time.Parse("2006-01-02", sk.Date); err != nil {
			errs = append(errs, fmt.Errorf("meeting.skip[%d].date %q is not a date such as 2024-12-19", i, sk.Date))
		}
	}
	return errs
}
