package githubtest

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"time"
)

// Fault makes the fake misbehave on matching requests. Route is
// "METHOD /pattern" as in Calls; Times is how many matching requests are
// affected (0 means 1). With Status set the request fails with that status,
// headers and body; with Before set the function runs (outside the lock)
// before the request is handled normally, e.g. to simulate a concurrent edit.
// With Path set, only requests whose URL path contains Path match (one file
// of the contents route, say). A Body that starts with "{" is sent as it is;
// any other is the message of a GitHub error object.
//
// With After set the request is handled normally first (the write is
// applied), and then answered with the fault instead of the real answer:
// a GitHub that applied a write but whose answer was lost. With Drop set
// the connection is closed with no answer at all (a timeout, a reset):
// before the request is handled, or after it, with After.
type Fault struct {
	Route  string
	Path   string
	Status int
	Header map[string]string
	Body   string
	Times  int
	Before func()
	After  bool
	Drop   bool
}

type fault struct {
	Fault
	left int
	kind FaultKind // a Chaos fault's kind
}

// Inject adds a fault. Faults are matched in the order they were added.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := f.Times
	if n <= 0 {
		n = 1
	}
	s.faults = append(s.faults, &fault{Fault: f, left: n})
}

// FaultsLeft returns how many injected failures have not fired yet.
func (s *Server) FaultsLeft() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, f := range s.faults {
		n += f.left
	}
	return n
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	// Go's mux refuses both /issues/comments/{id} and /issues/{number}/x:
	// comments by id get a mux of their own.
	comments := http.NewServeMux()
	h := func(pattern string, fn func(http.ResponseWriter, *http.Request, *Repo)) {
		m := mux
		if strings.Contains(pattern, "/issues/comments/") {
			m = comments
		}
		m.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			s.mu.Lock()
			defer s.mu.Unlock()
			rp := s.repo(w, r)
			if rp == nil {
				return
			}
			fn(w, r, rp)
		})
	}
	h("GET /repos/{owner}/{repo}", s.getRepo)
	h("GET /repos/{owner}/{repo}/contents/{path...}", s.getContents)
	h("PUT /repos/{owner}/{repo}/contents/{path...}", s.putContents)
	h("GET /repos/{owner}/{repo}/git/ref/{ref...}", s.getRef)
	h("GET /repos/{owner}/{repo}/git/trees/{ref...}", s.getTree)
	h("GET /repos/{owner}/{repo}/git/blobs/{sha}", s.getBlob)
	h("POST /repos/{owner}/{repo}/git/refs", s.createRef)
	h("PATCH /repos/{owner}/{repo}/git/refs/{ref...}", s.updateRef)
	h("DELETE /repos/{owner}/{repo}/git/refs/{ref...}", s.deleteRef)
	h("GET /repos/{owner}/{repo}/labels", s.listLabels)
	h("GET /repos/{owner}/{repo}/labels/{name}", s.getLabel)
	h("POST /repos/{owner}/{repo}/labels", s.createLabel)
	h("GET /repos/{owner}/{repo}/issues", s.listIssues)
	h("POST /repos/{owner}/{repo}/issues", s.createIssue)
	h("GET /repos/{owner}/{repo}/issues/{number}", s.getIssue)
	h("PATCH /repos/{owner}/{repo}/issues/{number}", s.editIssue)
	h("GET /repos/{owner}/{repo}/issues/{number}/labels", s.listIssueLabels)
	h("POST /repos/{owner}/{repo}/issues/{number}/labels", s.addIssueLabels)
	h("DELETE /repos/{owner}/{repo}/issues/{number}/labels/{name}", s.removeIssueLabel)
	h("GET /repos/{owner}/{repo}/issues/{number}/comments", s.listComments)
	h("POST /repos/{owner}/{repo}/issues/{number}/comments", s.createComment)
	h("GET /repos/{owner}/{repo}/issues/comments/{id}", s.getComment)
	h("PATCH /repos/{owner}/{repo}/issues/comments/{id}", s.editComment)
	h("POST /repos/{owner}/{repo}/issues/comments/{id}/reactions", s.createReaction)
	h("GET /repos/{owner}/{repo}/issues/{number}/sub_issues", s.listSubIssues)
	h("POST /repos/{owner}/{repo}/issues/{number}/sub_issues", s.addSubIssue)
	h("GET /repos/{owner}/{repo}/collaborators/{user}/permission", s.getPermission)
	h("POST /repos/{owner}/{repo}/check-runs", s.createCheckRun)
	h("PATCH /repos/{owner}/{repo}/check-runs/{id}", s.updateCheckRun)
	h("GET /repos/{owner}/{repo}/check-runs/{id}", s.getCheckRun)
	h("GET /repos/{owner}/{repo}/check-runs/{id}/annotations", s.listAnnotations)
	h("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", s.listCheckRuns)
	h("GET /repos/{owner}/{repo}/commits", s.listCommits)
	h("GET /repos/{owner}/{repo}/installation", s.getRepoInstallation)
	h("GET /repos/{owner}/{repo}/pulls", s.listPulls)
	h("POST /repos/{owner}/{repo}/pulls", s.createPull)
	h("PATCH /repos/{owner}/{repo}/pulls/{number}", s.editPull)
	h("GET /repos/{owner}/{repo}/pulls/{number}/files", s.listPullFiles)
	mux.HandleFunc("POST /app/installations/{id}/access_tokens", s.createInstallationToken)
	mux.HandleFunc("GET /app", s.getApp)
	s.hookRoutes(mux)    // hooks.go
	s.graphqlRoutes(mux) // graphql.go
	return s.wrap(mux, comments)
}

