package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/server"
)

// serveFlags are the serve command's settings; each flag has a MENTORBOT_*
// variable, and the flag wins.
type serveFlags struct {
	addr, apiURL, keyFile, secretFile, scheduleRepos, botLogin string
	appID                                                      int64
	workers, queue                                             int
	jobTimeout, scheduleEvery, shutdownTimeout                 time.Duration
}

func runServe(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "serve", "[flags] (or MENTORBOT_* variables)")
	env := func(name, def string) string {
		if v := st.Getenv("MENTORBOT_" + name); v != "" {
			return v
		}
		return def
	}
	var f serveFlags
	fs.StringVar(&f.addr, "addr", env("ADDR", ":8080"), "listen address (MENTORBOT_ADDR)")
	fs.StringVar(&f.apiURL, "api-url", env("GITHUB_API_URL", ""), "GitHub API URL, for Enterprise (MENTORBOT_GITHUB_API_URL)")
	appID, _ := strconv.ParseInt(env("APP_ID", "0"), 10, 64)
	fs.Int64Var(&f.appID, "app-id", appID, "GitHub App id (MENTORBOT_APP_ID)")
	fs.StringVar(&f.keyFile, "private-key-file", env("PRIVATE_KEY_FILE", ""), "the app's PEM private key file (MENTORBOT_PRIVATE_KEY_FILE, or the PEM itself in MENTORBOT_PRIVATE_KEY)")
	fs.StringVar(&f.secretFile, "webhook-secret-file", env("WEBHOOK_SECRET_FILE", ""), "file holding the webhook secret (MENTORBOT_WEBHOOK_SECRET_FILE, or the secret itself in MENTORBOT_WEBHOOK_SECRET)")
	fs.IntVar(&f.workers, "workers", atoi(env("WORKERS", "4")), "worker goroutines (MENTORBOT_WORKERS)")
	fs.IntVar(&f.queue, "queue-size", atoi(env("QUEUE_SIZE", "100")), "deliveries that may wait; more get 503 (MENTORBOT_QUEUE_SIZE)")
	fs.DurationVar(&f.jobTimeout, "job-timeout", duration(env("JOB_TIMEOUT", "2m")), "time limit of one delivery (MENTORBOT_JOB_TIMEOUT)")
	fs.DurationVar(&f.scheduleEvery, "schedule-interval", duration(env("SCHEDULE_INTERVAL", "1h")), "how often scheduled jobs run; 0 disables (MENTORBOT_SCHEDULE_INTERVAL)")
	fs.StringVar(&f.scheduleRepos, "schedule-repos", env("SCHEDULE_REPOS", ""), "comma-separated owner/repo list for scheduled jobs (MENTORBOT_SCHEDULE_REPOS)")
	fs.StringVar(&f.botLogin, "bot-login", env("BOT_LOGIN", ""), "the app's login, e.g. mentorbot[bot] (MENTORBOT_BOT_LOGIN)")
	fs.DurationVar(&f.shutdownTimeout, "shutdown-timeout", duration(env("SHUTDOWN_TIMEOUT", "30s")), "how long SIGTERM waits for in-flight deliveries")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	opts, err := f.options(st)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(st.Stderr, nil))
	opts.Logger = log
	srv, err := server.New(opts)
	if err != nil {
		return &UsageError{Err: err}
	}
	return serveUntilDone(ctx, log, srv, f)
}

func (f serveFlags) options(st *State) (server.Options, error) {
	secret, err := secretValue(f.secretFile, st.Getenv("MENTORBOT_WEBHOOK_SECRET"), "webhook secret")
	if err != nil {
		return server.Options{}, err
	}
	key, err := secretValue(f.keyFile, st.Getenv("MENTORBOT_PRIVATE_KEY"), "private key")
	if err != nil {
		return server.Options{}, err
	}
	var repos []string
	for _, r := range strings.Split(f.scheduleRepos, ",") {
		if r = strings.TrimSpace(r); r != "" {
			repos = append(repos, r)
		}
	}
	return server.Options{AppID: f.appID, PrivateKey: key, WebhookSecret: secret, APIURL: f.apiURL,
		Workers: f.workers, QueueSize: f.queue, JobTimeout: f.jobTimeout,
		ScheduleInterval: f.scheduleEvery, ScheduleRepos: repos, BotLogin: f.botLogin}, nil
}

// secretValue reads a secret from a file, or takes it from a variable.
func secretValue(file, inline, what string) ([]byte, error) {
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, usagef("reading the %s: %v", what, err)
		}
		return []byte(strings.TrimRight(string(data), "\r\n")), nil
	}
	return []byte(inline), nil
}

func serveUntilDone(ctx context.Context, log *slog.Logger, srv *server.Server, f serveFlags) error {
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return &UsageError{Err: fmt.Errorf("listening on %s: %w", f.addr, err)}
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	log.Info("mentorbot serving", "addr", ln.Addr().String(), "version", Version)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: no new deliveries, finishing in-flight ones", "deadline", f.shutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), f.shutdownTimeout)
	defer cancel()
	err = errors.Join(hs.Shutdown(sctx), srv.Shutdown(sctx))
	log.Info("stopped", "err", err)
	return err
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func duration(s string) time.Duration {
	d, _ := time.ParseDuration(s)
	return d
}
