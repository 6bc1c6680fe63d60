// Package board keeps the proposal board (a GitHub Projects v2 board) in
// step with the proposals: every proposal is a card whose Status column
// follows its labels, from Inbox to Exported, and Closed when the issue
// is closed. The columns after Exported belong to the administrators:
// mentorbot never moves a card out of them except to Closed, and never
// moves a card whose current Status it cannot read. The planner is pure;
// the board's field and option ids are resolved by name by the loader, so
// a fork with its own board runs the same code.
package board

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// The Status columns mentorbot moves cards to.
const (
	Inbox        = "Inbox"
	Awaiting     = "Awaiting approvals/confirmations"
	Approved     = "Approved/confirmed"
	CNCFApproved = "CNCF Approved"
	Exported     = "Exported"
	PostedToLFX  = "Posted to LFX"
	Closed       = "Closed"
)

// StatusField is the name of the board's single-select Status field.
const StatusField = "Status"

// AdminColumns are the columns after Exported: cards there are the
// administrators' to move; mentorbot moves them only to Closed.
var AdminColumns = []string{PostedToLFX, "LFX Approved", "Mentors added", "Mentors listed", "Open for Applications", "Applications Closed"}

// ConfigFile is board.json under the terms root: the board's node id per
// repository ("owner/repo").
const ConfigFile = "automation/board.json"

