package runner

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/mentorbot/mentorbot/internal/approvers"
	"github.com/mentorbot/mentorbot/internal/command"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// withApprovers merges into in's config who may approve the proposal, from
// where cncf/mentoring writes it down (see internal/approvers): approvers.yml
// always; the project's .project/maintainers.yaml and the foundation's
// roster only when a /approve in the history is by someone the listed ones
// do not cover. A failed read is an error: an approval is never refused, nor
// granted, because a read failed.
func withApprovers(ctx context.Context, env *Env, in *command.Input) error {
	if in.Config == nil || !proposal.IsProposal(in.Issue, in.Config) {
		return nil
	}
	form := proposal.Parse(in.Issue.Body)
	// Named as approvers.yml keys projects: by the name, or by the GitHub
	// org of the upstream issue (the slug would cost a read of the
	// projects file on every event, for a key that is rarely the slug).
	p := approvers.Project{Name: form.Project, Org: upstreamOrg(form.Upstream)}
	base := in.Config.Proposals.Approvers
	src, err := approvers.Load(ctx, env.FS, nil, approvers.DefaultPath, p)
	if err != nil {
		return err
	}
	cfg := *in.Config
	cfg.Proposals.Approvers = approvers.Apply(base, src, p)
	in.Config = &cfg
	if env.Offline() || len(command.Unlisted(in)) == 0 {
		return nil
	}
	src, err = approvers.Load(ctx, env.FS, rosterReader{gh: env.GH}, approvers.DefaultPath, p)
	if err != nil {
		return fmt.Errorf("reading who may approve %s: %w", p.Name, err)
	}
	cfg.Proposals.Approvers = approvers.Apply(base, src, p)
	return nil
}

// upstreamOrg is the lower-case owner of a github.com URL, or "".
func upstreamOrg(s string) string {
	for _, f := range strings.Fields(s) {
		u, err := url.Parse(f)
		if err != nil || !strings.EqualFold(strings.TrimPrefix(u.Host, "www."), "github.com") {
			continue
		}
		if org, _, _ := strings.Cut(strings.Trim(u.Path, "/"), "/"); org != "" {
			return strings.ToLower(org)
		}
	}
	return ""
}

// rosterReader reads a file of another repository (a project's .project,
// cncf/foundation) through the contents API, with a process-wide cache:
// the rosters change rarely and every approval event of the App would
// otherwise read them again.
type rosterReader struct{ gh *github.Client }

type rosterEntry struct {
	data    []byte
	missing bool
	at      time.Time
}

var rosterCache = struct {
	sync.Mutex
	m map[string]rosterEntry
}{m: map[string]rosterEntry{}}

const rosterTTL = 10 * time.Minute

// raw reads a file through the contents API's raw media type (files of
// 1 to 100 MB).
func (r rosterReader) raw(ctx context.Context, owner, repo, path string) ([]byte, error) {
	u := fmt.Sprintf("repos/%s/%s/contents/%s", url.PathEscape(owner), url.PathEscape(repo), path)
	req, err := r.gh.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.github.raw")
	var buf bytes.Buffer
	if _, err := r.gh.Do(ctx, req, &buf); err != nil {
		return nil, fmt.Errorf("reading %s/%s/%s: %w", owner, repo, path, err)
	}
	return buf.Bytes(), nil
}

func (r rosterReader) ReadRepoFile(ctx context.Context, owner, repo, path string) ([]byte, error) {
	key := r.gh.BaseURL.String() + " " + owner + "/" + repo + "/" + path
	rosterCache.Lock()
	e, ok := rosterCache.m[key]
	rosterCache.Unlock()
	if ok && time.Since(e.at) < rosterTTL {
		if e.missing {
			return nil, fs.ErrNotExist
		}
		return e.data, nil
	}
	fc, _, resp, err := r.gh.Repositories.GetContents(ctx, owner, repo, path, nil)
	switch {
	case resp != nil && resp.StatusCode == http.StatusNotFound:
		e = rosterEntry{missing: true, at: time.Now()}
	case err != nil:
		return nil, err
	case fc == nil:
		return nil, fmt.Errorf("%s/%s/%s is a folder, not a file", owner, repo, path)
	case fc.GetEncoding() == "none":
		// Over 1 MB the contents API leaves the content out: ask for the
		// raw file instead.
		data, err := r.raw(ctx, owner, repo, path)
		if err != nil {
			return nil, err
		}
		e = rosterEntry{data: data, at: time.Now()}
	default:
		s, err := fc.GetContent()
		if err != nil {
			return nil, fmt.Errorf("decoding %s/%s/%s: %w", owner, repo, path, err)
		}
		e = rosterEntry{data: []byte(s), at: time.Now()}
	}
	rosterCache.Lock()
	if len(rosterCache.m) > 1024 {
		clear(rosterCache.m)
	}
	rosterCache.m[key] = e
	rosterCache.Unlock()
	if e.missing {
		return nil, fs.ErrNotExist
	}
	return e.data, nil
}
