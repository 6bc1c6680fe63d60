package board

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

// The term's admin board: the umbrella tree's admin issues (the umbrella
// issue and its task sub-issues) as cards on a Projects v2 board of their
// own. A new card gets Status Todo; every card with a date in the term
// timeline gets it in the board's Start and Due date fields. A card a
// person moved keeps its Status; the dates follow the timeline (the README
// is their source). Field and option ids are resolved by name, so a board
// without a field is a warning, never a failure.

// AdminConfigFile is admin-board.json under the terms root, keyed like
// board.json: per repository ("owner/repo") the board's node id
// ("projectId") or its owner and number ("owner", "number").
const AdminConfigFile = "automation/admin-board.json"

// The admin board's field and option names.
const (
	TodoStatus = "Todo"
	StartField = "Start"
	DueField   = "Due"
)

// AdminRef names an admin board: its node id, or its owner (an
// organization or a user) and number.
type AdminRef struct {
	ProjectID string
	Owner     string
	Number    int
}

func (r AdminRef) String() string {
	if r.ProjectID != "" {
		return r.ProjectID
	}
	return fmt.Sprintf("%s/%d", r.Owner, r.Number)
}

// AdminProject reads admin-board.json and returns the board for repo
// (owner/repo, any case); ok is false when the file names none.
func AdminProject(data []byte, repo string) (ref AdminRef, ok bool, err error) {
	var f struct {
		Environments map[string]struct {
			ProjectID string          `json:"projectId"`
			Owner     string          `json:"owner"`
			Number    json.RawMessage `json:"number"`
		} `json:"environments"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return ref, false, fmt.Errorf("parsing %s: %w", AdminConfigFile, err)
	}
	for k, e := range f.Environments {
		if !strings.EqualFold(k, repo) {
			continue
		}
		ref = AdminRef{ProjectID: strings.TrimSpace(e.ProjectID), Owner: strings.TrimSpace(e.Owner)}
		if len(e.Number) > 0 {
			n, err := strconv.Atoi(strings.Trim(string(e.Number), `"`))
			if err != nil || n <= 0 {
				return ref, false, fmt.Errorf("%s: environments.%s.number %s is not a project number", AdminConfigFile, k, e.Number)
			}
			ref.Number = n
		}
		switch {
		case ref.ProjectID != "" && ref.Owner == "" && ref.Number == 0:
			return ref, true, nil
		case ref.ProjectID == "" && ref.Owner != "" && ref.Number > 0:
			if !config.ValidLogin(ref.Owner) {
				return ref, false, fmt.Errorf("%s: environments.%s.owner %q is not a GitHub login", AdminConfigFile, k, ref.Owner)
			}
			return ref, true, nil
		case ref.ProjectID == "" && ref.Owner == "" && ref.Number == 0:
			return ref, false, nil
		}
		return ref, false, fmt.Errorf("%s: environments.%s: give projectId, or owner and number, not both", AdminConfigFile, k)
	}
	return ref, false, nil
}

// AdminBoard is an admin board as resolved by name; an id is "" for a
// field the board lacks.
type AdminBoard struct {
	ProjectID, Title string
	StatusFieldID    string
	// Options maps each Status option's name to its id.
	Options                  map[string]string
	StartFieldID, DueFieldID string
}

// AdminCard is one admin issue, the dates the timeline gives it, and its
// card on the board.
type AdminCard struct {
	Number    int
	ContentID string // the issue's node id
	Title     string
	// Start and Due are the timeline's dates, "YYYY-MM-DD"; "" for none.
	Start, Due string
	// ItemID is the card's id, "" when the issue is not on the board;
	// OptionID its Status option, BoardStart and BoardDue its dates now.
	ItemID, OptionID     string
	BoardStart, BoardDue string
}

// Dates are an admin issue's Start and Due, "YYYY-MM-DD" or "".
type Dates struct{ Start, Due string }

