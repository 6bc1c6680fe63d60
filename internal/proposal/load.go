package proposal

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/memo"
	"github.com/mentorbot/mentorbot/internal/term"
	"go.yaml.in/yaml/v3"
)

// Reader is what the proposal loader reads from GitHub. A nil Reader is an
// offline run: the issue and its context come from LoadOptions.
type Reader interface {
	// Issue returns issue n as it is now, and whether it is open.
	Issue(ctx context.Context, n int) (Issue, bool, error)
	// MarkedComment returns the body and author of the first comment on
	// issue n that holds marker and whose author own accepts, "" when none
	// does: only mentorbot's own comments are its state.
	MarkedComment(ctx context.Context, n int, marker string, own func(login string) bool) (body, author string, err error)
	// OpenIssues lists the open issues (not pull requests) carrying every
	// one of labels.
	OpenIssues(ctx context.Context, labels []string) ([]Issue, error)
	// KnownLabels returns the repository's labels if they were read
	// already this event, else nil (unknown: the plan then ensures each
	// label it adds, and the executor checks).
	KnownLabels() []string
	// FormAt returns the issue form at path as it was at t (the last
	// commit that changed it by then) and that commit's date; found is
	// false when it did not exist yet.
	FormAt(ctx context.Context, path string, t time.Time) (content []byte, since time.Time, found bool, err error)
}

// LoadOptions is what the loader starts from.
type LoadOptions struct {
	Config *config.Config
	Now    time.Time
	// Issue is the issue to check: from the event (online, read again
	// live) or given (offline).
	Issue Issue
	// Open, Comment and RepoLabels are the offline run's context; online
	// they are read.
	Open       []Issue
	Comment    string
	RepoLabels []string
	// Self is the login mentorbot writes as (see Input.Self);
	// CommentAuthor who wrote the offline Comment.
	Self          string
	CommentAuthor string
}

// Load builds the planner's Input, or says why there is nothing to check
// (closed, not a proposal). Online it reads the live issue, the report
// comment and the other open proposals through r; from fsys (the default
// branch) the issue form's project list and the README of the term the
// proposal names (or, when that term has no folder, the list of term
// folders). A missing form or README is no list; any other failed read is
// an error.
func Load(ctx context.Context, r Reader, fsys fs.FS, opts LoadOptions) (*Input, string, error) {
	cfg := opts.Config
	in := &Input{Config: cfg, Now: opts.Now, Issue: opts.Issue, Open: opts.Open, Comment: opts.Comment, RepoLabels: opts.RepoLabels,
		Self: opts.Self, CommentAuthor: opts.CommentAuthor}
	if r != nil {
		live, open, err := r.Issue(ctx, in.Issue.Number)
		if err != nil {
			return nil, "", err
		}
		if !open {
			return nil, fmt.Sprintf("issue #%d is closed", in.Issue.Number), nil
		}
		in.Issue = live
	}
	if !IsProposal(in.Issue, cfg) {
		return nil, fmt.Sprintf("issue #%d is not a proposal", in.Issue.Number), nil
	}
	if r != nil {
		if err := loadContext(ctx, r, in); err != nil {
			return nil, "", err
		}
	}
	in.Open = relevantOpen(in.Issue, in.Open)
	var err error
	if in.Projects, err = formProjects(fsys, cfg); err != nil {
		return nil, "", err
	}
	if in.Terms, err = loadTerms(fsys, cfg, in.Issue.Body); err != nil {
		return nil, "", err
	}
	if in.Forms, err = loadForms(ctx, r, fsys, cfg, in.Issue); err != nil {
		return nil, "", err
	}
	return in, "", nil
}

// loadForms returns the version of the proposal form the issue is judged
// by: the repository's form file as it is, or, for a proposal that lacks
// one of its headings and was filed before the form last changed, the form
// as it was when the proposal was filed (read through r: the commit that
// last changed it by then). A proposal on today's form costs no history
// read. A missing or malformed form file is the built-in form (nil); a
// failed read is an error.
func loadForms(ctx context.Context, r Reader, fsys fs.FS, cfg *config.Config, is Issue) ([]*Spec, error) {
	p := cfg.Proposals.Form
	if fsys == nil || p == "" {
		return nil, nil
	}
	data, err := fs.ReadFile(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the issue form %s: %w", p, err)
	}
	current, err := specCache.Get(data, p, func() specOrErr { s, err := ParseSpec(data, p); return specOrErr{s, err} }).get()
	if err != nil {
		return nil, nil // not the proposer's to fix: the built-in form
	}
	f := Parse(is.Body)
	complete := true
	for _, fd := range current.Fields {
		if !f.Has(fd.ID) {
			complete = false
		}
	}
	if complete || r == nil || is.CreatedAt.IsZero() {
		return []*Spec{current}, nil
	}
	old, since, found, err := r.FormAt(ctx, p, is.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("reading the proposal form as it was when #%d was filed: %w", is.Number, err)
	}
	if !found {
		return []*Spec{current}, nil
	}
	spec, err := ParseSpec(old, fmt.Sprintf("%s as of %s", p, since.Format(time.DateOnly)))
	if err != nil {
		return []*Spec{current}, nil
	}
	spec.Since = since
	return []*Spec{spec}, nil
}

type specOrErr struct {
	s   *Spec
	err error
}

func (v specOrErr) get() (*Spec, error) { return v.s, v.err }

