package githubtest

import (
	"net/http"
	"strings"
)

// deleteRef deletes a branch: DELETE /repos/{o}/{r}/git/refs/heads/{name}.
// A branch that does not exist is GitHub's 422 "Reference does not exist".
func (s *Server) deleteRef(w http.ResponseWriter, r *http.Request, rp *Repo) {
	name, ok := strings.CutPrefix(r.PathValue("ref"), "heads/")
	if _, exists := rp.Branches[name]; !ok || !exists {
		writeError(w, 422, "Reference does not exist")
		return
	}
	if name == rp.DefaultBranch {
		writeError(w, 422, "Cannot delete the default branch")
		return
	}
	delete(rp.Branches, name)
	w.WriteHeader(http.StatusNoContent)
}

// HasBranch reports whether the repository has branch name.
func (s *Server) HasBranch(owner, name, branch string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.repos[owner+"/"+name].Branches[branch]
	return ok
}

// MergePull merges open pull request number as GitHub's merge button
// does, without counting as an API call: the base branch gets every file
// of the head branch, the pull request is closed, and the head branch is
// left in place (deleting it is the bot's job). It returns the base's
// commit before the merge (pull_request.base.sha of the closed event), and
// keeps that commit readable by sha (as the branch "merge-base-<sha>").
func (s *Server) MergePull(owner, name string, number int) (baseSHA string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rp := s.repos[owner+"/"+name]
	p := rp.Pulls[number]
	head, base := rp.Branches[p.Head], rp.Branches[p.Base]
	baseSHA = base.Commit
	rp.Branches["merge-base-"+baseSHA] = &Branch{Files: cloneFiles(base), Commit: baseSHA}
	for path, f := range head.Files {
		if old, ok := base.Files[path]; !ok || old.SHA != f.SHA {
			cp := *f
			base.Files[path] = &cp
		}
	}
	base.Commit = commitSHA(base, "merge #"+p.Head)
	p.State = "closed"
	if is, ok := rp.Issues[number]; ok {
		is.State = "closed"
	}
	return baseSHA
}
