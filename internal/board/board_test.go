package board

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
)

var allColumns = append([]string{Inbox, Awaiting, Approved, CNCFApproved, Exported, Closed}, AdminColumns...)

func testBoard(columns ...string) *Board {
	b := &Board{ProjectID: "PVT_1", Title: "Proposals", FieldID: "F_status", Options: map[string]string{}}
	for i, c := range columns {
		b.Options[c] = "opt" + string(rune('A'+i))
	}
	return b
}

func cfg(t *testing.T) *config.Config {
	t.Helper()
	c, err := config.Parse(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDecide(t *testing.T) {
	t.Parallel()
	c := cfg(t)
	b := testBoard(allColumns...)
	on := func(status string, labels ...string) Card {
		return Card{Number: 7, ContentID: "I_7", ItemID: "PVTI_7", OptionID: b.Options[status], Labels: labels}
	}
	validated := []string{"Proposal", "Validation Passed", "Awaiting Maintainer/Contribex Approval", "Awaiting Mentor Confirmation"}
	approved := []string{"Proposal", "Validation Passed", "Maintainer/Contribex Approved", "Mentors Confirmed"}
	tests := []struct {
		name       string
		card       Card
		from, to   string
		change     bool
		reasonPart string
	}{
		{"new proposal goes on the board", Card{Number: 7, ContentID: "I_7", Labels: []string{"Proposal", "Needs Validation"}}, "(not on the board)", Inbox, true, "not validated"},
		{"card without a status", Card{Number: 7, ContentID: "I_7", ItemID: "PVTI_7", Labels: []string{"Proposal"}}, "(no status)", Inbox, true, "not validated"},
		{"inbox to awaiting", on(Inbox, validated...), Inbox, Awaiting, true, "gates are open"},
		{"one gate is not both", on(Awaiting, "Proposal", "Validation Passed", "Maintainer/Contribex Approved", "Awaiting Mentor Confirmation"), Awaiting, Awaiting, false, "gates are open"},
		{"awaiting to approved", on(Awaiting, approved...), Awaiting, Approved, true, "both gates"},
		{"approved to CNCF approved", on(Approved, append(approved, "CNCF Approved")...), Approved, CNCFApproved, true, `"CNCF Approved"`},
		{"CNCF approved to exported", on(CNCFApproved, append(approved, "CNCF Approved", "Exported")...), CNCFApproved, Exported, true, `"Exported"`},
		{"exported to posted to LFX", func() Card {
			c := on(Exported, append(approved, "CNCF Approved", "Exported")...)
			c.LFXURL, c.LFXChecked = true, true
			return c
		}(), Exported, PostedToLFX, true, "/lfx-url"},
		{"closed from anywhere", func() Card { c := on(Awaiting, validated...); c.Closed = true; return c }(), Awaiting, Closed, true, "closed"},
		{"reopened leaves Closed", on(Closed, validated...), Closed, Awaiting, true, "gates are open"},
		{"a label removed moves back", on(CNCFApproved, approved...), CNCFApproved, Approved, true, "both gates"},
		{"already there", on(Approved, approved...), Approved, Approved, false, "both gates"},
		{"on hold stays", on(Awaiting, append(approved, "On Hold")...), Awaiting, Awaiting, false, "stays"},
		{"closed on hold still closes", func() Card { c := on(Awaiting, "Proposal", "On Hold"); c.Closed = true; return c }(), Awaiting, Closed, true, "closed"},
		{"unreadable status is held", Card{Number: 7, ItemID: "PVTI_7", OptionID: "gone", Labels: approved}, "(unreadable)", "(unchanged)", false, "cannot be read"},
	}
	for _, col := range AdminColumns {
		tests = append(tests,
			struct {
				name       string
				card       Card
				from, to   string
				change     bool
				reasonPart string
			}{"held in " + col, on(col, append(approved, "CNCF Approved")...), col, col, false, "belongs to the administrators"},
			struct {
				name       string
				card       Card
				from, to   string
				change     bool
				reasonPart string
			}{"closed out of " + col, func() Card { c := on(col, approved...); c.Closed = true; return c }(), col, Closed, true, "closed"},
		)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := Decide(b, tt.card, c)
			if m.From != tt.from || m.To != tt.to || m.Change != tt.change || !strings.Contains(m.Reason, tt.reasonPart) || m.Warning != "" {
				t.Errorf("got %+v, want %s -> %s, change %v, reason containing %q", m, tt.from, tt.to, tt.change, tt.reasonPart)
			}
		})
	}
}

