package githubtest

import (
	"fmt"
	"sort"
	"strings"
)

// GitHub Discussions over the fake's GraphQL endpoint: a repository's id
// and discussionCategories, repository.discussions (filtered by
// categoryId, newest first) and repository.discussion(number), a
// discussion's fields (id, number, title, body, closed, url, category,
// author, as GitHub's GraphQL answers them: a bot's login without
// "[bot]", typed Bot), and the mutations createDiscussion,
// updateDiscussion and closeDiscussion. Discussions share the
// repository's numbers with its issues, as on GitHub.

// Discussion is a repository discussion.
type Discussion struct {
	ID         string
	Number     int
	CategoryID string
	Title      string
	Body       string
	// User is the author's REST login ("mentorbot[bot]" for an App).
	User        string
	Closed      bool
	CloseReason string // RESOLVED, OUTDATED, DUPLICATE
	// Edits counts updateDiscussion calls that changed it.
	Edits int
}

// DiscussionCategory is a repository's discussion category.
type DiscussionCategory struct{ ID, Name, Slug string }

type repoDiscussions struct {
	categories []DiscussionCategory
	list       []*Discussion // creation order
}

func (s *Server) discussionsOf(owner, name string) *repoDiscussions {
	g := s.gqlState()
	if g.discussions == nil {
		g.discussions = map[string]*repoDiscussions{}
	}
	k := strings.ToLower(owner + "/" + name)
	if g.discussions[k] == nil {
		g.discussions[k] = &repoDiscussions{}
	}
	return g.discussions[k]
}

// AddDiscussionCategory adds a category to the repository's Discussions
// and returns its node id.
func (s *Server) AddDiscussionCategory(owner, name, category string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := fmt.Sprintf("DIC_%d", s.id())
	rd := s.discussionsOf(owner, name)
	rd.categories = append(rd.categories, DiscussionCategory{ID: id, Name: category, Slug: strings.ToLower(strings.ReplaceAll(category, " ", "-"))})
	return id
}

// SeedDiscussion stores a discussion as someone wrote it (User, Title,
// Body, CategoryID) and returns a copy with its id and number.
func (s *Server) SeedDiscussion(owner, name string, d Discussion) Discussion {
	s.mu.Lock()
	defer s.mu.Unlock()
	return *s.newDiscussion(s.repos[owner+"/"+name], d)
}

func (s *Server) newDiscussion(r *Repo, d Discussion) *Discussion {
	d.Number = r.nextNumber
	r.nextNumber++
	d.ID = fmt.Sprintf("D_%d", s.id())
	rd := s.discussionsOf(r.Owner, r.Name)
	rd.list = append(rd.list, &d)
	return &d
}

// Discussions returns copies of the repository's discussions, oldest first.
func (s *Server) Discussions(owner, name string) []Discussion {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Discussion
	for _, d := range s.discussionsOf(owner, name).list {
		out = append(out, *d)
	}
	return out
}

func repoNodeID(r *Repo) string { return fmt.Sprintf("R_%d", r.ID) }

func (s *Server) discussionByNode(id string) *gqlDiscussion {
	for _, r := range s.repos {
		for _, d := range s.discussionsOf(r.Owner, r.Name).list {
			if d.ID == id {
				return &gqlDiscussion{r: r, d: d}
			}
		}
	}
	return nil
}

// gqlObject is a fake type that resolves its own fields (new object types
// live in their own files).
type gqlObject interface {
	gqlType() string
	gqlResolve(s *Server, name string, args map[string]any) (any, error)
}

type gqlDiscussion struct {
	r *Repo
	d *Discussion
}

func (gqlDiscussion) gqlType() string { return "Discussion" }

func (o gqlDiscussion) gqlResolve(s *Server, name string, args map[string]any) (any, error) {
	d := o.d
	switch name {
	case "id":
		return d.ID, nil
	case "number":
		return d.Number, nil
	case "title":
		return d.Title, nil
	case "body":
		return d.Body, nil
	case "closed":
		return d.Closed, nil
	case "url":
		return fmt.Sprintf("https://github.com/%s/%s/discussions/%d", o.r.Owner, o.r.Name, d.Number), nil
	case "category":
		for _, c := range s.discussionsOf(o.r.Owner, o.r.Name).categories {
			if c.ID == d.CategoryID {
				return gqlMap{"DiscussionCategory", map[string]any{"id": c.ID, "name": c.Name, "slug": c.Slug}}, nil
			}
		}
		return nil, nil
	case "author":
		if login, ok := strings.CutSuffix(d.User, "[bot]"); ok {
			return gqlMap{"Bot", map[string]any{"login": login}}, nil
		}
		return gqlMap{"User", map[string]any{"login": d.User}}, nil
	}
	return nil, unknown(o, name)
}