// ProjectID reads board.json and returns the Projects v2 node id for repo
// (owner/repo, any case); ok is false when the file names no board for it.
func ProjectID(data []byte, repo string) (id string, ok bool, err error) {
	var f struct {
		Environments map[string]struct {
			ProjectID string `json:"projectId"`
		} `json:"environments"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return "", false, fmt.Errorf("parsing %s: %w", ConfigFile, err)
	}
	for k, e := range f.Environments {
		if strings.EqualFold(k, repo) && strings.TrimSpace(e.ProjectID) != "" {
			return strings.TrimSpace(e.ProjectID), true, nil
		}
	}
	return "", false, nil
}

// Board is a board as resolved by name: its Status field and options.
type Board struct {
	ProjectID string
	Title     string
	// FieldID is the Status field's id; "" when the board has none.
	FieldID string
	// Options maps each Status option's name to its id.
	Options map[string]string
}

// optionName returns the name of the Status option with id.
func (b *Board) optionName(id string) (string, bool) {
	for n, i := range b.Options {
		if i == id {
			return n, true
		}
	}
	return "", false
}

// Card is one proposal and its card on the board.
type Card struct {
	Number    int
	ContentID string // the issue's node id
	Title     string
	Closed    bool
	Labels    []string
	// ItemID is the card's id; "" when the issue is not on the board.
	ItemID string
	// OptionID is the card's current Status option; "" for no Status.
	OptionID string
	// LFXURL is whether mentorbot recorded the program's LFX URL (by
	// /lfx-url); LFXChecked whether that was looked up at all (see
	// NeedsLFX: it costs a read, so only when it can matter).
	LFXURL, LFXChecked bool
}

func (c Card) has(label string) bool {
	return label != "" && slices.ContainsFunc(c.Labels, func(l string) bool { return strings.EqualFold(l, label) })
}

// Move is what the planner decided for one card, and why.
type Move struct {
	Number int    `json:"issue"`
	Title  string `json:"title,omitempty"`
	From   string `json:"from"`
	To     string `json:"to"`
	// Change is whether the card is written (added, or its Status set).
	Change bool   `json:"change"`
	Reason string `json:"reason"`
	// Warning is set when the wanted column cannot be reached.
	Warning string `json:"warning,omitempty"`
}

// Want returns the column a card's labels and state call for, and why.
// Hold is true for a proposal on hold, which stays where it is.
func Want(c Card, cfg *config.Config) (status, reason string, hold bool) {
	l := cfg.Labels
	switch {
	case c.Closed:
		return Closed, "the issue is closed", false
	case c.has(l.Hold):
		return "", fmt.Sprintf("labelled %q: it stays where it is", l.Hold), true
	case c.LFXURL:
		return PostedToLFX, "its LFX URL is recorded (/lfx-url)", false
	case c.has(cfg.Export.ExportedLabel):
		return Exported, fmt.Sprintf("labelled %q", cfg.Export.ExportedLabel), false
	case c.has(l.CNCFApproved):
		return CNCFApproved, fmt.Sprintf("labelled %q", l.CNCFApproved), false
	case c.has(l.MaintainerApproved) && c.has(l.MentorsConfirmed):
		return Approved, fmt.Sprintf("both gates: %q and %q", l.MaintainerApproved, l.MentorsConfirmed), false
	case c.has(l.ValidationPassed) || c.has(l.MaintainerApproved) || c.has(l.MentorsConfirmed) ||
		c.has(l.AwaitingMaintainer) || c.has(l.AwaitingMentors):
		return Awaiting, "validated; the approval and confirmation gates are open", false
	}
	return Inbox, "not validated yet", false
}

// NeedsLFX reports whether the card's LFX record can change its column:
// an open, exported proposal not already in an administrators' column.
// The loader looks the record up only then.
func NeedsLFX(b *Board, c Card, cfg *config.Config) bool {
	if c.Closed || !c.has(cfg.Export.ExportedLabel) || c.has(cfg.Labels.Hold) {
		return false
	}
	if c.ItemID != "" && c.OptionID != "" {
		name, ok := b.optionName(c.OptionID)
		if !ok || slices.Contains(AdminColumns, name) {
			return false
		}
	}
	return true
}

// Decide returns the move for one card.
func Decide(b *Board, c Card, cfg *config.Config) Move {
	m := Move{Number: c.Number, Title: c.Title}
	current := ""
	if c.ItemID == "" {
		m.From = "(not on the board)"
	} else if c.OptionID == "" {
		m.From = "(no status)"
	} else {
		name, ok := b.optionName(c.OptionID)
		if !ok {
			m.From, m.To = "(unreadable)", "(unchanged)"
			m.Reason = fmt.Sprintf("its Status (option %s) is not an option of the board: a card whose column cannot be read is not moved", c.OptionID)
			return m
		}
		current, m.From = name, name
	}
	want, reason, hold := Want(c, cfg)
	switch {
	case hold:
		m.To, m.Reason = m.From, reason
		return m
	case slices.Contains(AdminColumns, current) && want != Closed:
		m.To = current
		m.Reason = fmt.Sprintf("%q belongs to the administrators (only a closed issue leaves it)", current)
		return m
	}
	m.To, m.Reason = want, reason
	if _, ok := b.Options[want]; !ok {
		m.Warning = fmt.Sprintf("the board has no Status option %q", want)
		return m
	}
	m.Change = c.ItemID == "" || current != want
	return m
}

// Plan decides every card's move and plans the writes. A board without a
// Status field plans nothing and says so in warnings; so does a column the
// board lacks, for the cards that want it.
func Plan(b *Board, cards []Card, cfg *config.Config) (*plan.Plan, []Move, []string) {
	p := &plan.Plan{}
	if b.FieldID == "" {
		return p, nil, []string{fmt.Sprintf("the board %s has no single-select field %q: no card is moved", boardName(b), StatusField)}
	}
	var moves []Move
	var warnings []string
	missing := map[string]bool{}
	for _, c := range cards {
		m := Decide(b, c, cfg)
		moves = append(moves, m)
		if m.Warning != "" && !missing[m.To] {
			missing[m.To] = true
			warnings = append(warnings, fmt.Sprintf("the board %s has no Status option %q: cards that belong there are not moved", boardName(b), m.To))
		}
		if !m.Change {
			continue
		}
		p.Add(plan.SetBoardStatus{ProjectID: b.ProjectID, Issue: c.Number, ContentID: c.ContentID, ItemID: c.ItemID,
			FieldID: b.FieldID, OptionID: b.Options[m.To], Status: m.To, From: m.From, Reason: m.Reason})
	}
	return p, moves, warnings
}

func boardName(b *Board) string {
	if b.Title != "" {
		return fmt.Sprintf("%q (%s)", b.Title, b.ProjectID)
	}
	return b.ProjectID
}
