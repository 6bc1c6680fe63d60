// Package server is mentorbot's GitHub App face: a webhook server that
// verifies deliveries, queues them to a bounded worker pool, and runs the
// same jobs as the Action with installation tokens.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// Options configures the server. Zero values take the defaults noted.
type Options struct {
	AppID         int64
	PrivateKey    []byte // PEM
	WebhookSecret []byte
	// APIURL is the GitHub API root: "" for github.com, the Enterprise
	// "https://HOST/api/v3", or a test server.
	APIURL string
	// Workers and QueueSize bound the work in progress (default 4 and 100).
	Workers   int
	QueueSize int
	// JobTimeout bounds one delivery's handling (default 2m).
	JobTimeout time.Duration
	// DedupeWindow is how long a handled delivery id is remembered (default
	// 72h, GitHub's redelivery window).
	DedupeWindow time.Duration
	// MaxBody caps a webhook body (default 25 MiB, GitHub's limit). A
	// Content-Length above it is refused (413) before the body is read.
	MaxBody int64
	// MaxBuffered caps the bytes buffered across all requests whose
	// signature is not checked yet (default 64 MiB, at least MaxBody);
	// a request that would pass it is answered 503 before it is read.
	MaxBuffered int64
	// AnswerWithin is how long a delivery's request waits for the
	// outcome before it is answered (default 8s, inside GitHub's 10s):
	// 200 when handled, 5xx when it failed, so that GitHub records the
	// failure; 202 when the outcome is not known yet. Negative: 202 at once.
	AnswerWithin time.Duration
	// RecoverInterval is how often the app's recent deliveries are listed
	// and the failed ones redelivered (see recover.go); 0 disables it.
	RecoverInterval time.Duration
	// RecoverGrace is how long a failed attempt must be old before it is
	// redelivered (default 1m), doubling with each further attempt.
	RecoverGrace time.Duration
	// RecoverLookback is how far back deliveries are listed (default 24h;
	// GitHub redelivers deliveries of the last 3 days).
	RecoverLookback time.Duration
	// RecoverAttempts caps the attempts of one delivery, the first one
	// included (default 8: retries spread over about two hours): a delivery that fails each time is given up.
	RecoverAttempts int
	// ReadyTTL is how long /readyz trusts its last check that GitHub
	// accepts the app's key (default 5m; 1m after a failure).
	ReadyTTL time.Duration
	// WriteGap spaces one installation's content-creating requests
	// (default githubapi.DefaultWriteGap, 80 a minute).
	WriteGap time.Duration
	// ScheduleInterval is how often the meeting job runs for
	// ScheduleRepos ("owner/repo"); 0 disables the scheduler.
	ScheduleInterval time.Duration
	ScheduleRepos    []string
	// ProjectsEvery is how often the scheduler runs the projects sync
	// (the CNCF project list pull request) for each of ScheduleRepos
	// (default a week, in slots from Monday 00:00 UTC); negative disables
	// it. It is not run on every tick: once per slot, retried on the next
	// tick when it fails.
	ProjectsEvery time.Duration
	// BotLogin is the app's own login ("<slug>[bot]"), whose events are
	// skipped; any "[bot]" sender is skipped too.
	BotLogin string

	// OnHandled, when set, observes each delivery's handling time and
	// error (benchmarks, extra metrics).
	OnHandled func(event string, d time.Duration, err error)

	Logger *slog.Logger
	Now    func() time.Time
	// Transport is the base HTTP transport under the retrying one (tests).
	Transport http.RoundTripper
	// RetrySleep replaces the retry backoff's and the write pacer's sleep
	// (tests).
	RetrySleep func(ctx context.Context, d time.Duration) error
	// Clock is the wall clock that GitHub's delivery times are compared
	// with and that paces writes (default time.Now). Now, by contrast, is
	// the time the planners see.
	Clock func() time.Time
}

// ErrNoSecret is returned when the server would start without a webhook
// secret: go-github accepts unsigned deliveries when the secret is empty.
var ErrNoSecret = errors.New("no webhook secret: set MENTORBOT_WEBHOOK_SECRET (or --webhook-secret-file); mentorbot will not accept unsigned webhooks")

func (o *Options) defaults() error {
	if len(o.WebhookSecret) == 0 {
		return ErrNoSecret
	}
	if o.AppID == 0 {
		return errors.New("no app id: set MENTORBOT_APP_ID")
	}
	if len(o.PrivateKey) == 0 {
		return errors.New("no private key: set MENTORBOT_PRIVATE_KEY_FILE or MENTORBOT_PRIVATE_KEY")
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.QueueSize <= 0 {
		o.QueueSize = 100
	}
	if o.Transport == nil {
		// http.DefaultTransport keeps 2 idle connections per host: with
		// more workers than that, every extra request to GitHub would
		// open (and TLS-handshake) a new connection.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = max(16, 4*o.Workers)
		o.Transport = t
	}
	if o.JobTimeout <= 0 {
		o.JobTimeout = 2 * time.Minute
	}
	if o.DedupeWindow <= 0 {
		o.DedupeWindow = 72 * time.Hour
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 25 << 20
	}
	if o.MaxBuffered <= 0 {
		o.MaxBuffered = 64 << 20
	}
	o.MaxBuffered = max(o.MaxBuffered, o.MaxBody)
	if o.AnswerWithin == 0 {
		o.AnswerWithin = 8 * time.Second
	}
	if o.RecoverGrace <= 0 {
		o.RecoverGrace = time.Minute
	}
	if o.RecoverLookback <= 0 {
		o.RecoverLookback = 24 * time.Hour
	}
	if o.RecoverAttempts <= 0 {
		o.RecoverAttempts = 8
	}
	if o.ReadyTTL <= 0 {
		o.ReadyTTL = 5 * time.Minute
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.ProjectsEvery == 0 {
		o.ProjectsEvery = 7 * 24 * time.Hour
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return nil
}
