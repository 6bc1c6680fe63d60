package meeting

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
)

const globPath = "*/{year}-meeting-minutes.md"

func TestLocate(t *testing.T) {
	t.Parallel()
	file := &fstest.MapFile{Data: []byte("# Upcoming Meetings\n# Past Meetings\n")}
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		path    string
		want    string
		years   []int
		wantErr string
	}{
		{
			name: "renamed folder wins with the newest year",
			fsys: fstest.MapFS{
				"mentoring-wg/2023-meeting-minutes.md":                  file,
				"mentoring-wg/2024-meeting-minutes.md":                  file,
				"cncf-toc-mentoring-subproject/2024-meeting-minutes.md": file,
				"cncf-toc-mentoring-subproject/2025-meeting-minutes.md": file,
				"cncf-toc-mentoring-subproject/README.md":               file,
				"programs/lfx-mentorship/2025/01-Mar-May/README.md":     file,
				"2025-meeting-minutes.md":                               file, // not in a folder: does not match
			},
			path: globPath, want: "cncf-toc-mentoring-subproject/{year}-meeting-minutes.md", years: []int{2024, 2025},
		},
		{
			name: "explicit path",
			fsys: fstest.MapFS{"toc/2026-minutes.md": file, "other/2027-minutes.md": file},
			path: "toc/{year}-minutes.md", want: "toc/{year}-minutes.md", years: []int{2026},
		},
		{
			name: "year in the folder too",
			fsys: fstest.MapFS{"wg/2026/2026-minutes.md": file, "wg/2025/2024-minutes.md": file},
			path: "wg/{year}/{year}-minutes.md", want: "wg/{year}/{year}-minutes.md", years: []int{2026},
		},
		{
			name: "tie",
			fsys: fstest.MapFS{"a/2026-meeting-minutes.md": file, "b/2026-meeting-minutes.md": file},
			path: globPath, wantErr: "minutes files for 2026 match meeting.path \"*/{year}-meeting-minutes.md\" in several places (a/2026-meeting-minutes.md, b/2026-meeting-minutes.md): set meeting.path",
		},
		{
			name: "none",
			fsys: fstest.MapFS{"docs/notes.md": file},
			path: globPath, wantErr: "no minutes file matches meeting.path",
		},
		{
			name: "a folder named like a file",
			fsys: fstest.MapFS{"x/2026-meeting-minutes.md/inner.md": file},
			path: globPath, wantErr: "no minutes file",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := config.Default().Meeting
			c.Path = tt.path
			got, err := Locate(tt.fsys, c)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Locate: got %+v, %v; want an error with %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Config.Path != tt.want {
				t.Errorf("Path: got %q, want %q", got.Config.Path, tt.want)
			}
			if diff := cmp.Diff(tt.years, got.Years); diff != "" {
				t.Errorf("Years (-want +got):\n%s", diff)
			}
		})
	}
}

// errFS fails reads of one folder the way a contents API answering 502 does.
type errFS struct {
	fstest.MapFS
	dir string
}

func (e errFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if name == e.dir {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("502 Bad Gateway")}
	}
	return e.MapFS.ReadDir(name)
}

// A failed read is an error, never "no minutes file": fs.Glob would have
// swallowed it.
func TestLocateReadError(t *testing.T) {
	t.Parallel()
	fsys := errFS{fstest.MapFS{"wg/2026-meeting-minutes.md": {Data: []byte("x")}}, "."}
	_, err := Locate(fsys, config.Meeting{Path: globPath})
	if err == nil || errors.Is(err, ErrNoMinutes) || !strings.Contains(err.Error(), "502") {
		t.Fatalf("Locate: got %v, want the read error", err)
	}
}

// On the real repository's files, the renamed working group's folder is
// found, with its four years.
func TestLocateCorpus(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "cncf-mentoring")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("corpus not available at %s: %v", dir, err)
	}
	got, err := Locate(os.DirFS(dir), config.Meeting{Path: globPath})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"cncf-toc-mentoring-subproject/2022-meeting-minutes.md",
		"cncf-toc-mentoring-subproject/2023-meeting-minutes.md",
		"cncf-toc-mentoring-subproject/2024-meeting-minutes.md",
		"cncf-toc-mentoring-subproject/2025-meeting-minutes.md",
	}
	if diff := cmp.Diff(want, got.Paths()); diff != "" {
		t.Errorf("Paths (-want +got):\n%s", diff)
	}
}
