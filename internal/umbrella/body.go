package umbrella

import (
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
)

// TemplateData is what the umbrella.title and umbrella.body templates see.
type TemplateData struct {
	Year   int
	Number int
	// First and Last are the term's months as three-letter abbreviations
	// ("Mar", "May"); FirstLong and LastLong spell them out.
	First, Last         string
	FirstLong, LastLong string
	// Short is "LFX 2027 T1", the prefix of section titles.
	Short string
	// Dir is the term folder; DirURL links to it when the repository is
	// known, else it is empty.
	Dir, DirURL string
	// Timeline is the term README's timeline.
	Timeline []Date
	// AdminTasks is the checklist of standard admin tasks.
	AdminTasks []string
	// Chart is the timeline as a Mermaid gantt chart in a fenced block
	// (see Chart), "" when timeline_chart.umbrella is off or nothing is
	// dated.
	Chart string
}

const defaultTitle = `LFX Mentorship {{.Year}} Term {{.Number}} ({{.First}}-{{.Last}})`

const defaultBody = `Umbrella issue for LFX Mentorship {{.Year}} Term {{.Number}} ({{.FirstLong}} - {{.LastLong}}). The term's admin tasks are linked below as sub-issues.

Term folder: {{if .DirURL}}[{{.Dir}}]({{.DirURL}}){{else}}` + "`{{.Dir}}`" + `{{end}}

### Timeline
{{range .Timeline}}
- [ ] {{.Activity}}: {{.When}}{{if .Note}} ({{.Note}}){{end}}{{end}}
{{if .Chart}}
{{.Chart}}
{{end}}
### Admin tasks
{{range .AdminTasks}}
- [ ] {{.}}{{end}}
`

func templateData(in Input, cfg *config.Config) (TemplateData, error) {
	first, last, ok := cfg.Terms.TermMonths(in.Term.Number)
	if !ok {
		return TemplateData{}, fmt.Errorf("term %d has no months in the config's terms.months", in.Term.Number)
	}
	loc, err := cfg.Terms.Location()
	if err != nil {
		return TemplateData{}, fmt.Errorf("terms.timezone: %w", err)
	}
	d := TemplateData{
		Year: in.Term.Year, Number: in.Term.Number,
		First: first.String()[:3], Last: last.String()[:3],
		FirstLong: first.String(), LastLong: last.String(),
		Short: in.Term.Short(), Dir: in.Dir,
		Timeline: whenOf(in.Timeline, loc), AdminTasks: cfg.Umbrella.AdminTasks,
	}
	if cfg.TimelineChart.Umbrella {
		d.Chart = Chart(in.Term.Short()+" timeline", in.Timeline, loc, in.Now)
	}
	if in.Repo != "" && in.Dir != "" {
		branch := in.Branch
		if branch == "" {
			branch = "main"
		}
		d.DirURL = fmt.Sprintf("https://github.com/%s/tree/%s/%s", in.Repo, branch, in.Dir)
	}
	return d, nil
}

// whenOf fills When and Note of each timeline row: the dates as the term
// parser read them, in the term's zone and UTC, so the umbrella issue and
// its tasks name one deadline even when the README's abbreviation is wrong.
func whenOf(in []Date, loc *time.Location) []Date {
	out := make([]Date, len(in))
	for i, d := range in {
		d.When = d.Text // as written, notes and all, unless it is wrong
		out[i] = d
		if d.Start.IsZero() || !d.HasTime || d.Zone == "" {
			continue
		}
		last := d.Last()
		have, _ := last.In(loc).Zone()
		if !isPairAbbrev(d.Zone, loc, last.Year()) || have == d.Zone {
			continue
		}
		var b strings.Builder
		if !d.End.IsZero() {
			if d.Start.Year() == last.Year() {
				b.WriteString(d.Start.Format("Monday, January 2") + " – ")
			} else {
				b.WriteString(d.Start.Format("Monday, January 2, 2006") + " – ")
			}
		}
		b.WriteString(dayText(last, d.HasTime, loc))
		d.When = b.String()
		d.Note = fmt.Sprintf("the README says %s: it is %s on that date, fix the README", d.Zone, have)
		out[i] = d
	}
	return out
}

// isPairAbbrev reports whether z is one of loc's own abbreviations (PST or
// PDT for America/Los_Angeles), the ones whose season can be checked.
func isPairAbbrev(z string, loc *time.Location, year int) bool {
	for _, m := range []time.Month{time.January, time.July} {
		if a, _ := time.Date(year, m, 1, 12, 0, 0, 0, loc).Zone(); a == z {
			return true
		}
	}
	return false
}

// dayText writes a date in loc, with the time of day in loc and in UTC
// when one was written.
func dayText(t time.Time, withTime bool, loc *time.Location) string {
	if !withTime {
		// A date without a time is a calendar day in whatever zone the
		// parser put it: converting could move it to the day before.
		return t.Format("Monday, January 2, 2006")
	}
	return t.In(loc).Format("Monday, January 2, 2006, 3:04 PM MST") + " (" + t.UTC().Format("15:04") + " UTC)"
}

// render executes the configured template, or def when it is empty.
func render(name, text, def string, data TemplateData) (string, error) {
	if strings.TrimSpace(text) == "" {
		text = def
	}
	tmpl, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return "", fmt.Errorf("umbrella.%s template: %w", name, err)
	}
	var b strings.Builder
	if err := tmpl.Execute(&b, data); err != nil {
		return "", fmt.Errorf("umbrella.%s template: %w", name, err)
	}
	return strings.TrimSpace(b.String()), nil
}

// dateFor returns the timeline row a schedule key dates: the row with that
// key, else the first row whose activity matches the key's configured
// activity words.
func (pl *planner) dateFor(key string) (Date, bool) {
	return DateFor(pl.in.Timeline, pl.cfg, key)
}

func (pl *planner) umbrellaName() string {
	return fmt.Sprintf("LFX Mentorship %d Term %d (%s-%s)", pl.data.Year, pl.data.Number, pl.data.First, pl.data.Last)
}

// taskBody writes a task's body: what it belongs to and, for a task with a
// schedule key, its start and due dates from the term timeline.
func (pl *planner) taskBody(x Task) string {
	var b strings.Builder
	if len(x.Children) > 0 {
		fmt.Fprintf(&b, "Section of the admin tasks of %s. Its tasks are linked as sub-issues:\n\n", pl.umbrellaName())
		for _, c := range x.Children {
			fmt.Fprintf(&b, "- %s\n", c.Title)
		}
	} else {
		fmt.Fprintf(&b, "Admin task of %s.\n", pl.umbrellaName())
	}
	if x.ScheduleKey == "" {
		return b.String()
	}
	d, ok := pl.dateFor(x.ScheduleKey)
	if !ok {
		fmt.Fprintf(&b, "\n**Due:** not in the term timeline yet (schedule key `%s`): add it to the README and date this issue by hand.\n", x.ScheduleKey)
		return b.String()
	}
	b.WriteString("\n")
	if !d.End.IsZero() {
		fmt.Fprintf(&b, "**Start:** %s\n", pl.day(d.Start, false))
	}
	fmt.Fprintf(&b, "**Due:** %s\n", pl.day(d.Last(), d.HasTime))
	fmt.Fprintf(&b, "\nFrom the term timeline: %s (schedule key `%s`).\n", d.Activity, x.ScheduleKey)
	return b.String()
}

// day writes a date in the term's zone, with the time of day in that zone
// and in UTC when the timeline gave one.
func (pl *planner) day(t time.Time, withTime bool) string {
	return dayText(t, withTime, pl.loc)
}
