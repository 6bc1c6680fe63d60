// Package scaffold renders a new LFX Mentorship term folder (README.md with
// its Timeline table, and project_ideas.md) from one term schedule, so the
// dates are typed once and the time-zone abbreviations are computed, not
// written by hand.
//
// The schedule format is the one of cncf/mentoring's
// programs/lfx-mentorship/automation/term-setup.example.yml, accepted as is.
// Everything here is pure: the caller reads the files and writes the result.
package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Schedule is one term's schedule: which term, and its dated activities in
// the order the README lists them.
type Schedule struct {
	Year   int
	Number int
	// Entries are in file order.
	Entries []Entry
	// Path is the schedule file's path, for messages.
	Path string
}

// Entry is one schedule activity.
type Entry struct {
	// Key is the stable snake_case id that task trees refer to.
	Key string
	// Label is the Activity cell text in the README timeline.
	Label string
	// Start and End are calendar dates (midnight UTC, only the date counts).
	// Start is zero for an activity not scheduled yet; End is zero for a
	// single day.
	Start, End time.Time
	// Time is the time suffix as written: "18:00 UTC", "11:00" (in the
	// configured zone), "11:00 AM", or free text such as "Times TBD (...)".
	Time string
	// Note is appended after the date, e.g. an italic aside.
	Note string
	// Timeline is false for a board-only anchor kept out of the README.
	Timeline bool
	// Line is the entry's line in the schedule file.
	Line int
}

// Dated reports whether e has a start date, so it appears in the timeline.
func (e Entry) Dated() bool { return !e.Start.IsZero() }

// Last is the entry's last day: End, or Start for a single day.
func (e Entry) Last() time.Time {
	if !e.End.IsZero() {
		return e.End
	}
	return e.Start
}

// Lookup returns the entry with the given key.
func (s *Schedule) Lookup(key string) (Entry, bool) {
	for _, e := range s.Entries {
		if e.Key == key {
			return e, true
		}
	}
	return Entry{}, false
}

// RequiredKey is the schedule key every schedule must date: the README's
// project instructions quote its deadline.
const RequiredKey = "proposals_open"

var (
	topFields   = []string{"term", "schedule", "repo", "project"}
	termFields  = []string{"year", "number"}
	entryFields = []string{"key", "label", "start", "end", "time", "note", "timeline"}
	keyRE       = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// EntryError is a problem with one schedule entry; it names the entry so the
// person editing the file finds it.
type EntryError struct {
	Path  string
	Line  int
	Index int    // 1-based position in the schedule list
	Key   string // may be empty when the key itself is missing
	Msg   string
}

func (e *EntryError) Error() string {
	name := fmt.Sprintf("schedule entry %d", e.Index)
	if e.Key != "" {
		name += fmt.Sprintf(" (%s)", e.Key)
	}
	return fmt.Sprintf("%s:%d: %s: %s", e.Path, e.Line, name, e.Msg)
}

// Parse reads a term schedule. path is used in error messages only. Unknown
// fields, dates that do not exist, an end before its start, duplicate or
// malformed keys and unparseable times are errors naming the entry; all of
// them are reported at once.
func Parse(data []byte, path string) (*Schedule, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty schedule: it needs term: {year, number} and schedule: entries", path)
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the schedule must be a mapping with the keys term and schedule", path, root.Line)
	}
	var errs []error
	s := &Schedule{Path: path}
	var termNode, schedNode *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "term":
			termNode = v
		case "schedule":
			schedNode = v
		default:
			if !slices.Contains(topFields, k.Value) {
				errs = append(errs, fmt.Errorf("%s:%d: unknown field %q at the top level (allowed: %s)", path, k.Line, k.Value, strings.Join(topFields, ", ")))
			}
		}
	}
	if termNode == nil {
		errs = append(errs, fmt.Errorf("%s: missing term: {year, number}", path))
	} else {
		errs = append(errs, parseTerm(termNode, path, s)...)
	}
	if schedNode == nil || schedNode.Kind != yaml.SequenceNode || len(schedNode.Content) == 0 {
		errs = append(errs, fmt.Errorf("%s: missing schedule: a list of entries with key and label", path))
	} else {
		errs = append(errs, parseEntries(schedNode, path, s)...)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return s, nil
}

