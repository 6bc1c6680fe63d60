package action

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/githubapi"
	"github.com/mentorbot/mentorbot/internal/quote"
	"github.com/mentorbot/mentorbot/internal/runner"
	"github.com/sethvargo/go-githubactions"
)

// Host is what the Action reads and writes besides GitHub: the environment
// the runner gives the container, and the step's output streams.
type Host struct {
	Getenv func(string) string
	Stdout io.Writer
	Now    func() time.Time
	// Transport, when set, replaces the retrying transport's base (tests).
	Transport *githubapi.Retry
}

// Inputs are the action's inputs (action.yml), read from INPUT_* variables.
type Inputs struct {
	Command    string // auto, validate, meeting, proposal, command, umbrella
	Token      string
	ConfigPath string
	DryRun     bool
	FailOn     string // error, warning, never
	All        bool
	gha        *githubactions.Action
}

// Get returns any input by its snake_case name, for job-specific inputs
// (date, mode, term, ...).
func (in Inputs) Get(name string) string { return strings.TrimSpace(in.gha.GetInput(name)) }

// Outcome is what the Action did: every job's result and the findings
// that decide the exit code.
type Outcome struct {
	Results  []*runner.Result
	Findings []finding.Finding
	FailOn   string
}

// ConfigError is a repository config that failed to load; the Action
// reports it as an annotation on the config file and fails the step.
type ConfigError struct{ Err error }

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

// Run is the Action entrypoint: it decodes the event, builds the Env and
// runs the jobs the command input selects.
func Run(ctx context.Context, h Host) (*Outcome, error) {
	gha := githubactions.New(githubactions.WithGetenv(h.Getenv), githubactions.WithWriter(h.Stdout))
	in, err := readInputs(gha, h.Getenv)
	if err != nil {
		return nil, err
	}
	env, err := buildEnv(ctx, h, gha, in)
	if err != nil {
		var ce *config.Error
		if errors.As(err, &ce) {
			// One annotation per problem, each on its own line of the file.
			list := ce.List
			if len(list) == 0 {
				list = []*config.Error{ce}
			}
			for _, p := range list {
				msg := p.Msg
				if len(ce.List) > 0 {
					msg, _, _ = strings.Cut(msg, "\n")
				}
				gha.WithFieldsMap(map[string]string{"file": p.Path, "line": strconv.Itoa(max(p.Line, 1)), "title": "mentorbot config"}).Errorf("%s", quote.OneLine(msg))
			}
		}
		return nil, err
	}
	jobs, why, err := selectJobs(in.Command, env.Event, env.Config)
	if err != nil {
		return nil, err
	}
	if in.Command == "auto" {
		jobs = manualDispatch(jobs, env.Event, in)
	}
	if err := needToken(jobs, in, env); err != nil {
		return nil, err
	}
	out := &Outcome{FailOn: in.FailOn}
	if len(jobs) == 0 {
		logf(gha, "mentorbot: nothing to do for %s events with command %q: %s", env.Event.Name, in.Command, why)
	}
	for _, j := range jobs {
		gha.Group("mentorbot " + j.Name) // each job's log and plan fold in the run's page
		res, err := j.Run(ctx, env, in.Get)
		if res != nil {
			out.Results = append(out.Results, res)
			report(gha, h, res)
		}
		gha.EndGroup()
		if err != nil {
			reportFailure(gha, h, j.Name, err)
			return out, fmt.Errorf("%s: %w", j.Name, err)
		}
		out.Findings = append(out.Findings, res.Findings...)
	}
	return out, nil
}

func readInputs(gha *githubactions.Action, getenv func(string) string) (Inputs, error) {
	in := Inputs{gha: gha}
	in.Command = strings.TrimSpace(gha.GetInput("command"))
	if in.Command == "" {
		in.Command = "auto"
	}
	in.Token = strings.TrimSpace(gha.GetInput("token"))
	if in.Token == "" {
		in.Token = getenv("GITHUB_TOKEN")
	}
	in.ConfigPath = strings.TrimSpace(gha.GetInput("config_path"))
	var err error
	if in.DryRun, err = boolInput(gha, "dry_run"); err != nil {
		return in, err
	}
	if in.All, err = boolInput(gha, "all"); err != nil {
		return in, err
	}
	in.FailOn = strings.TrimSpace(gha.GetInput("fail_on"))
	if in.FailOn == "" {
		in.FailOn = "error"
	}
	if in.FailOn != "error" && in.FailOn != "warning" && in.FailOn != "never" {
		return in, &InputError{fmt.Errorf("input fail_on %q is not one of error, warning, never", in.FailOn)}
	}
	return in, nil
}

