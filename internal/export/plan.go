package export

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/meeting"
	"github.com/mentorbot/mentorbot/internal/plan"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// FileState is one file of the term folder as a branch has it.
type FileState struct {
	Exists  bool
	Content string
	// SHA is the file's blob sha, the base of a contents-API write.
	SHA string
}

// Files are the term folder's export files on one branch, by name
// (ExportName, TrackingName, ReadmeName). A name that is absent is a file
// that does not exist.
type Files map[string]FileState

// Input is everything Plan reads.
type Input struct {
	Term Term
	// Issues are the repository's open proposal issues (others are
	// ignored), with their labels.
	Issues []Issue
	// Projects is the projects file (slug and maturity by project name).
	Projects []Project
	// Base is the term folder on the default branch: the previous export,
	// as merged, and the README whose header is kept.
	Base Files
	// Branch is the term folder on the export branch, nil when the branch
	// does not exist. Writes go there, on top of what it has.
	Branch Files
	// DefaultBranch is the branch the export pull request goes into.
	DefaultBranch string
	// RepoLabels are the repository's labels; nil when not known.
	RepoLabels []string
	// LFXURLs are the LFX URLs recorded with /lfx-url, by issue number.
	LFXURLs map[int]string
	Config  *config.Config
	Now     time.Time
}

// Ref names one program in a result.
type Ref struct {
	Issue int    `json:"issue"`
	Name  string `json:"name"`
}

// Result is what Plan decided: the new export, what changed in it, and the
// plan that delivers it.
type Result struct {
	Plan   *plan.Plan `json:"plan"`
	Export *File      `json:"-"`
	// Added are programs new to the export, Updated those whose record
	// changed, Kept those carried forward although their proposal is no
	// longer approved; Unchanged the rest.
	Added     []Ref     `json:"added"`
	Updated   []Ref     `json:"updated"`
	Kept      []Ref     `json:"kept"`
	Unchanged []Ref     `json:"unchanged"`
	Problems  []Problem `json:"problems"`
	// Changed reports whether the files differ from the default branch.
	Changed bool   `json:"changed"`
	Branch  string `json:"branch"`
}

// Branch is the export branch of term t.
func Branch(t Term, cfg *config.Config) string { return cfg.Export.BranchPrefix + t.ID() }

// TermOfBranch returns the term whose export branch is branch, for a
// merged pull request: false when branch is not an export branch.
func TermOfBranch(branch string, cfg *config.Config) (Term, bool) {
	id, ok := strings.CutPrefix(branch, cfg.Export.BranchPrefix)
	if !ok {
		return Term{}, false
	}
	t, err := ParseTerm(id, cfg)
	return t, err == nil && Branch(t, cfg) == branch
}

// PRMarker is the hidden marker of term t's export pull request body.
func PRMarker(t Term) string { return fmt.Sprintf("<!-- mentorbot:lfx-export %s -->", t.ID()) }

// Plan builds term t's export from the approved proposals and the previous
// export, and plans its delivery: the files on the export branch, the pull
// request, and the Exported label on every exported issue. A previous
// export that cannot be read is an error (a *FileError): it is never taken
// for an empty one.
func Plan(in *Input) (*Result, error) {
	cfg := in.Config
	exportPath := in.Term.Path(cfg, ExportName)
	prev, err := decodeState(in.Base[ExportName], exportPath)
	if err != nil {
		return nil, err
	}
	onBranch, err := decodeState(in.Branch[ExportName], exportPath+" (branch "+Branch(in.Term, cfg)+")")
	if err != nil {
		return nil, err
	}
	readme, ok := in.Base[ReadmeName]
	if !ok || !readme.Exists {
		return nil, fmt.Errorf("%s: the term folder has no README (is the term right?)", in.Term.Path(cfg, ReadmeName))
	}
	res := &Result{Plan: &plan.Plan{}, Branch: Branch(in.Term, cfg), Problems: []Problem{}}
	current := approved(in, res)
	res.Export = merge(in, prev, onBranch, current, res)
	res.Export.Generated = generated(res.Export, in.Now, onBranch, prev)
	want := map[string]string{
		ExportName:   string(EncodeJSON(res.Export)),
		TrackingName: string(EncodeCSV(res.Export)),
		ReadmeName:   RenderReadme(readme.Content, res.Export),
	}
	for _, name := range []string{ExportName, TrackingName, ReadmeName} {
		if in.Base[name].Content != want[name] || !in.Base[name].Exists {
			res.Changed = true
		}
	}
	if res.Changed {
		planDelivery(in, res, want)
	}
	planLabels(in, res)
	return res, nil
}

