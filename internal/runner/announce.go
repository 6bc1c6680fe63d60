package runner

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/announce"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// announceJob is the Jobs row's entry point.
func announceJob(ctx context.Context, env *Env, _ Params) (*Result, error) {
	return Announce(ctx, env)
}

// Announce plans (and, unless dry, applies) the meeting announcement.
// Online it reads the announcement issues once by their label (state all)
// (for announce.via discussion: the category and its discussions, over
// GraphQL, see readDiscussions),
// the open issues with the agenda label, and, on the meeting's day, the
// announcement's comments.
func Announce(ctx context.Context, env *Env) (*Result, error) {
	res := &Result{Job: "announce", Plan: &plan.Plan{Owner: env.Owner, Repo: env.Repo}}
	a := env.Config.Announce
	if !a.Enabled {
		res.Skipped = "announcements are off (announce.enabled in the config)"
		return res, nil
	}
	in, ok, err := announceInput(env)
	if err != nil {
		return nil, err
	}
	if !ok {
		res.Skipped = "no meeting schedule: neither meeting.schedule.rule nor a minutes file gives one"
		return res, nil
	}
	var gql GraphQLClient
	in.Discussion = a.Via == "discussion"
	if !env.Offline() {
		if in.Discussion {
			gql = githubapi.NewGraphQL(env.GH)
			if err := readDiscussions(ctx, env, gql, &in); err != nil {
				return nil, err
			}
		}
		if err := readAnnouncements(ctx, env, &in); err != nil {
			return nil, err
		}
	}
	out, err := announce.Plan(in, env.Config)
	if err != nil {
		return nil, err
	}
	res.Plan.Add(out.Plan.Actions...)
	res.Summary = "### Meeting announcement\n\n" + bullets(out.Notes)
	if res.Plan.Empty() {
		res.Skipped = "nothing to announce: " + strings.Join(out.Notes, "; ")
		return res, nil
	}
	if in.Discussion {
		return res, applyDiscussions(ctx, env, gql, res)
	}
	return res, res.Apply(ctx, env)
}

var (
	announceURLRE = regexp.MustCompile(`https://[^\s)\]>"<]+`)
	meetingHostRE = regexp.MustCompile(`(?:^|\.)(?:zoom\.us|zoom-lfx\.platform\.linuxfoundation\.org|meet\.google\.com|teams\.microsoft\.com|meet\.jit\.si)$|^zoom\.`)
	meetingIDRE   = regexp.MustCompile(`/(?:j|my|meeting|wc/join)/[A-Za-z0-9-]+|meet\.google\.com/[a-z]{3}-`)
)

// joinLink finds the meeting's join link in the minutes: a link to a
// meeting service, unwrapped from a Google redirect, preferring one that
// names a meeting (".../j/123", ".../meeting/123", ".../my/room") over a
// calendar page of the same service.
func joinLink(src []byte) string {
	best, bestScore := "", 0
	for _, raw := range announceURLRE.FindAllString(string(src), -1) {
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		if u.Host == "www.google.com" && u.Path == "/url" {
			if u, err = url.Parse(u.Query().Get("q")); err != nil || u.Scheme != "https" {
				continue
			}
		}
		if !meetingHostRE.MatchString(u.Host) {
			continue
		}
		score := 1
		if meetingIDRE.MatchString(u.Host + u.Path) {
			score = 2
		}
		if score > bestScore {
			best, bestScore = u.String(), score
		}
	}
	return best
}

// announceInput reads the schedule and the newest minutes file.
func announceInput(env *Env) (announce.Input, bool, error) {
	c := env.Config.Meeting
	in := announce.Input{Now: env.Now, Join: env.Config.Announce.Join, Name: "Working group meeting"}
	sched, haveRule, err := meeting.FromConfig(c.Schedule)
	if err != nil {
		return in, false, err
	}
	loc, err := meeting.Locate(env.FS, c)
	if errors.Is(err, meeting.ErrNoMinutes) {
		in.Schedule = sched
		return in, haveRule, nil
	}
	if err != nil {
		return in, false, err
	}
	year := loc.Years[len(loc.Years)-1]
	p := loc.Config.MinutesPath(year)
	src, err := fs.ReadFile(env.FS, p)
	if err != nil {
		return in, false, fmt.Errorf("reading %s: %w", p, err)
	}
	f, err := meeting.Parse(src)
	if err != nil {
		return in, false, fmt.Errorf("%s: %w", p, err)
	}
	if !haveRule {
		if sched, haveRule, err = f.Schedule(); err != nil {
			return in, false, fmt.Errorf("%s: %w", p, err)
		}
	}
	if sched.Duration <= 0 {
		// A schedule read from the minutes has no length: the config's.
		sched.Duration = time.Hour
		if d, err := time.ParseDuration(strings.TrimSpace(c.Schedule.Duration)); err == nil && d > 0 {
			sched.Duration = d
		}
	}
	in.Schedule, in.Minutes = sched, f
	if title, ok := meeting.FrontMatterTitle(src); ok {
		in.Name = title
	}
	if in.Join == "" {
		in.Join = joinLink(src)
	}
	if env.Owner != "" && env.Owner != "local" {
		branch := env.DefaultBranch
		if branch == "" {
			branch = "main"
		}
		in.MinutesURL = fmt.Sprintf("https://github.com/%s/%s/blob/%s/%s", env.Owner, env.Repo, branch, p)
	}
	return in, haveRule, nil
}

// readAnnouncements fills the announcements mentorbot opened (by label,
// marker and author; for discussions readDiscussions did), the agenda
// issues and, for today's meeting, whether the on-the-day comment is there.
func readAnnouncements(ctx context.Context, env *Env, in *announce.Input) error {
	a := env.Config.Announce
	var issues []*github.Issue
	if !in.Discussion {
		var err error
		if issues, err = listIssuesLabelled(ctx, env, []string{a.Label}, "all"); err != nil {
			return err
		}
	}
	in.Forged = map[string]string{}
	for _, is := range issues {
		d, ok := announce.DateOf(is.GetBody())
		switch {
		case !ok:
		case isSelf(env, is.GetUser().GetLogin()):
			in.Existing = append(in.Existing, announce.Issue{Number: is.GetNumber(), Date: d, Open: is.GetState() == "open"})
		case in.Forged[d.String()] == "":
			in.Forged[d.String()] = is.GetUser().GetLogin()
		}
	}
	if a.AgendaLabel != "" {
		open, err := listIssuesLabelled(ctx, env, []string{a.AgendaLabel}, "open")
		if err != nil {
			return err
		}
		for i := len(open) - 1; i >= 0; i-- { // oldest first
			in.Agenda = append(in.Agenda, announce.AgendaIssue{Number: open[i].GetNumber(), Title: open[i].GetTitle()})
		}
	}
	if !a.OnTheDay || in.Discussion || in.Schedule.Location == nil {
		return nil
	}
	occ := in.Schedule.Next(in.Now, env.Config.Meeting.Skip, false)
	if meeting.DateOf(in.Now.In(in.Schedule.Location)) != occ.Date {
		return nil
	}
	for i, x := range in.Existing {
		if x.Date != occ.Date || !x.Open {
			continue
		}
		cs, err := listAllComments(ctx, env, x.Number)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if isSelf(env, c.GetUser().GetLogin()) && strings.Contains(c.GetBody(), announce.TodayMarker(occ.Date)) {
				in.Existing[i].TodaySent = true
			}
		}
	}
	return nil
}
