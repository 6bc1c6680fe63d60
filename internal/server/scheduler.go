package server

import (
	"context"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/event"
)

// scheduler runs the scheduled jobs (the meeting stub, deadline reminders,
// meeting announcements: every runner.Jobs row with the "schedule" event)
// for each configured repository every ScheduleInterval, as a "schedule"
// event. The jobs are idempotent, so a tick that finds the stub in place,
// the reminder posted or the announcement current writes nothing: each is
// written at most once, whatever the number of replicas. The projects sync
// (by name only, see runner.Jobs) runs once per ProjectsEvery slot per
// repository, not on every tick (see slots).
func (s *Server) scheduler() {
	defer s.wg.Done()
	t := time.NewTicker(s.opts.ScheduleInterval)
	defer t.Stop()
	w := newSlots(s.opts.ProjectsEvery, s.opts.Clock().Add(-s.opts.ScheduleInterval))
	s.tick(w)
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.tick(w)
		}
	}
}

func (s *Server) tick(w *slots) {
	for _, full := range s.opts.ScheduleRepos {
		owner, repo, ok := strings.Cut(full, "/")
		if !ok {
			s.log.Error("scheduled repository is not owner/repo", "repository", full)
			continue
		}
		ctx, cancel := context.WithTimeout(s.baseCtx, s.opts.JobTimeout)
		id, err := s.clients.installationFor(ctx, owner, repo)
		cancel()
		if err != nil {
			s.log.Error("scheduled run skipped", "repository", full, "err", err)
			continue
		}
		now := s.opts.Now().UTC().Format(time.RFC3339)
		ev := &event.Event{Name: "schedule", Owner: owner, Repo: repo, InstallationID: id,
			DeliveryID: "schedule-" + full + "-" + now}
		select {
		case <-s.stop:
			return
		default:
		}
		if len(jobsFor(ev)) > 0 {
			s.run(job{ev: ev, received: s.opts.Now()})
		}
		at := s.opts.Clock()
		if !w.due(full, at) {
			continue
		}
		pj := *ev
		pj.DeliveryID = "schedule-projects-" + full + "-" + now
		if err := s.run(job{ev: &pj, received: s.opts.Now(), only: "projects"}); err == nil {
			w.ran(full, at) // a failed sync is tried again on the next tick
		}
	}
}

// slots decides when a repository's periodic job is due: once in each
// period of every, periods counted from Monday, January 5, 1970, 00:00
// UTC (weeks start on Mondays). State is per process and starts one
// schedule interval before the scheduler did, so a restart mid-week does
// not run it again, while one that starts just after a Monday does. Two
// replicas each run it once a slot; the sync is idempotent (its pull
// request is updated, not opened twice; a quiet week opens nothing).
type slots struct {
	every time.Duration
	start time.Time
	last  map[string]time.Time
}

var slotEpoch = time.Date(1970, 1, 5, 0, 0, 0, 0, time.UTC)

func newSlots(every time.Duration, start time.Time) *slots {
	return &slots{every: every, start: start, last: map[string]time.Time{}}
}

func (w *slots) slot(t time.Time) int64 {
	d := t.Sub(slotEpoch)
	n := int64(d / w.every)
	if d < 0 && d%w.every != 0 {
		n--
	}
	return n
}

// due reports whether repo's job is due at t: disabled (every < 0) never;
// else when t is in a later slot than its last run.
func (w *slots) due(repo string, t time.Time) bool {
	if w.every <= 0 {
		return false
	}
	last, ok := w.last[repo]
	if !ok {
		last = w.start
	}
	return w.slot(t) > w.slot(last)
}

func (w *slots) ran(repo string, t time.Time) { w.last[repo] = t }
