package term

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
)

func TestParseFolder(t *testing.T) {
	t.Parallel()
	cfg := config.Default().Terms
	tests := []struct {
		dir     string
		want    ID
		wantErr bool
	}{
		{"programs/lfx-mentorship/2026/03-Sep-Nov", ID{Year: 2026, Number: 3, First: time.September, Last: time.November}, false},
		{"programs/lfx-mentorship/2023/01-Mar-May/", ID{Year: 2023, Number: 1, First: time.March, Last: time.May}, false},
		{"2024/02-Jun-Aug", ID{Year: 2024, Number: 2, First: time.June, Last: time.August}, false},
		{"programs/lfx-mentorship/26/03-Sep-Nov", ID{}, true},
		{"programs/lfx-mentorship/03-Sep-Nov", ID{}, true},
		{"programs/lfx-mentorship/2026/3-Sep-Nov", ID{}, true},
		{"programs/lfx-mentorship/2026/04-Dec-Feb", ID{}, true},
		{"programs/lfx-mentorship/2026/03-Sep-Oct", ID{}, true},
		{"programs/lfx-mentorship/2026/03-sep-nov", ID{}, true},
		{"programs/lfx-mentorship/2026/03-September-November", ID{}, true},
		{"programs/lfx-mentorship/2026/term-3", ID{}, true},
		{"programs/lfx-mentorship/2026/003-Sep-Nov", ID{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			t.Parallel()
			got, err := ParseFolder(tt.dir, cfg)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseFolder(%q): got error %v, want error %v", tt.dir, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("ParseFolder(%q): got %+v, want %+v", tt.dir, got, tt.want)
			}
		})
	}
}

func TestParseFolderMessage(t *testing.T) {
	t.Parallel()
	_, err := ParseFolder("programs/lfx-mentorship/2026/03-Sep-Oct", config.Default().Terms)
	want := `term folder name "03-Sep-Oct": term 3 runs Sep-Nov, name the folder 03-Sep-Nov`
	if err == nil || err.Error() != want {
		t.Errorf("got error %v, want %q", err, want)
	}
}

func TestIDFormats(t *testing.T) {
	t.Parallel()
	id := ID{Year: 2026, Number: 3, First: time.September, Last: time.November}
	if got, want := id.String(), "2026 Term 3 (Sep-Nov)"; got != want {
		t.Errorf("String: got %q, want %q", got, want)
	}
	if got, want := id.Dir("programs/lfx-mentorship"), "programs/lfx-mentorship/2026/03-Sep-Nov"; got != want {
		t.Errorf("Dir: got %q, want %q", got, want)
	}
	loc := time.UTC
	if got, want := id.End(loc), time.Date(2026, time.November, 30, 0, 0, 0, 0, loc); !got.Equal(want) {
		t.Errorf("End: got %v, want %v", got, want)
	}
	wrap := ID{Year: 2026, Number: 4, First: time.December, Last: time.February}
	if got, want := wrap.End(loc), time.Date(2027, time.February, 28, 0, 0, 0, 0, loc); !got.Equal(want) {
		t.Errorf("End of Dec-Feb: got %v, want %v", got, want)
	}
}

func TestParseName(t *testing.T) {
	t.Parallel()
	cfg := config.Default().Terms
	tests := []struct {
		in      string
		want    ID
		wantErr bool
	}{
		{"2026 Term 3", ID{Year: 2026, Number: 3, First: time.September, Last: time.November}, false},
		{"2025 term 01", ID{Year: 2025, Number: 1, First: time.March, Last: time.May}, false},
		{"Term 2 - 2024", ID{Year: 2024, Number: 2, First: time.June, Last: time.August}, false},
		{"2026 Term 4", ID{}, true},
		{"Term three", ID{}, true},
		{"", ID{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseName(tt.in, cfg)
			if (err != nil) != tt.wantErr {
				t.Fatalf("ParseName(%q): got error %v, want error %v", tt.in, err, tt.wantErr)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseName(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestMatchActivity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		want, activity string
		match          bool
	}{
		{"midterm evaluations", "Midterm Mentee Evaluations Due", true},
		{"midterm evaluations", "Midterm mentee evaluations and first stipend payments", true},
		{"midterm evaluations", "**Midterm Mentee Evaluations**", true},
		{"midterm evaluations", "Mid-term evaluation", true},
		{"program begins", "Mentorship program begins with the initial work assignments", true},
		{"program begins", "**Mentorship Program Begins (Work Phase, Week 1)**", true},
		{"project proposals", "Project Proposals Open", true},
		{"project proposals", "project proposals due", true},
		{"mentee applications", "mentee applications open", true},
		{"application review", "application review/admission decisions/HR paperwork", true},
		{"application review", "Application Review Period (2 weeks)", true},
		{"final evaluations", "Final mentee evaluations and mentee feedback/blog submission due, second and final stipend payment approvals", true},
		{"last day of term", "Last Day of Term", true},
		{"midterm evaluations", "Final Mentee Evaluations", false},
		{"application review", "Mentee Applications Open", false},
		{"mentee applications", "Mentee Candidate Info Sessions", false},
		{"program begins", "Mentorship Kick Off Call", false},
		{"last day of term", "Second Stipend Payments", false},
		{"", "anything", false},
		// Split and joined words are one word, both ways.
		{"kick off call", "Mentorship Kick-Off Call", true},
		{"kick off call", "Mentorship Kickoff Call", true},
		{"kick off call", "Mentorship Kick Off Call", true},
		{"kick off", "Mentorship Kick-Off", true},
		{"kickoff", "Mentorship Kick Off", true},
		{"kickoff call", "Mentorship Kick-Off Call", true},
		{"kick off call", "Mentorship Call", false},
		{"kickoff", "Kick Start", false},
		{"first stipend", "First Stipend Payments", true},
		{"first stipend", "Second Stipend Payments", false},
	}
	for _, tt := range tests {
		t.Run(tt.want+"~"+tt.activity, func(t *testing.T) {
			t.Parallel()
			if got := MatchActivity(tt.want, tt.activity); got != tt.match {
				t.Errorf("MatchActivity(%q, %q): got %v, want %v", tt.want, tt.activity, got, tt.match)
			}
		})
	}
}

func TestNormalizeActivity(t *testing.T) {
	t.Parallel()
	if got, want := NormalizeActivity("**Midterm Mentee Evaluations Due**"), "midterm mentee evaluation due"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestCheckTitle(t *testing.T) {
	t.Parallel()
	id := ID{Year: 2026, Number: 3, First: time.September, Last: time.November}
	tests := []struct {
		title string
		want  string
	}{
		{"Term 03 - 2026 September - November", ""},
		{"Term 3 - 2026 Sept - Nov", ""},
		{"LFX Mentorship 2026 Term 03: Sep – Nov (dates may change)", ""},
		{"Term 02 - 2026 September - November", `title "Term 02 - 2026 September - November" does not match the folder (term 2, not 3)`},
		{"Term 03 - 2025 Sep - Nov", `title "Term 03 - 2025 Sep - Nov" does not match the folder (year 2025, not 2026)`},
		{"Term 03 - 2026 September", `title "Term 03 - 2026 September" does not match the folder (want the months September - November)`},
		{"Mentorship", `title "Mentorship" does not match the folder (no term number; no year; want the months September - November)`},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			t.Parallel()
			if got := checkTitle(tt.title, id); got != tt.want {
				t.Errorf("checkTitle(%q): got %q, want %q", tt.title, got, tt.want)
			}
		})
	}
}