// AdminDates returns, by marker, the dates of the term's admin issues:
// the umbrella issue spans the timeline (its first day to its last); a
// task with a schedule key is due on its row's last day and, for a range,
// starts on its first. Days are in the term's zone.
func AdminDates(in umbrella.Input, cfg *config.Config) (map[string]Dates, error) {
	loc, err := cfg.Terms.Location()
	if err != nil {
		return nil, fmt.Errorf("loading time zone %q: %w", cfg.Terms.Timezone, err)
	}
	day := func(t time.Time) string { return t.In(loc).Format("2006-01-02") }
	out := map[string]Dates{}
	var first, last time.Time
	for _, d := range in.Timeline {
		if d.Start.IsZero() {
			continue
		}
		if first.IsZero() || d.Start.Before(first) {
			first = d.Start
		}
		if d.Last().After(last) {
			last = d.Last()
		}
	}
	if !first.IsZero() {
		out[umbrella.Marker(in.Term, umbrella.KeyUmbrella)] = Dates{Start: day(first), Due: day(last)}
	}
	var walk func([]umbrella.Task)
	walk = func(ts []umbrella.Task) {
		for _, x := range ts {
			walk(x.Children)
			if x.ScheduleKey == "" {
				continue
			}
			d, ok := umbrella.DateFor(in.Timeline, cfg, x.ScheduleKey)
			if !ok {
				continue
			}
			ds := Dates{Due: day(d.Last())}
			if !d.End.IsZero() {
				ds.Start = day(d.Start)
			}
			out[umbrella.Marker(in.Term, "task/"+x.Key)] = ds
		}
	}
	if in.Tasks != nil {
		walk(in.Tasks.Sections)
	}
	return out, nil
}

// PlanAdmin plans the writes that put every admin issue on the board: a
// card for each issue not on it, Status Todo for a card without a Status,
// and the Start and Due dates where they differ from the timeline's. A
// card already right plans nothing. A field or option the board lacks is
// a warning (and that field is left alone); the cards are still placed.
func PlanAdmin(b *AdminBoard, cards []AdminCard) (*plan.Plan, []string) {
	p := &plan.Plan{}
	var warnings []string
	warned := map[string]bool{}
	warn := func(key, msg string) {
		if !warned[key] {
			warned[key] = true
			warnings = append(warnings, msg)
		}
	}
	todo, haveTodo := b.Options[TodoStatus]
	for _, c := range cards {
		a := plan.SetBoardFields{ProjectID: b.ProjectID, Issue: c.Number, ContentID: c.ContentID, ItemID: c.ItemID}
		if c.ItemID == "" || c.OptionID == "" {
			switch {
			case b.StatusFieldID == "":
				warn("status", fmt.Sprintf("the admin board %s has no single-select field %q: new cards get no Status", adminName(b), StatusField))
			case !haveTodo:
				warn("todo", fmt.Sprintf("the admin board %s has no Status option %q: new cards get no Status", adminName(b), TodoStatus))
			default:
				a.StatusFieldID, a.OptionID, a.Status = b.StatusFieldID, todo, TodoStatus
			}
		}
		for _, f := range []struct {
			name, id, want, have string
		}{{StartField, b.StartFieldID, c.Start, c.BoardStart}, {DueField, b.DueFieldID, c.Due, c.BoardDue}} {
			if f.want == "" || f.want == f.have {
				continue
			}
			if f.id == "" {
				warn(f.name, fmt.Sprintf("the admin board %s has no date field %q: the timeline's %s dates are not set", adminName(b), f.name, strings.ToLower(f.name)))
				continue
			}
			a.Dates = append(a.Dates, plan.BoardDate{FieldID: f.id, Field: f.name, Date: f.want})
		}
		if c.ItemID == "" || a.StatusFieldID != "" || len(a.Dates) > 0 {
			p.Add(a)
		}
	}
	return p, warnings
}

func adminName(b *AdminBoard) string {
	if b.Title != "" {
		return fmt.Sprintf("%q (%s)", b.Title, b.ProjectID)
	}
	return b.ProjectID
}