func parseTerm(n *yaml.Node, path string, s *Schedule) []error {
	if n.Kind != yaml.MappingNode {
		return []error{fmt.Errorf("%s:%d: term must be a mapping {year, number}", path, n.Line)}
	}
	var errs []error
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i]; !slices.Contains(termFields, k.Value) {
			errs = append(errs, fmt.Errorf("%s:%d: unknown field %q in term (allowed: year, number)", path, k.Line, k.Value))
		}
	}
	var t struct {
		Year   int `yaml:"year"`
		Number int `yaml:"number"`
	}
	if err := n.Decode(&t); err != nil {
		return append(errs, fmt.Errorf("%s:%d: term: %w", path, n.Line, err))
	}
	if t.Year < 2000 || t.Year > 2999 {
		errs = append(errs, fmt.Errorf("%s:%d: term.year %d is not a four-digit year", path, n.Line, t.Year))
	}
	if t.Number < 1 || t.Number > 99 {
		errs = append(errs, fmt.Errorf("%s:%d: term.number %d is not between 1 and 99", path, n.Line, t.Number))
	}
	s.Year, s.Number = t.Year, t.Number
	return errs
}

// rawEntry is one entry as written. Timeline is a pointer so that an absent
// field means true.
type rawEntry struct {
	Key      string `yaml:"key"`
	Label    string `yaml:"label"`
	Start    string `yaml:"start"`
	End      string `yaml:"end"`
	Time     string `yaml:"time"`
	Note     string `yaml:"note"`
	Timeline *bool  `yaml:"timeline"`
}

func parseEntries(seq *yaml.Node, path string, s *Schedule) []error {
	var errs []error
	seen := map[string]int{}
	for i, n := range seq.Content {
		bad := func(key, format string, args ...any) {
			errs = append(errs, &EntryError{Path: path, Line: n.Line, Index: i + 1, Key: key, Msg: fmt.Sprintf(format, args...)})
		}
		if n.Kind != yaml.MappingNode {
			bad("", "an entry must be a mapping with key and label")
			continue
		}
		var raw rawEntry
		if err := n.Decode(&raw); err != nil {
			bad("", "%v", err)
			continue
		}
		for j := 0; j+1 < len(n.Content); j += 2 {
			if k := n.Content[j]; !slices.Contains(entryFields, k.Value) {
				bad(raw.Key, "unknown field %q (allowed: %s)", k.Value, strings.Join(entryFields, ", "))
			}
		}
		e, msgs := entryOf(raw)
		e.Line = n.Line
		for _, m := range msgs {
			bad(raw.Key, "%s", m)
		}
		if prev, dup := seen[e.Key]; dup && e.Key != "" {
			bad(raw.Key, "duplicate key: entry %d has it too", prev)
		}
		seen[e.Key] = i + 1
		s.Entries = append(s.Entries, e)
	}
	if e, ok := s.Lookup(RequiredKey); !ok || !e.Dated() {
		errs = append(errs, fmt.Errorf("%s: the schedule needs a dated %s entry (the README quotes its deadline)", path, RequiredKey))
	}
	return errs
}

// entryOf checks one raw entry and converts it, returning every problem.
func entryOf(raw rawEntry) (Entry, []string) {
	e := Entry{Key: raw.Key, Label: strings.TrimSpace(raw.Label), Time: strings.TrimSpace(raw.Time), Note: strings.TrimSpace(raw.Note), Timeline: raw.Timeline == nil || *raw.Timeline}
	var msgs []string
	switch {
	case raw.Key == "":
		msgs = append(msgs, "missing key (a snake_case id such as applications_open)")
	case !keyRE.MatchString(raw.Key):
		msgs = append(msgs, fmt.Sprintf("key %q is not snake_case (lower-case letters, digits, underscores)", raw.Key))
	}
	if e.Label == "" {
		msgs = append(msgs, "missing label (the Activity text of the timeline)")
	}
	if strings.Contains(e.Label+e.Time+e.Note, "|") {
		msgs = append(msgs, "label, time and note must not contain | (it would break the table)")
	}
	var err error
	if e.Start, err = parseDate(raw.Start); err != nil {
		msgs = append(msgs, "start: "+err.Error())
	}
	if e.End, err = parseDate(raw.End); err != nil {
		msgs = append(msgs, "end: "+err.Error())
	}
	switch {
	case raw.End != "" && raw.Start == "":
		msgs = append(msgs, "end without start: give the first day too")
	case !e.End.IsZero() && !e.Start.IsZero() && e.End.Before(e.Start):
		msgs = append(msgs, fmt.Sprintf("end %s is before start %s", raw.End, raw.Start))
	case !e.End.IsZero() && e.End.Equal(e.Start):
		e.End = time.Time{} // a one-day range is a single day
	}
	if e.Time != "" && raw.Start == "" {
		msgs = append(msgs, "time without a start date")
	}
	if _, err := parseClock(e.Time); err != nil {
		msgs = append(msgs, err.Error())
	}
	return e, msgs
}

// parseDate reads YYYY-MM-DD, rejecting dates that do not exist (2027-02-30).
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if len(s) == len(time.DateOnly) && strings.Count(s, "-") == 2 {
			return time.Time{}, fmt.Errorf("%q is not a date that exists", s)
		}
		return time.Time{}, fmt.Errorf("%q is not a date in the form YYYY-MM-DD", s)
	}
	return t, nil
}
