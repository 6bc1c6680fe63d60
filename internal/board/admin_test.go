package board

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/plan"
)

func TestAdminProject(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data string
		want       AdminRef
		ok         bool
		err        string
	}{
		{"node id", `{"environments": {"cncf/mentoring": {"projectId": " PVT_1 "}}}`, AdminRef{ProjectID: "PVT_1"}, true, ""},
		{"owner and number", `{"environments": {"CNCF/Mentoring": {"owner": "cncf", "number": 12}}}`, AdminRef{Owner: "cncf", Number: 12}, true, ""},
		{"number as a string", `{"environments": {"cncf/mentoring": {"owner": "cncf", "number": "12"}}}`, AdminRef{Owner: "cncf", Number: 12}, true, ""},
		{"another repository", `{"environments": {"me/fork": {"projectId": "PVT_2"}}}`, AdminRef{}, false, ""},
		{"both", `{"environments": {"cncf/mentoring": {"projectId": "PVT_1", "owner": "cncf", "number": 1}}}`, AdminRef{}, false, "not both"},
		{"bad number", `{"environments": {"cncf/mentoring": {"owner": "cncf", "number": -3}}}`, AdminRef{}, false, "not a project number"},
		{"bad owner", `{"environments": {"cncf/mentoring": {"owner": "<b>", "number": 3}}}`, AdminRef{}, false, "not a GitHub login"},
		{"not json", `{`, AdminRef{}, false, "parsing"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok, err := AdminProject([]byte(tt.data), "cncf/mentoring")
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("got %v, want an error with %q", err, tt.err)
				}
				return
			}
			if err != nil || ok != tt.ok {
				t.Fatalf("got ok %v, err %v, want ok %v", ok, err, tt.ok)
			}
			if ok {
				if d := cmp.Diff(tt.want, got); d != "" {
					t.Errorf("ref (-want +got):\n%s", d)
				}
			}
		})
	}
}

// TestPlanAdmin: a new card gets Todo and its dates; a card a person put
// in a column keeps it; a right card plans nothing; a closed-over date is
// put back.
func TestPlanAdmin(t *testing.T) {
	t.Parallel()
	b := &AdminBoard{ProjectID: "P", StatusFieldID: "S", Options: map[string]string{"Todo": "o1", "Done": "o2"}, StartFieldID: "FS", DueFieldID: "FD"}
	cards := []AdminCard{
		{Number: 1, ContentID: "I1", Start: "2027-04-07", Due: "2027-08-27"},
		{Number: 2, ContentID: "I2", Due: "2027-06-07", ItemID: "it2", OptionID: "o2", BoardDue: "2027-06-07"},
		{Number: 3, ContentID: "I3", Start: "2027-04-07", Due: "2027-04-27", ItemID: "it3", OptionID: "o2", BoardStart: "2027-01-01", BoardDue: "2027-04-27"},
		{Number: 4, ContentID: "I4", ItemID: "it4"},
	}
	p, warnings := PlanAdmin(b, cards)
	want := []plan.Action{
		plan.SetBoardFields{ProjectID: "P", Issue: 1, ContentID: "I1", StatusFieldID: "S", OptionID: "o1", Status: "Todo",
			Dates: []plan.BoardDate{{FieldID: "FS", Field: "Start", Date: "2027-04-07"}, {FieldID: "FD", Field: "Due", Date: "2027-08-27"}}},
		plan.SetBoardFields{ProjectID: "P", Issue: 3, ContentID: "I3", ItemID: "it3", Dates: []plan.BoardDate{{FieldID: "FS", Field: "Start", Date: "2027-04-07"}}},
		plan.SetBoardFields{ProjectID: "P", Issue: 4, ContentID: "I4", ItemID: "it4", StatusFieldID: "S", OptionID: "o1", Status: "Todo"},
	}
	if d := cmp.Diff(want, p.Actions); d != "" {
		t.Errorf("plan (-want +got):\n%s", d)
	}
	if len(warnings) != 0 {
		t.Errorf("got warnings %q, want none", warnings)
	}
}
