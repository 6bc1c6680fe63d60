package executor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/plan"
)

func TestLocalApply(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		setup   func(t *testing.T, dir, outside string)
		actions []plan.Action
		want    []Status
		wantErr string
		files   map[string]string // repo-relative, after Apply
	}{
		{
			name:    "creates folders and files",
			actions: []plan.Action{plan.PutFile{Path: "a/b/c.md", Content: "new"}},
			want:    []Status{Applied},
			files:   map[string]string{"a/b/c.md": "new"},
		},
		{
			name: "unchanged and updated",
			setup: func(t *testing.T, dir, _ string) {
				write(t, filepath.Join(dir, "same.md"), "same")
				write(t, filepath.Join(dir, "old.md"), "old")
			},
			actions: []plan.Action{plan.PutFile{Path: "same.md", Content: "same"}, plan.PutFile{Path: "old.md", Content: "updated", BaseSHA: "abc"}},
			want:    []Status{Unchanged, Applied},
			files:   map[string]string{"same.md": "same", "old.md": "updated"},
		},
		{
			name: "symlinked file out of the repository",
			setup: func(t *testing.T, dir, outside string) {
				link(t, filepath.Join(outside, "victim.md"), filepath.Join(dir, "minutes.md"))
			},
			actions: []plan.Action{plan.PutFile{Path: "minutes.md", Content: "x"}, plan.PutFile{Path: "after.md", Content: "y"}},
			want:    []Status{Failed, Skipped},
			wantErr: "writing minutes.md in",
		},
		{
			name: "symlinked folder out of the repository",
			setup: func(t *testing.T, dir, outside string) {
				link(t, outside, filepath.Join(dir, "out"))
			},
			actions: []plan.Action{plan.PutFile{Path: "out/victim.md", Content: "x"}},
			want:    []Status{Failed},
			wantErr: "writing out/victim.md in",
		},
		{
			name: "new file in a symlinked folder out of the repository",
			setup: func(t *testing.T, dir, outside string) {
				link(t, outside, filepath.Join(dir, "out"))
			},
			actions: []plan.Action{plan.PutFile{Path: "out/new/file.md", Content: "x"}},
			want:    []Status{Failed},
			wantErr: "writing out/new/file.md in",
		},
		{
			name:    "dot-dot path",
			actions: []plan.Action{plan.PutFile{Path: "../victim.md", Content: "x"}},
			want:    []Status{Failed},
			wantErr: "../victim.md is outside the repository",
		},
		{
			name:    "absolute path",
			actions: []plan.Action{plan.PutFile{Path: "/etc/victim.md", Content: "x"}},
			want:    []Status{Failed},
			wantErr: "/etc/victim.md is outside the repository",
		},
		{
			name:    "not a file write",
			actions: []plan.Action{plan.AddLabels{Labels: []string{"x"}}, plan.PutFile{Path: "f.md", Content: "x"}},
			want:    []Status{Failed, Skipped},
			wantErr: "is not a local write",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir, outside := t.TempDir(), t.TempDir()
			write(t, filepath.Join(outside, "victim.md"), "keep")
			if tc.setup != nil {
				tc.setup(t, dir, outside)
			}
			rep, err := Local{Dir: dir}.Apply(&plan.Plan{Actions: tc.actions})
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("Apply: got error %v, want %q", err, tc.wantErr)
			}
			var got []Status
			for _, o := range rep.Outcomes {
				got = append(got, o.Status)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
			for rel, want := range tc.files {
				data, err := os.ReadFile(filepath.Join(dir, rel))
				if err != nil || string(data) != want {
					t.Errorf("%s: got %q, %v; want %q", rel, data, err, want)
				}
			}
			if data, _ := os.ReadFile(filepath.Join(outside, "victim.md")); string(data) != "keep" {
				t.Errorf("the file outside the repository: got %q, want %q", data, "keep")
			}
			if entries, _ := os.ReadDir(outside); len(entries) != 1 {
				t.Errorf("outside the repository: got %d entries, want only victim.md", len(entries))
			}
			leftovers, _ := filepath.Glob(filepath.Join(dir, "*", ".*.mentorbot-tmp"))
			top, _ := filepath.Glob(filepath.Join(dir, ".*.mentorbot-tmp"))
			if len(leftovers)+len(top) > 0 {
				t.Errorf("got temporary files left behind: %v %v", leftovers, top)
			}
		})
	}
}

func write(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func link(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}