// resolveRepoDiscussions serves a repository's discussion fields; ok is
// false for any other field.
func (s *Server) resolveRepoDiscussions(r *Repo, name string, args map[string]any) (any, bool, error) {
	rd := s.discussionsOf(r.Owner, r.Name)
	switch name {
	case "id":
		return repoNodeID(r), true, nil
	case "hasDiscussionsEnabled":
		return len(rd.categories) > 0, true, nil
	case "discussionCategories":
		var nodes []any
		for _, c := range rd.categories {
			nodes = append(nodes, gqlMap{"DiscussionCategory", map[string]any{"id": c.ID, "name": c.Name, "slug": c.Slug}})
		}
		v, err := connection("DiscussionCategoryConnection", nodes, args)
		return v, true, err
	case "discussions":
		cat, _ := args["categoryId"].(string)
		list := append([]*Discussion(nil), rd.list...)
		sort.SliceStable(list, func(i, j int) bool { return list[i].Number > list[j].Number }) // newest first
		var nodes []any
		for _, d := range list {
			if cat == "" || d.CategoryID == cat {
				nodes = append(nodes, gqlDiscussion{r, d})
			}
		}
		v, err := connection("DiscussionConnection", nodes, args)
		return v, true, err
	case "discussion":
		n := toInt(args["number"])
		for _, d := range rd.list {
			if d.Number == n {
				return gqlDiscussion{r, d}, true, nil
			}
		}
		return nil, true, githubError("Could not resolve to a Discussion with the number of %d.", n)
	}
	return nil, false, nil
}

// discussionMutation applies createDiscussion, updateDiscussion and
// closeDiscussion; ok is false for any other mutation.
func (s *Server) discussionMutation(name string, in map[string]any) (any, bool, error) {
	str := func(k string) string { v, _ := in[k].(string); return v }
	payload := func(kind string, o *gqlDiscussion) (any, bool, error) {
		return gqlMap{kind, map[string]any{"discussion": *o}}, true, nil
	}
	switch name {
	case "createDiscussion":
		var r *Repo
		for _, x := range s.repos {
			if repoNodeID(x) == str("repositoryId") {
				r = x
			}
		}
		if r == nil {
			return nil, true, githubError("Could not resolve to a node with the global id of '%s'", str("repositoryId"))
		}
		found := false
		for _, c := range s.discussionsOf(r.Owner, r.Name).categories {
			found = found || c.ID == str("categoryId")
		}
		if !found {
			return nil, true, githubError("Could not resolve to a node with the global id of '%s'", str("categoryId"))
		}
		if strings.TrimSpace(str("title")) == "" || strings.TrimSpace(str("body")) == "" {
			return nil, true, githubError("Title can't be blank, Body can't be blank")
		}
		d := s.newDiscussion(r, Discussion{CategoryID: str("categoryId"), Title: str("title"), Body: str("body"), User: s.Login})
		return payload("CreateDiscussionPayload", &gqlDiscussion{r, d})
	case "updateDiscussion", "closeDiscussion":
		o := s.discussionByNode(str("discussionId"))
		if o == nil {
			return nil, true, githubError("Could not resolve to a node with the global id of '%s'", str("discussionId"))
		}
		if o.d.User != s.Login && name == "updateDiscussion" {
			return nil, true, githubError("%s does not have permission to update discussion %s", s.Login, o.d.ID)
		}
		if name == "closeDiscussion" {
			o.d.Closed, o.d.CloseReason = true, str("reason")
			if o.d.CloseReason == "" {
				o.d.CloseReason = "RESOLVED"
			}
			return payload("CloseDiscussionPayload", o)
		}
		changed := false
		if t, ok := in["title"].(string); ok && t != o.d.Title {
			o.d.Title, changed = t, true
		}
		if b, ok := in["body"].(string); ok && b != o.d.Body {
			o.d.Body, changed = b, true
		}
		if changed {
			o.d.Edits++
		}
		return payload("UpdateDiscussionPayload", o)
	}
	return nil, false, nil
}
