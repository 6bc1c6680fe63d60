package server

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/mentorbot/mentorbot/internal/event"
)

// Server is the webhook server. Create it with New, serve its Handler, and
// stop it with Shutdown.
type Server struct {
	opts    Options
	log     *slog.Logger
	m       *metrics
	clients *clients
	dedupe  *dedupe
	budget  *budget
	ready   readiness
	id      identity // the login the app writes as (identity.go)
	rec     *recovery
	feeds   feedCache // calendar.go

	queue   chan job
	baseCtx context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	closing sync.Once
	stop    chan struct{} // closed when shutdown begins
	// subjects serializes the deliveries about one issue, pull request or
	// repository: two workers never plan against the same issue at once
	// (both could otherwise create its report comment).
	subjects [64]sync.Mutex
	mu       sync.RWMutex
	closed   bool
}

// job is one accepted delivery.
type job struct {
	ev       *event.Event
	received time.Time
	out      *outcome // nil for scheduled runs
	// only, when set, runs that one runner.Jobs row instead of the event's
	// routes (the scheduler's weekly projects sync).
	only string
}

// outcome is how a delivery's handling ended, shared by the requests that
// wait for it (the delivery and any redelivery that finds it in flight).
type outcome struct {
	done chan struct{} // closed when handled
	mu   sync.Mutex
	fin  bool
	err  error
	late bool // a request was answered 2xx before the outcome was known
}

func newOutcome() *outcome { return &outcome{done: make(chan struct{})} }

// finish records the result and reports whether a request was answered
// 2xx before it: a failure then is unknown to GitHub.
func (o *outcome) finish(err error) (late bool) {
	o.mu.Lock()
	o.fin, o.err = true, err
	late = o.late
	o.mu.Unlock()
	close(o.done)
	return late
}

// answer returns the result, or marks the outcome late when it is not
// known yet (the caller then answers 202).
func (o *outcome) answer() (known bool, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.fin {
		o.late = true
	}
	return o.fin, o.err
}

// New checks opts and starts the worker pool (and the scheduler, when
// configured). It refuses to start without a webhook secret.
func New(opts Options) (*Server, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	m := newMetrics()
	cl, err := newClients(&opts, m)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{opts: opts, log: opts.Logger, m: m, clients: cl, id: identity{login: opts.BotLogin},
		dedupe: newDedupe(opts.DedupeWindow, dedupeMax, opts.Now),
		budget: &budget{max: opts.MaxBuffered, gauge: m.buffered},
		rec:    newRecovery(),
		queue:  make(chan job, opts.QueueSize), baseCtx: ctx, cancel: cancel, stop: make(chan struct{})}
	for range opts.Workers {
		s.wg.Add(1)
		go s.worker()
	}
	if opts.ScheduleInterval > 0 && len(opts.ScheduleRepos) > 0 {
		s.wg.Add(1)
		go s.scheduler()
	}
	if opts.RecoverInterval > 0 {
		s.wg.Add(1)
		go s.recoverLoop()
	}
	return s, nil
}

// Handler serves POST /webhook, GET /healthz, GET /readyz, GET /metrics
// and GET /calendar/{owner}/{repo}.ics (calendar.go).
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhook", s.webhook)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.m.handler())
	mux.HandleFunc("GET /calendar/{owner}/{file}", s.calendarFeed)
	return mux
}

