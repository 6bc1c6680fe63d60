package executor

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/mentorbot/mentorbot/internal/plan"
)

// Local applies the file writes of a plan to a working tree on disk: the
// CLI's --write (scaffold, meeting, export, calendar, config init,
// projects). It knows one action, plan.PutFile, and refuses any other (a
// local run never writes to GitHub). Each file is written atomically (a
// temporary file beside it, renamed over it, so a failure leaves no
// half-written file) through os.Root: a path, or a symlink on the way,
// that leads out of Dir is an error naming the path, never a write
// elsewhere. BaseSHA, Branch and Message are GitHub's concern and are
// ignored. Like Executor, it is serial and idempotent: a file that already
// holds the content is Unchanged.
type Local struct {
	// Dir is the working tree's root.
	Dir string
}

// Apply writes every PutFile of p in order and reports each outcome. On
// the first failure the rest are Skipped and the error is returned.
func (l Local) Apply(p *plan.Plan) (*Report, error) {
	rep := &Report{}
	if p.Empty() {
		return rep, nil
	}
	root, err := os.OpenRoot(l.Dir)
	if err != nil {
		return rep, fmt.Errorf("opening the working tree: %w", err)
	}
	defer root.Close()
	var failed error
	for _, a := range p.Actions {
		o := Outcome{Action: a, Kind: a.Kind(), Detail: a.Describe()}
		if failed != nil {
			o.Status = Skipped
			rep.Outcomes = append(rep.Outcomes, o)
			continue
		}
		put, ok := a.(plan.PutFile)
		if !ok {
			failed = fmt.Errorf("%s is not a local write: a local run writes files only", a.Kind())
		} else {
			o.Status, failed = l.put(root, put)
		}
		if failed != nil {
			o.Status, o.Error = Failed, failed.Error()
		}
		rep.Outcomes = append(rep.Outcomes, o)
	}
	return rep, failed
}

func (l Local) put(root *os.Root, a plan.PutFile) (Status, error) {
	rel := path.Clean(filepath.ToSlash(a.Path))
	if a.Path == "" || path.IsAbs(rel) || rel == "." || rel == ".." || strings.HasPrefix(rel, "../") || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return Failed, fmt.Errorf("%s is outside the repository %s", a.Path, l.Dir)
	}
	wrap := func(err error) error { return fmt.Errorf("writing %s in %s: %w", rel, l.Dir, err) }
	old, err := root.ReadFile(rel)
	switch {
	case err == nil && bytes.Equal(old, []byte(a.Content)):
		return Unchanged, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return Failed, wrap(err)
	}
	if d := path.Dir(rel); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return Failed, wrap(err)
		}
	}
	var r [6]byte
	if _, err := rand.Read(r[:]); err != nil {
		return Failed, wrap(err)
	}
	tmp := path.Join(path.Dir(rel), "."+path.Base(rel)+"."+hex.EncodeToString(r[:])+".mentorbot-tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return Failed, wrap(err)
	}
	_, werr := f.WriteString(a.Content)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = root.Rename(tmp, rel)
	}
	if werr != nil {
		root.Remove(tmp)
		return Failed, wrap(werr)
	}
	return Applied, nil
}
