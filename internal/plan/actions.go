package plan

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// IssueRef names an issue either by number (it exists) or by the Ref of a
// CreateIssue earlier in the same plan (it will exist once that runs).
type IssueRef struct {
	Number int    `json:"number,omitempty"`
	Ref    string `json:"ref,omitempty"`
}

func (r IssueRef) String() string {
	if r.Number > 0 {
		return fmt.Sprintf("#%d", r.Number)
	}
	return "{" + r.Ref + "}"
}

// Issue returns a reference to an existing issue.
func Issue(n int) IssueRef { return IssueRef{Number: n} }

// EnsureLabel creates a repository label when it does not exist. An existing
// label is left as it is, whatever its colour.
type EnsureLabel struct {
	Name        string `json:"name"`
	Color       string `json:"color"`
	Description string `json:"description,omitempty"`
}

func (EnsureLabel) Kind() string { return "ensure-label" }
func (a EnsureLabel) Describe() string {
	return fmt.Sprintf("create label %q (#%s) if missing", a.Name, a.Color)
}

// AddLabels adds labels to an issue or pull request.
type AddLabels struct {
	Issue  IssueRef `json:"issue"`
	Labels []string `json:"labels"`
}

func (AddLabels) Kind() string { return "add-labels" }
func (a AddLabels) Describe() string {
	return fmt.Sprintf("add labels %s to %s", quoteAll(a.Labels), a.Issue)
}

// RemoveLabel removes one label from an issue. Removing a label that is not
// there is not an error.
type RemoveLabel struct {
	Issue IssueRef `json:"issue"`
	Label string   `json:"label"`
}

func (RemoveLabel) Kind() string { return "remove-label" }
func (a RemoveLabel) Describe() string {
	return fmt.Sprintf("remove label %q from %s", a.Label, a.Issue)
}

// UpsertComment keeps exactly one comment carrying Marker (a hidden HTML
// comment) on the issue: it creates it, or edits it when its body differs.
type UpsertComment struct {
	Issue  IssueRef `json:"issue"`
	Marker string   `json:"marker"`
	Body   string   `json:"body"`
	// Seal marks a comment that records that the actions before it were
	// done (the command report's judged comment): it is written only when
	// every one of them succeeded, follow-ups included.
	Seal bool `json:"seal,omitempty"`
}

func (UpsertComment) Kind() string { return "upsert-comment" }
func (a UpsertComment) Describe() string {
	return fmt.Sprintf("create or update the comment %s on %s", a.Marker, a.Issue)
}
func (a UpsertComment) Detail() string { return a.Body }

// CreateComment posts a new comment (a reply to a command).
type CreateComment struct {
	Issue IssueRef `json:"issue"`
	Body  string   `json:"body"`
}

func (CreateComment) Kind() string { return "create-comment" }
func (a CreateComment) Describe() string {
	return fmt.Sprintf("comment on %s", a.Issue)
}
func (a CreateComment) Detail() string { return a.Body }

// AddReaction reacts to an issue comment. Content is one of GitHub's
// reaction names: "+1", "-1", "eyes", ...
type AddReaction struct {
	CommentID int64  `json:"comment_id"`
	Content   string `json:"content"`
}

func (AddReaction) Kind() string { return "add-reaction" }
func (a AddReaction) Describe() string {
	return fmt.Sprintf("react %s to comment %d", a.Content, a.CommentID)
}

// CreateIssue opens an issue whose body carries Marker, unless an issue
// with that marker already exists (searched among issues with the same
// labels, open or closed). Ref lets later actions in the plan refer to it.
type CreateIssue struct {
	Ref    string   `json:"ref"`
	Marker string   `json:"marker"`
	Title  string   `json:"title"`
	Body   string   `json:"body"`
	Labels []string `json:"labels,omitempty"`
}

func (CreateIssue) Kind() string { return "create-issue" }
func (a CreateIssue) Describe() string {
	return fmt.Sprintf("open issue %q with labels %s", a.Title, quoteAll(a.Labels))
}
func (a CreateIssue) Detail() string { return a.Body }

// AddSubIssue links Child as a sub-issue of Parent. A link that already
// exists is left alone.
type AddSubIssue struct {
	Parent IssueRef `json:"parent"`
	Child  IssueRef `json:"child"`
}

func (AddSubIssue) Kind() string { return "add-sub-issue" }
func (a AddSubIssue) Describe() string {
	return fmt.Sprintf("link %s as a sub-issue of %s", a.Child, a.Parent)
}

