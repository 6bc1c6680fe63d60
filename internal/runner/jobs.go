package runner

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
)

// Params gives a job its options by name: the Action's inputs, the App's
// settings. A missing option is "".
type Params func(name string) string

// Bool reads a true/false option; anything unparsable is false.
func (p Params) Bool(name string) bool {
	if p == nil {
		return false
	}
	b, _ := strconv.ParseBool(p(name))
	return b
}

// Get reads an option, tolerating a nil Params.
func (p Params) Get(name string) string {
	if p == nil {
		return ""
	}
	return p(name)
}

// Trigger is one event a job handles, with the actions it handles; no
// actions means every action (and events that have none).
type Trigger struct {
	Event   string
	Actions []string
}

// Job is one capability as the Action and the App run it: one row of the
// routing table.
type Job struct {
	Name string
	// On lists the events and actions the job handles. The App's dispatch,
	// the Action's command "auto", the plan command and the docs all read
	// it; a job run by name on another event skips it, saying so.
	On  []Trigger
	Run func(ctx context.Context, env *Env, p Params) (*Result, error)
}

// Jobs is the explicit list of mentorbot's jobs, in the order they run when
// several apply to one event: the one routing table.
var Jobs = []Job{
	{Name: "validate", Run: validateJob, On: validateOn},
	{Name: "meeting", Run: meetingJob, On: meetingOn},
	{Name: "proposal", Run: proposalJob, On: proposalOn},
	{Name: "command", Run: commandJob, On: commandOn},
	{Name: "umbrella", Run: umbrellaJob, On: umbrellaOn},
	// export runs only when chosen by name (command: export, with a term):
	// it opens a pull request, which no event should do on its own yet.
	{Name: "export", Run: exportJob},
	// The dates jobs (reminder.go, announce.go, calendarjob.go): each does
	// nothing until its config section turns it on.
	{Name: "reminder", Run: reminderJob, On: datesOn},
	{Name: "announce", Run: announceJob, On: datesOn},
	{Name: "calendar", Run: calendarJobRun, On: umbrellaOn},
	{Name: "labels", Run: labelsJob, On: labelsOn},
	{Name: "projects", Run: projectsJob}, // by name only (command: projects), on the weekly schedule
	{Name: "board", Run: boardJob, On: boardOn},
	// lfx (lfx.go): /export and /lfx-url, and the merge of an export pull
	// request.
	{Name: "lfx", Run: lfxJob, On: lfxOn},
	// The term's admin issues on their own board (admin_board.go), after
	// the umbrella job opened them in the same run.
	{Name: "admin-board", Run: adminBoardJob, On: adminBoardOn},
}

// The jobs' triggers: the routing table's cells, named so that a job's own
// skip rule can read its row.
var (
	// prActions are the pull request actions that change what validation sees.
	prActions  = []string{"opened", "synchronize", "reopened"}
	validateOn = []Trigger{{"pull_request", prActions}, {"pull_request_target", prActions}, {"check_run", []string{"rerequested"}}}
	meetingOn  = []Trigger{{"schedule", nil}, {"workflow_dispatch", nil}}
	proposalOn = []Trigger{{"issues", []string{"opened", "edited", "reopened", "labeled"}}}
	commandOn  = []Trigger{{"issue_comment", []string{"created", "edited"}}, {"issues", []string{"opened", "edited", "reopened"}}}
	umbrellaOn = []Trigger{{"push", nil}, {"workflow_dispatch", nil}}
	datesOn    = []Trigger{{"schedule", nil}, {"workflow_dispatch", nil}}
	labelsOn   = []Trigger{{"pull_request", prActions}, {"pull_request_target", prActions}}
	boardOn    = []Trigger{{"issues", []string{"opened", "edited", "reopened", "closed", "labeled", "unlabeled"}}, {"issue_comment", []string{"created", "edited"}}}
)

// Events returns the event names the job handles.
func (j Job) Events() []string {
	var out []string
	for _, t := range j.On {
		out = append(out, t.Event)
	}
	return out
}

// Handles reports whether the job handles action of the event name.
func (j Job) Handles(name, action string) bool { return handles(j.On, name, action) }