// wrap counts requests, records auth headers and fires faults.
func (s *Server) wrap(main, comments *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mux := main
		if strings.Contains(r.URL.Path, "/issues/comments/") {
			mux = comments
		}
		_, pattern := mux.Handler(r)
		key := pattern
		if key == "" {
			key = r.Method + " " + r.URL.Path
		}
		s.mu.Lock()
		s.calls[key]++
		s.log = append(s.log, r.Method+" "+r.URL.Path)
		if a := r.Header.Get("Authorization"); a != "" {
			s.AuthHeaders = append(s.AuthHeaders, a)
		}
		if n := s.LogLimit; n > 0 && len(s.log) > 2*n {
			s.log = append([]string(nil), s.log[len(s.log)-n:]...)
			s.AuthHeaders = append([]string(nil), s.AuthHeaders[max(0, len(s.AuthHeaders)-n):]...)
		}
		var hit *fault
		for _, f := range s.faults {
			if f.left > 0 && f.Route == key && strings.Contains(r.URL.Path, f.Path) {
				f.left--
				hit = f
				break
			}
		}
		if hit == nil {
			if hit = s.chaosFault(key); hit != nil {
				s.log[len(s.log)-1] += " [" + string(hit.kind) + "]"
			}
		}
		s.mu.Unlock()
		if hit != nil {
			if hit.Before != nil {
				hit.Before()
			}
			if hit.After && (hit.Status != 0 || hit.Drop) {
				// Apply the request, throw its answer away.
				mux.ServeHTTP(httptest.NewRecorder(), r)
			}
			if hit.Drop {
				dropConnection(w)
				return
			}
			if hit.Status != 0 {
				for k, v := range hit.Header {
					w.Header().Set(k, v)
				}
				body := hit.Body
				if body == "" {
					body = http.StatusText(hit.Status)
				}
				if strings.HasPrefix(body, "{") {
					// A JSON body is the answer as it is (an error
					// object, or a 200 GitHub would give).
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(hit.Status)
					io.WriteString(w, body)
					return
				}
				writeError(w, hit.Status, body)
				return
			}
		}
		if r.Method != http.MethodGet {
			mux.ServeHTTP(w, r)
			return
		}
		s.conditional(w, r, mux)
	})
}

