package umbrella

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/event"
	"github.com/mentorbot/mentorbot/internal/term"
)

// Listed is an issue as the loader lists it.
type Listed struct {
	Number int
	Body   string
	URL    string
	// PullRequest is set for a pull request (issue listings hold both).
	PullRequest bool
	// SubIssues is GitHub's count of the issue's sub-issues; -1 when the
	// listing did not say.
	SubIssues int
}

// Reader is what the umbrella loader reads from GitHub. A nil Reader is an
// offline run: no issue exists yet.
type Reader interface {
	// Issues lists the issues and pull requests, open and closed, that
	// carry every one of labels.
	Issues(ctx context.Context, labels []string) ([]Listed, error)
	// SubIssues lists the numbers of parent's sub-issues.
	SubIssues(ctx context.Context, parent int) ([]int, error)
}

// LoadOptions selects the terms and says where the run happens.
type LoadOptions struct {
	// Term is "YYYY-N". Empty means: the term folders Push added, or,
	// without a push, the newest term folder (backfill, scheduled runs).
	Term string
	Push *event.Push
	// Owner and Repo name the repository ("local" offline); DefaultBranch
	// is where the term folders are read and links point.
	Owner, Repo, DefaultBranch string
	Mentees                    []string
	Now                        time.Time
}

// Loaded is what Load read: one Input per term, and the issues that
// already exist, by plan ref, for reporting.
type Loaded struct {
	Inputs   []Input
	Existing map[string]Listed
	// Skipped says why there is nothing to do, when there is nothing.
	Skipped string
}

// Load picks the terms and reads, for each, its README's timeline and
// the task tree from fsys and, through r, the issues of its tree (one list
// by the term's labels, plus one sub-issue list per parent whose
// sub-issue count falls short). Every failed read is an error.
func Load(ctx context.Context, r Reader, fsys fs.FS, cfg *config.Config, opts LoadOptions) (Loaded, error) {
	out := Loaded{Existing: map[string]Listed{}}
	ids, skip, err := terms(fsys, cfg, opts)
	if err != nil || skip != "" {
		out.Skipped = skip
		return out, err
	}
	for _, id := range ids {
		in, err := termInput(fsys, cfg, id, opts)
		if err != nil {
			return Loaded{}, err
		}
		if r != nil {
			found, err := readTermIssues(ctx, r, cfg, &in)
			if err != nil {
				return Loaded{}, err
			}
			for key, is := range found {
				out.Existing[Ref(in.Term, key).Ref] = is
			}
		}
		out.Inputs = append(out.Inputs, in)
	}
	return out, nil
}

// TermError is a term option that is not a term such as 2027-1, or not a
// configured one: the caller's to fix (the Action exits 2).
type TermError struct {
	Term string
	Err  error
}

func (e *TermError) Error() string { return fmt.Sprintf("term %q: %v", e.Term, e.Err) }
func (e *TermError) Unwrap() error { return e.Err }

// terms picks the terms, or says why the run has nothing to do.
func terms(fsys fs.FS, cfg *config.Config, opts LoadOptions) ([]term.ID, string, error) {
	if opts.Term != "" {
		t, err := ParseTerm(opts.Term)
		if err != nil {
			return nil, "", &TermError{opts.Term, err}
		}
		id, err := term.For(t.Year, t.Number, cfg.Terms)
		if err != nil {
			return nil, "", &TermError{opts.Term, err}
		}
		return []term.ID{id}, "", nil
	}
	if p := opts.Push; p != nil {
		if branch := strings.TrimPrefix(p.Ref, "refs/heads/"); opts.DefaultBranch != "" && branch != opts.DefaultBranch {
			return nil, fmt.Sprintf("push to %s, not the default branch %s", branch, opts.DefaultBranch), nil
		}
		var ids []term.ID
		for _, dir := range term.Touched(p.Added, cfg.Terms.Root) {
			if id, err := term.ParseFolder(dir, cfg.Terms); err == nil {
				ids = append(ids, id)
			}
		}
		if len(ids) == 0 {
			return nil, "the push added no term folder", nil
		}
		return ids, "", nil
	}
	dirs, err := term.Discover(fsys, cfg.Terms.Root)
	if err != nil {
		return nil, "", fmt.Errorf("finding term folders under %s: %w", cfg.Terms.Root, err)
	}
	// The newest term: folders sort by year, then by the zero-padded number.
	for i := len(dirs) - 1; i >= 0; i-- {
		if id, err := term.ParseFolder(dirs[i], cfg.Terms); err == nil {
			return []term.ID{id}, "", nil
		}
	}
	return nil, "no term folder under " + cfg.Terms.Root, nil
}

