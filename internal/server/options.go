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
	// MaxBody caps a webhook body (default 25 MiB, GitHub's limit).
	MaxBody int64
	// ScheduleInterval is how often the meeting job runs for
	// ScheduleRepos ("owner/repo"); 0 disables the scheduler.
	ScheduleInterval time.Duration
	ScheduleRepos    []string
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
	// RetrySleep replaces the retry backoff's sleep (tests).
	RetrySleep func(ctx context.Context, d time.Duration) error
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
	if o.JobTimeout <= 0 {
		o.JobTimeout = 2 * time.Minute
	}
	if o.DedupeWindow <= 0 {
		o.DedupeWindow = 72 * time.Hour
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 25 << 20
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return nil
}
