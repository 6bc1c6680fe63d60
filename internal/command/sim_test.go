package command

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// sim is an in-memory issue that plans are applied to, so that tests can
// run sequences of events through Plan and replay them. internal/runner's
// end-to-end tests do the same through the fake GitHub.
type sim struct {
	t          testing.TB
	cfg        *config.Config
	issue      proposal.Issue
	closed     bool
	comments   []Comment
	reactions  map[int64][]string
	repoLabels []string
	roles      map[string]Role
	nextID     int64
	lastID     int64 // the last comment posted by a person
	events     []simEvent
	last       Result
}

// simEvent is one delivered event: a comment created or edited (id set),
// or the issue edited (prev set).
type simEvent struct {
	id     int64
	edited bool
	prev   *string
}

const bot = "mentorbot[bot]"

func testConfig() *config.Config {
	cfg := config.Default()
	cfg.Proposals.Approvers = config.Approvers{
		Global:   []string{"cncf-admin"},
		Projects: map[string]config.ProjectApprovers{"Argo": {Logins: []string{"argo-maint"}}},
	}
	return cfg
}

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// newSim returns a validated proposal #7 by "ada", a listed mentor.
func newSim(t testing.TB) *sim {
	cfg := testConfig()
	l := cfg.Labels
	return &sim{
		t: t, cfg: cfg, nextID: 100, reactions: map[int64][]string{},
		issue: proposal.Issue{Number: 7, Title: "[CNCF LFX Proposal] Argo: queue metrics", Author: "ada",
			Body: readFixture(t, "proposal.md"), Labels: []string{l.Program, l.Proposal, l.ValidationPassed}},
		repoLabels: []string{l.Program, l.Proposal, l.ValidationPassed},
		roles:      map[string]Role{"triager": RoleTriage, "boss": RoleAdmin, "reader": RoleRead},
	}
}

func (s *sim) input(ev simEvent) Input {
	return Input{Issue: s.issue, Closed: s.closed, Comments: slices.Clone(s.comments), Trigger: ev.id,
		TriggerEdited: ev.edited, PreviousBody: ev.prev, Roles: s.roles, RepoLabels: s.repoLabels, Config: s.cfg}
}

// deliver plans an event and applies the plan, recording the event.
func (s *sim) deliver(ev simEvent) Result {
	s.events = append(s.events, ev)
	s.last = Plan(s.input(ev))
	s.apply(&s.last.Plan)
	return s.last
}

// comment posts a comment and delivers its created event.
func (s *sim) comment(author, body string) Result {
	s.nextID++
	s.comments = append(s.comments, Comment{ID: s.nextID, Author: author, Body: body})
	s.lastID = s.nextID
	return s.deliver(simEvent{id: s.nextID})
}

// editComment edits comment id and delivers its edited event.
func (s *sim) editComment(id int64, body string) Result {
	findComment(s.comments, id).Body = body
	return s.deliver(simEvent{id: id, edited: true})
}

// editIssue replaces the proposal body and delivers the edited event.
func (s *sim) editIssue(body string) Result {
	prev := s.issue.Body
	s.issue.Body = body
	return s.deliver(simEvent{prev: &prev})
}

func (s *sim) apply(p *plan.Plan) {
	for _, a := range p.Actions {
		switch a := a.(type) {
		case plan.AddReaction:
			if !slices.Contains(s.reactions[a.CommentID], a.Content) {
				s.reactions[a.CommentID] = append(s.reactions[a.CommentID], a.Content)
			}
		case plan.EnsureLabel:
			if !containsFold(s.repoLabels, a.Name) {
				s.repoLabels = append(s.repoLabels, a.Name)
			}
		case plan.AddLabels:
			for _, l := range a.Labels {
				if !containsFold(s.issue.Labels, l) {
					s.issue.Labels = append(s.issue.Labels, l)
				}
			}
		case plan.RemoveLabel:
			s.issue.Labels = slices.DeleteFunc(s.issue.Labels, func(l string) bool { return strings.EqualFold(l, a.Label) })
		case plan.CloseIssue:
			s.closed = true
		case plan.UpsertComment:
			s.upsert(a.Marker, a.Body)
		default:
			s.t.Fatalf("sim cannot apply %s", a.Kind())
		}
	}
}

func (s *sim) upsert(marker, body string) {
	for i := range s.comments {
		if s.comments[i].Author == bot && strings.Contains(s.comments[i].Body, marker) {
			s.comments[i].Body = body
			return
		}
	}
	s.nextID++
	s.comments = append(s.comments, Comment{ID: s.nextID, Author: bot, Body: body})
}

// simState is what a sim ends in, for comparisons.
type simState struct {
	Labels    []string
	Closed    bool
	Comments  []Comment
	Reactions map[int64][]string
}

func (s *sim) state() simState {
	ls := slices.Clone(s.issue.Labels)
	slices.Sort(ls)
	rs := map[int64][]string{}
	for id, r := range s.reactions {
		rs[id] = slices.Sorted(slices.Values(r))
	}
	return simState{Labels: ls, Closed: s.closed, Comments: slices.Clone(s.comments), Reactions: rs}
}

// report returns the report comment's body.
func (s *sim) report() string {
	for _, c := range s.comments {
		if c.Author == bot && strings.Contains(c.Body, proposal.Marker) {
			return c.Body
		}
	}
	return ""
}

// reply returns mentorbot's reply to comment id, "" when there is none.
func (s *sim) reply(id int64) string {
	for _, c := range s.comments {
		if c.Author == bot && strings.Contains(c.Body, ReplyMarker(id)) {
			return c.Body
		}
	}
	return ""
}
