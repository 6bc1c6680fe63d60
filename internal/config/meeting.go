package config

import (
	"fmt"
	"strings"
)

// Meeting configures the minutes-file job: where the file is, when the
// meetings are, and how changes reach the repository.
type Meeting struct {
	// Path is the minutes file; "{year}" is replaced by the meeting's year.
	Path string `yaml:"path"`
	// Schedule, when its Rule is empty, is read from the minutes file itself
	// ("3rd Thursday of the month at 10AM Pacific Time").
	Schedule MeetingSchedule `yaml:"schedule"`
	// Skip lists meetings that will not happen.
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
		Path:          "mentoring-wg/{year}-meeting-minutes.md",
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

func (m Meeting) validate() []error {
	var errs []error
	if !strings.Contains(m.Path, "{year}") {
		errs = append(errs, fmt.Errorf("meeting.path %q has no {year} placeholder", m.Path))
	}
	if m.Mode != "commit" && m.Mode != "pull_request" {
		errs = append(errs, fmt.Errorf("meeting.mode %q is not commit or pull_request", m.Mode))
	}
	return errs
}