// conditional serves a GET as GitHub does: with an ETag, and with 304 Not
// Modified and no body when If-None-Match names the current one (a 304
// does not count against GitHub's rate limit; NotModified counts them).
func (s *Server) conditional(w http.ResponseWriter, r *http.Request, mux http.Handler) {
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	if rec.Code != http.StatusOK {
		w.WriteHeader(rec.Code)
		w.Write(body)
		return
	}
	etag := `"` + BlobSHA(r.URL.RequestURI()+"\x00"+string(body)) + `"`
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		s.mu.Lock()
		s.notModified++
		s.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

func (s *Server) getRepo(w http.ResponseWriter, r *http.Request, rp *Repo) {
	writeJSON(w, 200, map[string]any{
		"id": rp.ID, "name": rp.Name, "full_name": rp.Owner + "/" + rp.Name,
		"owner":          map[string]any{"login": rp.Owner},
		"default_branch": rp.DefaultBranch,
	})
}

func (rp *Repo) branch(r *http.Request) (*Branch, string) {
	ref := r.URL.Query().Get("ref")
	if ref == "" {
		ref = rp.DefaultBranch
	}
	ref = strings.TrimPrefix(ref, "refs/heads/")
	if b, ok := rp.Branches[ref]; ok {
		return b, ref
	}
	if files, ok := rp.Snapshots[ref]; ok {
		return &Branch{Files: files, Commit: ref}, ref
	}
	// A commit sha: the fake has no history, so any branch at that commit.
	for name, b := range rp.Branches {
		if b.Commit == ref {
			return b, name
		}
	}
	return nil, ref
}

func fileJSON(path string, f *File) map[string]any {
	name := path[strings.LastIndex(path, "/")+1:]
	return map[string]any{
		"type": "file", "name": name, "path": path, "sha": f.SHA, "size": len(f.Content),
		"encoding": "base64", "content": base64.StdEncoding.EncodeToString([]byte(f.Content)),
	}
}

func (s *Server) getContents(w http.ResponseWriter, r *http.Request, rp *Repo) {
	b, _ := rp.branch(r)
	if b == nil {
		writeError(w, 404, "No commit found for the ref")
		return
	}
	path := strings.Trim(r.PathValue("path"), "/")
	if f, ok := b.Files[path]; ok {
		if strings.Contains(r.Header.Get("Accept"), "vnd.github.raw") {
			w.WriteHeader(200)
			io.WriteString(w, f.Content)
			return
		}
		writeJSON(w, 200, fileJSON(path, f))
		return
	}
	// A directory: list its direct children.
	seen := map[string]map[string]any{}
	prefix := path + "/"
	if path == "" {
		prefix = ""
	}
	for p, f := range b.Files {
		if !strings.HasPrefix(p, prefix) {
			continue
		}
		rest := strings.TrimPrefix(p, prefix)
		if i := strings.Index(rest, "/"); i >= 0 {
			name := rest[:i]
			seen[name] = map[string]any{"type": "dir", "name": name, "path": prefix + name, "sha": "d-" + name}
		} else {
			seen[rest] = map[string]any{"type": "file", "name": rest, "path": p, "sha": f.SHA, "size": len(f.Content)}
		}
	}
	if len(seen) == 0 {
		writeError(w, 404, "Not Found")
		return
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]map[string]any, 0, len(names))
	for _, n := range names {
		out = append(out, seen[n])
	}
	writeJSON(w, 200, out)
}

func (s *Server) putContents(w http.ResponseWriter, r *http.Request, rp *Repo) {
	var req struct {
		Message string `json:"message"`
		Content string `json:"content"`
		SHA     string `json:"sha"`
		Branch  string `json:"branch"`
	}
	if !decode(w, r, &req) {
		return
	}
	branch := req.Branch
	if branch == "" {
		branch = rp.DefaultBranch
	}
	b, ok := rp.Branches[branch]
	if !ok {
		writeError(w, 404, "Branch not found")
		return
	}
	if req.Message == "" {
		writeError(w, 422, "Invalid request.\n\n\"message\" wasn't supplied.")
		return
	}
	content, err := base64.StdEncoding.DecodeString(req.Content)
	if err != nil {
		writeError(w, 422, "content is not valid Base64")
		return
	}
	path := strings.Trim(r.PathValue("path"), "/")
	cur, exists := b.Files[path]
	switch {
	case exists && req.SHA == "":
		writeError(w, 422, "Invalid request.\n\n\"sha\" wasn't supplied.")
		return
	case exists && req.SHA != cur.SHA, !exists && req.SHA != "":
		writeError(w, 409, fmt.Sprintf("%s does not match %s", path, req.SHA))
		return
	}
	f := &File{Content: string(content), SHA: BlobSHA(string(content))}
	b.Files[path] = f
	b.Commit = commitSHA(b, path)
	b.History = append(b.History, Commit{SHA: b.Commit, Message: req.Message, Path: path, Date: time.Now().UTC()})
	status := 200
	if !exists {
		status = 201
	}
	writeJSON(w, status, map[string]any{
		"content": fileJSON(path, f),
		"commit":  map[string]any{"sha": b.Commit, "message": req.Message},
	})
}