// termInput reads the term README's timeline and the task tree.
func termInput(fsys fs.FS, cfg *config.Config, id term.ID, opts LoadOptions) (Input, error) {
	doc, err := term.Load(fsys, cfg, id)
	if err != nil {
		return Input{}, err
	}
	in := Input{
		Term: Term{Year: id.Year, Number: id.Number},
		Dir:  id.Dir(cfg.Terms.Root), Branch: opts.DefaultBranch,
		Mentees: opts.Mentees, Now: opts.Now,
	}
	if opts.Owner != "" && opts.Owner != "local" {
		in.Repo = opts.Owner + "/" + opts.Repo
	}
	for _, e := range doc.Timeline {
		in.Timeline = append(in.Timeline, Date{Activity: e.Activity, Text: e.Text, Start: e.Start, End: e.End, HasTime: e.HasTime, Zone: e.Zone})
	}
	p, explicit := cfg.Umbrella.TasksPath(cfg.Terms.Root)
	if p != "" {
		data, err := fs.ReadFile(fsys, p)
		if !explicit && errors.Is(err, fs.ErrNotExist) {
			return in, nil // no task tree in this repository: the umbrella issue alone
		}
		if err != nil {
			return Input{}, fmt.Errorf("reading the task tree %s (umbrella.tasks): %w", p, err)
		}
		if in.Tasks, err = ParseTasks(data, p); err != nil {
			return Input{}, err
		}
	}
	return in, nil
}

// readTermIssues lists the term's issues once by label, keeps those with a
// marker of the term, and finds which are linked under their parent. It
// fills in.Existing and returns the issues by key.
func readTermIssues(ctx context.Context, r Reader, cfg *config.Config, in *Input) (map[string]Listed, error) {
	labels, err := Labels(in.Term, cfg)
	if err != nil {
		return nil, err
	}
	list, err := r.Issues(ctx, labels)
	if err != nil {
		return nil, fmt.Errorf("listing issues labelled %s: %w", strings.Join(labels, ", "), err)
	}
	byKey := map[string]Listed{}
	for _, is := range list {
		key := KeyOf(in.Term, FindMarker(is.Body))
		if is.PullRequest || key == "" {
			continue
		}
		if prev, dup := byKey[key]; !dup || is.Number < prev.Number {
			byKey[key] = is
		}
	}
	parentOf, err := linkedParents(ctx, r, cfg, *in, byKey)
	if err != nil {
		return nil, err
	}
	for key, is := range byKey {
		in.Existing = append(in.Existing, Issue{Number: is.Number, Marker: Marker(in.Term, key), Parent: parentOf[is.Number]})
	}
	return byKey, nil
}

// linkedParents returns, by child number, the parent each existing child is
// linked under. A parent whose sub-issue count is at least its existing
// children is trusted without reading its list.
func linkedParents(ctx context.Context, r Reader, cfg *config.Config, in Input, byKey map[string]Listed) (map[int]int, error) {
	layout, err := Layout(in, cfg)
	if err != nil {
		return nil, err
	}
	kids := map[string][]Listed{}
	for key, parentKey := range layout {
		if child, ok := byKey[key]; ok {
			kids[parentKey] = append(kids[parentKey], child)
		}
	}
	parentOf := map[int]int{}
	for parentKey, children := range kids {
		parent, ok := byKey[parentKey]
		if !ok {
			continue // a new parent: its children get linked to it
		}
		if parent.SubIssues >= len(children) {
			for _, c := range children {
				parentOf[c.Number] = parent.Number
			}
			continue
		}
		linked, err := r.SubIssues(ctx, parent.Number)
		if err != nil {
			return nil, fmt.Errorf("listing sub-issues of #%d: %w", parent.Number, err)
		}
		set := map[int]bool{}
		for _, n := range linked {
			set[n] = true
		}
		for _, c := range children {
			if set[c.Number] {
				parentOf[c.Number] = parent.Number
			}
		}
	}
	return parentOf, nil
}