// specCache holds parsed form versions by content.
var specCache = memo.New[specOrErr](16)

// loadContext reads the report comment, the known labels and the other
// open proposals (one list by the program and proposal labels; a proposal
// recognised by its title alone is not counted for quota until it carries
// them).
func loadContext(ctx context.Context, r Reader, in *Input) error {
	n := in.Issue.Number
	own := func(login string) bool { return IsSelf(login, in.Self, in.Config) }
	c, author, err := r.MarkedComment(ctx, n, Marker, own)
	if err != nil {
		return err
	}
	in.Comment, in.CommentAuthor = c, author
	in.RepoLabels = r.KnownLabels()
	lab := in.Config.Labels
	open, err := r.OpenIssues(ctx, []string{lab.Program, lab.Proposal})
	if err != nil {
		return fmt.Errorf("listing open proposals: %w", err)
	}
	in.Open = nil
	for _, is := range open {
		if is.Number != n {
			in.Open = append(in.Open, is)
		}
	}
	return nil
}

// openFacts is what the quota and duplicate checks read of another open
// proposal: its project and its upstream links, normalized.
type openFacts struct {
	project  string
	upstream []string
}

// openCache holds openFacts by proposal body, so an event parses only the
// open proposals that changed since the last one.
var openCache = memo.New[openFacts](4096)

// relevantOpen keeps the open proposals the checks can count: those for
// the same project (quota) and those linking the proposal's one upstream
// issue (duplicates). The others would be parsed by the planner only to be
// skipped; dropping them here changes no result, and makes a proposal's
// cost not grow with the open proposals of other projects.
func relevantOpen(self Issue, open []Issue) []Issue {
	if len(open) == 0 {
		return open
	}
	f := Parse(self.Body)
	want := ""
	if up := urls(f.Upstream); len(up) == 1 {
		want = NormalizeURL(up[0])
	}
	var out []Issue
	for _, o := range open {
		facts := openCache.GetString(o.Body, "", func() openFacts {
			of := Parse(o.Body)
			fa := openFacts{project: of.Project}
			for _, u := range urls(of.Upstream) {
				fa.upstream = append(fa.upstream, NormalizeURL(u))
			}
			return fa
		})
		if facts.project == f.Project || (want != "" && slices.Contains(facts.upstream, want)) {
			out = append(out, o)
		}
	}
	return out
}

// loadTerms returns the terms the planner checks the proposal's term
// against: the README of the term the proposal names (for its proposal
// window), and only when that term has no folder, the list of term
// folders (names only, for the "pick one of" message). Without a snapshot
// it returns nil: the planner then checks the term's format only.
func loadTerms(fsys fs.FS, cfg *config.Config, body string) ([]Term, error) {
	if fsys == nil {
		return nil, nil
	}
	if t, ok := TermOf(Parse(body).Term, cfg); ok {
		if id, err := term.For(t.Year, t.Number, cfg.Terms); err == nil {
			doc, err := term.Load(fsys, cfg, id)
			if err == nil {
				t.Months = [2]string{abbrevMonth(id.First), abbrevMonth(id.Last)}
				t.ProposalsClose, _ = doc.ProposalsClose()
				return []Term{t}, nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
		}
	}
	dirs, err := term.Discover(fsys, cfg.Terms.Root)
	if err != nil {
		return nil, fmt.Errorf("finding term folders under %s: %w", cfg.Terms.Root, err)
	}
	if dirs == nil {
		return nil, nil
	}
	out := []Term{}
	for _, dir := range dirs {
		if id, err := term.ParseFolder(dir, cfg.Terms); err == nil {
			out = append(out, Term{Year: id.Year, Number: id.Number, Months: [2]string{abbrevMonth(id.First), abbrevMonth(id.Last)}})
		}
	}
	return out, nil
}

// abbrevMonth is the form's three-letter month: "Sep".
func abbrevMonth(m time.Month) string { return m.String()[:3] }

// formProjects reads the "CNCF Project" dropdown options of the issue form
// at proposals.form, the project list when config gives none. A missing or
// malformed form yields nil: any project name is accepted, since the form
// is not the proposal author's to fix. A form that could not be read (a
// 502, a 403) is an error: the check must not pass on a failed read.
func formProjects(fsys fs.FS, cfg *config.Config) ([]string, error) {
	p := cfg.Proposals.Form
	if fsys == nil || p == "" || len(cfg.Proposals.Projects) > 0 {
		return nil, nil
	}
	data, err := fs.ReadFile(fsys, p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the issue form %s: %w", p, err)
	}
	return slices.Clone(formCache.Get(data, "", func() []string { return parseFormProjects(data) })), nil
}

// formCache holds parsed issue forms by content.
var formCache = memo.New[[]string](16)

// parseFormProjects returns the options of the form's project dropdown;
// nil for a malformed form or one without the dropdown.
func parseFormProjects(data []byte) []string {
	var form struct {
		Body []struct {
			ID         string `yaml:"id"`
			Attributes struct {
				Label   string `yaml:"label"`
				Options []any  `yaml:"options"`
			} `yaml:"attributes"`
		} `yaml:"body"`
	}
	if yaml.Unmarshal(data, &form) != nil {
		return nil
	}
	for _, b := range form.Body {
		if b.ID != FieldProject && b.Attributes.Label != Label(FieldProject) {
			continue
		}
		var out []string
		for _, o := range b.Attributes.Options {
			if s, ok := o.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
