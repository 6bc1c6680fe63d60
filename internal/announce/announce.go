// Package announce plans the working group's meeting announcements: a
// configured number of days before each meeting, one issue with a
// configured label giving the date and time in the meeting's zone, in UTC
// and in a list of zones ("10am PDT / 5pm UTC / 7pm CEST / 10:30pm IST",
// each abbreviation the tz database's for that date), the agenda (the
// upcoming stub's, and open issues with a configured label) and the join
// link. The announcement is edited in place when the stub or the agenda
// changes, closed once the meeting is over, never opened twice (its marker
// names the meeting's date), and not opened for a cancelled meeting; one
// opened before the meeting was cancelled is closed as not planned.
//
// The planner is pure: the clock arrives as Input.Now.
package announce

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/quote"
	"github.com/mentorbot/mentorbot/internal/zone"
)

// Marker returns the hidden marker of the announcement of the meeting on d.
func Marker(d meeting.Date) string {
	return fmt.Sprintf("<!-- mentorbot:meeting-announcement %s -->", d)
}

// TodayMarker is the marker of the comment posted on the meeting's day.
func TodayMarker(d meeting.Date) string {
	return fmt.Sprintf("<!-- mentorbot:meeting-today %s -->", d)
}

var markerRE = regexp.MustCompile(`<!-- mentorbot:meeting-announcement (\d{4}-\d{2}-\d{2}) -->`)

// DateOf returns the meeting date of an announcement's marker.
func DateOf(body string) (meeting.Date, bool) {
	m := markerRE.FindStringSubmatch(body)
	if m == nil {
		return meeting.Date{}, false
	}
	d, err := meeting.ParseDate(m[1])
	return d, err == nil
}

// Issue is an announcement mentorbot opened earlier (found by label and
// marker, written by mentorbot's identity).
type Issue struct {
	Number int
	Date   meeting.Date
	Open   bool
	// TodaySent reports that mentorbot's on-the-day comment is there (a
	// person's comment carrying its marker does not count, and the
	// executor, writing as mentorbot, never edits it).
	TodaySent bool
	// NodeID, Title and Body are a discussion's (Input.Discussion): the
	// planner edits one only when its title or body differs.
	NodeID, Title, Body string
}

// AgendaIssue is an open issue with the agenda label.
type AgendaIssue struct {
	Number int
	Title  string
}

// Input is everything the planner reads.
type Input struct {
	Schedule meeting.Schedule
	// Minutes is the parsed minutes file (its upcoming stubs); nil when
	// the schedule comes from config and no file exists yet.
	Minutes    *meeting.File
	MinutesURL string
	// Name is the meeting's name ("Mentoring Working Group Monthly Meeting").
	Name string
	// Join is the meeting link.
	Join     string
	Agenda   []AgendaIssue
	Existing []Issue
	// Forged maps a meeting date ("2026-10-15") to the person whose issue
	// with the announcement label carries that date's marker: the
	// executor finds issues by marker whoever wrote them, so no
	// announcement is opened (or commented on) for that meeting.
	Forged map[string]string
	Now    time.Time
	// Discussion makes the announcement a GitHub Discussion in the
	// category CategoryID (named Category) of the repository RepositoryID,
	// the ids as resolved by name; Existing then lists mentorbot's own
	// discussions (by marker and author), and Forged is not used: a
	// discussion is found by its node id, never by its marker alone.
	Discussion                         bool
	RepositoryID, CategoryID, Category string
}

// Result is the plan and what the planner decided.
type Result struct {
	Plan *plan.Plan
	// Next is the meeting the planner looked at.
	Next meeting.Occurrence
	// Notes say why nothing is announced.
	Notes []string
}

