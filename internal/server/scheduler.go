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
// written at most once, whatever the number of replicas.
func (s *Server) scheduler() {
	defer s.wg.Done()
	t := time.NewTicker(s.opts.ScheduleInterval)
	defer t.Stop()
	s.tick()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.tick()
		}
	}
}

func (s *Server) tick() {
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
		ev := &event.Event{Name: "schedule", Owner: owner, Repo: repo, InstallationID: id,
			DeliveryID: "schedule-" + full + "-" + s.opts.Now().UTC().Format(time.RFC3339)}
		select {
		case <-s.stop:
			return
		default:
		}
		if len(jobsFor(ev)) == 0 {
			return
		}
		s.run(job{ev: ev, received: s.opts.Now()})
	}
}