func refJSON(name string, b *Branch) map[string]any {
	return map[string]any{"ref": "refs/heads/" + name, "object": map[string]any{"sha": b.Commit, "type": "commit"}}
}

func (s *Server) getRef(w http.ResponseWriter, r *http.Request, rp *Repo) {
	name := strings.TrimPrefix(r.PathValue("ref"), "heads/")
	b, ok := rp.Branches[name]
	if !ok {
		writeError(w, 404, "Not Found")
		return
	}
	writeJSON(w, 200, refJSON(name, b))
}

func (rp *Repo) branchAt(sha string) *Branch {
	for _, b := range rp.Branches {
		if b.Commit == sha {
			return b
		}
	}
	return nil
}

func cloneFiles(from *Branch) map[string]*File {
	files := make(map[string]*File, len(from.Files))
	for p, f := range from.Files {
		cp := *f
		files[p] = &cp
	}
	return files
}

func (s *Server) createRef(w http.ResponseWriter, r *http.Request, rp *Repo) {
	var req struct {
		Ref string `json:"ref"`
		SHA string `json:"sha"`
	}
	if !decode(w, r, &req) {
		return
	}
	name := strings.TrimPrefix(req.Ref, "refs/heads/")
	if _, ok := rp.Branches[name]; ok {
		writeError(w, 422, "Reference already exists")
		return
	}
	from := rp.branchAt(req.SHA)
	if from == nil {
		writeError(w, 422, "Object does not exist")
		return
	}
	b := &Branch{Files: cloneFiles(from), Commit: from.Commit}
	rp.Branches[name] = b
	writeJSON(w, 201, refJSON(name, b))
}

func (s *Server) updateRef(w http.ResponseWriter, r *http.Request, rp *Repo) {
	var req struct {
		SHA   string `json:"sha"`
		Force bool   `json:"force"`
	}
	if !decode(w, r, &req) {
		return
	}
	name := strings.TrimPrefix(r.PathValue("ref"), "heads/")
	b, ok := rp.Branches[name]
	from := rp.branchAt(req.SHA)
	if !ok || from == nil {
		writeError(w, 422, "Reference does not exist")
		return
	}
	b.Files, b.Commit = cloneFiles(from), from.Commit
	writeJSON(w, 200, refJSON(name, b))
}

func labelJSON(l *Label) map[string]any {
	return map[string]any{"id": l.ID, "name": l.Name, "color": l.Color, "description": l.Description}
}

