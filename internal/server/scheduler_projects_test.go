package server_test

import (
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mentorbot/mentorbot/internal/githubtest"
	"github.com/mentorbot/mentorbot/internal/server"
)

// TestSchedulerRunsProjectsPeriodically: the scheduler ticks every few
// milliseconds over a clock that moves an hour per handled delivery, from
// a Sunday evening for a day and a half, with ProjectsEvery a day (the
// weekly default is TestSlots'): the projects sync runs at the first tick
// of each period (twice), not on each of the 30 ticks, and its pull
// request is opened once.
func TestSchedulerRunsProjectsPeriodically(t *testing.T) {
	t.Parallel()
	gh := githubtest.NewServer(t)
	gh.AddRepo("cncf", "mentoring")
	seedExample(t, gh)
	data, err := os.ReadFile("../projects/testdata/landscape.yml")
	if err != nil {
		t.Fatal(err)
	}
	gh.AddRepo("cncf", "landscape")
	gh.SetFile("cncf", "landscape", "main", "landscape.yml", string(data))
	var hours atomic.Int64
	sunday := time.Date(2026, 11, 22, 22, 30, 0, 0, time.UTC)
	clock := func() time.Time { return sunday.Add(time.Duration(hours.Load()) * time.Hour) }
	a := newApp(t, gh, func(o *server.Options) {
		o.ScheduleInterval, o.ScheduleRepos = 5*time.Millisecond, []string{"cncf/mentoring"}
		o.Now, o.Clock, o.ProjectsEvery = clock, clock, 24*time.Hour
		o.OnHandled = func(string, time.Duration, error) {
			if hours.Load() < 31 { // then the clock stops: no third period
				hours.Add(1)
			}
		}
	})
	waitFor(t, func() bool { return hours.Load() >= 31 })
	a.drain(t)
	var runs []string
	for _, l := range strings.Split(a.logs.String(), "\n") {
		if strings.Contains(l, `"delivery":"schedule-projects-`) && strings.Contains(l, `"msg":"delivery `) {
			runs = append(runs, l)
		}
	}
	if len(runs) != 2 || !strings.Contains(runs[0], "delivery handled") || !strings.Contains(runs[1], "delivery handled") {
		t.Errorf("got %d projects syncs over %d hours, want 2 handled (Monday and Tuesday):\n%s", len(runs), hours.Load(), strings.Join(runs, "\n"))
	}
	if n := len(gh.Pulls("cncf", "mentoring")); n != 1 {
		t.Errorf("got %d pull requests, want the project list's one", n)
	}
}
