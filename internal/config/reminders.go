package config

import (
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/mentorbot/mentorbot/internal/zone"
)

// Dates configures what mentorbot does with the programme's dates beyond
// checking them: deadline reminders, meeting announcements, the committed
// calendar feed and the timeline chart. Its keys sit at the top level of the
// config file (the struct is inlined into Config).
type Dates struct {
	// Reminders maps an umbrella schedule key (umbrella.schedule_keys:
	// "midterm_evals", "final_evals", ...) to the reminder sent before
	// that deadline. Empty (the default) sends none.
	Reminders map[string]Reminder `yaml:"reminders"`
	// Administrators are the GitHub logins a reminder with notify
	// "admins" mentions: the programme's administrators.
	Administrators []string `yaml:"administrators"`
	// Announce configures meeting announcements.
	Announce Announce `yaml:"announce"`
	// Calendar configures the committed iCalendar feed.
	Calendar Calendar `yaml:"calendar"`
	// TimelineChart configures the Mermaid chart of a term's timeline.
	TimelineChart TimelineChart `yaml:"timeline_chart"`
}

// Reminder is one deadline reminder.
type Reminder struct {
	// DaysBefore lists how many days before the deadline a reminder is
	// sent, one reminder per offset ("3" or "[7, 1]").
	DaysBefore Ints `yaml:"days_before"`
	// Notify says whom the reminder mentions: "mentors" (the term's
	// mentors, from its lfx-export.json), "admins" (Administrators), or
	// a team "@org/team-slug". One value or a list.
	Notify Strings `yaml:"notify"`
	// Post is "comment" (on the term's umbrella issue, the default) or
	// "issue" (a follow-up issue linked under the umbrella issue).
	Post string `yaml:"post"`
}

// Announce configures the meeting announcements.
type Announce struct {
	// Enabled turns announcements on.
	Enabled bool `yaml:"enabled"`
	// DaysBefore is how many days before a meeting its announcement is
	// opened.
	DaysBefore int `yaml:"days_before"`
	// OnTheDay adds a comment to the announcement on the meeting's day.
	OnTheDay bool `yaml:"on_the_day"`
	// Via is "issue" (the default) or "discussion": a GitHub Discussion
	// in Category, edited in place and closed after the meeting (the App
	// needs discussions write; no on-the-day comment).
	Via string `yaml:"via"`
	// Category is the Discussions category, for via "discussion", by its
	// name as the repository shows it ("Announcements").
	Category string `yaml:"category"`
	// Label is the label of announcement issues; mentorbot finds its
	// earlier announcements by it.
	Label string `yaml:"label"`
	// AgendaLabel, when set, adds the open issues with that label to the
	// agenda.
	AgendaLabel string `yaml:"agenda_label"`
	// Zones are the IANA zones the time is also given in, after the
	// meeting's own zone and UTC.
	Zones []string `yaml:"zones"`
	// Join overrides the join link read from the minutes file.
	Join string `yaml:"join"`
}

// Calendar configures the committed feed.
type Calendar struct {
	// Commit keeps the feed committed at Path on the default branch.
	Commit bool `yaml:"commit"`
	// Path is where the feed is committed (calendar/mentoring.ics).
	Path string `yaml:"path"`
	// Message is the commit message.
	Message string `yaml:"message"`
}

// TimelineChart configures the Mermaid chart of a term's timeline.
type TimelineChart struct {
	// Umbrella shows the chart in a new umbrella issue (default on).
	Umbrella bool `yaml:"umbrella"`
	// Readme keeps the chart in each term README, in a generated block
	// between markers (default off).
	Readme bool `yaml:"readme"`
}

func defaultDates() Dates {
	return Dates{
		Announce: Announce{
			DaysBefore: 7, Via: "issue", Label: "meeting-announcement",
			Zones: []string{"Europe/Berlin", "Asia/Kolkata"},
		},
		Calendar:      Calendar{Path: "calendar/mentoring.ics", Message: "calendar: update the feed"},
		TimelineChart: TimelineChart{Umbrella: true},
	}
}

// Ints is a list of integers that may be written as one.
type Ints []int

// UnmarshalYAML reads "3" or "[7, 1]".
func (v *Ints) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		var i int
		if err := n.Decode(&i); err != nil {
			return err
		}
		*v = Ints{i}
		return nil
	}
	var l []int
	if err := n.Decode(&l); err != nil {
		return err
	}
	*v = l
	return nil
}

// Strings is a list of strings that may be written as one.
type Strings []string

// UnmarshalYAML reads "mentors" or "[mentors, admins]".
func (v *Strings) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		var s string
		if err := n.Decode(&s); err != nil {
			return err
		}
		*v = Strings{s}
		return nil
	}
	var l []string
	if err := n.Decode(&l); err != nil {
		return err
	}
	*v = l
	return nil
}

