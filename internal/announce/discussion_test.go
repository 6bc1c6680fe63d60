package announce

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// TestDiscussionPlanMirrorsIssuePlan: the same inputs as the golden issue
// plans, made discussions: the same bodies and titles (the goldens of the
// issue plans are the discussion's too), each issue action replaced by its
// discussion counterpart, no label and no on-the-day comment.
func TestDiscussionPlanMirrorsIssuePlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		now      string
		stub     string
		existing []Issue
		want     []string
	}{
		{"new", "2026-02-12 18:00", "2026-02-19", nil, []string{"create-discussion"}},
		{"edit", "2026-10-10 12:00", "2026-10-15", []Issue{{Number: 7, NodeID: "D_7", Date: date("2026-10-15"), Open: true}}, []string{"update-discussion"}},
		{"close-previous", "2026-11-19 15:00", "2026-11-19",
			[]Issue{{Number: 7, NodeID: "D_7", Date: date("2026-10-15"), Open: true}, {Number: 9, NodeID: "D_9", Date: date("2026-11-19"), Open: true}},
			[]string{"close-discussion", "update-discussion"}},
		{"cancelled", "2026-12-12 12:00", "2026-12-17", []Issue{{Number: 11, NodeID: "D_11", Date: date("2026-12-17"), Open: true}}, []string{"update-discussion", "close-discussion"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			in := Input{Schedule: sched(), Minutes: minutes(date(tt.stub), ""), Name: "Mentoring WG meeting",
				Join: "https://zoom.example.org/my/mentoring-wg", Existing: tt.existing, Now: utc(tt.now)}
			issues, err := Plan(in, testConfig())
			if err != nil {
				t.Fatal(err)
			}
			in.Discussion, in.RepositoryID, in.CategoryID, in.Category = true, "R_1", "DIC_1", "Announcements"
			disc, err := Plan(in, testConfig())
			if err != nil {
				t.Fatal(err)
			}
			var kinds, bodies, want []string
			for _, a := range disc.Plan.Actions {
				kinds = append(kinds, a.Kind())
				switch a := a.(type) {
				case plan.CreateDiscussion:
					bodies = append(bodies, a.Title+"\n"+a.Body)
					if a.RepositoryID != "R_1" || a.CategoryID != "DIC_1" || a.Marker != Marker(date(tt.stub)) {
						t.Errorf("got %+v, want the resolved ids and the meeting's marker", a)
					}
				case plan.UpdateDiscussion:
					bodies = append(bodies, a.Title+"\n"+a.Body)
				case plan.CloseDiscussion:
					if a.ID == "" || (a.Reason != "RESOLVED" && a.Reason != "OUTDATED") {
						t.Errorf("got %+v, want a node id and a reason", a)
					}
				}
			}
			for _, a := range issues.Plan.Actions {
				switch a := a.(type) {
				case plan.CreateIssue:
					want = append(want, a.Title+"\n"+a.Body)
				case plan.EditIssue:
					want = append(want, a.Title+"\n"+a.Body)
				}
			}
			if d := cmp.Diff(tt.want, kinds); d != "" {
				t.Errorf("actions (-want +got):\n%s", d)
			}
			if d := cmp.Diff(want, bodies); d != "" {
				t.Errorf("discussion titles and bodies differ from the issue ones (-issue +discussion):\n%s", d)
			}
			// Read back unchanged: a re-run plans no write but the closes.
			for i, x := range in.Existing {
				for _, a := range disc.Plan.Actions {
					if u, ok := a.(plan.UpdateDiscussion); ok && u.ID == x.NodeID {
						in.Existing[i].Title, in.Existing[i].Body = u.Title, u.Body
					}
				}
			}
			if len(in.Existing) > 0 {
				again, _ := Plan(in, testConfig())
				for _, a := range again.Plan.Actions {
					if _, ok := a.(plan.UpdateDiscussion); ok {
						t.Errorf("a re-run over unchanged discussions plans %s", a.Describe())
					}
				}
			}
		})
	}
}
