package config

import (
	"fmt"
	"time"

	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/zone"
)

// Terms describes where term folders live and what a term looks like.
type Terms struct {
	// Root is the folder holding <year>/<NN-Mon-Mon>/ term folders.
	Root string `yaml:"root"`
	// Months maps a term number to its first and last month, as three-letter
	// English abbreviations ("Mar", "May").
	Months map[int][2]string `yaml:"months"`
	// RequiredActivities are the timeline activities every term must list,
	// matched loosely (case, punctuation and filler words ignored).
	RequiredActivities []string `yaml:"required_activities"`
	// Timezone is the IANA zone that times without a zone are read in.
	Timezone string `yaml:"timezone"`
	// WindowDays is how far before the term's first month and after its last
	// month a timeline date may fall.
	WindowDays int `yaml:"window_days"`
	// ArchiveUntil is the last year whose term folders may be named in the
	// older conventions of the archive ("q1", "01-Spring", "03-Sept-Nov", a
	// year folder holding only a README): those are read as archive terms,
	// their facts checked but not today's naming. 0 turns the archive off.
	ArchiveUntil int `yaml:"archive_until"`
}

func defaultTerms() Terms {
	return Terms{
		Root: "programs/lfx-mentorship",
		Months: map[int][2]string{
			1: {"Mar", "May"},
			2: {"Jun", "Aug"},
			3: {"Sep", "Nov"},
		},
		RequiredActivities: []string{
			"project proposals",
			"mentee applications",
			"application review",
			"program begins",
			"midterm evaluations",
			"final evaluations",
			"last day of term",
		},
		Timezone:   "America/Los_Angeles",
		WindowDays: 120,
		// cncf/mentoring adopted NN-Mon-Mon folders and timeline tables
		// with 2023; 2019-2022 are its archive.
		ArchiveUntil: 2022,
	}
}

func defaultSeverity() map[string]finding.Severity {
	return map[string]finding.Severity{
		"unparsed-date":    finding.SeverityWarning,
		"missing-activity": finding.SeverityWarning,
	}
}

var monthAbbrevs = map[string]time.Month{
	"Jan": time.January, "Feb": time.February, "Mar": time.March, "Apr": time.April,
	"May": time.May, "Jun": time.June, "Jul": time.July, "Aug": time.August,
	"Sep": time.September, "Oct": time.October, "Nov": time.November, "Dec": time.December,
}

// MonthOf returns the month for a three-letter abbreviation such as "Sep".
func MonthOf(abbrev string) (time.Month, bool) {
	m, ok := monthAbbrevs[abbrev]
	return m, ok
}

// TermMonths returns the first and last month of term number n.
func (t Terms) TermMonths(n int) (first, last time.Month, ok bool) {
	pair, ok := t.Months[n]
	if !ok {
		return 0, 0, false
	}
	first, ok1 := MonthOf(pair[0])
	last, ok2 := MonthOf(pair[1])
	return first, last, ok1 && ok2
}

// Location loads the configured time zone.
func (t Terms) Location() (*time.Location, error) {
	return zone.Load(t.Timezone)
}

func (t Terms) validate() []error {
	var errs []error
	if t.Root == "" {
		errs = append(errs, fmt.Errorf("terms.root is empty"))
	}
	if len(t.Months) == 0 {
		errs = append(errs, fmt.Errorf("terms.months is empty"))
	}
	for n, pair := range t.Months {
		if n < 1 || n > 99 {
			errs = append(errs, fmt.Errorf("terms.months: term number %d is not between 1 and 99", n))
		}
		for _, m := range pair {
			if _, ok := MonthOf(m); !ok {
				errs = append(errs, fmt.Errorf("terms.months.%d: %q is not a three-letter month such as Mar", n, m))
			}
		}
	}
	if _, err := zone.Load(t.Timezone); err != nil {
		errs = append(errs, fmt.Errorf("terms.timezone: %q is not an IANA time zone such as America/Los_Angeles", t.Timezone))
	}
	if t.WindowDays < 0 {
		errs = append(errs, fmt.Errorf("terms.window_days must not be negative"))
	}
	if t.ArchiveUntil < 0 || (t.ArchiveUntil > 0 && (t.ArchiveUntil < 1000 || t.ArchiveUntil > 9999)) {
		errs = append(errs, fmt.Errorf("terms.archive_until: %d is not a four-digit year (or 0 for no archive)", t.ArchiveUntil))
	}
	return errs
}