var (
	loginRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9]){0,38}$`)
	teamRE  = regexp.MustCompile(`^@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$`)
	keyRE   = regexp.MustCompile(`^[a-z0-9_]+$`)
)

// ValidLogin reports whether s is a GitHub login.
func ValidLogin(s string) bool { return loginRE.MatchString(s) }

// ValidTeam reports whether s is a team mention, "@org/team-slug".
func ValidTeam(s string) bool { return teamRE.MatchString(s) }

// Keys returns the reminder keys in order.
func (d Dates) Keys() []string {
	keys := make([]string, 0, len(d.Reminders))
	for k := range d.Reminders {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (d Dates) validate(scheduleKeys map[string]string) []error {
	var errs []error
	for _, key := range d.Keys() {
		r := d.Reminders[key]
		where := "reminders." + key
		if !keyRE.MatchString(key) {
			errs = append(errs, fmt.Errorf("%s: a reminder key is a schedule key such as midterm_evals", where))
		} else if _, ok := scheduleKeys[key]; !ok {
			errs = append(errs, fmt.Errorf("%s: %q is not a schedule key (umbrella.schedule_keys has %s)", where, key, strings.Join(sortedKeys(scheduleKeys), ", ")))
		}
		if len(r.DaysBefore) == 0 {
			errs = append(errs, fmt.Errorf("%s.days_before is missing: say how many days before the deadline to remind", where))
		}
		seen := map[int]bool{}
		for _, n := range r.DaysBefore {
			if n < 0 || n > 90 {
				errs = append(errs, fmt.Errorf("%s.days_before: %d is not between 0 and 90", where, n))
			}
			if seen[n] {
				errs = append(errs, fmt.Errorf("%s.days_before: %d is listed twice", where, n))
			}
			seen[n] = true
		}
		if len(r.Notify) == 0 {
			errs = append(errs, fmt.Errorf("%s.notify is missing: mentors, admins or a team such as @org/team", where))
		}
		for _, n := range r.Notify {
			if n != "mentors" && n != "admins" && !ValidTeam(n) {
				errs = append(errs, fmt.Errorf("%s.notify: %q is not mentors, admins or a team such as @org/team", where, n))
			}
			if n == "admins" && len(d.Administrators) == 0 {
				errs = append(errs, fmt.Errorf("%s.notify: admins, but administrators lists nobody", where))
			}
		}
		if r.Post != "" && r.Post != "comment" && r.Post != "issue" {
			errs = append(errs, fmt.Errorf("%s.post: %q is not comment or issue", where, r.Post))
		}
	}
	for _, l := range d.Administrators {
		if !ValidLogin(l) {
			errs = append(errs, fmt.Errorf("administrators: %q is not a GitHub login", l))
		}
	}
	a := d.Announce
	if a.DaysBefore < 0 || a.DaysBefore > 60 {
		errs = append(errs, fmt.Errorf("announce.days_before: %d is not between 0 and 60", a.DaysBefore))
	}
	if a.Via != "issue" && a.Via != "discussion" {
		errs = append(errs, fmt.Errorf("announce.via: %q is not issue or discussion", a.Via))
	}
	if a.Via == "discussion" && strings.TrimSpace(a.Category) == "" {
		errs = append(errs, fmt.Errorf("announce.category is empty: via discussion needs a Discussions category"))
	}
	if strings.TrimSpace(a.Label) == "" || strings.Contains(a.Label, ",") {
		errs = append(errs, fmt.Errorf("announce.label %q: a label name without commas is needed", a.Label))
	}
	if strings.Contains(a.AgendaLabel, ",") {
		errs = append(errs, fmt.Errorf("announce.agenda_label %q: a label name has no commas", a.AgendaLabel))
	}
	for _, z := range a.Zones {
		if _, err := zone.Load(z); err != nil || z == "" || z == "Local" {
			errs = append(errs, fmt.Errorf("announce.zones: %q is not an IANA time zone such as Europe/Berlin", z))
		}
	}
	if a.Join != "" && !strings.HasPrefix(a.Join, "https://") {
		errs = append(errs, fmt.Errorf("announce.join %q: a join link starts with https://", a.Join))
	}
	c := d.Calendar
	if p := path.Clean(c.Path); c.Path == "" || p != c.Path || path.IsAbs(p) || strings.HasPrefix(p, "../") || p == ".." || !strings.HasSuffix(p, ".ics") {
		errs = append(errs, fmt.Errorf("calendar.path %q: a relative path to a .ics file inside the repository is needed", c.Path))
	}
	if strings.TrimSpace(c.Message) == "" {
		errs = append(errs, fmt.Errorf("calendar.message is empty"))
	}
	return errs
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
