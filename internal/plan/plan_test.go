package plan

import (
	"encoding/json"
	goldenfile "github.com/mentorbot/mentorbot/internal/golden"
	"path/filepath"
	"testing"
)

func sample() *Plan {
	return &Plan{Owner: "cncf", Repo: "mentoring", Actions: []Action{
		EnsureLabel{Name: "Validation Passed", Color: "0e8a16", Description: "ok"},
		AddLabels{Issue: Issue(12), Labels: []string{"Proposal", "2026"}},
		RemoveLabel{Issue: Issue(12), Label: "Needs Validation"},
		UpsertComment{Issue: Issue(12), Marker: "<!-- m -->", Body: "<!-- m -->\nline one\nline two\n"},
		CreateIssue{Ref: "t", Marker: "<!-- t -->", Title: "LFX 2027 T1", Body: "<!-- t -->", Labels: []string{"administration"}},
		AddSubIssue{Parent: IssueRef{Ref: "t"}, Child: Issue(3)},
		PutFile{Path: "m.md", Content: "x", BaseSHA: "abc1234def", Message: "stub", Diff: "-a\n+b\n"},
		AddReaction{CommentID: 7, Content: "+1"},
		CloseIssue{Issue: Issue(9), Reason: "not_planned"},
	}}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Assert(t, filepath.Join("testdata", name), got)
}

func TestText(t *testing.T) {
	t.Parallel()
	golden(t, "plan.txt", []byte(sample().Text()))
	if got := (&Plan{}).Text(); got != "no changes\n" {
		t.Errorf("empty plan: got %q, want %q", got, "no changes\n")
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	data, err := json.MarshalIndent(sample(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "plan.json", append(data, '\n'))
	// Every action carries its kind first, so consumers can dispatch.
	var wire struct {
		Actions []struct{ Kind string } `json:"actions"`
	}
	if err := json.Unmarshal(data, &wire); err != nil {
		t.Fatal(err)
	}
	for i, a := range wire.Actions {
		if want := sample().Actions[i].Kind(); a.Kind != want {
			t.Errorf("action %d: got kind %q, want %q", i, a.Kind, want)
		}
	}
}
