package action

import "testing"

// A run started by hand with command auto (a minutes backfill) does not
// open the term's issues too; naming the term does.
func TestAutoDispatchOpensTermIssuesOnlyWhenAsked(t *testing.T) {
	t.Parallel()
	sender := map[string]any{"login": "ann-smith", "type": "User"}
	ran := func(inputs map[string]string) bool {
		out, _ := runEvent(t, exampleRepo(t), "workflow_dispatch", map[string]any{"sender": sender}, inputs)
		for _, r := range out.Results {
			if r.Job == "umbrella" {
				return true
			}
		}
		return false
	}
	if ran(map[string]string{"COMMAND": "auto"}) {
		t.Errorf("auto on workflow_dispatch without a term ran the umbrella job")
	}
	if !ran(map[string]string{"COMMAND": "auto", "TERM": "2027-1"}) {
		t.Errorf("auto on workflow_dispatch with term 2027-1 did not run the umbrella job")
	}
}