func decodeState(fs FileState, path string) (*File, error) {
	if !fs.Exists {
		return nil, nil
	}
	return Decode([]byte(fs.Content), path)
}

// approved builds the records of the open, CNCF-approved proposals of the
// term, highest issue number first.
func approved(in *Input, res *Result) []Program {
	cfg := in.Config
	var out []Program
	seen := map[int]bool{}
	for _, is := range in.Issues {
		open := is.State == "" || strings.EqualFold(is.State, "open")
		if seen[is.Number] || !open || !is.HasLabel(cfg.Labels.CNCFApproved) {
			continue
		}
		pi := proposal.Issue{Number: is.Number, Title: is.Title, Body: is.Body, Labels: is.Labels}
		if !proposal.IsProposal(pi, cfg) {
			continue
		}
		f := proposal.Parse(is.Body)
		if _, ok := proposal.TermOf(f.Term, cfg); !ok {
			res.Problems = append(res.Problems, Problem{Issue: is.Number, Message: fmt.Sprintf("is approved but its term %s is not one: not exported", quoteText(f.Term))})
			continue
		}
		if !in.Term.matches(f.Term, cfg) {
			continue
		}
		seen[is.Number] = true
		p, probs := Record(is, in.Term, in.Projects, cfg)
		res.Problems = append(res.Problems, probs...)
		out = append(out, p)
	}
	return out
}

// merge combines the approved programs with the previous export: a program
// that was exported and is no longer approved is kept exactly as it was
// (only its LFX URL follows the records); an LFX URL once known stays: the
// one recorded, else the export branch's (a /lfx-url not merged yet), else
// the previous export's.
func merge(in *Input, prev, onBranch *File, current []Program, res *Result) *File {
	before := map[int]Program{}
	if prev != nil {
		for _, p := range prev.Programs {
			before[p.IssueNumber] = p
		}
	}
	urls := map[int]string{}
	for _, f := range []*File{prev, onBranch} {
		if f != nil {
			for _, p := range f.Programs {
				if p.LFXURL != "" {
					urls[p.IssueNumber] = p.LFXURL
				}
			}
		}
	}
	for n, u := range in.LFXURLs {
		if u != "" {
			urls[n] = u
		}
	}
	now := map[int]bool{}
	var all []Program
	for _, p := range current {
		now[p.IssueNumber] = true
		old, had := before[p.IssueNumber]
		p.LFXURL = urls[p.IssueNumber]
		ref := Ref{Issue: p.IssueNumber, Name: p.NameFull}
		switch {
		case !had:
			res.Added = append(res.Added, ref)
		case reflect.DeepEqual(old, p):
			res.Unchanged = append(res.Unchanged, ref)
		default:
			res.Updated = append(res.Updated, ref)
		}
		all = append(all, p)
	}
	if prev != nil {
		for _, p := range prev.Programs {
			if now[p.IssueNumber] {
				continue
			}
			if u := urls[p.IssueNumber]; u != "" {
				p.LFXURL = u
			}
			res.Kept = append(res.Kept, Ref{Issue: p.IssueNumber, Name: p.NameFull})
			all = append(all, p)
		}
	}
	slices.SortStableFunc(all, func(a, b Program) int { return b.IssueNumber - a.IssueNumber })
	for _, rs := range []*[]Ref{&res.Added, &res.Updated, &res.Kept, &res.Unchanged} {
		slices.SortFunc(*rs, func(a, b Ref) int { return b.Issue - a.Issue })
		if *rs == nil {
			*rs = []Ref{}
		}
	}
	if all == nil {
		all = []Program{}
	}
	return &File{Term: in.Term.Label(), Count: len(all), Programs: all}
}