func (s *Server) listLabels(w http.ResponseWriter, r *http.Request, rp *Repo) {
	var all []*Label
	for _, l := range rp.Labels {
		all = append(all, l)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	var out []map[string]any
	for _, l := range paginate(w, r, all) {
		out = append(out, labelJSON(l))
	}
	if out == nil {
		out = []map[string]any{}
	}
	writeJSON(w, 200, out)
}

func (s *Server) getLabel(w http.ResponseWriter, r *http.Request, rp *Repo) {
	l, ok := rp.Labels[strings.ToLower(r.PathValue("name"))]
	if !ok {
		writeError(w, 404, "Not Found")
		return
	}
	writeJSON(w, 200, labelJSON(l))
}

func (s *Server) createLabel(w http.ResponseWriter, r *http.Request, rp *Repo) {
	var req struct {
		Name        string `json:"name"`
		Color       string `json:"color"`
		Description string `json:"description"`
	}
	if !decode(w, r, &req) {
		return
	}
	if _, ok := rp.Labels[strings.ToLower(req.Name)]; ok {
		writeJSON(w, 422, map[string]any{"message": "Validation Failed", "errors": []map[string]string{{"resource": "Label", "code": "already_exists", "field": "name"}}})
		return
	}
	l := &Label{ID: s.id(), Name: req.Name, Color: req.Color, Description: req.Description}
	rp.Labels[strings.ToLower(req.Name)] = l
	writeJSON(w, 201, labelJSON(l))
}

func (s *Server) issueJSON(rp *Repo, is *Issue) map[string]any {
	var labels []map[string]any
	for _, name := range is.Labels {
		labels = append(labels, labelJSON(rp.ensureLabel(s, name)))
	}
	if labels == nil {
		labels = []map[string]any{}
	}
	out := map[string]any{
		"id": is.ID, "node_id": issueNodeID(is), "number": is.Number, "title": is.Title, "body": is.Body,
		"state": is.State, "labels": labels, "user": map[string]any{"login": is.User},
		"html_url":   fmt.Sprintf("https://github.com/%s/%s/issues/%d", rp.Owner, rp.Name, is.Number),
		"created_at": is.CreatedAt.UTC().Format(time.RFC3339),
	}
	if is.StateReason != "" {
		out["state_reason"] = is.StateReason
	}
	// GitHub's issue objects summarise their sub-issues.
	out["sub_issues_summary"] = map[string]any{"total": len(is.SubIssues), "completed": 0, "percent_completed": 0}
	if is.IsPull {
		out["pull_request"] = map[string]any{"url": "x"}
	}
	return out
}

func (s *Server) listIssues(w http.ResponseWriter, r *http.Request, rp *Repo) {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	var want []string
	if l := q.Get("labels"); l != "" {
		want = strings.Split(l, ",")
	}
	var all []*Issue
	for _, is := range rp.Issues {
		if state != "all" && is.State != state {
			continue
		}
		if hasAll(is.Labels, want) {
			all = append(all, is)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Number > all[j].Number })
	out := []map[string]any{}
	for _, is := range paginate(w, r, all) {
		out = append(out, s.issueJSON(rp, is))
	}
	writeJSON(w, 200, out)
}

func hasAll(have, want []string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if strings.EqualFold(h, strings.TrimSpace(w)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (s *Server) createIssue(w http.ResponseWriter, r *http.Request, rp *Repo) {
	var req struct {
		Title  string   `json:"title"`
		Body   string   `json:"body"`
		Labels []string `json:"labels"`
	}
	if !decode(w, r, &req) {
		return
	}
	if req.Title == "" {
		writeError(w, 422, "title is missing")
		return
	}
	is := &Issue{ID: s.id(), Number: rp.nextNumber, Title: req.Title, Body: req.Body, State: "open", User: s.Login, CreatedAt: time.Unix(1700000000+s.nextID, 0)}
	rp.nextNumber++
	for _, l := range req.Labels {
		is.Labels = append(is.Labels, rp.ensureLabel(s, l).Name)
	}
	rp.Issues[is.Number] = is
	writeJSON(w, 201, s.issueJSON(rp, is))
}

func (rp *Repo) issue(w http.ResponseWriter, r *http.Request) *Issue {
	is, ok := rp.Issues[intValue(r, "number")]
	if !ok {
		writeError(w, 404, "Not Found")
		return nil
	}
	return is
}

func (s *Server) getIssue(w http.ResponseWriter, r *http.Request, rp *Repo) {
	if is := rp.issue(w, r); is != nil {
		writeJSON(w, 200, s.issueJSON(rp, is))
	}
}

func (s *Server) editIssue(w http.ResponseWriter, r *http.Request, rp *Repo) {
	is := rp.issue(w, r)
	if is == nil {
		return
	}
	var req struct {
		Title       *string   `json:"title"`
		Body        *string   `json:"body"`
		State       *string   `json:"state"`
		StateReason *string   `json:"state_reason"`
		Labels      *[]string `json:"labels"`
	}
	if !decode(w, r, &req) {
		return
	}
	if req.Title != nil {
		is.Title = *req.Title
	}
	if req.Body != nil {
		is.Body = *req.Body
	}
	if req.State != nil {
		is.State = *req.State
	}
	if req.StateReason != nil {
		is.StateReason = *req.StateReason
	}
	if req.Labels != nil {
		is.Labels = nil
		for _, l := range *req.Labels {
			is.Labels = append(is.Labels, rp.ensureLabel(s, l).Name)
		}
	}
	writeJSON(w, 200, s.issueJSON(rp, is))
}

func (s *Server) listIssueLabels(w http.ResponseWriter, r *http.Request, rp *Repo) {
	is := rp.issue(w, r)
	if is == nil {
		return
	}
	out := []map[string]any{}
	for _, name := range is.Labels {
		out = append(out, labelJSON(rp.ensureLabel(s, name)))
	}
	writeJSON(w, 200, out)
}

func (s *Server) addIssueLabels(w http.ResponseWriter, r *http.Request, rp *Repo) {
	is := rp.issue(w, r)
	if is == nil {
		return
	}
	var names []string
	if !decode(w, r, &names) {
		return
	}
	for _, n := range names {
		l := rp.ensureLabel(s, n)
		if !hasAll(is.Labels, []string{l.Name}) {
			is.Labels = append(is.Labels, l.Name)
		}
	}
	s.listIssueLabels(w, r, rp)
}

func (s *Server) removeIssueLabel(w http.ResponseWriter, r *http.Request, rp *Repo) {
	is := rp.issue(w, r)
	if is == nil {
		return
	}
	name := r.PathValue("name")
	for i, l := range is.Labels {
		if strings.EqualFold(l, name) {
			is.Labels = append(is.Labels[:i:i], is.Labels[i+1:]...)
			s.listIssueLabels(w, r, rp)
			return
		}
	}
	writeError(w, 404, "Label does not exist")
}

func commentJSON(rp *Repo, c *Comment) map[string]any {
	return map[string]any{
		"id": c.ID, "body": c.Body, "user": map[string]any{"login": c.User},
		"html_url": fmt.Sprintf("https://github.com/%s/%s/issues/%d#issuecomment-%d", rp.Owner, rp.Name, c.Issue, c.ID),
	}
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request, rp *Repo) {
	n := intValue(r, "number")
	if _, ok := rp.Issues[n]; !ok {
		writeError(w, 404, "Not Found")
		return
	}
	var all []*Comment
	for _, c := range rp.Comments {
		if c.Issue == n {
			all = append(all, c)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	out := []map[string]any{}
	for _, c := range paginate(w, r, all) {
		out = append(out, commentJSON(rp, c))
	}
	writeJSON(w, 200, out)
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request, rp *Repo) {
	is := rp.issue(w, r)
	if is == nil {
		return
	}
	var req struct {
		Body string `json:"body"`
	}
	if !decode(w, r, &req) {
		return
	}
	c := &Comment{ID: s.id(), Issue: is.Number, Body: req.Body, User: s.Login}
	rp.Comments[c.ID] = c
	writeJSON(w, 201, commentJSON(rp, c))
}

func (rp *Repo) comment(w http.ResponseWriter, r *http.Request) *Comment {
	var id int64
	fmt.Sscan(r.PathValue("id"), &id)
	c, ok := rp.Comments[id]
	if !ok {
		writeError(w, 404, "Not Found")
		return nil
	}
	return c
}

func (s *Server) getComment(w http.ResponseWriter, r *http.Request, rp *Repo) {
	if c := rp.comment(w, r); c != nil {
		writeJSON(w, 200, commentJSON(rp, c))
	}
}

func (s *Server) editComment(w http.ResponseWriter, r *http.Request, rp *Repo) {
	c := rp.comment(w, r)
	if c == nil {
		return
	}
	var req struct {
		Body string `json:"body"`
	}
	if !decode(w, r, &req) {
		return
	}
	c.Body = req.Body
	writeJSON(w, 200, commentJSON(rp, c))
}

func (s *Server) createReaction(w http.ResponseWriter, r *http.Request, rp *Repo) {
	c := rp.comment(w, r)
	if c == nil {
		return
	}
	var req struct {
		Content string `json:"content"`
	}
	if !decode(w, r, &req) {
		return
	}
	for _, re := range c.Reactions {
		if re.User == s.Login && re.Content == req.Content {
			writeJSON(w, 200, map[string]any{"id": 1, "content": req.Content})
			return
		}
	}
	c.Reactions = append(c.Reactions, Reaction{User: s.Login, Content: req.Content})
	writeJSON(w, 201, map[string]any{"id": s.id(), "content": req.Content})
}

func (rp *Repo) issueByID(id int64) *Issue {
	for _, is := range rp.Issues {
		if is.ID == id {
			return is
		}
	}
	return nil
}

func (s *Server) listSubIssues(w http.ResponseWriter, r *http.Request, rp *Repo) {
	is := rp.issue(w, r)
	if is == nil {
		return
	}
	out := []map[string]any{}
	for _, id := range paginate(w, r, is.SubIssues) {
		out = append(out, s.issueJSON(rp, rp.issueByID(id)))
	}
	writeJSON(w, 200, out)
}

func (s *Server) addSubIssue(w http.ResponseWriter, r *http.Request, rp *Repo) {
	parent := rp.issue(w, r)
	if parent == nil {
		return
	}
	var req struct {
		SubIssueID int64 `json:"sub_issue_id"`
	}
	if !decode(w, r, &req) {
		return
	}
	child := rp.issueByID(req.SubIssueID)
	switch {
	case child == nil:
		writeError(w, 404, "Sub-issue not found")
		return
	case child.ParentID != 0:
		writeJSON(w, 422, map[string]any{"message": "Validation Failed", "errors": []map[string]string{{"message": "Issue may not contain duplicate sub-issues"}}})
		return
	case child.ID == parent.ID:
		writeError(w, 422, "An issue cannot be its own sub-issue")
		return
	}
	child.ParentID = parent.ID
	parent.SubIssues = append(parent.SubIssues, child.ID)
	writeJSON(w, 201, s.issueJSON(rp, parent))
}

func (s *Server) getPermission(w http.ResponseWriter, r *http.Request, rp *Repo) {
	user := r.PathValue("user")
	perm, ok := rp.Permissions[user]
	if !ok {
		perm = "none"
	}
	role := perm
	// The REST "permission" field folds triage into read and maintain into
	// write; "role_name" keeps the exact role.
	switch perm {
	case "triage":
		perm = "read"
	case "maintain":
		perm = "write"
	}
	writeJSON(w, 200, map[string]any{"permission": perm, "role_name": role, "user": map[string]any{"login": user}})
}

func (s *Server) getRepoInstallation(w http.ResponseWriter, r *http.Request, rp *Repo) {
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		writeError(w, 401, "A JSON web token could not be decoded")
		return
	}
	writeJSON(w, 200, map[string]any{"id": rp.InstallationID, "account": map[string]any{"login": rp.Owner}})
}

func pullJSON(rp *Repo, p *Pull) map[string]any {
	return map[string]any{
		"number": p.Number, "title": p.Title, "body": p.Body, "state": p.State,
		"head":     map[string]any{"ref": p.Head},
		"base":     map[string]any{"ref": p.Base},
		"html_url": fmt.Sprintf("https://github.com/%s/%s/pull/%d", rp.Owner, rp.Name, p.Number),
	}
}

func (s *Server) listPulls(w http.ResponseWriter, r *http.Request, rp *Repo) {
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	head := q.Get("head")
	if i := strings.Index(head, ":"); i >= 0 {
		head = head[i+1:]
	}
	out := []map[string]any{}
	for _, p := range rp.sortedPulls() {
		if (state == "all" || p.State == state) && (head == "" || p.Head == head) {
			out = append(out, pullJSON(rp, p))
		}
	}
	writeJSON(w, 200, out)
}

func (rp *Repo) sortedPulls() []*Pull {
	var ps []*Pull
	for _, p := range rp.Pulls {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Number < ps[j].Number })
	return ps
}

func (s *Server) createPull(w http.ResponseWriter, r *http.Request, rp *Repo) {
	var req struct {
		Title, Body, Head, Base string
	}
	if !decode(w, r, &req) {
		return
	}
	if _, ok := rp.Branches[req.Head]; !ok {
		writeError(w, 422, "head branch does not exist")
		return
	}
	for _, p := range rp.Pulls {
		if p.Head == req.Head && p.State == "open" {
			writeError(w, 422, "A pull request already exists for "+req.Head)
			return
		}
	}
	p := &Pull{Number: rp.nextNumber, Head: req.Head, Base: req.Base, Title: req.Title, Body: req.Body, State: "open"}
	rp.nextNumber++
	rp.Pulls[p.Number] = p
	rp.Issues[p.Number] = &Issue{ID: s.id(), Number: p.Number, Title: p.Title, Body: p.Body, State: "open", User: s.Login, IsPull: true}
	writeJSON(w, 201, pullJSON(rp, p))
}

func (s *Server) editPull(w http.ResponseWriter, r *http.Request, rp *Repo) {
	p, ok := rp.Pulls[intValue(r, "number")]
	if !ok {
		writeError(w, 404, "Not Found")
		return
	}
	var req struct {
		Title *string `json:"title"`
		Body  *string `json:"body"`
	}
	if !decode(w, r, &req) {
		return
	}
	if req.Title != nil {
		p.Title = *req.Title
	}
	if req.Body != nil {
		p.Body = *req.Body
	}
	writeJSON(w, 200, pullJSON(rp, p))
}

func (s *Server) listPullFiles(w http.ResponseWriter, r *http.Request, rp *Repo) {
	files := rp.PullFiles[intValue(r, "number")]
	out := []map[string]any{}
	for _, f := range paginate(w, r, files) {
		out = append(out, map[string]any{"filename": f, "status": "modified"})
	}
	writeJSON(w, 200, out)
}

func (s *Server) getApp(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		writeError(w, 401, "A JSON web token could not be decoded")
		return
	}
	writeJSON(w, 200, map[string]any{"id": 1, "slug": s.AppSlug})
}

// createInstallationToken mints an installation token. The fake accepts any
// bearer JWT: signature checks are ghinstallation's and GitHub's business.
func (s *Server) createInstallationToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
		writeError(w, 401, "A JSON web token could not be decoded")
		return
	}
	var id int64
	fmt.Sscan(r.PathValue("id"), &id)
	tok := fmt.Sprintf("ghs_fake%d_%d", id, s.id())
	s.tokens[tok] = id
	writeJSON(w, 201, map[string]any{"token": tok, "expires_at": time.Now().Add(time.Hour).UTC().Format(time.RFC3339)})
}

