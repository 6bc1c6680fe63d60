// Package event normalizes GitHub events, from an Actions GITHUB_EVENT_PATH
// file or a webhook delivery (they share one payload format), into the few
// fields mentorbot's planners read.
package event

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Event is one GitHub event.
type Event struct {
	Name           string `json:"name"`   // X-GitHub-Event / GITHUB_EVENT_NAME
	Action         string `json:"action"` // "opened", "edited", ...
	DeliveryID     string `json:"delivery_id,omitempty"`
	Owner          string `json:"owner"`
	Repo           string `json:"repo"`
	DefaultBranch  string `json:"default_branch"`
	Sender         string `json:"sender"`
	SenderType     string `json:"sender_type"` // "User", "Bot"
	InstallationID int64  `json:"installation_id,omitempty"`

	Issue       *Issue            `json:"issue,omitempty"`
	Comment     *Comment          `json:"comment,omitempty"`
	PullRequest *PullRequest      `json:"pull_request,omitempty"`
	Push        *Push             `json:"push,omitempty"`
	CheckRun    *CheckRun         `json:"check_run,omitempty"`
	Changes     *Changes          `json:"changes,omitempty"`
	Inputs      map[string]string `json:"inputs,omitempty"`
}

// Issue is the issue an issues or issue_comment event is about.
type Issue struct {
	ID      int64    `json:"id"`
	Number  int      `json:"number"`
	Title   string   `json:"title"`
	Body    string   `json:"body"`
	State   string   `json:"state"`
	User    string   `json:"user"`
	Labels  []string `json:"labels"`
	IsPull  bool     `json:"is_pull,omitempty"`
	HTMLURL string   `json:"html_url,omitempty"`
}

// Comment is an issue comment.
type Comment struct {
	ID   int64  `json:"id"`
	Body string `json:"body"`
	User string `json:"user"`
}

// PullRequest is the pull request of a pull_request event.
type PullRequest struct {
	Number  int    `json:"number"`
	HeadSHA string `json:"head_sha"`
	HeadRef string `json:"head_ref"`
	BaseSHA string `json:"base_sha"`
	BaseRef string `json:"base_ref"`
	// HeadRepo is the head's repository, "owner/name" (another one for a
	// fork's pull request); Merged is set on a closed event when the pull
	// request was merged.
	HeadRepo string `json:"head_repo,omitempty"`
	Merged   bool   `json:"merged,omitempty"`
}

// CheckRun is the check run of a check_run event ("rerequested": someone
// pressed Re-run). Its pull request, when GitHub lists one, becomes the
// event's PullRequest at the check run's head, so the jobs of a pull
// request run again on the commit the check was on.
type CheckRun struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	HeadSHA string `json:"head_sha"`
}

// Push is a push event.
type Push struct {
	Ref    string   `json:"ref"`
	Before string   `json:"before"`
	After  string   `json:"after"`
	Added  []string `json:"added"`
	// Changed lists every path added, modified or removed by the commits.
	Changed []string `json:"changed"`
}

// Changes holds the previous values of an edited issue or comment.
type Changes struct {
	Title *string `json:"title,omitempty"`
	Body  *string `json:"body,omitempty"`
}

type user struct {
	Login string `json:"login"`
	Type  string `json:"type"`
}

type wirePayload struct {
	Action     string `json:"action"`
	Repository *struct {
		Name          string `json:"name"`
		FullName      string `json:"full_name"`
		DefaultBranch string `json:"default_branch"`
		Owner         user   `json:"owner"`
	} `json:"repository"`
	Sender       *user `json:"sender"`
	Installation *struct {
		ID int64 `json:"id"`
	} `json:"installation"`
	Issue *struct {
		ID      int64  `json:"id"`
		Number  int    `json:"number"`
		Title   string `json:"title"`
		Body    string `json:"body"`
		State   string `json:"state"`
		HTMLURL string `json:"html_url"`
		User    user   `json:"user"`
		Labels  []struct {
			Name string `json:"name"`
		} `json:"labels"`
		PullRequest json.RawMessage `json:"pull_request"`
	} `json:"issue"`
	Comment *struct {
		ID   int64  `json:"id"`
		Body string `json:"body"`
		User user   `json:"user"`
	} `json:"comment"`
	PullRequest *struct {
		Number int  `json:"number"`
		Merged bool `json:"merged"`
		Head   struct {
			SHA  string `json:"sha"`
			Ref  string `json:"ref"`
			Repo *struct {
				FullName string `json:"full_name"`
			} `json:"repo"`
		} `json:"head"`
		Base struct {
			SHA string `json:"sha"`
			Ref string `json:"ref"`
		} `json:"base"`
	} `json:"pull_request"`
	CheckRun *struct {
		ID           int64  `json:"id"`
		Name         string `json:"name"`
		HeadSHA      string `json:"head_sha"`
		PullRequests []struct {
			Number int `json:"number"`
			Head   struct {
				SHA string `json:"sha"`
				Ref string `json:"ref"`
			} `json:"head"`
			Base struct {
				SHA string `json:"sha"`
				Ref string `json:"ref"`
			} `json:"base"`
		} `json:"pull_requests"`
	} `json:"check_run"`
	Ref     string `json:"ref"`
	Before  string `json:"before"`
	After   string `json:"after"`
	Commits []struct {
		Added    []string `json:"added"`
		Modified []string `json:"modified"`
		Removed  []string `json:"removed"`
	} `json:"commits"`
	Changes *struct {
		Title *struct {
			From string `json:"from"`
		} `json:"title"`
		Body *struct {
			From string `json:"from"`
		} `json:"body"`
	} `json:"changes"`
	Inputs map[string]any `json:"inputs"`
}