// CloseIssue closes an issue. Reason is "completed" or "not_planned".
type CloseIssue struct {
	Issue  IssueRef `json:"issue"`
	Reason string   `json:"reason,omitempty"`
}

func (CloseIssue) Kind() string { return "close-issue" }
func (a CloseIssue) Describe() string {
	return fmt.Sprintf("close %s (%s)", a.Issue, a.Reason)
}

// PutFile writes one file through the contents API as one commit. BaseSHA is
// the blob sha the content was computed from ("" for a new file): if the
// file changed since, GitHub answers 409 and the executor reports
// ErrConflict so the caller can re-read and re-plan. Diff is a unified diff
// for dry-run output only.
type PutFile struct {
	Path    string `json:"path"`
	Content string `json:"content"`
	BaseSHA string `json:"base_sha,omitempty"`
	Branch  string `json:"branch,omitempty"`
	Message string `json:"message"`
	Diff    string `json:"diff,omitempty"`
}

func (PutFile) Kind() string { return "put-file" }
func (a PutFile) Describe() string {
	verb := "update"
	if a.BaseSHA == "" {
		verb = "create"
	}
	where := ""
	if a.Branch != "" {
		where = " on branch " + a.Branch
	}
	return fmt.Sprintf("%s %s%s: %q", verb, a.Path, where, a.Message)
}
func (a PutFile) Detail() string { return a.Diff }

// EnsureBranch creates branch Name at the head of From when it does not
// exist, and resets it to From when Reset is set.
type EnsureBranch struct {
	Name  string `json:"name"`
	From  string `json:"from"`
	Reset bool   `json:"reset,omitempty"`
}

func (EnsureBranch) Kind() string { return "ensure-branch" }
func (a EnsureBranch) Describe() string {
	return fmt.Sprintf("create branch %s from %s if missing", a.Name, a.From)
}

// EnsurePullRequest opens a pull request from Head into Base, or updates
// the title and body of the open one.
type EnsurePullRequest struct {
	Head  string `json:"head"`
	Base  string `json:"base"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

func (EnsurePullRequest) Kind() string { return "ensure-pull-request" }
func (a EnsurePullRequest) Describe() string {
	return fmt.Sprintf("open or update pull request %s -> %s: %q", a.Head, a.Base, a.Title)
}

// Annotation is a check-run annotation on one line of one file.
type Annotation struct {
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Level   string `json:"level"` // notice, warning, failure
	Title   string `json:"title,omitempty"`
	Message string `json:"message"`
}

// CreateCheckRun records a completed check run on a commit, with every
// annotation (the executor sends them in batches of 50). There is one
// check run per HeadSHA and Name: the executor completes or updates the
// one it finds there rather than add another. Summary and Text are Markdown
// of at most CheckRunTextLimit characters each (see FitCheckText).
type CreateCheckRun struct {
	Name        string       `json:"name"`
	HeadSHA     string       `json:"head_sha"`
	Conclusion  string       `json:"conclusion"` // success, failure, neutral
	Title       string       `json:"title"`
	Summary     string       `json:"summary"`
	Text        string       `json:"text,omitempty"`
	Annotations []Annotation `json:"annotations,omitempty"`
}

// CheckRunTextLimit is the most characters GitHub takes in a check run's
// output summary, and in its text.
const CheckRunTextLimit = 65535

// FitCheckText returns s cut to CheckRunTextLimit characters: at the last
// line break that leaves room for note (a line saying what was left out
// and where to find it), with note appended. s within the limit is
// returned as it is.
func FitCheckText(s, note string) string {
	if utf8.RuneCountInString(s) <= CheckRunTextLimit {
		return s
	}
	note = "\n" + strings.TrimSpace(note) + "\n"
	room := CheckRunTextLimit - utf8.RuneCountInString(note)
	if room < 0 {
		note, room = "", CheckRunTextLimit
	}
	cut := 0
	for ; room > 0 && cut < len(s); room-- {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
	}
	kept := s[:cut]
	if nl := strings.LastIndexByte(kept, '\n'); nl > 0 {
		kept = kept[:nl+1]
	}
	return kept + note
}

func (CreateCheckRun) Kind() string { return "create-check-run" }
func (a CreateCheckRun) Describe() string {
	return fmt.Sprintf("check run %q on %.7s: %s, %d annotations", a.Name, a.HeadSHA, a.Conclusion, len(a.Annotations))
}
func (a CreateCheckRun) Detail() string { return a.Summary }

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
