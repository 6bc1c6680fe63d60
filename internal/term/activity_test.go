package term

import (
	"io/fs"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
)

// corpusActivities lists every activity written in the timelines of the
// corpus terms 2023-2026 and the umbrella schedule keys
// (config.Umbrella.ScheduleKeys defaults) each one matches, checked by
// hand: the rows of 2023 and 2024 name two deadlines in one row.
var corpusActivities = []struct {
	activity string
	keys     []string
}{
	{"project proposals", []string{"proposals_open"}},
	{"project proposals due", []string{"proposals_open"}},
	{"Project Proposals Open", []string{"proposals_open"}},
	{"Mentee Candidate Info Sessions", []string{"candidate_info_sessions"}},
	{"mentee applications open", []string{"applications_open"}},
	{"Mentee Applications Open", []string{"applications_open"}},
	{"application review/admission decisions/HR paperwork", []string{"application_review"}},
	{"application review/admission decisions", []string{"application_review"}},
	{"Application Review Period", []string{"application_review"}},
	{"Application Review Period (2 weeks)", []string{"application_review"}},
	{"selection notifications", []string{"selection_notify"}},
	{"Selection Notifications", []string{"selection_notify"}},
	{"Mentorship program begins with the initial work assignments", []string{"term_start"}},
	{"Mentorship Program Begins", []string{"term_start"}},
	{"Mentorship Program Begins (Work Phase, Week 1)", []string{"term_start"}},
	{"Mentorship Kick Off Call", []string{"kickoff_call"}},
	{"Midterm mentee evaluations and first stipend payments", []string{"first_stipends", "midterm_evals"}},
	{"Midterm Mentee Evaluations Due", []string{"midterm_evals"}},
	{"Midterm Mentee Evaluations", []string{"midterm_evals"}},
	{"First Stipend Payments", []string{"first_stipends"}},
	{"Final mentee evaluations and mentee feedback/blog submission due, second and final stipend payment approvals", []string{"final_evals", "second_stipends"}},
	{"Final Mentee Evaluations Due", []string{"final_evals"}},
	{"Final Mentee Evaluations", []string{"final_evals"}},
	{"Second Stipend Payments", []string{"second_stipends"}},
	{"Last day of term", []string{"term_end"}},
	{"Last Day of Term", []string{"term_end"}},
	// Written another way than the corpus does.
	{"Mentorship Kick-Off Call", []string{"kickoff_call"}},
	{"Mentorship Kickoff Call", []string{"kickoff_call"}},
	{"Mid-term evaluations", []string{"midterm_evals"}},
}

// TestScheduleKeysMatchCorpusActivities matches every schedule key against
// every activity of the table: each activity matches exactly the keys
// listed, no more.
func TestScheduleKeysMatchCorpusActivities(t *testing.T) {
	t.Parallel()
	keys := config.Default().Umbrella.ScheduleKeys
	for _, tc := range corpusActivities {
		t.Run(tc.activity, func(t *testing.T) {
			t.Parallel()
			var got []string
			for key, want := range keys {
				if MatchActivity(want, tc.activity) {
					got = append(got, key)
				}
			}
			slices.Sort(got)
			if diff := cmp.Diff(tc.keys, got); diff != "" {
				t.Errorf("schedule keys matching %q (-want +got):\n%s", tc.activity, diff)
			}
		})
	}
}

// TestCorpusActivitiesAreListed keeps corpusActivities complete: every
// activity of a corpus term (2023-2026) is in it.
func TestCorpusActivitiesAreListed(t *testing.T) {
	t.Parallel()
	fsys := os.DirFS(corpusFS(t))
	cfg := config.Default()
	dirs, err := Discover(fsys, cfg.Terms.Root)
	if err != nil {
		t.Fatalf("Discover: %v", err)
	}
	listed := map[string]bool{}
	for _, tc := range corpusActivities {
		listed[tc.activity] = true
	}
	rows := 0
	for _, d := range dirs {
		id, err := ParseFolder(d, cfg.Terms)
		if err != nil || id.Archive {
			continue
		}
		data, err := fs.ReadFile(fsys, d+"/"+ReadmeName)
		if err != nil {
			t.Fatalf("reading %s: %v", d, err)
		}
		doc, _ := Parse(d, data, id, cfg.Terms)
		for _, e := range doc.Timeline {
			rows++
			if !listed[e.Activity] {
				t.Errorf("%s: activity %q is not in corpusActivities: add it with the schedule keys it matches", d, e.Activity)
			}
		}
	}
	if rows < 90 {
		t.Errorf("got %d timeline rows in the corpus terms, want at least 90 (12 terms)", rows)
	}
}
