package umbrella

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseTasksCorpus(t *testing.T) {
	t.Parallel()
	p := "../../../shared/corpus/cncf-mentoring/programs/lfx-mentorship/automation/term-issues.yml"
	data, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("corpus not available (%v): the real task tree lives in ../shared/corpus", err)
	}
	tasks, err := ParseTasks(data, p)
	if err != nil {
		t.Fatalf("ParseTasks: %v", err)
	}
	if got, want := len(tasks.Sections), 7; got != want {
		t.Errorf("got %d sections, want %d", got, want)
	}
	// 7 sections, 16+5+6(+3 nested)+8+4+6+7 tasks.
	if got, want := tasks.Count(), 7+16+5+6+3+8+4+6+7; got != want {
		t.Errorf("got %d tasks, want %d", got, want)
	}
	want := []string{"application_review", "applications_open", "final_evals", "first_stipends", "midterm_evals",
		"proposals_open", "second_stipends", "selection_notify", "term_end", "term_start"}
	if diff := cmp.Diff(want, tasks.ScheduleKeys()); diff != "" {
		t.Errorf("schedule keys mismatch (-want +got):\n%s", diff)
	}
}

func TestParseTasksKeys(t *testing.T) {
	t.Parallel()
	tasks := loadTasks(t)
	var keys []string
	walk(tasks.Sections, func(x Task) { keys = append(keys, x.Key) })
	want := []string{
		"0-key-dates", "0-key-dates/project-proposals-open", "0-key-dates/mentorship-kick-off-call",
		"0-key-dates/midterm-mentee-evaluations-due", "0-key-dates/last-day-of-term",
		"2-proposals", "2-proposals/load-proposals-into-lfx-platform",
		"2-proposals/2-1-announce-applications-open-for-candidates",
		"2-proposals/2-1-announce-applications-open-for-candidates/initial-announcement",
		"4-midterm", "4-midterm/approve-stipends", "5-end-of-term", "5-end-of-term/approve-stipends",
	}
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("keys mismatch (-want +got):\n%s", diff)
	}
}

func TestParseTasksErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"unknown field", "sections:\n  - title: A\n    due: 2027-01-01\n", []string{"t.yml:3:", `unknown field "due"`}},
		{"no title", "sections:\n  - schedule_key: x\n", []string{"t.yml:2: task without a title"}},
		{"same key twice", "sections:\n  - title: A\n  - title: a\n", []string{"t.yml:3:", `same key "a" as the task on line 2`}},
		{"unknown top level", "section:\n  - title: A\n", []string{`unknown field "section" at the top level`}},
		{"children not a list", "sections:\n  - title: A\n    children: x\n", []string{"t.yml:3: want a list of tasks"}},
		{"not a mapping", "- a\n", []string{"must be a mapping"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseTasks([]byte(tc.in), "t.yml")
			if err == nil {
				t.Fatalf("got no error, want one containing %q", tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got error %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

// TestParseTasksTitleWithoutLetters: a task whose title has no letter or
// digit (found by FuzzParseTasks) has no key to derive; it is an error
// unless the task gives its key, at any depth.
func TestParseTasksTitleWithoutLetters(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		"sections:\n  - title: \"???\"\n",
		"sections:\n  - title: A\n    children:\n      - title: \"—\"\n",
	} {
		_, err := ParseTasks([]byte(in), "t.yml")
		if err == nil || !strings.Contains(err.Error(), "no letters or digits to make its key from") {
			t.Errorf("ParseTasks(%q): got error %v, want one saying the title makes no key", in, err)
		}
	}
	tasks, err := ParseTasks([]byte("sections:\n  - title: \"???\"\n    key: questions\n"), "t.yml")
	if err != nil || tasks.Sections[0].Key != "questions" {
		t.Errorf("with a key: got %+v, %v; want the key used", tasks, err)
	}
}

func TestMarkerRoundTrip(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		term Term
		key  string
	}{
		{Term{2027, 1}, KeyUmbrella},
		{Term{2026, 3}, "task/2-proposals/2-1-announce-applications-open-for-candidates"},
		{Term{2030, 12}, "onboarding/alice"},
	} {
		body := "some text\n\n" + Marker(tc.term, tc.key) + "\n"
		term, key, ok := ParseMarker(FindMarker(body))
		if !ok || term != tc.term || key != tc.key {
			t.Errorf("ParseMarker(FindMarker(%q)) = %v, %q, %v; want %v, %q, true", body, term, key, ok, tc.term, tc.key)
		}
	}
	if m := FindMarker("<!-- mentorbot:proposal 12 -->"); m != "" {
		t.Errorf("got marker %q in a body without one, want none", m)
	}
}

func TestParseTerm(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		want    Term
		wantErr bool
	}{
		{"2027-1", Term{2027, 1}, false},
		{"2026-T3", Term{2026, 3}, false},
		{"2026-0", Term{}, true},
		{"27-1", Term{}, true},
		{"2027 Term 1", Term{}, true},
	} {
		got, err := ParseTerm(tc.in)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("ParseTerm(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
	}
}

func FuzzParseTasks(f *testing.F) {
	data, err := os.ReadFile("testdata/tasks.yml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("sections:\n  - title: A\n    children:\n      - title: B\n        key: x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tasks, err := ParseTasks(data, "fuzz.yml")
		if err != nil {
			return
		}
		seen := map[string]bool{}
		walk(tasks.Sections, func(x Task) {
			if x.Title == "" || x.Key == "" {
				t.Fatalf("task without title or key: %+v", x)
			}
			if seen[x.Key] {
				t.Fatalf("key %q twice", x.Key)
			}
			seen[x.Key] = true
		})
	})
}