// generated keeps the _generated time of an export with the same content,
// on the export branch first, then on the default branch, so that a re-run
// that changes nothing writes the same bytes. It is the time of the run
// otherwise, as JavaScript's toISOString writes it.
func generated(f *File, now time.Time, candidates ...*File) string {
	for _, c := range candidates {
		if c != nil && c.Term == f.Term && c.Count == f.Count && reflect.DeepEqual(c.Programs, f.Programs) {
			return c.Generated
		}
	}
	return now.UTC().Format("2006-01-02T15:04:05.000Z")
}

// planDelivery writes the files that differ onto the export branch and
// opens or updates the pull request.
func planDelivery(in *Input, res *Result, want map[string]string) {
	cfg := in.Config
	p := res.Plan
	// A branch whose files are all merged is reset to the default branch,
	// so the new pull request starts from what was merged (a squash merge
	// leaves the branch's own history behind).
	merged := in.Branch != nil
	for _, name := range []string{ExportName, TrackingName, ReadmeName} {
		if in.Branch[name] != in.Base[name] {
			merged = false
		}
	}
	p.Add(plan.EnsureBranch{Name: res.Branch, From: in.DefaultBranch, Reset: merged})
	for _, name := range []string{ExportName, TrackingName, ReadmeName} {
		cur := in.Base[name]
		if in.Branch != nil {
			cur = in.Branch[name]
		}
		if cur.Exists && cur.Content == want[name] {
			continue
		}
		path := in.Term.Path(cfg, name)
		var old []byte // nil: a new file
		if cur.Exists {
			old = []byte(cur.Content)
		}
		put := plan.PutFile{Path: path, Content: want[name], Branch: res.Branch,
			Message: fmt.Sprintf("LFX export %s: %s", in.Term.ID(), name), Diff: meeting.Diff(path, old, []byte(want[name]))}
		if cur.Exists {
			put.BaseSHA = cur.SHA
		}
		p.Add(put)
	}
	p.Add(plan.EnsurePullRequest{Head: res.Branch, Base: in.DefaultBranch,
		Title: fmt.Sprintf("LFX export: %s", in.Term.Label()), Body: PRBody(in.Term, res)})
}

// planLabels puts the Exported label on every exported issue that lacks it.
func planLabels(in *Input, res *Result) {
	label := in.Config.Export.ExportedLabel
	exported := map[int]bool{}
	for _, p := range res.Export.Programs {
		exported[p.IssueNumber] = true
	}
	var add []int
	for _, is := range in.Issues {
		if exported[is.Number] && !is.HasLabel(label) && !slices.Contains(add, is.Number) {
			add = append(add, is.Number)
		}
	}
	if len(add) == 0 {
		return
	}
	if in.RepoLabels == nil || !slices.ContainsFunc(in.RepoLabels, func(l string) bool { return strings.EqualFold(l, label) }) {
		st := in.Config.Labels.Style(label)
		res.Plan.Add(plan.EnsureLabel{Name: label, Color: st.Color, Description: st.Description})
	}
	slices.Sort(add)
	for _, n := range add {
		res.Plan.Add(plan.AddLabels{Issue: plan.Issue(n), Labels: []string{label}})
	}
}

// PRBody renders the export pull request's body: the programs added and
// those updated, separately, with their issues, then those kept and the
// problems. Program names are quoted as the hostile text they are.
func PRBody(t Term, res *Result) string {
	var b strings.Builder
	b.WriteString(PRMarker(t) + "\n")
	fmt.Fprintf(&b, "The export of the approved proposals of %s for LFX Mentorship: %d programs in `%s`, `%s` and the term README.\n",
		t.Label(), res.Export.Count, ExportName, TrackingName)
	section := func(title string, refs []Ref) {
		if len(refs) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n**%s** (%d)\n\n", title, len(refs))
		for _, r := range refs {
			fmt.Fprintf(&b, "- #%d %s\n", r.Issue, quoteText(r.Name))
		}
	}
	section("Added", res.Added)
	section("Updated", res.Updated)
	section("Kept as exported (no longer labelled approved)", res.Kept)
	if len(res.Problems) > 0 {
		fmt.Fprintf(&b, "\n**Problems** (%d)\n\n", len(res.Problems))
		for _, p := range res.Problems {
			fmt.Fprintf(&b, "- #%d %s\n", p.Issue, p.Message)
		}
	}
	b.WriteString("\nWhen this pull request is merged, each newly exported issue gets a comment saying so.\n")
	return b.String()
}
