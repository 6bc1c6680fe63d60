package scaffold

import (
	"strings"
	"testing"
)

const head = "term: {year: 2027, number: 1}\nschedule:\n  - key: proposals_open\n    label: Project Proposals Open\n    start: 2027-01-06\n"

func TestParseErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		in   string
		want []string // substrings the error must contain
	}{
		{"unknown entry field", head + "  - key: term_end\n    label: Last Day\n    stat: 2027-05-28\n",
			[]string{"schedule entry 2 (term_end)", `unknown field "stat"`, ":6:"}},
		{"end before start", head + "  - key: applications_open\n    label: Apps\n    start: 2027-02-16\n    end: 2027-02-01\n",
			[]string{"schedule entry 2 (applications_open)", "end 2027-02-01 is before start 2027-02-16"}},
		{"date that does not exist", head + "  - key: term_end\n    label: Last Day\n    start: 2027-02-30\n",
			[]string{"schedule entry 2 (term_end)", `"2027-02-30" is not a date that exists`}},
		{"not a date", head + "  - key: term_end\n    label: Last Day\n    start: May 28\n",
			[]string{"schedule entry 2 (term_end)", "form YYYY-MM-DD"}},
		{"duplicate key", head + "  - key: proposals_open\n    label: Again\n",
			[]string{"schedule entry 2 (proposals_open)", "duplicate key: entry 1"}},
		{"key not snake case", head + "  - key: Term-End\n    label: Last Day\n",
			[]string{"schedule entry 2 (Term-End)", "not snake_case"}},
		{"missing key and label", head + "  - start: 2027-05-28\n",
			[]string{"schedule entry 2:", "missing key", "missing label"}},
		{"end without start", head + "  - key: term_end\n    label: Last Day\n    end: 2027-05-28\n",
			[]string{"schedule entry 2 (term_end)", "end without start"}},
		{"zone that is not a time", head + "  - key: final_evals\n    label: Final\n    start: 2027-05-25\n    time: 5pm PST (later)\n",
			[]string{"schedule entry 2 (final_evals)", `time "5pm PST (later)"`}},
		{"hour out of range", head + "  - key: final_evals\n    label: Final\n    start: 2027-05-25\n    time: 25:00 UTC\n",
			[]string{"schedule entry 2 (final_evals)", "not a time of day"}},
		{"pipe breaks the table", head + "  - key: final_evals\n    label: Final | due\n    start: 2027-05-25\n",
			[]string{"schedule entry 2 (final_evals)", "must not contain |"}},
		{"no proposals_open", "term: {year: 2027, number: 1}\nschedule:\n  - key: term_end\n    label: Last\n    start: 2027-05-28\n",
			[]string{"needs a dated proposals_open entry"}},
		{"unknown top-level field", "terms: {year: 2027}\n" + head[len("term: {year: 2027, number: 1}\n"):],
			[]string{`unknown field "terms" at the top level`, "missing term"}},
		{"unknown term field", "term: {year: 2027, number: 1, months: 3}\n" + head[len("term: {year: 2027, number: 1}\n"):],
			[]string{`unknown field "months" in term`}},
		{"bad term number", "term: {year: 2027, number: 0}\n" + head[len("term: {year: 2027, number: 1}\n"):],
			[]string{"term.number 0 is not between 1 and 99"}},
		{"empty", "", []string{"empty schedule"}},
		{"not a mapping", "- a\n- b\n", []string{"must be a mapping"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, err := Parse([]byte(tc.in), "s.yml")
			if err == nil {
				t.Fatalf("got schedule %+v, want an error containing %q", s, tc.want)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("got error %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestParseEntries(t *testing.T) {
	t.Parallel()
	in := head + "    end: 2027-01-26\n    time: 19:00 UTC\n" +
		"  - key: candidate_info_sessions\n    label: Info Sessions\n" +
		"  - key: anchor\n    label: Anchor\n    start: 2027-05-31\n    end: 2027-05-31\n    timeline: false\n"
	s, err := Parse([]byte(in), "s.yml")
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if s.Year != 2027 || s.Number != 1 || len(s.Entries) != 3 {
		t.Fatalf("got year %d number %d with %d entries, want 2027 1 with 3", s.Year, s.Number, len(s.Entries))
	}
	e := s.Entries[0]
	if got, want := e.Last().Format("2006-01-02"), "2027-01-26"; got != want || e.Time != "19:00 UTC" || e.Line != 3 || !e.Timeline {
		t.Errorf("got entry %+v, want last day %s, time 19:00 UTC, line 3, in the timeline", e, want)
	}
	if s.Entries[1].Dated() {
		t.Errorf("got undated entry dated: %+v", s.Entries[1])
	}
	if a := s.Entries[2]; a.Timeline || !a.End.IsZero() {
		t.Errorf("got anchor %+v, want it out of the timeline with a one-day range folded to a single day", a)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(head))
	f.Add([]byte(head + "    end: 2027-01-26\n    time: 11:00 AM\n  - key: x\n    label: y\n    start: 2027-02-29\n"))
	f.Add([]byte("term: [1]\nschedule: {a: b}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data, "fuzz.yml")
		if err != nil {
			return
		}
		// Whatever parses must render without panicking and every dated
		// timeline entry must appear.
		loc := mustLA(t)
		out := Timeline(s, loc)
		for _, e := range s.Entries {
			if e.Dated() && e.Timeline && !strings.Contains(out, DateCell(e, loc)) {
				t.Fatalf("timeline lacks entry %s:\n%s", e.Key, out)
			}
			if !e.End.IsZero() && e.End.Before(e.Start) {
				t.Fatalf("entry %s ends before it starts", e.Key)
			}
		}
	})
}
