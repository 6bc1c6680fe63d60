package githubtest

import (
	"time"
)

// CommitFileAt writes path on branch as a commit dated date (history is
// kept in date order), so the commit listing shows it and a read at its
// sha sees the files as they were then. It returns the commit's sha.
func (s *Server) CommitFileAt(owner, name, branch, path, content string, date time.Time) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	rp := s.repos[owner+"/"+name]
	b := rp.Branches[branch]
	b.Files[path] = &File{Content: content, SHA: BlobSHA(content)}
	b.Commit = commitSHA(b, path)
	b.History = append(b.History, Commit{SHA: b.Commit, Message: "update " + path, Path: path, Date: date.UTC()})
	for i := len(b.History) - 1; i > 0 && b.History[i].Date.Before(b.History[i-1].Date); i-- {
		b.History[i], b.History[i-1] = b.History[i-1], b.History[i]
	}
	if rp.Snapshots == nil {
		rp.Snapshots = map[string]map[string]*File{}
	}
	rp.Snapshots[b.Commit] = cloneFiles(b)
	return b.Commit
}