// InputError is a bad action input.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

func boolInput(gha *githubactions.Action, name string) (bool, error) {
	v := strings.TrimSpace(gha.GetInput(name))
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, &InputError{fmt.Errorf("input %s %q is not true or false", name, v)}
	}
	return b, nil
}

func buildEnv(ctx context.Context, h Host, gha *githubactions.Action, in Inputs) (*runner.Env, error) {
	name := h.Getenv("GITHUB_EVENT_NAME")
	if name == "" {
		return nil, &InputError{errors.New("GITHUB_EVENT_NAME is not set: 'mentorbot action' runs inside GitHub Actions; use the other commands locally")}
	}
	ev := &event.Event{Name: name}
	if p := h.Getenv("GITHUB_EVENT_PATH"); p != "" {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("reading the event payload: %w", err)
		}
		if ev, err = event.Parse(name, data); err != nil {
			return nil, err
		}
	}
	if owner, repo, ok := strings.Cut(h.Getenv("GITHUB_REPOSITORY"), "/"); ok {
		ev.Owner, ev.Repo = owner, repo
	}
	env := &runner.Env{Owner: ev.Owner, Repo: ev.Repo, DefaultBranch: ev.DefaultBranch, Event: ev, Now: h.Now(), DryRun: in.DryRun}
	if in.Token != "" {
		rt := h.Transport
		if rt == nil {
			rt = &githubapi.Retry{}
		}
		gh, err := githubapi.NewClient(in.Token, h.Getenv("GITHUB_API_URL"), rt)
		if err != nil {
			return nil, &InputError{err}
		}
		env.GH = gh
	}
	if env.DefaultBranch == "" {
		env.DefaultBranch = defaultBranch(ctx, env.GH, ev.Owner, ev.Repo)
	}
	var workspace fs.FS
	if ws := h.Getenv("GITHUB_WORKSPACE"); ws != "" {
		if entries, err := os.ReadDir(ws); err == nil && len(entries) > 0 {
			// Through os.Root: a symlink in the workspace that leads out
			// of it is an error naming the path, never a read elsewhere
			// (a pull request could otherwise have its annotations echo
			// any file of the runner).
			root, err := os.OpenRoot(ws)
			if err != nil {
				return nil, &InputError{fmt.Errorf("opening the workspace %s: %w", ws, err)}
			}
			workspace = root.FS()
		}
	}
	pullRequest := strings.HasPrefix(name, "pull_request")
	// Config always comes from the default branch, never from the head of
	// a pull request: the API when there is a token, else the workspace of
	// an event that checks out the default branch.
	var defaultFS fs.FS = workspace
	if env.GH != nil {
		defaultFS = githubapi.NewFS(ctx, env.GH, ev.Owner, ev.Repo, env.DefaultBranch)
	} else if pullRequest && workspace != nil {
		// The checked-out tree is the pull request's head: its
		// .github/mentorbot.yml could switch its own rules off.
		gha.Warningf("no token: the config of the default branch cannot be read, and the pull request's own is not trusted, so the built-in defaults apply; give the action a token (permissions: contents: read) to use %s", config.DefaultPath)
		env.Config = config.Default()
		env.FS = workspace
		return env, nil
	}
	if defaultFS == nil {
		return nil, &InputError{errors.New("no token and no checked-out workspace: give the action a token, or run actions/checkout first")}
	}
	if err := checkConfigPath(defaultFS, in.ConfigPath); err != nil {
		return nil, err
	}
	cfg, err := config.Load(defaultFS, in.ConfigPath)
	if err != nil {
		return nil, err
	}
	env.Config = cfg
	// A pull request is checked as checked out (its files are only read,
	// never run); every other event reads the default branch.
	env.FS = defaultFS
	if pullRequest && workspace != nil {
		env.FS = workspace
	}
	return env, nil
}

// writePermissions are the token permissions each job needs to write.
var writePermissions = map[string]string{
	"meeting":  "contents: write (and pull-requests: write with meeting.mode pull_request)",
	"proposal": "issues: write",
	"command":  "issues: write",
	"umbrella": "issues: write",
	"export":   "contents: write, pull-requests: write and issues: write",
	"reminder": "issues: write",
	"announce": "issues: write",
	"calendar": "contents: write",
}

