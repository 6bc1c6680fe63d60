package githubtest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// State renders a repository's state (and every Projects v2 board) as
// text, one line per thing, without the ids the fake hands out: two runs
// that made the same writes render the same, whatever failed in between.
// Branch heads are left out (a commit's sha counts commits); file contents
// are in.
func (s *Server) State(owner, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	rp := s.repos[owner+"/"+name]
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	for _, bn := range sortedKeys(rp.Branches) {
		b := rp.Branches[bn]
		for _, p := range sortedKeys(b.Files) {
			add("file %s:%s %s", bn, p, short(b.Files[p].Content))
		}
	}
	for _, l := range sortedKeys(rp.Labels) {
		lb := rp.Labels[l]
		add("label %q %s %q", lb.Name, lb.Color, lb.Description)
	}
	byID := map[int64]int{}
	for _, is := range rp.Issues {
		byID[is.ID] = is.Number
	}
	for _, n := range sortedKeys(rp.Issues) {
		is := rp.Issues[n]
		labels := append([]string(nil), is.Labels...)
		sort.Strings(labels)
		var subs []int
		for _, id := range is.SubIssues {
			subs = append(subs, byID[id])
		}
		add("issue #%d pull=%v %s/%s by %s %q labels=%q subs=%v parent=#%d body %s", n, is.IsPull, is.State, is.StateReason, is.User, is.Title, labels, subs, byID[is.ParentID], short(is.Body))
	}
	for _, c := range sortedComments(rp) {
		var rs []string
		for _, r := range c.Reactions {
			rs = append(rs, r.User+":"+r.Content)
		}
		sort.Strings(rs)
		add("comment #%d by %s %s reactions=%v", c.Issue, c.User, short(c.Body), rs)
	}
	for _, cr := range rp.CheckRuns {
		anns, _ := json.Marshal(cr.Annotations)
		add("check run %q on %s %s/%s %q summary %s text %s annotations %d %s", cr.Name, cr.HeadSHA, cr.Status, cr.Conclusion, cr.Title, short(cr.Summary), short(cr.Text), len(cr.Annotations), short(string(anns)))
	}
	for _, n := range sortedKeys(rp.Pulls) {
		p := rp.Pulls[n]
		add("pull #%d %s %s->%s %q body %s", n, p.State, p.Head, p.Base, p.Title, short(p.Body))
	}
	if s.gql != nil {
		nodes := map[string]string{}
		for _, r := range s.repos {
			for _, is := range r.Issues {
				nodes[issueNodeID(is)] = fmt.Sprintf("%s/%s#%d", r.Owner, r.Name, is.Number)
			}
		}
		for _, pid := range sortedKeys(s.gql.projects) {
			p := s.gql.projects[pid]
			for _, it := range p.Items {
				var vals []string
				for _, f := range p.Fields {
					if v, ok := it.Values[f.ID]; ok {
						for _, o := range f.Options {
							if o.ID == v {
								v = o.Name
							}
						}
						vals = append(vals, f.Name+"="+v)
					}
				}
				add("card %s %s %v", pid, nodes[it.ContentID], vals)
			}
		}
	}
	return strings.Join(lines, "\n") + "\n"
}

// Duplicates lists what a repository holds twice that mentorbot must
// write once: two issues with one title by one author, two comments with
// one body by one author on one issue, a label twice on an issue, a
// reaction twice, a sub-issue linked twice, two check runs of one name on
// one commit, an annotation twice on a check run, two open pull requests
// from one branch, two cards for one issue on a board.
func (s *Server) Duplicates(owner, name string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	rp := s.repos[owner+"/"+name]
	var out []string
	seen := map[string]bool{}
	dup := func(key string) {
		if seen[key] {
			out = append(out, key)
		}
		seen[key] = true
	}
	for _, n := range sortedKeys(rp.Issues) {
		is := rp.Issues[n]
		dup(fmt.Sprintf("issue %q by %s", is.Title, is.User))
		for _, l := range is.Labels {
			dup(fmt.Sprintf("label %q on #%d", strings.ToLower(l), n))
		}
		for _, id := range is.SubIssues {
			dup(fmt.Sprintf("sub-issue %d of #%d", id, n))
		}
	}
	for _, c := range sortedComments(rp) {
		dup(fmt.Sprintf("comment on #%d by %s: %s", c.Issue, c.User, short(c.Body)))
		for _, r := range c.Reactions {
			dup(fmt.Sprintf("reaction %s by %s on a comment of #%d (%d)", r.Content, r.User, c.Issue, c.ID))
		}
	}
	for _, cr := range rp.CheckRuns {
		dup(fmt.Sprintf("check run %q on %s", cr.Name, cr.HeadSHA))
		for _, a := range cr.Annotations {
			b, _ := json.Marshal(a)
			dup(fmt.Sprintf("annotation of check run %d: %s", cr.ID, b))
		}
	}
	for _, n := range sortedKeys(rp.Pulls) {
		if p := rp.Pulls[n]; p.State == "open" {
			dup(fmt.Sprintf("open pull request from %s", p.Head))
		}
	}
	if s.gql != nil {
		for _, pid := range sortedKeys(s.gql.projects) {
			for _, it := range s.gql.projects[pid].Items {
				dup(fmt.Sprintf("card for %s on %s", it.ContentID, pid))
			}
		}
	}
	return out
}

func sortedComments(rp *Repo) []*Comment {
	var cs []*Comment
	for _, c := range rp.Comments {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].Issue != cs[j].Issue {
			return cs[i].Issue < cs[j].Issue
		}
		return cs[i].ID < cs[j].ID
	})
	return cs
}

func sortedKeys[K int | int64 | string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

// short names a text by its length and a prefix of its sha.
func short(s string) string {
	return fmt.Sprintf("[%d %.10s]", len(s), BlobSHA(s))
}
