package server

import (
	"encoding/json"
	"html"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/mentorbot/mentorbot/internal/runner"
)

// manifest is the part of a GitHub App manifest this test reads.
type manifest struct {
	Name           string `json:"name"`
	HookAttributes struct {
		URL    string `json:"url"`
		Active bool   `json:"active"`
	} `json:"hook_attributes"`
	RedirectURL        string            `json:"redirect_url"`
	DefaultPermissions map[string]string `json:"default_permissions"`
	DefaultEvents      []string          `json:"default_events"`
}

// TestAppManifest: deploy/app-manifest.json subscribes to every event the
// server routes to a job, asks for the permissions the jobs write with, and
// is the manifest deploy/create-app.html posts.
func TestAppManifest(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../deploy/app-manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m manifest
	dec := json.NewDecoder(strings.NewReader(string(data)))
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("the manifest is not JSON: %v", err)
	}
	if m.Name == "" || m.HookAttributes.URL == "" || !m.HookAttributes.Active || m.RedirectURL == "" {
		t.Errorf("got name %q, hook %+v, redirect %q; want all set and the hook active", m.Name, m.HookAttributes, m.RedirectURL)
	}
	// Actions-only events never reach an App.
	actionsOnly := map[string]bool{"schedule": true, "workflow_dispatch": true, "pull_request_target": true}
	for _, j := range runner.Jobs {
		for _, e := range j.Events() {
			if !actionsOnly[e] && !slices.Contains(m.DefaultEvents, e) {
				t.Errorf("job %s runs on %s, which the manifest does not subscribe to", j.Name, e)
			}
		}
	}
	want := map[string]string{
		"contents":      "write", // meeting stubs, export branch
		"issues":        "write", // labels, comments, umbrella issues
		"pull_requests": "write", // meeting.mode pull_request, the export pull request
		"checks":        "write", // the term folders check run
		"metadata":      "read",
	}
	for p, level := range want {
		if got := m.DefaultPermissions[p]; got != level {
			t.Errorf("permission %s: got %q, want %q", p, got, level)
		}
	}
	page, err := os.ReadFile("../../deploy/create-app.html")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := strings.Cut(string(page), `name="manifest" rows="28">`+"\n")
	posted, _, ok := strings.Cut(rest, "</textarea>")
	if !ok || html.UnescapeString(posted) != string(data) {
		t.Errorf("deploy/create-app.html does not post deploy/app-manifest.json as it is:\n%s", posted)
	}
}
