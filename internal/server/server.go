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
	s := &Server{opts: opts, log: opts.Logger, m: m, clients: cl,
		dedupe: newDedupe(opts.DedupeWindow, opts.Now),
		queue:  make(chan job, opts.QueueSize), baseCtx: ctx, cancel: cancel, stop: make(chan struct{})}
	for range opts.Workers {
		s.wg.Add(1)
		go s.worker()
	}
	if opts.ScheduleInterval > 0 && len(opts.ScheduleRepos) > 0 {
		s.wg.Add(1)
		go s.scheduler()
	}
	return s, nil
}

// Handler serves POST /webhook, GET /healthz, GET /readyz and GET /metrics.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /webhook", s.webhook)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.m.handler())
	return mux
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Second)
	defer cancel()
	if err := s.clients.ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		http.Error(w, "cannot authenticate as the app: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	io.WriteString(w, "ok\n")
}

func (s *Server) webhook(w http.ResponseWriter, r *http.Request) {
	name := r.Header.Get("X-GitHub-Event")
	reply := func(status int, result, msg string) {
		s.m.webhooks.WithLabelValues(metricEvent(name), result).Inc()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		io.WriteString(w, msg+"\n")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.opts.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			reply(http.StatusRequestEntityTooLarge, "too_large", fmt.Sprintf("body over %d bytes", s.opts.MaxBody))
			return
		}
		reply(http.StatusBadRequest, "bad_request", "reading body: "+err.Error())
		return
	}
	// The signature is checked on the raw body before anything is parsed.
	if err := verify(s.opts.WebhookSecret, body, r.Header.Get("X-Hub-Signature-256")); err != nil {
		reply(http.StatusUnauthorized, "bad_signature", err.Error())
		return
	}
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
	if !s.dedupe.begin(delivery) {
		reply(http.StatusOK, "duplicate", "duplicate delivery "+delivery)
		return
	}
	if !s.enqueue(job{ev: ev, received: s.opts.Now()}) {
		s.dedupe.finish(delivery, false)
		s.m.queueDrops.Inc()
		w.Header().Set("Retry-After", "30")
		reply(http.StatusServiceUnavailable, "queue_full", "queue full, try again later")
		return
	}
	reply(http.StatusAccepted, "accepted", "accepted "+delivery)
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
	if ev.FromBot() || (s.opts.BotLogin != "" && strings.EqualFold(ev.Sender, s.opts.BotLogin)) {
		return "sent by a bot (" + ev.Sender + ")"
	}
	if len(jobsFor(ev)) == 0 {
		return fmt.Sprintf("no job for %s %s", ev.Name, ev.Action)
	}
	return ""
}

func metricEvent(name string) string {
	if name == "" {
		return "none"
	}
	return name
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
func (s *Server) run(j job) {
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
	err := s.handle(ctx, log, ev)
	lock.Unlock()
	elapsed := time.Since(start)
	s.m.duration.WithLabelValues(ev.Name).Observe(elapsed.Seconds())
	s.dedupe.finish(ev.DeliveryID, err == nil)
	if s.opts.OnHandled != nil {
		s.opts.OnHandled(ev.Name, elapsed, err)
	}
	if err != nil {
		s.m.jobs.WithLabelValues(ev.Name, "error").Inc()
		log.Error("delivery failed; redeliver it to retry", "err", err, "duration_ms", elapsed.Milliseconds())
		return
	}
	s.m.jobs.WithLabelValues(ev.Name, "ok").Inc()
	log.Info("delivery handled", "duration_ms", elapsed.Milliseconds())
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

// Shutdown stops accepting deliveries and waits for the queued and running
// ones until ctx ends; then it cancels what is still running.
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
	select {
	case <-done:
		s.cancel()
		return nil
	case <-ctx.Done():
		s.cancel()
		<-done
		return fmt.Errorf("shutdown deadline passed: in-flight jobs were cancelled: %w", ctx.Err())
	}
}