// Plan returns the actions that bring the announcements to what the
// schedule, the minutes and the clock say.
func Plan(in Input, cfg *config.Config) (*Result, error) {
	a := cfg.Announce
	res := &Result{Plan: &plan.Plan{}}
	if in.Schedule.Location == nil {
		return nil, fmt.Errorf("announcements: the meeting schedule has no zone")
	}
	occ := in.Schedule.Next(in.Now, cfg.Meeting.Skip, true)
	if !occ.Cancelled {
		if reason, ok := stubCancelled(in.Minutes, occ.Date); ok {
			occ.Cancelled, occ.Reason = true, reason
		}
	}
	res.Next = occ
	var current *Issue
	for i, x := range in.Existing {
		switch {
		case x.Date == occ.Date:
			if current == nil || x.Number < current.Number {
				current = &in.Existing[i]
			}
		case x.Open && x.Date.String() < occ.Date.String():
			// An earlier meeting: it is over (Next passes over held ones).
			res.Plan.Add(closeAction(in, x, "completed"))
		}
	}
	if occ.Cancelled {
		res.Notes = append(res.Notes, fmt.Sprintf("the %s meeting is cancelled: not announced", occ.Date))
		if current != nil && current.Open {
			res.Plan.Add(editAction(in, *current, occ, Title(in, occ)+" (cancelled)", cancelledBody(in, occ))...)
			res.Plan.Add(closeAction(in, *current, "not_planned"))
		}
		return res, nil
	}
	from := occ.Start.AddDate(0, 0, -a.DaysBefore)
	if in.Now.Before(from) && current == nil {
		res.Notes = append(res.Notes, fmt.Sprintf("the %s meeting is announced from %s", occ.Date, from.UTC().Format("2006-01-02 15:04 UTC")))
		return res, nil
	}
	if current != nil && !current.Open {
		res.Notes = append(res.Notes, fmt.Sprintf("the %s announcement #%d was closed by a person: left closed", occ.Date, current.Number))
		return res, nil
	}
	if who := in.Forged[occ.Date.String()]; who != "" && current == nil {
		res.Notes = append(res.Notes, fmt.Sprintf("the %s meeting is not announced: an issue by @%s carries its marker", occ.Date, who))
		return res, nil
	}
	title, body := Title(in, occ), Body(in, occ, a)
	ref := plan.IssueRef{Ref: "announcement/" + occ.Date.String()}
	switch {
	case current != nil:
		ref = plan.Issue(current.Number)
		res.Plan.Add(editAction(in, *current, occ, title, body)...)
	case in.Discussion:
		res.Plan.Add(plan.CreateDiscussion{Ref: ref.Ref, RepositoryID: in.RepositoryID, CategoryID: in.CategoryID,
			Category: in.Category, Marker: Marker(occ.Date), Title: title, Body: body})
	default:
		res.Plan.Add(
			plan.EnsureLabel{Name: a.Label, Color: "1d76db", Description: "Meeting announcements by mentorbot"},
			plan.CreateIssue{Ref: ref.Ref, Marker: Marker(occ.Date), Title: title, Body: body, Labels: []string{a.Label}},
		)
	}
	if a.OnTheDay && in.Discussion && meeting.DateOf(in.Now.In(in.Schedule.Location)) == occ.Date {
		res.Notes = append(res.Notes, "announce.on_the_day: the on-the-day comment is posted on announcement issues only, not on discussions")
	}
	if a.OnTheDay && !in.Discussion && meeting.DateOf(in.Now.In(in.Schedule.Location)) == occ.Date {
		if current == nil || !current.TodaySent {
			res.Plan.Add(plan.UpsertComment{Issue: ref, Marker: TodayMarker(occ.Date), Body: todayBody(in, occ, a)})
		}
	}
	return res, nil
}

// Title is the announcement's title.
func Title(in Input, occ meeting.Occurrence) string {
	name := inline(in.Name)
	if name == "" {
		name = "Working group meeting"
	}
	return fmt.Sprintf("%s: %s", name, occ.Start.Format("Monday, January 2, 2006"))
}

// Body renders the announcement.
func Body(in Input, occ meeting.Occurrence, a config.Announce) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s**, %s\n\n", occ.Start.Format("Monday, January 2, 2006"), Times(occ.Start, in.Schedule.Location, a.Zones))
	fmt.Fprintf(&b, "(%s %s, for %s)\n\n", occ.Start.Format("15:04"), in.Schedule.Location, durText(in.Schedule.Duration))
	if in.Join != "" {
		fmt.Fprintf(&b, "**Join:** %s\n\n", in.Join)
	}
	b.WriteString("### Agenda\n\n")
	items := stubAgenda(in.Minutes, occ.Date)
	if len(items) == 0 && len(in.Agenda) == 0 {
		b.WriteString("Nothing on the agenda yet: add it to the meeting's stub in the minutes")
		if a.AgendaLabel != "" {
			fmt.Fprintf(&b, ", or label an issue `%s`", inline(a.AgendaLabel))
		}
		b.WriteString(".\n\n")
	}
	for _, it := range items {
		b.WriteString("- " + it + "\n")
	}
	for _, is := range in.Agenda {
		fmt.Fprintf(&b, "- #%d %s\n", is.Number, quote.Code(is.Title))
	}
	if len(items) > 0 || len(in.Agenda) > 0 {
		b.WriteString("\n")
	}
	if in.MinutesURL != "" {
		fmt.Fprintf(&b, "Minutes and notes: %s\n\n", in.MinutesURL)
	}
	b.WriteString("This announcement is kept up to date by mentorbot from the minutes file and closed after the meeting.\n\n")
	b.WriteString(Marker(occ.Date) + "\n")
	return b.String()
}

func durText(d time.Duration) string {
	switch {
	case d == time.Hour:
		return "an hour"
	case d%time.Hour == 0:
		return fmt.Sprintf("%d hours", d/time.Hour)
	}
	return fmt.Sprintf("%d minutes", d/time.Minute)
}

func cancelledBody(in Input, occ meeting.Occurrence) string {
	reason := inline(occ.Reason)
	if reason == "" {
		reason = "no meeting this time"
	}
	return fmt.Sprintf("**The %s meeting is cancelled:** %s.\n\n%s\n", occ.Start.Format("Monday, January 2, 2006"), reason, Marker(occ.Date))
}

