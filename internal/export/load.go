package export

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"

	"github.com/mentorbot/mentorbot/internal/config"
)

// shaer is a file system that knows its files' blob shas (githubapi.FS).
type shaer interface{ SHA(name string) string }

// LoadFiles reads term t's export files from a branch's snapshot fsys (a
// working tree, or a branch through the contents API). A file that does
// not exist is absent; any other failed read is an error, never an absent
// file. Shas come from fsys when it knows them and are computed as git's
// blob shas otherwise.
func LoadFiles(fsys fs.FS, t Term, cfg *config.Config) (Files, error) {
	out := Files{}
	for _, name := range []string{ExportName, TrackingName, ReadmeName} {
		p := t.Path(cfg, name)
		data, err := fs.ReadFile(fsys, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", p, err)
		}
		sha := ""
		if s, ok := fsys.(shaer); ok {
			sha = s.SHA(p)
		}
		if sha == "" {
			sha = BlobSHA(data)
		}
		out[name] = FileState{Exists: true, Content: string(data), SHA: sha}
	}
	return out, nil
}

// LoadProjects reads the projects file named by export.projects. Its
// absence is an error: without it no program has a slug or maturity.
func LoadProjects(fsys fs.FS, cfg *config.Config) ([]Project, error) {
	data, err := fs.ReadFile(fsys, cfg.Export.Projects)
	if err != nil {
		return nil, fmt.Errorf("reading the projects file %s (config export.projects): %w", cfg.Export.Projects, err)
	}
	return ParseProjects(data, cfg.Export.Projects)
}

// BlobSHA is git's blob sha of data, the sha the contents API reports.
func BlobSHA(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}