func (s *Server) webhook(w http.ResponseWriter, r *http.Request) {
	name := r.Header.Get("X-GitHub-Event")
	// Until the signature matches, the event name is anyone's: it is
	// counted as "unknown", and only known names ever become labels.
	label := "unknown"
	reply := func(status int, result, msg string) {
		s.m.webhooks.WithLabelValues(label, result).Inc()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		io.WriteString(w, msg+"\n")
	}
	body, err := s.readVerified(w, r)
	switch {
	case errors.Is(err, errTooBig):
		reply(http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("body over %d bytes", s.opts.MaxBody))
		return
	case errors.Is(err, errBusy):
		w.Header().Set("Retry-After", "10")
		reply(http.StatusServiceUnavailable, "busy", "too many unauthenticated bytes in flight, try again later")
		return
	case errors.Is(err, errReading):
		reply(http.StatusBadRequest, "bad_request", "could not read the body")
		return
	case err != nil:
		reply(http.StatusUnauthorized, "bad_signature", err.Error())
		return
	}
	label = metricEvent(name)
	delivery := r.Header.Get("X-GitHub-Delivery")
	if name == "" || delivery == "" {
		reply(http.StatusBadRequest, "bad_request", "missing X-GitHub-Event or X-GitHub-Delivery header")
		return
	}
	if name == "ping" {
		reply(http.StatusOK, "ping", "pong")
		return
	}
	ev, err := event.Parse(name, body)
	if err != nil {
		reply(http.StatusBadRequest, "bad_request", err.Error())
		return
	}
	ev.DeliveryID = delivery
	if reason := s.ignore(ev); reason != "" {
		reply(http.StatusOK, "ignored", "ignored: "+reason)
		return
	}
	out, first, handled := s.dedupe.begin(delivery)
	if handled {
		reply(http.StatusOK, "duplicate", "duplicate delivery "+delivery)
		return
	}
	if first && !s.enqueue(job{ev: ev, received: s.opts.Now(), out: out}) {
		s.dedupe.finish(delivery, false)
		out.finish(errQueueFull) // for a redelivery that joined it meanwhile
		s.m.queueDrops.Inc()
		w.Header().Set("Retry-After", "30")
		reply(http.StatusServiceUnavailable, "queue_full", "queue full, try again later")
		return
	}
	status, result, msg := s.await(r.Context(), out, delivery)
	reply(status, result, msg)
}

// await waits up to AnswerWithin for a delivery's outcome and says how to
// answer: 200 handled, 5xx failed (GitHub records a failure, which the
// recovery loop redelivers), or 202 when it is not known yet.
func (s *Server) await(ctx context.Context, out *outcome, delivery string) (int, string, string) {
	if s.opts.AnswerWithin > 0 {
		s.m.waiting.Inc()
		defer s.m.waiting.Dec()
		t := time.NewTimer(s.opts.AnswerWithin)
		defer t.Stop()
		select {
		case <-out.done:
		case <-t.C:
		case <-ctx.Done(): // GitHub gave up waiting and recorded a failure
		}
	}
	known, err := out.answer()
	switch {
	case !known:
		return http.StatusAccepted, "accepted", "accepted " + delivery + "; still running"
	case errors.Is(err, errShuttingDown), errors.Is(err, errQueueFull):
		return http.StatusServiceUnavailable, "failed", "not handled: the server is shutting down; redeliver it"
	case err != nil:
		return http.StatusInternalServerError, "failed", "handling failed: " + cut(err.Error(), 500)
	}
	return http.StatusOK, "handled", "handled " + delivery
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// enqueue adds a job unless the queue is full or the server is closing.
func (s *Server) enqueue(j job) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return false
	}
	select {
	case s.queue <- j:
		s.m.queueDepth.Set(float64(len(s.queue)))
		return true
	default:
		return false
	}
}

// ignore says why an event needs no work, or "".
func (s *Server) ignore(ev *event.Event) string {
	if self := s.id.get(); ev.FromBot() || (self != "" && strings.EqualFold(ev.Sender, self)) {
		return "sent by a bot (" + ev.Sender + ")"
	}
	if len(jobsFor(ev)) == 0 {
		return fmt.Sprintf("no job for %s %s", ev.Name, ev.Action)
	}
	return ""
}

// knownEvents are the event names that may become metric labels: the
// events the app subscribes to and a few GitHub sends every app.
var knownEvents = map[string]bool{
	"pull_request": true, "pull_request_target": true, "push": true, "issues": true, "issue_comment": true,
	"check_run": true, "check_suite": true, "ping": true, "installation": true,
	"installation_repositories": true, "installation_target": true, "github_app_authorization": true,
	"schedule": true, "workflow_dispatch": true,
}