func todayBody(in Input, occ meeting.Occurrence, a config.Announce) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**Today:** %s", Times(occ.Start, in.Schedule.Location, a.Zones))
	if in.Join != "" {
		fmt.Fprintf(&b, ", %s", in.Join)
	}
	b.WriteString("\n\n" + TodayMarker(occ.Date) + "\n")
	return b.String()
}

// Times writes an instant the way people write meeting times: in the
// meeting's zone, in UTC, then in each zone, each with its abbreviation for
// that date from the tz database ("10am PDT / 5pm UTC / 7pm CEST / 10:30pm
// IST"). A zone whose day differs from the meeting's day names its weekday.
func Times(t time.Time, meetingZone *time.Location, zones []string) string {
	seen := map[string]bool{}
	var parts []string
	add := func(loc *time.Location) {
		if loc == nil || seen[loc.String()] {
			return
		}
		seen[loc.String()] = true
		parts = append(parts, Clock(t, loc, meetingZone))
	}
	add(meetingZone)
	add(time.UTC)
	for _, z := range zones {
		loc, err := zone.Load(z)
		if err == nil {
			add(loc)
		}
	}
	return strings.Join(parts, " / ")
}

// Clock writes t in loc as "10am PDT" or "10:30pm IST", with the weekday
// when the day in loc is not the day in ref.
func Clock(t time.Time, loc, ref *time.Location) string {
	l := t.In(loc)
	h, m := l.Hour(), l.Minute()
	ampm := "am"
	if h >= 12 {
		ampm = "pm"
	}
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	s := fmt.Sprint(h12)
	if m != 0 {
		s += fmt.Sprintf(":%02d", m)
	}
	s += ampm + " " + abbrev(l)
	if ref != nil && meeting.DateOf(l) != meeting.DateOf(t.In(ref)) {
		s += " (" + l.Format("Mon") + ")"
	}
	return s
}

// abbrev returns the zone's abbreviation, or "UTC+5:30" for a zone the tz
// database names only by its offset ("+0530").
func abbrev(t time.Time) string {
	name, off := t.Zone()
	if name != "" && name[0] != '+' && name[0] != '-' {
		return name
	}
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	if off%3600 == 0 {
		return fmt.Sprintf("UTC%s%d", sign, off/3600)
	}
	return fmt.Sprintf("UTC%s%d:%02d", sign, off/3600, off%3600/60)
}

var cancelRE = regexp.MustCompile(`(?i)^\s*cancell?ed\b:?\s*(.*)$`)

// stubCancelled reports whether the upcoming stub of d says the meeting is
// cancelled ("Cancelled: KubeCon week", as the meeting job writes it).
func stubCancelled(f *meeting.File, d meeting.Date) (string, bool) {
	for _, l := range stubLines(f, d) {
		if m := cancelRE.FindStringSubmatch(l); m != nil {
			return strings.TrimSpace(m[1]), true
		}
	}
	return "", false
}

// stubLines returns the lines of the upcoming stub of d, heading excluded.
func stubLines(f *meeting.File, d meeting.Date) []string {
	if f == nil || f.Upcoming < 0 {
		return nil
	}
	for _, b := range f.Sections[f.Upcoming].Meetings {
		if b.DateOK && b.Date == d {
			text := string(f.Src[b.Start:b.ContentEnd])
			lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
			return lines[1:]
		}
	}
	return nil
}

var (
	headingRE = regexp.MustCompile(`^\s{0,3}#{1,6}\s`)
	agendaRE  = regexp.MustCompile(`(?i)^\s{0,3}#{3,6}\s+agenda\b`)
	bulletRE  = regexp.MustCompile(`^\s*(?:[*+-]|\d+[.)])\s*`)
)

// stubAgenda returns the items under the stub's "### Agenda" heading,
// quoted, without empty bullets; at most 30.
func stubAgenda(f *meeting.File, d meeting.Date) []string {
	var out []string
	in := false
	for _, l := range stubLines(f, d) {
		switch {
		case agendaRE.MatchString(l):
			in = true
			continue
		case headingRE.MatchString(l):
			in = false
		}
		if !in {
			continue
		}
		item := strings.TrimSpace(bulletRE.ReplaceAllString(l, ""))
		if item == "" || strings.Trim(item, "-*_ ") == "" {
			continue
		}
		if len(out) == 30 {
			out = append(out, "… (more in the minutes)")
			break
		}
		out = append(out, inline(item))
	}
	return out
}

var inlineReplacer = strings.NewReplacer("@", "@\u2060", "<", "&lt;", ">", "&gt;", "\r", " ", "\n", " ")

// inline makes text people wrote safe to echo in one line: HTML (and so
// any marker) escaped, mentions neutralised, at most 300 runes. Markdown
// emphasis and links are kept: an agenda item is the minutes' own Markdown,
// which quote.Code would show as code (issue titles go through quote.Code).
func inline(s string) string {
	s = strings.TrimSpace(inlineReplacer.Replace(s))
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return s
}
