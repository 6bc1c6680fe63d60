package runner

import (
	"context"
	"slices"
	"testing"

	"github.com/mentorbot/mentorbot/internal/approvers"
	"github.com/mentorbot/mentorbot/internal/githubtest"
)

// Who may approve is read where cncf/mentoring writes it down: the
// project's .project/maintainers.yaml counts (read only because the
// approver is not listed in config), approvers.yml's exclusive list shuts
// the rosters out, and a failed roster read fails the run instead of
// refusing or granting the approval.
func TestApproversFromTheRepositorysSources(t *testing.T) {
	t.Parallel()
	t.Run("a .project maintainer's approval counts", func(t *testing.T) {
		t.Parallel()
		r := newCmdRig(t, 12) // Argo; its upstream issue is in github.com/argoproj
		r.srv.AddRepo("argoproj", ".project")
		r.srv.SetFile("argoproj", ".project", "main", "maintainers.yaml", "project-maintainers:\n  - handle: dot-maint\n")
		r.comment("dot-maint", "/approve")
		if !slices.Contains(r.labels(), r.cfg.Labels.MaintainerApproved) {
			t.Errorf("labels %v: want the .project maintainer's approval to count", r.labels())
		}
		if got := r.srv.Calls()["GET /repos/{owner}/{repo}/contents/{path...}"]; got == 0 {
			t.Errorf("the rosters were not read")
		}
	})
	t.Run("a listed approver needs no roster read", func(t *testing.T) {
		t.Parallel()
		r := newCmdRig(t, 12)
		r.comment("argo-maint", "/approve")
		for route, n := range r.srv.Calls() {
			if route == "GET /repos/{owner}/{repo}/contents/{path...}" && n > 1 {
				t.Errorf("got %d contents reads, want at most approvers.yml's", n)
			}
		}
	})
	t.Run("maintainers_can_approve false shuts the rosters out", func(t *testing.T) {
		t.Parallel()
		r := newCmdRig(t, 12)
		r.srv.SetFile(propOwner, propRepo, "main", approvers.DefaultPath, "global_approvers: [cncf-admin]\nargoproj:\n  maintainers_can_approve: false\n  fallback_handles: [sig-lead]\n")
		r.srv.AddRepo("argoproj", ".project")
		r.srv.SetFile("argoproj", ".project", "main", "maintainers.yaml", "project-maintainers:\n  - handle: dot-maint\n")
		r.comment("dot-maint", "/approve")
		if slices.Contains(r.labels(), r.cfg.Labels.MaintainerApproved) {
			t.Errorf("labels %v: the roster's maintainer approved an exclusive project", r.labels())
		}
		r.comment("sig-lead", "/approve")
		if !slices.Contains(r.labels(), r.cfg.Labels.MaintainerApproved) {
			t.Errorf("labels %v: want the fallback handle's approval to count", r.labels())
		}
	})
	t.Run("a failed roster read fails the run", func(t *testing.T) {
		t.Parallel()
		r := newCmdRig(t, 12)
		r.srv.AddRepo("argoproj", ".project")
		r.srv.Inject(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/contents/{path...}", Status: 502, Times: 100})
		c := r.srv.SeedComment(propOwner, propRepo, r.number, "dot-maint", "/approve")
		_, _, err := Command(context.Background(), r.env(r.commentEvent("created", *c)), CommandOptions{})
		if err == nil {
			t.Fatal("got no error with the rosters unreadable")
		}
		if slices.Contains(r.labels(), r.cfg.Labels.MaintainerApproved) {
			t.Errorf("labels %v: approved although the rosters could not be read", r.labels())
		}
	})
}

// A roster over 1 MB comes without content from the contents API: it is
// read again as a raw file, never taken for empty.
func TestRosterOverOneMegabyteIsReadRaw(t *testing.T) {
	t.Parallel()
	r := newCmdRig(t, 12)
	r.srv.AddRepo("argoproj", ".project")
	r.srv.SetFile("argoproj", ".project", "main", "maintainers.yaml", "project-maintainers:\n  - handle: dot-maint\n")
	r.srv.Inject(githubtest.Fault{Route: "GET /repos/{owner}/{repo}/contents/{path...}", Status: 200, Times: 1,
		Body: `{"type":"file","name":"maintainers.yaml","path":"maintainers.yaml","encoding":"none","content":"","size":2000000}`,
		Path: "/argoproj/.project/"})
	r.comment("dot-maint", "/approve")
	if !slices.Contains(r.labels(), r.cfg.Labels.MaintainerApproved) {
		t.Errorf("labels %v: want the large roster read raw and the approval counted", r.labels())
	}
}