// TokensMinted returns how many installation tokens the fake has issued.
func (s *Server) TokensMinted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tokens)
}

// listCommits lists the default branch's (or ?sha= branch's) recorded
// commits, newest first, filtered by ?path= and ?since=.
func (s *Server) listCommits(w http.ResponseWriter, r *http.Request, rp *Repo) {
	q := r.URL.Query()
	name := q.Get("sha")
	if name == "" {
		name = rp.DefaultBranch
	}
	b, ok := rp.Branches[name]
	if !ok {
		writeError(w, 404, "No commit found for SHA: "+name)
		return
	}
	since, _ := time.Parse(time.RFC3339, q.Get("since"))
	until, _ := time.Parse(time.RFC3339, q.Get("until"))
	out := []map[string]any{}
	for i := len(b.History) - 1; i >= 0; i-- {
		c := b.History[i]
		if (q.Get("path") != "" && c.Path != q.Get("path")) || c.Date.Before(since) || (!until.IsZero() && c.Date.After(until)) {
			continue
		}
		out = append(out, map[string]any{"sha": c.SHA, "commit": map[string]any{"message": c.Message,
			"committer": map[string]any{"date": c.Date.Format(time.RFC3339)}}})
	}
	writeJSON(w, 200, paginate(w, r, out))
}

