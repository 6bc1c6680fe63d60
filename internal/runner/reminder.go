package runner

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/reminder"
	"github.com/mentorbot/mentorbot/internal/term"
	"github.com/mentorbot/mentorbot/internal/umbrella"
)

// reminderJob is the Jobs row's entry point.
func reminderJob(ctx context.Context, env *Env, _ Params) (*Result, error) {
	return Reminders(ctx, env)
}

// Reminders plans (and, unless dry, applies) the deadline reminders of every
// term. A term reads GitHub only when one of its reminders is due by the
// clock: its admin issues once by the term's labels (the umbrella issue and
// follow-up reminders), then the umbrella issue's comments. Offline, a due
// reminder is planned on the umbrella issue the umbrella job opens.
func Reminders(ctx context.Context, env *Env) (*Result, error) {
	res := &Result{Job: "reminder", Plan: &plan.Plan{Owner: env.Owner, Repo: env.Repo}}
	cfg := env.Config
	if len(cfg.Reminders) == 0 {
		res.Skipped = "no reminders configured (reminders in the config)"
		return res, nil
	}
	loc, err := cfg.Terms.Location()
	if err != nil {
		return nil, fmt.Errorf("terms.timezone: %w", err)
	}
	dirs, err := term.Discover(env.FS, cfg.Terms.Root)
	if err != nil {
		return nil, fmt.Errorf("finding term folders under %s: %w", cfg.Terms.Root, err)
	}
	var notes []string
	for _, dir := range dirs {
		id, err := term.ParseFolder(dir, cfg.Terms)
		if err != nil {
			continue // validate reports a misnamed folder
		}
		in, err := reminderInput(env, id, loc)
		if err != nil {
			return nil, err
		}
		if over(in, env.Now) {
			continue // a past term: nothing is due, nothing worth a note
		}
		// What is due by the clock alone, before reading GitHub.
		probe := in
		probe.Umbrella = umbrella.Ref(in.Term, umbrella.KeyUmbrella)
		pre, err := reminder.Plan(probe, cfg)
		if err != nil {
			return nil, err
		}
		if pre.Plan.Empty() {
			notes = append(notes, reminderStates(pre)...)
			continue
		}
		if env.Offline() {
			in = probe
		} else if err := readReminderState(ctx, env, &in); err != nil {
			return nil, err
		}
		if in.Mentors, in.MentorsFrom, err = termMentors(env, id); err != nil {
			return nil, err
		}
		out, err := reminder.Plan(in, cfg)
		if err != nil {
			return nil, err
		}
		res.Plan.Add(out.Plan.Actions...)
		notes = append(notes, out.Notes...)
		notes = append(notes, reminderStates(out)...)
	}
	res.Summary = "### Deadline reminders\n\n" + bullets(notes)
	if res.Plan.Empty() {
		res.Skipped = "no reminder to send: " + strings.Join(notes, "; ")
		return res, nil
	}
	return res, res.Apply(ctx, env)
}

// over reports whether every date of the term's timeline is more than a
// day in the past.
func over(in reminder.Input, now time.Time) bool {
	for _, d := range in.Timeline {
		if !d.Last().Before(now.AddDate(0, 0, -1)) {
			return false
		}
	}
	return true
}

func reminderInput(env *Env, id term.ID, loc *time.Location) (reminder.Input, error) {
	cfg := env.Config
	doc, err := term.Load(env.FS, cfg, id)
	if err != nil {
		return reminder.Input{}, err
	}
	t := umbrella.Term{Year: id.Year, Number: id.Number}
	labels, err := umbrella.Labels(t, cfg)
	if err != nil {
		return reminder.Input{}, err
	}
	in := reminder.Input{Term: t, Location: doc.Location, Now: env.Now, Labels: labels}
	if in.Location == nil {
		in.Location = loc
	}
	for _, e := range doc.Timeline {
		if e.Parsed() {
			in.Timeline = append(in.Timeline, umbrella.Date{Activity: e.Activity, Text: e.Text, Start: e.Start, End: e.End, HasTime: e.HasTime, Zone: e.Zone})
		}
	}
	return in, nil
}

// readReminderState finds the umbrella issue and the reminders mentorbot
// already sent: markers in its own issues and its own comments on the
// umbrella issue. A marker in a person's issue is reported as forged; one
// in a person's comment is ignored (the executor writes and edits only
// mentorbot's comments).
func readReminderState(ctx context.Context, env *Env, in *reminder.Input) error {
	issues, err := listIssuesLabelled(ctx, env, in.Labels, "all")
	if err != nil {
		return err
	}
	in.Sent, in.Forged = map[string]bool{}, map[string]string{}
	note := func(login, body string, issue bool) {
		for _, m := range reminder.FindMarkers(body) {
			if isSelf(env, login) {
				in.Sent[m] = true
			} else if issue && in.Forged[m] == "" {
				in.Forged[m] = login
			}
		}
	}
	for _, is := range issues {
		note(is.GetUser().GetLogin(), is.GetBody(), true)
	}
	u := findUmbrella(env, in.Term, issues)
	if u == nil {
		return nil
	}
	in.Umbrella = plan.Issue(u.GetNumber())
	cs, err := listAllComments(ctx, env, u.GetNumber())
	if err != nil {
		return err
	}
	for _, c := range cs {
		note(c.GetUser().GetLogin(), c.GetBody(), false)
	}
	return nil
}

func reminderStates(r *reminder.Result) []string {
	var out []string
	for _, x := range r.Reminders {
		if x.State == "passed" {
			continue // history: not worth a line per term
		}
		s := fmt.Sprintf("%s %s %dd before %s: %s", x.Term, x.Key, x.Days, x.Deadline.UTC().Format("2006-01-02 15:04 UTC"), x.State)
		if x.State == "waiting" {
			s += " until " + x.SendAt.UTC().Format("2006-01-02 15:04 UTC")
		}
		out = append(out, s)
	}
	return out
}

func bullets(lines []string) string {
	if len(lines) == 0 {
		return "Nothing to report.\n"
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("- " + l + "\n")
	}
	return b.String()
}
