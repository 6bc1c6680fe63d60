package umbrella

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// TestUmbrellaBodyChartGolden renders the umbrella issue's body with the
// chart, for a term that has started, with hostile activity text.
func TestUmbrellaBodyChartGolden(t *testing.T) {
	t.Parallel()
	in := input(t)
	in.Tasks = nil
	in.Now = day("2027-02-03")
	in.Timeline = append(in.Timeline,
		Date{Activity: "click x call alert(1)", Text: "Friday, May 28, 2027", Start: day("2027-05-28")},
		Date{Activity: "Evil: x\n    section Pwned ; %%{init: {}}%% #9829; ```", Text: "Friday, May 28, 2027", Start: day("2027-05-28")},
	)
	p, err := Plan(in, config.Default())
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	var body string
	for _, a := range p.Actions {
		if c, ok := a.(plan.CreateIssue); ok {
			body = c.Body
		}
	}
	golden(t, "umbrella-body-chart.md", body)
	chart := body[strings.Index(body, "```mermaid"):]
	chart = chart[:strings.Index(chart[3:], "```")+6]
	for _, bad := range []string{"%%", ";", "#9829", "\n    section Pwned", "\n    click"} {
		if strings.Contains(chart, bad) {
			t.Errorf("the chart holds %q from activity text:\n%s", bad, chart)
		}
	}
	if got, want := strings.Count(chart, "```"), 2; got != want {
		t.Errorf("got %d fences in the chart, want %d", got, want)
	}
}

func TestChartToday(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		now   time.Time
		today bool
	}{
		{"before the term", day("2027-01-01"), false},
		{"first day", day("2027-01-06"), true},
		{"during", at("2027-04-20 18:00"), true},
		{"last day", day("2027-05-28"), true},
		{"after the term", day("2027-06-01"), false},
		{"no clock (README)", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := Chart("LFX 2027 T1", timeline(), la, tt.now)
			if got := strings.Contains(c, ":crit, milestone, today,"); got != tt.today {
				t.Errorf("got today milestone %v, want %v:\n%s", got, tt.today, c)
			}
			if !strings.Contains(c, "todayMarker stroke-width") {
				t.Errorf("the chart has no today marker:\n%s", c)
			}
		})
	}
}

func TestChartDays(t *testing.T) {
	t.Parallel()
	c := Chart("T", timeline(), la, time.Time{})
	for _, want := range []string{
		// A range ending at 11:00 PST on the 26th covers the 26th.
		"Project Proposals Open :t1, 2027-01-06, 2027-01-27",
		// A date-only range covers its last day.
		"Mentee Applications Open :t2, 2027-02-01, 2027-02-17",
		// A deadline at 18:00 UTC is on the 20th in Los Angeles.
		"Midterm Mentee Evaluations Due :milestone, t4, 2027-04-20, 0d",
	} {
		if !strings.Contains(c, want) {
			t.Errorf("the chart lacks %q:\n%s", want, c)
		}
	}
	if got := Chart("T", []Date{{Activity: "undated"}}, la, time.Time{}); got != "" {
		t.Errorf("got a chart %q for a timeline with no dates, want none", got)
	}
}

func TestMermaidText(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"**Midterm Mentee Evaluations Due**", "Midterm Mentee Evaluations Due"},
		{"a: b; c # d %% e", "a b c d e"},
		{"line\nsection x", "line section x"},
		{"section Evil", "· section Evil"},
		{"Click here", "· Click here"},
		{"`code` <b>x</b>", "code b x /b"},
		{strings.Repeat("a", 80), strings.Repeat("a", 60) + "…"},
		{":;#", ""},
	}
	for _, tt := range tests {
		if got := mermaidText(tt.in); got != tt.want {
			t.Errorf("mermaidText(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReplaceChart(t *testing.T) {
	t.Parallel()
	const chart = "```mermaid\ngantt\n```"
	block := ChartBegin + "\n" + chart + "\n" + ChartEnd + "\n"
	table := "# T\n\n| Activity | Date |\n|--|--|\n| A | B |\n\nAfter.\n"
	tests := []struct {
		name, in string
		line     int
		want     string
		err      bool
	}{
		{"insert after the table", table, 3, "# T\n\n| Activity | Date |\n|--|--|\n| A | B |\n\n" + block + "\nAfter.\n", false},
		{"append without a table", "# T\nText", 0, "# T\nText\n\n" + block, false},
		{"replace between markers", "top\n" + ChartBegin + "\nold\n" + ChartEnd + "\nbottom\n", 0, "top\n" + block + "bottom\n", false},
		{"only the first pair", "a\n" + ChartBegin + "\nold\n" + ChartEnd + "\nb\n" + ChartBegin + "\nkeep\n" + ChartEnd + "\n", 0,
			"a\n" + block + "b\n" + ChartBegin + "\nkeep\n" + ChartEnd + "\n", false},
		{"inline marker is text", "see `" + ChartBegin + "` here\n", 0, "see `" + ChartBegin + "` here\n\n" + block, false},
		{"end first", ChartEnd + "\ntext\n" + ChartBegin + "\n" + ChartEnd + "\n", 0, "", true},
		{"begin twice", ChartBegin + "\nmine\n" + ChartBegin + "\n" + ChartEnd + "\n", 0, "", true},
		{"begin alone", "text\n" + ChartBegin + "\nmy notes\n", 0, "", true},
		{"crlf", "a\r\n" + ChartBegin + "\r\nold\r\n" + ChartEnd + "\r\nb\r\n", 0, "a\r\n" + strings.ReplaceAll(block, "\n", "\r\n") + "b\r\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ReplaceChart(tt.in, chart, tt.line)
			if tt.err {
				if !errors.Is(err, ErrChartMarkers) {
					t.Errorf("got error %v, want ErrChartMarkers", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("ReplaceChart: %v", err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			again, err := ReplaceChart(got, chart, tt.line)
			if err != nil || again != got {
				t.Errorf("a second replace changed the README (err %v):\n%s", err, cmp.Diff(got, again))
			}
		})
	}
}
