// Package reminder plans deadline reminders: a configured number of days
// before a term's deadline (a timeline activity, named by its umbrella
// schedule key), mentorbot comments on the term's umbrella issue, or opens
// a follow-up issue linked under it, naming the deadline at its exact local
// and UTC time and mentioning whom it concerns.
//
// One reminder per term, activity and offset, whatever the number of runs
// and replicas: every reminder carries a marker, the caller passes the
// markers found in what mentorbot itself wrote (comments and issues), and
// a reminder already sent is never planned again. The executor's upsert
// makes a repeated plan write nothing.
//
// The planner is pure: the clock arrives as Input.Now.
package reminder

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/quote"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

// Marker returns the hidden marker of the reminder of key, days before the
// deadline, in term t.
func Marker(t umbrella.Term, key string, days int) string {
	return fmt.Sprintf("<!-- mentorbot:reminder %s %s %dd -->", t, key, days)
}

var markerRE = regexp.MustCompile(`<!-- mentorbot:reminder \d{4}-\d{1,2} [a-z0-9_]+ \d{1,2}d -->`)

// FindMarkers returns the reminder markers in a body.
func FindMarkers(body string) []string { return markerRE.FindAllString(body, -1) }

// Input is everything the planner reads.
type Input struct {
	Term umbrella.Term
	// Timeline is the term README's timeline.
	Timeline []umbrella.Date
	// Location is the term's zone (terms.timezone).
	Location *time.Location
	Now      time.Time
	// Umbrella is the term's umbrella issue; the zero ref means it was
	// not found, and no reminder is planned (there is nothing to post on
	// or link under).
	Umbrella plan.IssueRef
	// Labels are the labels of a follow-up issue (the term's admin labels).
	Labels []string
	// Mentors are the GitHub logins of the term's mentors; MentorsFrom
	// names the file they were read from, "" when the term has none yet.
	Mentors     []string
	MentorsFrom string
	// Sent are the reminder markers found in comments and issues
	// mentorbot wrote.
	Sent map[string]bool
	// Forged maps a reminder marker found in an issue a person opened to
	// that person's login: a follow-up issue with that marker is not
	// opened, because the executor would take their issue for
	// mentorbot's (it finds issues by marker, whoever wrote them). A
	// person's comment carrying a marker needs no entry: the executor
	// edits and counts only comments mentorbot wrote (WriteAs).
	Forged map[string]string
}

// Reminder is one reminder the config asks for, with its state.
type Reminder struct {
	Term     umbrella.Term
	Key      string
	Days     int
	Activity string
	// Deadline is the deadline's instant (the start of its day in the
	// term's zone for a date without a time); SendAt is when the
	// reminder is due.
	Deadline, SendAt time.Time
	HasTime          bool
	Marker           string
	// State is "due", "sent", "waiting" (SendAt is later), "passed" (the
	// deadline is over), "superseded" (a later offset is due) or
	// "refused" (an issue a person opened carries the marker).
	State string
}

// Result is the plan and, for each configured reminder, what it is waiting
// for.
type Result struct {
	Plan      *plan.Plan
	Reminders []Reminder
	// Notes say why a configured reminder is not planned.
	Notes []string
}

// Plan returns the reminders of the term that are due and not sent yet.
func Plan(in Input, cfg *config.Config) (*Result, error) {
	if in.Location == nil {
		return nil, fmt.Errorf("reminders of %s: no time zone", in.Term)
	}
	res := &Result{Plan: &plan.Plan{}}
	for _, key := range cfg.Dates.Keys() {
		r := cfg.Reminders[key]
		d, ok := umbrella.DateFor(in.Timeline, cfg, key)
		if !ok {
			res.Notes = append(res.Notes, fmt.Sprintf("%s %s: the timeline has no date for %s", in.Term, key, key))
			continue
		}
		rs := schedule(in, key, d, r)
		res.Reminders = append(res.Reminders, rs...)
		for _, x := range rs {
			switch x.State {
			case "due":
				if in.Umbrella == (plan.IssueRef{}) {
					res.Notes = append(res.Notes, fmt.Sprintf("%s %s %dd: due, but the term has no umbrella issue yet (the umbrella job opens it)", in.Term, key, x.Days))
					continue
				}
				res.Plan.Add(actions(in, x, r, cfg)...)
			case "refused":
				res.Notes = append(res.Notes, fmt.Sprintf("%s %s %dd: not opened: an issue by @%s carries the reminder's marker", in.Term, key, x.Days, in.Forged[x.Marker]))
			}
		}
	}
	return res, nil
}

// schedule works out the state of each offset of one reminder. Of the
// offsets due at once (a run missed earlier ones), only the latest is
// sent: a late "7 days before" is noise once "1 day before" is due.
func schedule(in Input, key string, d umbrella.Date, r config.Reminder) []Reminder {
	deadline, end := deadlineOf(d, in.Location)
	days := append([]int(nil), r.DaysBefore...)
	sort.Sort(sort.Reverse(sort.IntSlice(days)))
	out := make([]Reminder, 0, len(days))
	latestDue := -1
	for i, n := range days {
		x := Reminder{
			Term: in.Term, Key: key, Days: n, Activity: d.Activity, Deadline: deadline, HasTime: d.HasTime,
			SendAt: deadline.In(in.Location).AddDate(0, 0, -n), Marker: Marker(in.Term, key, n),
		}
		switch {
		case in.Sent[x.Marker]:
			x.State = "sent"
		case !in.Now.Before(end):
			x.State = "passed"
		case in.Now.Before(x.SendAt):
			x.State = "waiting"
		case r.Post == "issue" && in.Forged[x.Marker] != "":
			x.State = "refused"
			latestDue = i // it supersedes earlier offsets all the same
		default:
			x.State = "due"
			latestDue = i
		}
		out = append(out, x)
	}
	for i := range out {
		if out[i].State == "due" && i < latestDue {
			out[i].State = "superseded"
		}
	}
	return out
}