func TestPlan(t *testing.T) {
	t.Parallel()
	c := cfg(t)
	b := testBoard(Inbox, Awaiting, Approved, Closed) // no CNCF Approved column
	cards := []Card{
		{Number: 1, ContentID: "I_1", Labels: []string{"Proposal"}},
		{Number: 2, ContentID: "I_2", ItemID: "PVTI_2", OptionID: b.Options[Inbox], Labels: []string{"Proposal", "Validation Passed"}},
		{Number: 3, ContentID: "I_3", ItemID: "PVTI_3", OptionID: b.Options[Approved], Labels: []string{"CNCF Approved"}},
		{Number: 4, ContentID: "I_4", ItemID: "PVTI_4", OptionID: b.Options[Awaiting], Labels: []string{"Validation Passed"}},
		{Number: 5, ContentID: "I_5", ItemID: "PVTI_5", OptionID: b.Options[Approved], Labels: []string{"CNCF Approved"}},
	}
	p, moves, warnings := Plan(b, cards, c)
	want := []plan.Action{
		plan.SetBoardStatus{ProjectID: "PVT_1", Issue: 1, ContentID: "I_1", FieldID: "F_status", OptionID: b.Options[Inbox], Status: Inbox, From: "(not on the board)", Reason: "not validated yet"},
		plan.SetBoardStatus{ProjectID: "PVT_1", Issue: 2, ContentID: "I_2", ItemID: "PVTI_2", FieldID: "F_status", OptionID: b.Options[Awaiting], Status: Awaiting, From: Inbox, Reason: "validated; the approval and confirmation gates are open"},
	}
	if diff := cmp.Diff(want, p.Actions); diff != "" {
		t.Errorf("plan mismatch (-want +got):\n%s", diff)
	}
	if len(moves) != 5 || moves[2].Warning == "" || moves[3].Change {
		t.Errorf("got moves %+v, want 5 with #3 warned and #4 unchanged", moves)
	}
	if diff := cmp.Diff([]string{`the board "Proposals" (PVT_1) has no Status option "CNCF Approved": cards that belong there are not moved`}, warnings); diff != "" {
		t.Errorf("warnings mismatch (-want +got):\n%s", diff)
	}

	noField := &Board{ProjectID: "PVT_2"}
	p, moves, warnings = Plan(noField, cards, c)
	if !p.Empty() || moves != nil || len(warnings) != 1 || !strings.Contains(warnings[0], `no single-select field "Status"`) {
		t.Errorf("board without Status: got plan %v, moves %v, warnings %q; want nothing and one warning", p.Text(), moves, warnings)
	}
}

func TestNeedsLFX(t *testing.T) {
	t.Parallel()
	c := cfg(t)
	b := testBoard(allColumns...)
	tests := []struct {
		name string
		card Card
		want bool
	}{
		{"exported", Card{ItemID: "x", OptionID: b.Options[Exported], Labels: []string{"Exported"}}, true},
		{"exported, not on the board", Card{Labels: []string{"Exported"}}, true},
		{"not exported", Card{ItemID: "x", OptionID: b.Options[CNCFApproved], Labels: []string{"CNCF Approved"}}, false},
		{"already posted", Card{ItemID: "x", OptionID: b.Options[PostedToLFX], Labels: []string{"Exported"}}, false},
		{"closed", Card{Closed: true, Labels: []string{"Exported"}}, false},
		{"unreadable", Card{ItemID: "x", OptionID: "gone", Labels: []string{"Exported"}}, false},
	}
	for _, tt := range tests {
		if got := NeedsLFX(b, tt.card, c); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestProjectID(t *testing.T) {
	t.Parallel()
	path := "../../../shared/corpus/cncf-mentoring/programs/lfx-mentorship/automation/board.json"
	data, err := os.ReadFile(filepath.FromSlash(path))
	if err != nil {
		t.Skipf("corpus not found (%s): the real board.json is needed for this test", path)
	}
	for repo, want := range map[string]string{"cncf/mentoring": "PVT_kwDOAM1Res4BbdSM", "Nate-Double-U/Mentoring": "PVT_kwHOAEP2W84BXacI", "someone/fork": ""} {
		id, ok, err := ProjectID(data, repo)
		if err != nil || id != want || ok != (want != "") {
			t.Errorf("%s: got %q, %v, %v; want %q", repo, id, ok, err, want)
		}
	}
	if _, _, err := ProjectID([]byte("{"), "a/b"); err == nil {
		t.Errorf("broken board.json: got no error, want one")
	}
}
