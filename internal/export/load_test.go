package export

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mentorbot/mentorbot/internal/config"
)

func TestBlobSHA(t *testing.T) {
	t.Parallel()
	// git hash-object of "hello\n"
	if got, want := BlobSHA([]byte("hello\n")), "ce013625030ba8dba906f756967f9e9ca394464a"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// failingFS fails every read of one file with a non-"not exist" error, as
// a 502 from the contents API does.
type failingFS struct {
	fstest.MapFS
	name string
}

func (f failingFS) Open(name string) (fs.File, error) {
	if name == f.name {
		return nil, errors.New("502 Bad Gateway")
	}
	return f.MapFS.Open(name)
}

func (f failingFS) ReadFile(name string) ([]byte, error) {
	if name == f.name {
		return nil, errors.New("502 Bad Gateway")
	}
	return f.MapFS.ReadFile(name)
}

func TestLoadFiles(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	term, _ := ParseTerm("2027-1", cfg)
	dir := "programs/lfx-mentorship/2027/01-Mar-May/"
	m := fstest.MapFS{dir + "README.md": {Data: []byte("hello\n")}}
	files, err := LoadFiles(m, term, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || files[ReadmeName].SHA != "ce013625030ba8dba906f756967f9e9ca394464a" || files[ExportName].Exists {
		t.Errorf("got %+v, want the README only, with its blob sha", files)
	}
	_, err = LoadFiles(failingFS{m, dir + ExportName}, term, cfg)
	if err == nil || !strings.Contains(err.Error(), "reading "+dir+ExportName) {
		t.Errorf("got %v, want the failed read of the export as an error", err)
	}
	if _, err := LoadProjects(m, cfg); err == nil || !strings.Contains(err.Error(), "export.projects") {
		t.Errorf("got %v, want a missing projects file to be an error naming export.projects", err)
	}
}