// needToken refuses a run that is to write (dry_run false) without a
// token: it would otherwise plan, write nothing and exit 0.
func needToken(jobs []runner.Job, in Inputs, env *runner.Env) error {
	if in.DryRun || env.GH != nil {
		return nil
	}
	for _, j := range jobs {
		if perm, ok := writePermissions[j.Name]; ok {
			return &InputError{fmt.Errorf("the %s job writes to GitHub and has no token: give the action token: ${{ github.token }} with permissions: %s, or set dry_run: true", j.Name, perm)}
		}
	}
	return nil
}

func defaultBranch(ctx context.Context, gh *github.Client, owner, repo string) string {
	if gh != nil {
		if r, _, err := gh.Repositories.Get(ctx, owner, repo); err == nil && r.GetDefaultBranch() != "" {
			return r.GetDefaultBranch()
		}
	}
	return "main"
}

func report(gha *githubactions.Action, h Host, res *runner.Result) {
	if res.Skipped != "" {
		logf(gha, "mentorbot %s: skipped: %s", res.Job, res.Skipped)
	}
	Annotate(h.Stdout, res.Findings)
	if res.Summary != "" {
		summary := res.Summary + capNote(res.Findings)
		if err := appendFile(h.Getenv("GITHUB_STEP_SUMMARY"), summary+"\n"); err != nil {
			gha.Warningf("writing the job summary: %v", err)
		}
	}
	if err := WriteOutputs(h.Getenv("GITHUB_OUTPUT"), res.Outputs); err != nil {
		gha.Warningf("writing outputs: %v", err)
	}
	if res.Plan != nil && !res.Plan.Empty() && res.Report == nil {
		logf(gha, "mentorbot %s plan (dry run):\n%s", res.Job, res.Plan.Text())
	}
	if res.Report != nil {
		for _, o := range res.Report.Outcomes {
			logf(gha, "mentorbot %s: %s %s %s", res.Job, o.Kind, o.Status, o.Detail)
		}
	}
}

// reportFailure says a job failed where people look: an error annotation
// and the job summary, with the permission the token lacks when GitHub
// refused a request (403, or 404 on a write). The exit code says it too.
func reportFailure(gha *githubactions.Action, h Host, job string, err error) {
	msg := err.Error()
	if hint := permissionHint(job, err); hint != "" {
		msg += " (" + hint + ")"
	}
	gha.WithFieldsMap(map[string]string{"title": "mentorbot " + job + " failed"}).Errorf("%s", quote.OneLine(msg))
	fence := strings.Repeat("`", 3)
	body := fmt.Sprintf("### mentorbot: %s failed\n\n%s\n%s\n%s\n", job, fence, strings.ReplaceAll(msg, fence, "\u2018\u2018\u2018"), fence)
	if e := appendFile(h.Getenv("GITHUB_STEP_SUMMARY"), body); e != nil {
		gha.Warningf("writing the job summary: %v", e)
	}
}

// permissionHint names what the token needs when GitHub refused a request.
func permissionHint(job string, err error) string {
	var ge *github.ErrorResponse
	if !errors.As(err, &ge) || ge.Response == nil || ge.Response.Request == nil {
		return ""
	}
	code, req := ge.Response.StatusCode, ge.Response.Request
	if code != 403 && !(code == 404 && req.Method != "GET") {
		return ""
	}
	perm, ok := writePermissions[job]
	if !ok {
		perm = "contents: read and pull-requests: read"
	}
	return fmt.Sprintf("GitHub answered %d to %s %s: the token may lack permissions: %s", code, req.Method, req.URL.Path, perm)
}

func appendFile(path, s string) error {
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(s); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteOutputs appends outputs to the GITHUB_OUTPUT file in the multi-line
// form, with a random delimiter that no value contains (go-githubactions
// uses a fixed one, which a value could forge).
func WriteOutputs(path string, outputs map[string]string) error {
	if path == "" || len(outputs) == 0 {
		return nil
	}
	names := make([]string, 0, len(outputs))
	for k := range outputs {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		delim := randomDelimiter()
		for strings.Contains(outputs[k], delim) {
			delim = randomDelimiter()
		}
		fmt.Fprintf(&b, "%s<<%s\n%s\n%s\n", k, delim, outputs[k], delim)
	}
	return appendFile(path, b.String())
}

func randomDelimiter() string {
	var buf [16]byte
	_, _ = rand.Read(buf[:])
	return "ghadelimiter_" + hex.EncodeToString(buf[:])
}