// deadlineOf returns the deadline's instant and the end of the time a
// reminder still makes sense: the instant itself for a deadline with a
// time, the end of the day for a date.
func deadlineOf(d umbrella.Date, loc *time.Location) (deadline, end time.Time) {
	last := d.Last()
	if d.HasTime {
		return last, last
	}
	y, m, day := last.Date() // a date keeps the day it was written
	start := time.Date(y, m, day, 0, 0, 0, 0, loc)
	return start, start.AddDate(0, 0, 1)
}

func actions(in Input, x Reminder, r config.Reminder, cfg *config.Config) []plan.Action {
	body := Body(in, x, r, cfg)
	if r.Post != "issue" {
		return []plan.Action{plan.UpsertComment{Issue: in.Umbrella, Marker: x.Marker, Body: body}}
	}
	ref := fmt.Sprintf("%s/reminder/%s/%dd", in.Term, x.Key, x.Days)
	title := fmt.Sprintf("[%s] Reminder: %s due %s", in.Term.Short(), plainText(x.Activity), shortDay(x, in.Location))
	return []plan.Action{
		plan.CreateIssue{Ref: ref, Marker: x.Marker, Title: title, Body: body, Labels: in.Labels},
		plan.AddSubIssue{Parent: in.Umbrella, Child: plan.IssueRef{Ref: ref}},
	}
}

// Body renders a reminder.
func Body(in Input, x Reminder, r config.Reminder, cfg *config.Config) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Reminder:** %s is due **%s**.\n\n", quote.Code(plainText(x.Activity)), When(x, in.Location))
	if who := audience(in, r, cfg); who != "" {
		fmt.Fprintf(&b, "This concerns %s.\n\n", who)
	}
	when := fmt.Sprintf("%d days before the deadline", x.Days)
	switch x.Days {
	case 0:
		when = "on the day of the deadline"
	case 1:
		when = "1 day before the deadline"
	}
	fmt.Fprintf(&b, "Sent %s (`reminders.%s` in mentorbot's config), from the %s timeline.\n\n%s\n", when, x.Key, in.Term.Short(), x.Marker)
	return b.String()
}

// When writes the deadline as people read it: in the term's zone with its
// abbreviation for that date, and in UTC.
func When(x Reminder, loc *time.Location) string {
	if !x.HasTime {
		return x.Deadline.Format("Monday, January 2, 2006") + " (the whole day, " + loc.String() + ")"
	}
	return x.Deadline.In(loc).Format("Monday, January 2, 2006, 3:04 PM MST") + " (" + x.Deadline.UTC().Format("15:04 UTC, January 2") + ")"
}

func shortDay(x Reminder, loc *time.Location) string {
	t := x.Deadline
	if x.HasTime {
		t = t.In(loc)
	}
	return t.Format("Jan 2")
}

// audience writes the mentions: mentors, administrators and teams, each
// login checked, none twice.
func audience(in Input, r config.Reminder, cfg *config.Config) string {
	seen := map[string]bool{}
	var parts []string
	add := func(logins []string, what string) {
		var ms []string
		for _, l := range logins {
			l = strings.TrimPrefix(strings.TrimSpace(l), "@")
			if !config.ValidLogin(l) || seen[strings.ToLower(l)] {
				continue
			}
			seen[strings.ToLower(l)] = true
			ms = append(ms, quote.Mention(l))
		}
		if len(ms) > 0 {
			parts = append(parts, strings.Join(ms, ", ")+" ("+what+")")
		}
	}
	for _, n := range r.Notify {
		switch {
		case n == "mentors":
			if in.MentorsFrom == "" {
				parts = append(parts, "the term's mentors (no lfx-export.json in the term folder yet, so nobody is mentioned)")
				continue
			}
			ms := append([]string(nil), in.Mentors...)
			sort.Slice(ms, func(i, j int) bool { return strings.ToLower(ms[i]) < strings.ToLower(ms[j]) })
			add(ms, "mentors, from `"+in.MentorsFrom+"`")
		case n == "admins":
			add(cfg.Administrators, "administrators")
		case config.ValidTeam(n):
			if !seen[strings.ToLower(n)] {
				seen[strings.ToLower(n)] = true
				parts = append(parts, n)
			}
		}
	}
	return strings.Join(parts, " and ")
}

var textReplacer = strings.NewReplacer("@", "@\u2060", "<", " ", ">", " ", "*", "", "`", "", "_", " ", "[", "", "]", "", "\\", "")

// plainText makes README text plain: one line, no Markdown emphasis,
// links or HTML, mentions neutralised, at most 120 runes. Issue titles
// (plain text on GitHub) use it as it is; bodies quote it with quote.Code.
func plainText(s string) string {
	s = strings.Join(strings.Fields(textReplacer.Replace(s)), " ")
	if r := []rune(s); len(r) > 120 {
		s = string(r[:120]) + "…"
	}
	return s
}