// getTree answers the git trees API for a branch or a branch's head
// commit, recursively: every file and every folder.
func (s *Server) getTree(w http.ResponseWriter, r *http.Request, rp *Repo) {
	ref := strings.TrimPrefix(r.PathValue("ref"), "heads/")
	q := r.URL.Query()
	q.Set("ref", ref)
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = q.Encode()
	b, _ := rp.branch(r2)
	if b == nil {
		writeError(w, 404, "Not Found")
		return
	}
	dirs := map[string]bool{}
	var entries []map[string]any
	paths := make([]string, 0, len(b.Files))
	for p := range b.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		f := b.Files[p]
		for d := p; strings.Contains(d, "/"); {
			d = d[:strings.LastIndex(d, "/")]
			if !dirs[d] {
				dirs[d] = true
				entries = append(entries, map[string]any{"path": d, "mode": "040000", "type": "tree", "sha": BlobSHA("tree " + d)})
			}
		}
		entries = append(entries, map[string]any{"path": p, "mode": "100644", "type": "blob", "sha": f.SHA, "size": len(f.Content)})
	}
	writeJSON(w, 200, map[string]any{"sha": b.Commit, "tree": entries, "truncated": false})
}

// getBlob returns a blob by sha from any branch.
func (s *Server) getBlob(w http.ResponseWriter, r *http.Request, rp *Repo) {
	sha := r.PathValue("sha")
	for _, b := range rp.Branches {
		for _, f := range b.Files {
			if f.SHA == sha {
				writeJSON(w, 200, map[string]any{"sha": sha, "size": len(f.Content), "encoding": "base64",
					"content": base64.StdEncoding.EncodeToString([]byte(f.Content))})
				return
			}
		}
	}
	writeError(w, 404, "Not Found")
}
