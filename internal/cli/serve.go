package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
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
	jobTimeout, scheduleEvery, shutdownTimeout, recoverEvery   time.Duration
	projectsEvery                                              time.Duration
}

func runServe(ctx context.Context, st *State, args []string) error {
	fs := newFlags(st, "serve", "[flags] (or MENTORBOT_* variables)")
	var f serveFlags
	fs.StringVar(&f.addr, "addr", ":8080", "listen address (MENTORBOT_ADDR)")
	fs.StringVar(&f.apiURL, "api-url", "", "GitHub API URL, for Enterprise (MENTORBOT_GITHUB_API_URL)")
	fs.Int64Var(&f.appID, "app-id", 0, "GitHub App id (MENTORBOT_APP_ID)")
	fs.StringVar(&f.keyFile, "private-key-file", "", "the app's PEM private key file (MENTORBOT_PRIVATE_KEY_FILE, or the PEM itself in MENTORBOT_PRIVATE_KEY)")
	fs.StringVar(&f.secretFile, "webhook-secret-file", "", "file holding the webhook secret (MENTORBOT_WEBHOOK_SECRET_FILE, or the secret itself in MENTORBOT_WEBHOOK_SECRET)")
	fs.IntVar(&f.workers, "workers", 4, "worker goroutines (MENTORBOT_WORKERS)")
	fs.IntVar(&f.queue, "queue-size", 100, "deliveries that may wait; more get 503 (MENTORBOT_QUEUE_SIZE)")
	fs.DurationVar(&f.jobTimeout, "job-timeout", 2*time.Minute, "time limit of one delivery (MENTORBOT_JOB_TIMEOUT)")
	fs.DurationVar(&f.scheduleEvery, "schedule-interval", time.Hour, "how often scheduled jobs run; 0 disables (MENTORBOT_SCHEDULE_INTERVAL)")
	fs.DurationVar(&f.projectsEvery, "projects-interval", 7*24*time.Hour, "how often the scheduler runs the projects sync per repository, in periods from Monday 00:00 UTC; 0 disables (MENTORBOT_PROJECTS_INTERVAL)")
	fs.StringVar(&f.scheduleRepos, "schedule-repos", "", "comma-separated owner/repo list for scheduled jobs (MENTORBOT_SCHEDULE_REPOS)")
	fs.StringVar(&f.botLogin, "bot-login", "", "the app's login, e.g. mentorbot[bot]; by default asked of GitHub at startup (GET /app: \"<slug>[bot]\") (MENTORBOT_BOT_LOGIN)")
	fs.DurationVar(&f.shutdownTimeout, "shutdown-timeout", 30*time.Second, "how long SIGTERM waits for in-flight deliveries (MENTORBOT_SHUTDOWN_TIMEOUT)")
	fs.DurationVar(&f.recoverEvery, "recover-interval", 2*time.Minute, "how often failed deliveries are looked up and redelivered; 0 disables (MENTORBOT_RECOVER_INTERVAL)")
	if err := envFlags(fs, st.Getenv); err != nil {
		return err
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	opts, err := f.options(st)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(st.Stderr, nil))
	opts.Logger = log
	if set := server.TuneGC(st.Getenv); len(set) > 0 {
		log.Info("garbage collector tuned for a server (set GOGC or GOMEMLIMIT to choose)", set...)
	}
	srv, err := server.New(opts)
	if err != nil {
		return &UsageError{Err: err}
	}
	learnLogin(ctx, log, srv)
	return serveUntilDone(ctx, log, srv, f)
}

// learnLogin asks GitHub who the app is when --bot-login is not given, so
// the app knows its own comments (its state) from the first delivery. A
// failure does not stop the server: each delivery asks again and fails
// until GitHub answers, and failed deliveries are redelivered.
func learnLogin(ctx context.Context, log *slog.Logger, srv *server.Server) {
	lctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	login, err := srv.BotLogin(lctx)
	if err != nil {
		log.Warn("the app's login is not known yet: deliveries fail until GitHub says it", "err", err)
		return
	}
	log.Info("writing as", "login", login)
}

// envFlags sets each flag from its MENTORBOT_* variable (--queue-size from
// MENTORBOT_QUEUE_SIZE, --api-url from MENTORBOT_GITHUB_API_URL), parsed
// exactly as the flag is: a bad value is an error naming the variable,
// never a silent default. Flags given on the command line win.
func envFlags(fs *flag.FlagSet, getenv func(string) string) error {
	var errs []error
	fs.VisitAll(func(fl *flag.Flag) {
		name := "MENTORBOT_" + strings.ToUpper(strings.ReplaceAll(fl.Name, "-", "_"))
		if fl.Name == "api-url" {
			name = "MENTORBOT_GITHUB_API_URL"
		}
		v := getenv(name)
		if v == "" {
			return
		}
		if err := fs.Set(fl.Name, v); err != nil {
			errs = append(errs, fmt.Errorf("%s=%q: want %s, as for --%s", name, v, expected(fl), fl.Name))
		}
	})
	if len(errs) > 0 {
		return &UsageError{Err: errors.Join(errs...)}
	}
	return nil
}

// expected describes the values a flag takes.
func expected(fl *flag.Flag) string {
	switch fl.Value.(flag.Getter).Get().(type) {
	case time.Duration:
		return `a duration such as "90s", "30m" or "24h" (units ns, us, ms, s, m, h)`
	case int, int64:
		return "a whole number"
	}
	return "a valid value"
}

// check refuses values no flag parser catches.
func (f serveFlags) check() error {
	var errs []error
	positive := func(name string, ok bool, what string) {
		if !ok {
			errs = append(errs, fmt.Errorf("--%s (MENTORBOT_%s): want %s", name, strings.ToUpper(strings.ReplaceAll(name, "-", "_")), what))
		}
	}
	positive("workers", f.workers >= 1, "at least 1")
	positive("queue-size", f.queue >= 1, "at least 1")
	positive("job-timeout", f.jobTimeout > 0, "a duration above 0")
	positive("shutdown-timeout", f.shutdownTimeout > 0, "a duration above 0")
	positive("schedule-interval", f.scheduleEvery >= 0, "a duration, 0 to disable")
	positive("recover-interval", f.recoverEvery >= 0, "a duration, 0 to disable")
	positive("projects-interval", f.projectsEvery >= 0, "a duration, 0 to disable")
	if len(errs) > 0 {
		return &UsageError{Err: errors.Join(errs...)}
	}
	return nil
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
		ScheduleInterval: f.scheduleEvery, ScheduleRepos: repos, BotLogin: f.botLogin,
		RecoverInterval: f.recoverEvery, ProjectsEvery: projectsEvery(f.projectsEvery)}, nil
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
	// Both at once: handlers waiting for their delivery's outcome are
	// answered (5xx, so GitHub records a failure) when srv gives up.
	srvErr := make(chan error, 1)
	go func() { srvErr <- srv.Shutdown(sctx) }()
	err = errors.Join(hs.Shutdown(sctx), <-srvErr)
	log.Info("stopped", "err", err)
	return err
}

// projectsEvery maps the flag (0 disables) to server.Options (0 is the
// default week, negative disables).
func projectsEvery(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}
