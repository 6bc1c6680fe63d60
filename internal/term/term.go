// Package term parses and validates LFX Mentorship term folders such as
// programs/lfx-mentorship/2026/03-Sep-Nov/: the folder name, and the README's
// title, Status line and Timeline table.
//
// Everything here is pure: callers pass the repository as an fs.FS and the
// configuration in; nothing reads the clock, the network or the environment.
// The validator is lenient about how people write dates (weekday and month
// spellings, dashes, bold, notes in parentheses) and strict about facts
// (weekdays, daylight saving, UTC conversions, order, the term's months).
package term

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
)

// ID identifies one term: its year, its number within the year and the
// months it runs (First..Last, from config).
type ID struct {
	Year   int
	Number int
	First  time.Month
	Last   time.Month
	// Archive marks a term of the archive, named in an older convention
	// (see ParseArchive); Folder is then its folder name as written ("q1",
	// "01-Spring"), empty for a year folder that is itself the term.
	Archive bool
	Folder  string
}

// For returns the ID of term number n of year, with its months taken from cfg.
func For(year, n int, cfg config.Terms) (ID, error) {
	if year < 1000 || year > 9999 {
		return ID{}, fmt.Errorf("term year %d is not a four-digit year", year)
	}
	first, last, ok := cfg.TermMonths(n)
	if !ok {
		return ID{}, fmt.Errorf("term number %d is not configured (terms.months has %s)", n, knownNumbers(cfg))
	}
	return ID{Year: year, Number: n, First: first, Last: last}, nil
}

var nameRE = regexp.MustCompile(`(?i)^\s*(?:(\d{4})\s*[-/,:]?\s*term\s*(\d{1,2})|term\s*(\d{1,2})\s*[-/,:]?\s*(\d{4}))\b`)

// ParseName reads a term written as "2026 Term 3" (the proposal form's
// wording), "2026 Term 03" or "Term 3 - 2026" and returns its ID.
func ParseName(s string, cfg config.Terms) (ID, error) {
	m := nameRE.FindStringSubmatch(s)
	if m == nil {
		return ID{}, fmt.Errorf("term %q: want a term such as \"2026 Term 3\"", s)
	}
	ys, ns := m[1], m[2]
	if ys == "" {
		ys, ns = m[4], m[3]
	}
	year, _ := strconv.Atoi(ys)
	n, _ := strconv.Atoi(ns)
	id, err := For(year, n, cfg)
	if err != nil {
		return ID{}, fmt.Errorf("term %q: %w", s, err)
	}
	return id, nil
}

// Name returns the folder name of the term, such as "03-Sep-Nov"; for an
// archive term, the folder name as written.
func (id ID) Name() string {
	if id.Archive {
		return id.Folder
	}
	return fmt.Sprintf("%02d-%s-%s", id.Number, abbrev(id.First), abbrev(id.Last))
}

// Dir returns the term folder under root, such as
// "programs/lfx-mentorship/2026/03-Sep-Nov", with forward slashes.
func (id ID) Dir(root string) string {
	return path.Join(root, strconv.Itoa(id.Year), id.Name())
}

// String renders the ID as "2026 Term 3 (Sep-Nov)".
func (id ID) String() string {
	if id.Archive {
		if id.Folder == "" {
			return fmt.Sprintf("%d (archive)", id.Year)
		}
		return fmt.Sprintf("%d %s (archive, %s-%s)", id.Year, id.Folder, abbrev(id.First), abbrev(id.Last))
	}
	return fmt.Sprintf("%d Term %d (%s-%s)", id.Year, id.Number, abbrev(id.First), abbrev(id.Last))
}

// Begin returns the first day of the term's first month, at midnight in loc.
func (id ID) Begin(loc *time.Location) time.Time {
	return time.Date(id.Year, id.First, 1, 0, 0, 0, 0, loc)
}

// End returns the last day of the term's last month, at midnight in loc. A
// term whose last month comes before its first (Dec-Feb) ends the next year.
func (id ID) End(loc *time.Location) time.Time {
	y := id.Year
	if id.Last < id.First {
		y++
	}
	return time.Date(y, id.Last+1, 0, 0, 0, 0, 0, loc)
}

func abbrev(m time.Month) string {
	if m < time.January || m > time.December {
		return "???"
	}
	return m.String()[:3]
}

var folderRE = regexp.MustCompile(`^(\d+)-([A-Za-z]+)-([A-Za-z]+)$`)

// ParseFolder reads a term folder path such as
// "programs/lfx-mentorship/2026/03-Sep-Nov" (only the last two elements
// count) and checks it against cfg: a four-digit year, a two-digit term
// number that cfg.Months knows, and that term's months. The error says what
// the name should be.
func ParseFolder(dir string, cfg config.Terms) (ID, error) {
	dir = strings.TrimSuffix(path.Clean(strings.ReplaceAll(dir, `\`, "/")), "/")
	name := path.Base(dir)
	yearDir := path.Base(path.Dir(dir))
	if !isDigits(yearDir) || len(yearDir) != 4 {
		return ID{}, fmt.Errorf("term folder %q is not inside a four-digit year folder such as 2026/", dir)
	}
	year, _ := strconv.Atoi(yearDir)
	m := folderRE.FindStringSubmatch(name)
	if m == nil {
		return ID{}, fmt.Errorf("term folder name %q is not of the form NN-Mon-Mon (such as %s)%s", name, example(cfg), archiveHint(dir, cfg))
	}
	n, _ := strconv.Atoi(m[1])
	first, last, ok := cfg.TermMonths(n)
	if !ok {
		return ID{}, fmt.Errorf("term folder name %q: term number %s is not one of %s", name, m[1], knownNumbers(cfg))
	}
	id := ID{Year: year, Number: n, First: first, Last: last}
	if name != id.Name() {
		return ID{}, fmt.Errorf("term folder name %q: term %d runs %s-%s, name the folder %s%s", name, n, abbrev(first), abbrev(last), id.Name(), archiveHint(dir, cfg))
	}
	return id, nil
}

func example(cfg config.Terms) string {
	for n := 1; n < 100; n++ {
		if first, last, ok := cfg.TermMonths(n); ok {
			return ID{Number: n, First: first, Last: last}.Name()
		}
	}
	return "01-Mar-May"
}

func knownNumbers(cfg config.Terms) string {
	var ns []string
	for n := 1; n < 100; n++ {
		if _, ok := cfg.Months[n]; ok {
			ns = append(ns, fmt.Sprintf("%02d", n))
		}
	}
	if len(ns) == 0 {
		return "none"
	}
	return strings.Join(ns, ", ")
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