// Parse decodes an event payload. name is the event name
// (X-GitHub-Event or GITHUB_EVENT_NAME).
func Parse(name string, payload []byte) (*Event, error) {
	var w wirePayload
	if err := json.Unmarshal(payload, &w); err != nil {
		return nil, fmt.Errorf("decoding %s event payload: %w", name, err)
	}
	ev := &Event{Name: name, Action: w.Action}
	if r := w.Repository; r != nil {
		ev.Owner, ev.Repo, ev.DefaultBranch = r.Owner.Login, r.Name, r.DefaultBranch
		if ev.Owner == "" {
			ev.Owner, _, _ = strings.Cut(r.FullName, "/")
		}
	}
	if w.Sender != nil {
		ev.Sender, ev.SenderType = w.Sender.Login, w.Sender.Type
	}
	if w.Installation != nil {
		ev.InstallationID = w.Installation.ID
	}
	if is := w.Issue; is != nil {
		ev.Issue = &Issue{ID: is.ID, Number: is.Number, Title: is.Title, Body: is.Body, State: is.State,
			User: is.User.Login, HTMLURL: is.HTMLURL, IsPull: len(is.PullRequest) > 0 && string(is.PullRequest) != "null"}
		for _, l := range is.Labels {
			ev.Issue.Labels = append(ev.Issue.Labels, l.Name)
		}
	}
	if c := w.Comment; c != nil {
		ev.Comment = &Comment{ID: c.ID, Body: c.Body, User: c.User.Login}
	}
	if pr := w.PullRequest; pr != nil {
		ev.PullRequest = &PullRequest{Number: pr.Number, HeadSHA: pr.Head.SHA, HeadRef: pr.Head.Ref, BaseSHA: pr.Base.SHA, BaseRef: pr.Base.Ref, Merged: pr.Merged}
		if pr.Head.Repo != nil {
			ev.PullRequest.HeadRepo = pr.Head.Repo.FullName
		}
	}
	if cr := w.CheckRun; cr != nil {
		ev.CheckRun = &CheckRun{ID: cr.ID, Name: cr.Name, HeadSHA: cr.HeadSHA}
		// GitHub lists no pull request for a check run on a fork's head:
		// then there is no pull request to run again.
		if len(cr.PullRequests) > 0 && ev.PullRequest == nil {
			pr := cr.PullRequests[0]
			ev.PullRequest = &PullRequest{Number: pr.Number, HeadSHA: cr.HeadSHA, HeadRef: pr.Head.Ref, BaseSHA: pr.Base.SHA, BaseRef: pr.Base.Ref}
		}
	}
	if name == "push" {
		ev.Push = &Push{Ref: w.Ref, Before: w.Before, After: w.After}
		seen := map[string]bool{}
		for _, c := range w.Commits {
			ev.Push.Added = append(ev.Push.Added, c.Added...)
			for _, list := range [][]string{c.Added, c.Modified, c.Removed} {
				for _, p := range list {
					if !seen[p] {
						seen[p] = true
						ev.Push.Changed = append(ev.Push.Changed, p)
					}
				}
			}
		}
	}
	if c := w.Changes; c != nil && (c.Title != nil || c.Body != nil) {
		ev.Changes = &Changes{}
		if c.Title != nil {
			ev.Changes.Title = &c.Title.From
		}
		if c.Body != nil {
			ev.Changes.Body = &c.Body.From
		}
	}
	if len(w.Inputs) > 0 {
		ev.Inputs = map[string]string{}
		for k, v := range w.Inputs {
			ev.Inputs[k] = fmt.Sprint(v)
		}
	}
	return ev, nil
}

// FromBot reports whether the event was sent by a bot account: GitHub
// marks Apps and the Actions token as type "Bot".
func (e *Event) FromBot() bool {
	return e.SenderType == "Bot" || strings.HasSuffix(e.Sender, "[bot]")
}