// metricEvent bounds the event label: an unknown name is "other".
func metricEvent(name string) string {
	switch {
	case name == "":
		return "none"
	case knownEvents[name]:
		return name
	}
	return "other"
}

func (s *Server) worker() {
	defer s.wg.Done()
	for j := range s.queue {
		s.m.queueDepth.Set(float64(len(s.queue)))
		s.run(j)
	}
}

// run handles one delivery with its own timeout, on a context that is not
// the request's: the request has been answered long ago.
func (s *Server) run(j job) error {
	ev := j.ev
	ctx, cancel := context.WithTimeout(s.baseCtx, s.opts.JobTimeout)
	defer cancel()
	log := s.log.With("delivery", ev.DeliveryID, "event", ev.Name, "action", ev.Action,
		"installation", ev.InstallationID, "repository", ev.Owner+"/"+ev.Repo)
	if n := number(ev); n > 0 {
		log = log.With("number", n)
	}
	lock := &s.subjects[subjectHash(ev)%uint32(len(s.subjects))]
	lock.Lock()
	start := time.Now()
	var err error
	if s.baseCtx.Err() != nil {
		err = errShuttingDown // past the shutdown deadline: not started
	} else {
		err = s.handle(ctx, log, ev, j.only)
	}
	lock.Unlock()
	elapsed := time.Since(start)
	label := metricEvent(ev.Name)
	s.m.duration.WithLabelValues(label).Observe(elapsed.Seconds())
	if j.out != nil {
		s.dedupe.finish(ev.DeliveryID, err == nil)
		if late := j.out.finish(err); late && err != nil {
			// GitHub saw 2xx: only this replica knows it failed.
			s.rec.lateFailure(ev.DeliveryID, s.opts.Clock())
		}
	}
	if s.opts.OnHandled != nil {
		s.opts.OnHandled(ev.Name, elapsed, err)
	}
	if err != nil {
		s.m.jobs.WithLabelValues(label, "error").Inc()
		log.Error("delivery failed; it will be redelivered", "err", err, "duration_ms", elapsed.Milliseconds())
		return err
	}
	s.m.jobs.WithLabelValues(label, "ok").Inc()
	log.Info("delivery handled", "duration_ms", elapsed.Milliseconds())
	return nil
}

// subjectHash hashes what a delivery is about: the repository and the
// issue or pull request number (0 for repository-wide events).
func subjectHash(ev *event.Event) uint32 {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%s#%d", ev.Owner, ev.Repo, number(ev))
	return h.Sum32()
}

func number(ev *event.Event) int {
	switch {
	case ev.Issue != nil:
		return ev.Issue.Number
	case ev.PullRequest != nil:
		return ev.PullRequest.Number
	}
	return 0
}

// errShuttingDown fails the deliveries still queued when the shutdown
// deadline passed: they are answered 503, or redelivered if answered 202.
var errShuttingDown = errors.New("the server shut down before handling the delivery")

var errQueueFull = errors.New("the queue was full")

// Shutdown stops accepting deliveries and waits for the queued and running
// ones until ctx ends; then it cancels what is still running and fails
// what is still queued. Deliveries whose requests still wait are answered
// with the failure (GitHub records it; a replica's recovery loop
// redelivers them); those answered 202 before they failed are redelivered
// by one last recovery pass (when recovery is on).
func (s *Server) Shutdown(ctx context.Context) error {
	s.closing.Do(func() {
		s.mu.Lock()
		s.closed = true
		close(s.queue)
		close(s.stop)
		s.mu.Unlock()
	})
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		s.cancel()
		<-done
		err = fmt.Errorf("shutdown deadline passed: in-flight jobs were cancelled: %w", ctx.Err())
	}
	s.cancel()
	if s.opts.RecoverInterval > 0 && s.rec.pendingLate() > 0 {
		rctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, rerr := s.Recover(rctx); rerr != nil {
			s.log.Error("last recovery pass failed: deliveries answered 202 that failed are lost", "err", rerr, "count", s.rec.pendingLate())
		}
	}
	return err
}
