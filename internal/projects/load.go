package projects

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
)

// LoadFiles reads the projects file and the proposal form from a branch's
// snapshot. A file that is absent is File{Exists: false}; any other failed
// read is an error.
func LoadFiles(fsys fs.FS, projectsPath, formPath string) (Files, error) {
	var out Files
	var err error
	if out.Projects, err = readFile(fsys, projectsPath); err != nil {
		return Files{}, err
	}
	if out.Form, err = readFile(fsys, formPath); err != nil {
		return Files{}, err
	}
	return out, nil
}

// LoadTerms reads terms.yml; a repository without one has no terms (the
// form's Term dropdown is then left as it is).
func LoadTerms(fsys fs.FS, path string) ([]string, error) {
	f, err := readFile(fsys, path)
	if err != nil || !f.Exists {
		return nil, err
	}
	terms, err := ParseTerms([]byte(f.Content))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return terms, nil
}

func readFile(fsys fs.FS, path string) (File, error) {
	data, err := fs.ReadFile(fsys, path)
	if errors.Is(err, fs.ErrNotExist) {
		return File{}, nil
	}
	if err != nil {
		return File{}, fmt.Errorf("reading %s: %w", path, err)
	}
	return File{Exists: true, Content: string(data), SHA: BlobSHA(data)}, nil
}

// BlobSHA is git's blob sha of data (what the contents API calls a file's
// sha), so a write can name the version it was planned from.
func BlobSHA(data []byte) string {
	h := sha1.New()
	h.Write([]byte("blob " + strconv.Itoa(len(data)) + "\x00"))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}
