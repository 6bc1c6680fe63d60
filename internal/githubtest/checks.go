package githubtest

import (
	"fmt"
	"net/http"
	"sort"
	"unicode/utf8"
)

// Check run limits GitHub enforces (422 beyond them).
const (
	// MaxCheckAnnotations is the most annotations one create or update takes.
	MaxCheckAnnotations = 50
	// MaxCheckText is the most characters of an output's summary or text.
	MaxCheckText = 65535
)

type checkOutput struct {
	Title       string           `json:"title"`
	Summary     string           `json:"summary"`
	Text        string           `json:"text"`
	Annotations []map[string]any `json:"annotations"`
}

// checkOutputError is GitHub's refusal of an output, or "".
func checkOutputError(o *checkOutput) string {
	if o == nil {
		return ""
	}
	if len(o.Annotations) > MaxCheckAnnotations {
		return "Only 50 annotations are allowed per request"
	}
	if utf8.RuneCountInString(o.Summary) > MaxCheckText {
		return fmt.Sprintf("Invalid request.\n\nOnly %d characters are allowed; %d were supplied. (summary)", MaxCheckText, utf8.RuneCountInString(o.Summary))
	}
	if utf8.RuneCountInString(o.Text) > MaxCheckText {
		return fmt.Sprintf("Invalid request.\n\nOnly %d characters are allowed; %d were supplied. (text)", MaxCheckText, utf8.RuneCountInString(o.Text))
	}
	return ""
}

func (s *Server) createCheckRun(w http.ResponseWriter, r *http.Request, rp *Repo) {
	var req struct {
		Name       string       `json:"name"`
		HeadSHA    string       `json:"head_sha"`
		Status     string       `json:"status"`
		Conclusion string       `json:"conclusion"`
		Output     *checkOutput `json:"output"`
	}
	if !decode(w, r, &req) {
		return
	}
	if msg := checkOutputError(req.Output); msg != "" {
		writeError(w, 422, msg)
		return
	}
	if req.Status == "" {
		req.Status = "queued"
	}
	if req.Conclusion != "" {
		req.Status = "completed"
	}
	cr := &CheckRun{ID: s.id(), Name: req.Name, HeadSHA: req.HeadSHA, Status: req.Status, Conclusion: req.Conclusion}
	if req.Output != nil {
		cr.Title, cr.Summary, cr.Text, cr.Annotations = req.Output.Title, req.Output.Summary, req.Output.Text, req.Output.Annotations
	}
	rp.CheckRuns = append(rp.CheckRuns, cr)
	writeJSON(w, 201, checkRunJSON(rp, cr))
}

func (rp *Repo) checkRun(w http.ResponseWriter, r *http.Request) *CheckRun {
	var id int64
	fmt.Sscan(r.PathValue("id"), &id)
	for _, c := range rp.CheckRuns {
		if c.ID == id {
			return c
		}
	}
	writeError(w, 404, "Not Found")
	return nil
}

func (s *Server) updateCheckRun(w http.ResponseWriter, r *http.Request, rp *Repo) {
	cr := rp.checkRun(w, r)
	if cr == nil {
		return
	}
	var req struct {
		Status     string       `json:"status"`
		Conclusion string       `json:"conclusion"`
		Output     *checkOutput `json:"output"`
	}
	if !decode(w, r, &req) {
		return
	}
	if msg := checkOutputError(req.Output); msg != "" {
		writeError(w, 422, msg)
		return
	}
	if req.Status != "" {
		cr.Status = req.Status
	}
	if req.Conclusion != "" {
		cr.Status, cr.Conclusion = "completed", req.Conclusion
	}
	if req.Output != nil {
		cr.Title, cr.Summary, cr.Text = req.Output.Title, req.Output.Summary, req.Output.Text
		// Annotations are appended: an update never removes one.
		cr.Annotations = append(cr.Annotations, req.Output.Annotations...)
	}
	writeJSON(w, 200, checkRunJSON(rp, cr))
}

func checkRunJSON(rp *Repo, c *CheckRun) map[string]any {
	return map[string]any{"id": c.ID, "name": c.Name, "head_sha": c.HeadSHA, "status": c.Status, "conclusion": c.Conclusion,
		"html_url": fmt.Sprintf("https://github.com/%s/%s/runs/%d", rp.Owner, rp.Name, c.ID),
		"output":   map[string]any{"title": c.Title, "summary": c.Summary, "text": c.Text, "annotations_count": len(c.Annotations)}}
}

func (s *Server) getCheckRun(w http.ResponseWriter, r *http.Request, rp *Repo) {
	if cr := rp.checkRun(w, r); cr != nil {
		writeJSON(w, 200, checkRunJSON(rp, cr))
	}
}

// listAnnotations lists a check run's annotations in the order they were
// added, paginated.
func (s *Server) listAnnotations(w http.ResponseWriter, r *http.Request, rp *Repo) {
	cr := rp.checkRun(w, r)
	if cr == nil {
		return
	}
	out := []map[string]any{}
	for _, a := range cr.Annotations {
		m := map[string]any{}
		for k, v := range a {
			m[k] = v
		}
		out = append(out, m)
	}
	writeJSON(w, 200, paginate(w, r, out))
}

// listCheckRuns lists a commit's check runs, newest first. As on GitHub,
// filter=latest (the default) keeps only the newest run of each name;
// filter=all lists every one.
func (s *Server) listCheckRuns(w http.ResponseWriter, r *http.Request, rp *Repo) {
	q := r.URL.Query()
	name, all := q.Get("check_name"), q.Get("filter") == "all"
	var runs []*CheckRun
	seen := map[string]bool{}
	for i := len(rp.CheckRuns) - 1; i >= 0; i-- {
		c := rp.CheckRuns[i]
		if c.HeadSHA != r.PathValue("ref") || (name != "" && c.Name != name) || (!all && seen[c.Name]) {
			continue
		}
		seen[c.Name] = true
		runs = append(runs, c)
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].ID > runs[j].ID })
	out := []map[string]any{}
	for _, c := range paginate(w, r, runs) {
		out = append(out, checkRunJSON(rp, c))
	}
	writeJSON(w, 200, map[string]any{"total_count": len(runs), "check_runs": out})
}
