// Package umbrella plans a term's admin issues: the umbrella issue with a
// checklist of the term's timeline and standard admin tasks, one sub-issue
// per section and task of the configured task tree, and, when enabled, an
// onboarding issue per accepted mentee and a retrospective issue at term
// end.
//
// The planner is pure and idempotent: every issue it creates carries a
// hidden marker (term and task key), the caller passes the issues that
// already carry one, and the plan holds only what is missing: issues not
// created yet and sub-issue links not made yet. It never edits or closes an
// existing issue.
package umbrella

import (
	"fmt"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// Date is one row of the term's README timeline, as the term parser read it.
type Date struct {
	// Key is the schedule key when known (from a schedule file); else it is
	// found from Activity through the config's umbrella.schedule_keys.
	Key      string
	Activity string
	// Text is the Date cell as written in the README.
	Text string
	// Start and End are the first and last instants; End is zero for a
	// single day. HasTime tells whether a time of day was written.
	Start, End time.Time
	HasTime    bool
	// Zone is the zone abbreviation written in the cell ("PDT"), "" when
	// none was.
	Zone string
	// When is the date as the umbrella issue says it: the cell as written,
	// unless its zone abbreviation is wrong for the date; then it is
	// computed from Start, End and the term's zone, so the issue names the
	// same deadline as its tasks do, and Note says the README disagrees.
	// Both are filled by the planner.
	When, Note string
}

// Last returns the last day of d: End, or Start for a single day.
func (d Date) Last() time.Time {
	if !d.End.IsZero() {
		return d.End
	}
	return d.Start
}

// Issue is an existing issue that carries a mentorbot marker.
type Issue struct {
	Number int
	// Marker is the marker found in the body (FindMarker).
	Marker string
	// Parent is the number of the issue this one is a sub-issue of, 0 when
	// it is not a sub-issue.
	Parent int
}

// Input is everything the planner reads.
type Input struct {
	Term Term
	// Repo ("owner/name") and Branch are used for links in bodies; Dir is
	// the term folder.
	Repo   string
	Branch string
	Dir    string
	// Timeline is the term README's timeline, in order.
	Timeline []Date
	// Tasks is the task tree; nil means no sub-issues but the umbrella.
	Tasks *Tasks
	// Existing are the issues already carrying a marker (any term; other
	// terms are ignored).
	Existing []Issue
	// Mentees are the GitHub logins of accepted mentees, for onboarding
	// issues when umbrella.mentee_onboarding is on.
	Mentees []string
	// Now decides whether the retrospective is due.
	Now time.Time
}

// Plan returns the actions that bring the term's issue tree to what the
// config and input describe. A tree that is complete yields an empty plan.
func Plan(in Input, cfg *config.Config) (*plan.Plan, error) {
	pl, err := newPlanner(in, cfg)
	if err != nil {
		return nil, err
	}
	root, err := pl.ensureUmbrella()
	if err != nil {
		return nil, err
	}
	if in.Tasks != nil {
		pl.ensureTasks(in.Tasks.Sections, root)
	}
	if cfg.Umbrella.MenteeOnboarding {
		for _, login := range in.Mentees {
			pl.ensureOnboarding(login, root)
		}
	}
	if cfg.Umbrella.Retrospective && pl.retrospectiveDue() {
		pl.ensureRetrospective(root)
	}
	return pl.finish(), nil
}

// Labels returns the labels of the term's admin issues: program, term, year
// and administration. Runners list existing issues by them.
func Labels(t Term, cfg *config.Config) ([]string, error) {
	term := cfg.Labels.Term(t.Number)
	if term == "" {
		return nil, fmt.Errorf("term %d has no label in the config's labels.terms", t.Number)
	}
	return []string{cfg.Labels.Program, term, cfg.Labels.Year(t.Year), cfg.Labels.Administration}, nil
}

type planner struct {
	in       Input
	cfg      *config.Config
	loc      *time.Location
	data     TemplateData
	labels   []string
	existing map[string]Issue
	actions  []plan.Action
	creates  int
}

func newPlanner(in Input, cfg *config.Config) (*planner, error) {
	labels, err := Labels(in.Term, cfg)
	if err != nil {
		return nil, err
	}
	loc, err := cfg.Terms.Location()
	if err != nil {
		return nil, fmt.Errorf("loading time zone %q: %w", cfg.Terms.Timezone, err)
	}
	data, err := templateData(in, cfg)
	if err != nil {
		return nil, err
	}
	pl := &planner{in: in, cfg: cfg, loc: loc, data: data, labels: labels, existing: map[string]Issue{}}
	for _, x := range in.Existing {
		if t, _, ok := ParseMarker(x.Marker); ok && t == in.Term {
			if prev, dup := pl.existing[x.Marker]; !dup || x.Number < prev.Number {
				pl.existing[x.Marker] = x // the oldest one wins
			}
		}
	}
	return pl, nil
}

// ensure opens the issue with key unless it exists, and links it under
// parent unless it already is a sub-issue (of parent, or of an issue a
// person moved it to). The zero parent means no link.
// The body is rendered only for an issue that is missing.
func (pl *planner) ensure(key, title string, body func() string, labels []string, parent plan.IssueRef) plan.IssueRef {
	marker := Marker(pl.in.Term, key)
	link := parent != plan.IssueRef{}
	if x, ok := pl.existing[marker]; ok {
		ref := plan.Issue(x.Number)
		if link && x.Parent == 0 {
			pl.actions = append(pl.actions, plan.AddSubIssue{Parent: parent, Child: ref})
		}
		return ref
	}
	pl.creates++
	ref := Ref(pl.in.Term, key)
	pl.actions = append(pl.actions, plan.CreateIssue{
		Ref:    ref.Ref,
		Marker: marker,
		Title:  title,
		Body:   strings.TrimRight(body(), "\n") + "\n\n" + marker + "\n",
		Labels: labels,
	})
	if link {
		pl.actions = append(pl.actions, plan.AddSubIssue{Parent: parent, Child: ref})
	}
	return ref
}

// finish puts label creation first when the plan opens any issue, so a
// fresh repository gets the labels with their configured colours.
func (pl *planner) finish() *plan.Plan {
	p := &plan.Plan{}
	if pl.creates > 0 {
		for _, l := range pl.labels {
			st := pl.cfg.Labels.Style(l)
			p.Add(plan.EnsureLabel{Name: l, Color: st.Color, Description: st.Description})
		}
	}
	p.Add(pl.actions...)
	return p
}

func (pl *planner) ensureUmbrella() (plan.IssueRef, error) {
	title, err := render("title", pl.cfg.Umbrella.Title, defaultTitle, pl.data)
	if err != nil {
		return plan.IssueRef{}, err
	}
	body, err := render("body", pl.cfg.Umbrella.Body, defaultBody, pl.data)
	if err != nil {
		return plan.IssueRef{}, err
	}
	return pl.ensure(KeyUmbrella, title, func() string { return body }, pl.labels, plan.IssueRef{}), nil
}

// ensureTasks opens the tree under parent. Parents (nodes with children)
// get the "[LFX YYYY TN]" prefix, leaves keep their title.
func (pl *planner) ensureTasks(ts []Task, parent plan.IssueRef) {
	for _, x := range ts {
		title := x.Title
		if len(x.Children) > 0 {
			title = fmt.Sprintf("[%s] %s", pl.in.Term.Short(), x.Title)
		}
		ref := pl.ensure(keyTaskPrefix+x.Key, title, func() string { return pl.taskBody(x) }, pl.labels, parent)
		pl.ensureTasks(x.Children, ref)
	}
}

// Layout returns, for every issue the input describes, the key of the
// issue it is a sub-issue of (the umbrella has none). Runners use it to
// check only the links that matter: a parent whose sub-issue count covers
// its existing children needs no further reads.
func Layout(in Input, cfg *config.Config) (map[string]string, error) {
	in.Existing = nil
	p, err := Plan(in, cfg)
	if err != nil {
		return nil, err
	}
	parents := map[string]string{}
	prefix := in.Term.String() + "/"
	for _, a := range p.Actions {
		if l, ok := a.(plan.AddSubIssue); ok {
			parents[strings.TrimPrefix(l.Child.Ref, prefix)] = strings.TrimPrefix(l.Parent.Ref, prefix)
		}
	}
	return parents, nil
}

// Ref returns the plan reference of the issue with key in term t, unique
// even in a plan that opens several terms: "2027-1/umbrella".
func Ref(t Term, key string) plan.IssueRef {
	return plan.IssueRef{Ref: t.String() + "/" + key}
}

// KeyOf returns the key of a marker of term t, or "" when the marker
// belongs to another term or is not one.
func KeyOf(t Term, marker string) string {
	mt, key, ok := ParseMarker(marker)
	if !ok || mt != t {
		return ""
	}
	return key
}
