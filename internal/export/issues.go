package export

import (
	"encoding/json"
	"fmt"
)

// restIssue is an issue as GitHub's REST API returns it, with the comments
// the offline CLI may carry along.
type restIssue struct {
	Number      int    `json:"number"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	State       string `json:"state"`
	HTMLURL     string `json:"html_url"`
	PullRequest *struct {
		URL string `json:"url"`
	} `json:"pull_request"`
	Labels []struct {
		Name string `json:"name"`
	} `json:"labels"`
	User struct {
		Login string `json:"login"`
	} `json:"user"`
	Comments json.RawMessage `json:"comments"`
}

type restComment struct {
	ID   int64  `json:"id"`
	Body string `json:"body"`
	User struct {
		Login string `json:"login"`
	} `json:"user"`
}

// DecodeIssues reads a JSON array of issues as GitHub's REST API returns
// them (number, title, body, state, html_url, labels, user), each with an
// optional "comments" array of comment objects (GitHub's own count in that
// field is ignored). Pull requests are left out.
func DecodeIssues(data []byte) ([]Issue, map[int][]Comment, error) {
	var raw []restIssue
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, nil, fmt.Errorf("want a JSON array of issues: %w", err)
	}
	var out []Issue
	comments := map[int][]Comment{}
	for i, r := range raw {
		if r.Number <= 0 {
			return nil, nil, fmt.Errorf("issue %d of the array has no number", i+1)
		}
		if r.PullRequest != nil {
			continue
		}
		is := Issue{Number: r.Number, Title: r.Title, Body: r.Body, State: r.State, URL: r.HTMLURL, Author: r.User.Login, Labels: []string{}}
		for _, l := range r.Labels {
			is.Labels = append(is.Labels, l.Name)
		}
		if len(r.Comments) > 0 && r.Comments[0] == '[' {
			var cs []restComment
			if err := json.Unmarshal(r.Comments, &cs); err != nil {
				return nil, nil, fmt.Errorf("issue #%d: comments: %w", r.Number, err)
			}
			for _, c := range cs {
				comments[r.Number] = append(comments[r.Number], Comment{ID: c.ID, Author: c.User.Login, Body: c.Body})
			}
		}
		out = append(out, is)
	}
	return out, comments, nil
}
