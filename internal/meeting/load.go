package meeting

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
)

// Reader is what the meeting loader reads from GitHub besides the default
// branch's files. A nil Reader is an offline run: no history, and no
// meeting branch.
type Reader interface {
	// BranchExists reports whether branch exists.
	BranchExists(ctx context.Context, branch string) (bool, error)
	// FileSHA returns the blob sha of path on ref, "" when the file is
	// not there.
	FileSHA(ctx context.Context, ref, path string) (string, error)
	// CommitMessages returns the messages of the default branch's commits
	// that changed path since since, newest first.
	CommitMessages(ctx context.Context, path string, since time.Time) ([]string, error)
}

// LoadOptions says where the run happens.
type LoadOptions struct {
	Config config.Meeting
	Now    time.Time
	// Owner, Repo and DefaultBranch name the repository; the plan writes
	// to DefaultBranch, or from it to Config.Branch.
	Owner, Repo, DefaultBranch string
}

// historyDays is how far back the loader looks for stubs mentorbot added.
const historyDays = 120

// Load reads everything Plan needs: the minutes files among Paths from
// fsys (the default branch's snapshot), and, through r, the commit history
// of the next meeting's file (commit mode: which stubs mentorbot added
// before) or the meeting branch's shas (pull_request mode). A file that
// does not exist is left out; every other failed read is an error, so a
// 502 is never mistaken for "no minutes file". With no minutes file at
// all, in.Files is empty and nothing else is read.
func Load(ctx context.Context, r Reader, fsys fs.FS, opts LoadOptions) (Input, error) {
	in := Input{Config: opts.Config, Now: opts.Now, Files: map[string]Blob{},
		Owner: opts.Owner, Repo: opts.Repo, DefaultBranch: opts.DefaultBranch}
	// meeting.path may be a pattern ("*/{year}-meeting-minutes.md"): find
	// the folder the minutes are in. No minutes anywhere is an empty
	// Files; a failed read is an error.
	loc, err := Locate(fsys, opts.Config)
	if errors.Is(err, ErrNoMinutes) {
		return in, nil
	}
	if err != nil {
		return Input{}, err
	}
	in.Config = loc.Config
	opts.Config = loc.Config
	shas, _ := fsys.(interface{ SHA(name string) string })
	for _, p := range Paths(opts.Config, opts.Now) {
		data, err := fs.ReadFile(fsys, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return Input{}, fmt.Errorf("reading minutes file %s: %w", p, err)
		}
		b := Blob{Content: data, SHA: BlobSHA(data)}
		if shas != nil {
			b.SHA = shas.SHA(p)
		}
		in.Files[p] = b
	}
	if len(in.Files) == 0 || r == nil {
		return in, nil
	}
	next, path, err := Upcoming(in)
	if err != nil {
		return in, nil // Plan reports the problem, with its line
	}
	switch opts.Config.Mode {
	case "pull_request":
		// Plan writes at most the next meeting's file and the year's before.
		paths := []string{opts.Config.MinutesPath(next.Date.Year - 1), path}
		br, err := loadBranch(ctx, r, opts.Config, paths)
		if err != nil {
			return Input{}, err
		}
		in.Branch = br
	default:
		msgs, err := r.CommitMessages(ctx, path, next.Start.AddDate(0, 0, -historyDays))
		if err != nil {
			return Input{}, fmt.Errorf("reading the history of %s: %w", path, err)
		}
		in.Added = AddedDates(opts.Config, msgs)
	}
	return in, nil
}

// loadBranch reads the meeting branch: whether it exists and the blob sha
// on it of each of paths (absent when the file is not on the branch).
func loadBranch(ctx context.Context, r Reader, cfg config.Meeting, paths []string) (*Branch, error) {
	ok, err := r.BranchExists(ctx, cfg.Branch)
	if err != nil {
		return nil, fmt.Errorf("reading branch %s: %w", cfg.Branch, err)
	}
	br := &Branch{Exists: ok, SHAs: map[string]string{}}
	if !ok {
		return br, nil
	}
	for _, p := range paths {
		sha, err := r.FileSHA(ctx, cfg.Branch, p)
		if err != nil {
			return nil, fmt.Errorf("reading %s on branch %s: %w", p, cfg.Branch, err)
		}
		if sha != "" {
			br.SHAs[p] = sha
		}
	}
	return br, nil
}

// Upcoming returns the next meeting and the file that holds its stub, as
// Plan will decide them: for the loader, which reads that file's history
// before planning.
func Upcoming(in Input) (Occurrence, string, error) {
	sched, err := schedule(in)
	if err != nil {
		return Occurrence{}, "", err
	}
	next := sched.Next(in.Now, in.Config.Skip, in.Config.ShowCancelled)
	return next, in.Config.MinutesPath(next.Date.Year), nil
}

// AddedDates returns the meeting dates whose stub mentorbot committed,
// read from commit messages written from meeting.commit_message (which
// must hold "{date}"; without it no date can be told).
func AddedDates(cfg config.Meeting, messages []string) []Date {
	msg := cfg.CommitMessage
	if !strings.Contains(msg, "{date}") {
		return nil
	}
	re, err := regexp.Compile("^" + strings.ReplaceAll(regexp.QuoteMeta(msg), `\{date\}`, `(\d{4}-\d{2}-\d{2})`) + "(?:\n|$)")
	if err != nil {
		return nil
	}
	var out []Date
	for _, m := range messages {
		if g := re.FindStringSubmatch(m); g != nil {
			if d, err := ParseDate(g[1]); err == nil {
				out = append(out, d)
			}
		}
	}
	return out
}

// BlobSHA is git's blob sha of data, so a working tree's files carry the
// same base sha in a plan as the contents API would give.
func BlobSHA(data []byte) string {
	h := sha1.New()
	fmt.Fprintf(h, "blob %d\x00", len(data))
	h.Write(data)
	return hex.EncodeToString(h.Sum(nil))
}