func handles(on []Trigger, name, action string) bool {
	for _, t := range on {
		if t.Event == name {
			return len(t.Actions) == 0 || action == "" || slices.Contains(t.Actions, action)
		}
	}
	return false
}

// JobsFor returns the jobs that handle an event name, whatever its action.
func JobsFor(eventName string) []Job {
	var out []Job
	for _, j := range Jobs {
		if slices.Contains(j.Events(), eventName) {
			out = append(out, j)
		}
	}
	return out
}

// SentByBot reports whether ev was sent by a bot: mentorbot itself (the
// login cfg names; cfg may be nil before config is read) or any account
// GitHub marks as a bot. It is the one bot check: no job runs on such an
// event, so mentorbot never answers itself or another bot.
func SentByBot(ev *event.Event, cfg *config.Config) bool {
	return ev.FromBot() || (cfg != nil && cfg.IsBot(ev.Sender))
}

// Route returns the jobs that handle ev by the routing table, or none and
// why: the App's dispatch and the Action's command "auto" both route here.
func Route(ev *event.Event, cfg *config.Config) ([]Job, string) {
	if SentByBot(ev, cfg) {
		return nil, fmt.Sprintf("the event was sent by a bot (%s)", ev.Sender)
	}
	var out []Job
	for _, j := range Jobs {
		if j.Handles(ev.Name, ev.Action) {
			out = append(out, j)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Sprintf("no job handles %s %s", ev.Name, ev.Action)
	}
	together(out)
	return out, ""
}

// together lets the proposal job write the command job's gates when both
// run on one event (proposalWithGates): one label request and one report
// write instead of two each.
func together(jobs []Job) {
	p, c := -1, -1
	for i, j := range jobs {
		switch j.Name {
		case "proposal":
			p = i
		case "command":
			c = i
		}
	}
	if p >= 0 && c > p {
		jobs[p].Run = proposalWithGates
	}
}

// validateJob checks the term folders a pull request touches (all of them
// with the "all" option). With "check_run" (the App) it reports as a check
// run on the pull request's head; the Action reports with annotations.
func validateJob(ctx context.Context, env *Env, p Params) (*Result, error) {
	opts := ValidateOptions{All: p.Bool("all")}
	if p.Bool("check_run") && env.Event != nil && env.Event.PullRequest != nil {
		opts.CheckRunSHA = env.Event.PullRequest.HeadSHA
	}
	return Validate(ctx, env, opts)
}

// OptionError is a job option (an Action input, an App setting) that is
// missing or malformed: the run's caller is to fix it, so the Action exits 2
// with an annotation naming the input.
type OptionError struct {
	Name string
	Msg  string
	Err  error
}

func (e *OptionError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("option %s: %s: %v", e.Name, e.Msg, e.Err)
	}
	return fmt.Sprintf("option %s: %s", e.Name, e.Msg)
}

func (e *OptionError) Unwrap() error { return e.Err }

// RoutingTable renders the routing table as Markdown, for the docs
// (docs/DEVELOPING.md holds it; a test keeps the two the same).
func RoutingTable() string {
	var b strings.Builder
	b.WriteString("| job | events (actions) |\n| --- | --- |\n")
	for _, j := range Jobs {
		var cells []string
		for _, t := range j.On {
			c := "`" + t.Event + "`"
			if len(t.Actions) > 0 {
				c += " (" + strings.Join(t.Actions, ", ") + ")"
			}
			cells = append(cells, c)
		}
		if len(cells) == 0 {
			cells = []string{"none: only when chosen by name (the Action's `command`)"}
		}
		fmt.Fprintf(&b, "| `%s` | %s |\n", j.Name, strings.Join(cells, ", "))
	}
	return b.String()
}

// exportJob runs Export for the option "term" ("2027-1"), which is required.
func exportJob(ctx context.Context, env *Env, p Params) (*Result, error) {
	t := strings.TrimSpace(p.Get("term"))
	if t == "" {
		return nil, &OptionError{Name: "term", Msg: "the export needs a term, such as 2027-1"}
	}
	res, _, err := Export(ctx, env, ExportOptions{Term: t})
	return res, err
}
