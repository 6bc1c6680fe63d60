package githubtest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// The fake's GraphQL endpoint (POST /graphql) serves the part of GitHub's
// schema that Projects v2 boards need: node(id) as a ProjectV2 with its
// fields (single-select options) and items (their field values and
// content), repository.issue with labels, comments and projectItems, and
// the mutations addProjectV2ItemById and updateProjectV2ItemFieldValue.
// Queries are parsed with gqlparser and executed over the stored state;
// a field the fake does not know is an error, as a schema would make it.

// Project is a Projects v2 board.
type Project struct {
	ID, Title string
	Fields    []*ProjectField
	Items     []*ProjectItem
}

// ProjectField is a board field; DataType SINGLE_SELECT has Options.
type ProjectField struct {
	ID, Name, DataType string
	Options            []ProjectOption
}

// ProjectOption is one option of a single-select field.
type ProjectOption struct{ ID, Name string }

// ProjectItem is a card: an issue (ContentID is its node id) and its field
// values, by field id (a single-select value is an option id).
type ProjectItem struct {
	ID, ContentID string
	Values        map[string]string
}

// GraphQLFault makes queries or mutations whose top-level field is Field
// fail with a GraphQL error (status 200, "errors" set, the field null), as
// GitHub reports a missing permission or a bad id. HTTP faults (502, 403)
// go through Inject with Route "POST /graphql".
type GraphQLFault struct {
	Field   string
	Message string
	Times   int
	// Skip lets that many matching requests through first (fail the
	// second query of a run, not the first).
	Skip int
}

type graphqlState struct {
	projects map[string]*Project
	// discussions are each repository's Discussions (discussions.go).
	discussions map[string]*repoDiscussions
	// numbers maps "owner/number" to a board's id (projects_dates.go).
	numbers map[string]string
	faults  []*GraphQLFault
	calls   map[string]int // "query repository", "mutation addProjectV2ItemById"
	queries int
	muts    int
	cost    int
}

func (s *Server) gqlState() *graphqlState {
	if s.gql == nil {
		s.gql = &graphqlState{projects: map[string]*Project{}, calls: map[string]int{}}
	}
	return s.gql
}

// graphqlRoutes registers POST /graphql.
func (s *Server) graphqlRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /graphql", s.serveGraphQL)
}

// AddProject creates a board with a Status single-select field holding
// statuses as options (none: no Status field at all).
func (s *Server) AddProject(id, title string, statuses ...string) *Project {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &Project{ID: id, Title: title}
	s.gqlState().projects[id] = p
	if len(statuses) > 0 {
		s.addField(p, "Status", "SINGLE_SELECT", statuses)
	}
	s.addField(p, "Title", "TITLE", nil)
	return p
}

// AddProjectField adds a field to a board: single-select when options
// are given, text otherwise.
func (s *Server) AddProjectField(projectID, name string, options ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	kind := "TEXT"
	if len(options) > 0 {
		kind = "SINGLE_SELECT"
	}
	s.addField(s.gqlState().projects[projectID], name, kind, options)
}

func (s *Server) addField(p *Project, name, kind string, options []string) {
	f := &ProjectField{ID: fmt.Sprintf("PVTF_%d", s.id()), Name: name, DataType: kind}
	if kind == "SINGLE_SELECT" {
		f.ID = fmt.Sprintf("PVTSSF_%d", s.id())
	}
	for _, o := range options {
		f.Options = append(f.Options, ProjectOption{ID: fmt.Sprintf("%08x", s.id()), Name: o})
	}
	p.Fields = append(p.Fields, f)
}

// IssueNodeID is the GraphQL node id of an issue of the fake.
func (s *Server) IssueNodeID(owner, name string, n int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return issueNodeID(s.repos[owner+"/"+name].Issues[n])
}

func issueNodeID(is *Issue) string { return fmt.Sprintf("I_%d", is.ID) }

// AddProjectItem puts issue n on the board with Status status ("" for
// none; a name that is no option stores a dangling option id, as a
// deleted option leaves) and returns the item id.
func (s *Server) AddProjectItem(projectID, owner, name string, n int, status string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.gqlState().projects[projectID]
	it := &ProjectItem{ID: fmt.Sprintf("PVTI_%d", s.id()), ContentID: issueNodeID(s.repos[owner+"/"+name].Issues[n]), Values: map[string]string{}}
	if f := fieldNamed(p, "Status"); f != nil && status != "" {
		id := "deleted-" + status
		for _, o := range f.Options {
			if o.Name == status {
				id = o.ID
			}
		}
		it.Values[f.ID] = id
	}
	p.Items = append(p.Items, it)
	return it.ID
}

// ProjectStatus returns the Status of issue n's card on the board, and
// whether the issue has a card.
func (s *Server) ProjectStatus(projectID, owner, name string, n int) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.gqlState().projects[projectID]
	id := issueNodeID(s.repos[owner+"/"+name].Issues[n])
	for _, it := range p.Items {
		if it.ContentID != id {
			continue
		}
		f := fieldNamed(p, "Status")
		if f == nil {
			return "", true
		}
		for _, o := range f.Options {
			if o.ID == it.Values[f.ID] {
				return o.Name, true
			}
		}
		return "", true
	}
	return "", false
}

// ProjectItems returns how many cards the board has.
func (s *Server) ProjectItems(projectID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.gqlState().projects[projectID].Items)
}

// InjectGraphQL adds a GraphQL fault (Times 0 means 1).
func (s *Server) InjectGraphQL(f GraphQLFault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Times <= 0 {
		f.Times = 1
	}
	s.gqlState().faults = append(s.gqlState().faults, &f)
}

// GraphQLStats are the GraphQL requests the fake served: queries and
// mutations, per top-level field, and their rate-limit cost by GitHub's
// documented rule (a query: the requests its connections need, assuming
// each returns first/last nodes, divided by 100 and rounded, at least 1; a
// mutation: 1).
type GraphQLStats struct {
	Queries, Mutations, Cost int
	Fields                   map[string]int
}

// GraphQLStats returns the counts since the start or the last ResetCalls.
func (s *Server) GraphQLStats() GraphQLStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.gqlState()
	out := GraphQLStats{Queries: g.queries, Mutations: g.muts, Cost: g.cost, Fields: map[string]int{}}
	for k, v := range g.calls {
		out.Fields[k] = v
	}
	return out
}

// resetGraphQL is called by ResetCalls.
func (s *Server) resetGraphQL() {
	g := s.gqlState()
	g.queries, g.muts, g.cost, g.calls = 0, 0, 0, map[string]int{}
}

func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, 400, "Problems parsing JSON")
		return
	}
	doc, err := parser.ParseQuery(&ast.Source{Input: req.Query})
	if err != nil || len(doc.Operations) != 1 {
		writeJSON(w, 200, map[string]any{"errors": []map[string]any{{"message": fmt.Sprintf("parse error: %v", err)}}})
		return
	}
	op := doc.Operations[0]
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.gqlState()
	kind := string(op.Operation)
	if op.Operation == ast.Mutation {
		g.muts++
		g.cost++
	} else {
		g.queries++
		g.cost += max(1, int(math.Round(float64(connections(op.SelectionSet, 1))/100)))
	}
	ex := &gqlExec{s: s, vars: req.Variables}
	var root any = gqlQuery{}
	if op.Operation == ast.Mutation {
		root = gqlMutation{}
	}
	data := map[string]any{}
	for _, sel := range op.SelectionSet {
		f, ok := sel.(*ast.Field)
		if !ok {
			ex.errorf("unsupported top-level selection")
			continue
		}
		g.calls[kind+" "+f.Name]++
		if msg := s.graphqlFault(f.Name); msg != "" {
			data[key(f)] = nil
			ex.errorf("%s", msg)
			continue
		}
		v, err := ex.field(root, f)
		if err != nil {
			data[key(f)] = nil
			ex.errorf("%v", err)
			continue
		}
		data[key(f)] = v
	}
	out := map[string]any{"data": data}
	if len(ex.errs) > 0 {
		out["errors"] = ex.errs
	}
	writeJSON(w, 200, out)
}

func (s *Server) graphqlFault(field string) string {
	for _, f := range s.gqlState().faults {
		if f.Times > 0 && f.Field == field {
			if f.Skip > 0 {
				f.Skip--
				continue
			}
			f.Times--
			if f.Message == "" {
				return "Something went wrong while executing your query."
			}
			return f.Message
		}
	}
	return ""
}

// connections counts the requests a query's connections need: each field
// with first/last is one request per parent node.
func connections(set ast.SelectionSet, mult int) int {
	total := 0
	for _, sel := range set {
		switch f := sel.(type) {
		case *ast.Field:
			child := mult
			for _, a := range f.Arguments {
				if a.Name == "first" || a.Name == "last" {
					if n, err := strconv.Atoi(a.Value.Raw); err == nil {
						total += mult
						child = mult * n
					}
				}
			}
			total += connections(f.SelectionSet, child)
		case *ast.InlineFragment:
			total += connections(f.SelectionSet, mult)
		}
	}
	return total
}

func key(f *ast.Field) string {
	if f.Alias != "" {
		return f.Alias
	}
	return f.Name
}

type gqlExec struct {
	s    *Server
	vars map[string]any
	errs []map[string]any
}

func (e *gqlExec) errorf(format string, a ...any) {
	e.errs = append(e.errs, map[string]any{"message": fmt.Sprintf(format, a...)})
}

// field resolves one field of obj and renders it with its selection.
func (e *gqlExec) field(obj any, f *ast.Field) (any, error) {
	if f.Name == "__typename" {
		return typeName(obj), nil
	}
	args := map[string]any{}
	for _, a := range f.Arguments {
		v, err := a.Value.Value(e.vars)
		if err != nil {
			return nil, err
		}
		args[a.Name] = v
	}
	v, err := e.s.resolve(obj, f.Name, args)
	if err != nil {
		return nil, err
	}
	return e.render(v, f)
}

func (e *gqlExec) render(v any, f *ast.Field) (any, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string, int, bool, float64:
		return v, nil
	case []any:
		out := make([]any, 0, len(v))
		for _, x := range v {
			r, err := e.render(x, f)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		}
		return out, nil
	}
	if len(f.SelectionSet) == 0 {
		return nil, fmt.Errorf("field %s of type %s must have a selection of subfields", f.Name, typeName(v))
	}
	return e.object(v, f.SelectionSet)
}

func (e *gqlExec) object(obj any, set ast.SelectionSet) (map[string]any, error) {
	out := map[string]any{}
	for _, sel := range set {
		switch x := sel.(type) {
		case *ast.Field:
			v, err := e.field(obj, x)
			if err != nil {
				return nil, err
			}
			out[key(x)] = v
		case *ast.InlineFragment:
			if x.TypeCondition != "" && x.TypeCondition != typeName(obj) && !implements(obj, x.TypeCondition) {
				continue
			}
			m, err := e.object(obj, x.SelectionSet)
			if err != nil {
				return nil, err
			}
			for k, v := range m {
				out[k] = v
			}
		default:
			return nil, fmt.Errorf("fragment spreads are not supported by the fake")
		}
	}
	return out, nil
}

// The fake's object types.
type (
	gqlQuery    struct{}
	gqlMutation struct{}
	gqlRepo     struct{ r *Repo }
	gqlIssue    struct {
		r  *Repo
		is *Issue
	}
	gqlItem struct {
		p  *Project
		it *ProjectItem
	}
	gqlValue struct {
		f *ProjectField
		o ProjectOption
	}
	gqlComment struct{ c *Comment }
	gqlMap     struct {
		name   string
		fields map[string]any
	}
)

func typeName(obj any) string {
	switch o := obj.(type) {
	case gqlQuery:
		return "Query"
	case gqlMutation:
		return "Mutation"
	case gqlRepo:
		return "Repository"
	case gqlIssue:
		return "Issue"
	case *Project:
		return "ProjectV2"
	case *ProjectField:
		if o.DataType == "SINGLE_SELECT" {
			return "ProjectV2SingleSelectField"
		}
		return "ProjectV2Field"
	case gqlItem:
		return "ProjectV2Item"
	case gqlValue:
		return "ProjectV2ItemFieldSingleSelectValue"
	case gqlComment:
		return "IssueComment"
	case gqlMap:
		return o.name
	case gqlObject:
		return o.gqlType()
	}
	return fmt.Sprintf("%T", obj)
}

func implements(obj any, iface string) bool {
	switch iface {
	case "Node":
		switch obj.(type) {
		case gqlIssue, *Project, gqlItem, *ProjectField:
			return true
		}
		_, ok := obj.(gqlObject)
		return ok
	case "ProjectV2FieldCommon", "ProjectV2FieldConfiguration":
		_, ok := obj.(*ProjectField)
		return ok
	}
	return false
}

func unknown(obj any, name string) error {
	return githubError("Field '%s' doesn't exist on type '%s'", name, typeName(obj))
}

func (s *Server) resolve(obj any, name string, args map[string]any) (any, error) {
	switch o := obj.(type) {
	case gqlQuery:
		return s.resolveQuery(name, args)
	case gqlMutation:
		return s.resolveMutation(name, args)
	case gqlRepo:
		switch name {
		case "issue":
			n := toInt(args["number"])
			is, ok := o.r.Issues[n]
			if !ok || is.IsPull {
				return nil, githubError("Could not resolve to an Issue with the number of %d.", n)
			}
			return gqlIssue{o.r, is}, nil
		case "nameWithOwner":
			return o.r.Owner + "/" + o.r.Name, nil
		case "issues":
			return repoIssues(o.r, args)
		}
		if v, ok, err := s.resolveRepoDiscussions(o.r, name, args); ok {
			return v, err
		}
	case gqlIssue:
		return s.resolveIssue(o, name, args)
	case *Project:
		return s.resolveProject(o, name, args)
	case *ProjectField:
		switch name {
		case "id":
			return o.ID, nil
		case "name":
			return o.Name, nil
		case "dataType":
			return o.DataType, nil
		case "options":
			if o.DataType != "SINGLE_SELECT" {
				return nil, unknown(obj, name)
			}
			var out []any
			for _, op := range o.Options {
				out = append(out, gqlMap{"ProjectV2SingleSelectFieldOption", map[string]any{"id": op.ID, "name": op.Name}})
			}
			return out, nil
		}
	case gqlItem:
		return s.resolveItem(o, name, args)
	case gqlValue:
		switch name {
		case "optionId":
			return o.o.ID, nil
		case "name":
			return o.o.Name, nil
		case "field":
			return o.f, nil
		}
	case gqlComment:
		switch name {
		case "body":
			return o.c.Body, nil
		case "author":
			return gqlMap{"User", map[string]any{"login": o.c.User}}, nil
		}
	case gqlMap:
		if v, ok := o.fields[name]; ok {
			return v, nil
		}
	case gqlObject:
		return o.gqlResolve(s, name, args)
	}
	return nil, unknown(obj, name)
}

func (s *Server) resolveQuery(name string, args map[string]any) (any, error) {
	switch name {
	case "node":
		id, _ := args["id"].(string)
		if p, ok := s.gqlState().projects[id]; ok {
			return p, nil
		}
		if is, r := s.issueByNode(id); is != nil {
			return gqlIssue{r, is}, nil
		}
		if d := s.discussionByNode(id); d != nil {
			return *d, nil
		}
		return nil, githubError("Could not resolve to a node with the global id of '%s'", id)
	case "repository":
		owner, _ := args["owner"].(string)
		repo, _ := args["name"].(string)
		r, ok := s.repos[owner+"/"+repo]
		if !ok {
			return nil, githubError("Could not resolve to a Repository with the name '%s/%s'.", owner, repo)
		}
		return gqlRepo{r}, nil
	case "organization", "user":
		return s.projectOwner(name, args)
	case "rateLimit":
		return gqlMap{"RateLimit", map[string]any{"cost": 1, "limit": 5000, "remaining": 5000 - s.gqlState().cost}}, nil
	}
	return nil, unknown(gqlQuery{}, name)
}

func (s *Server) issueByNode(id string) (*Issue, *Repo) {
	for _, r := range s.repos {
		for _, is := range r.Issues {
			if issueNodeID(is) == id {
				return is, r
			}
		}
	}
	return nil, nil
}

func (s *Server) resolveIssue(o gqlIssue, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return issueNodeID(o.is), nil
	case "number":
		return o.is.Number, nil
	case "title":
		return o.is.Title, nil
	case "state":
		return strings.ToUpper(o.is.State), nil
	case "repository":
		return gqlRepo{o.r}, nil
	case "labels":
		var nodes []any
		for _, l := range o.is.Labels {
			nodes = append(nodes, gqlMap{"Label", map[string]any{"name": l}})
		}
		return connection("LabelConnection", nodes, args)
	case "comments":
		var nodes []any
		var ids []int64
		for id, c := range o.r.Comments {
			if c.Issue == o.is.Number {
				ids = append(ids, id)
			}
		}
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		for _, id := range ids {
			nodes = append(nodes, gqlComment{o.r.Comments[id]})
		}
		return connection("IssueCommentConnection", nodes, args)
	case "projectItems":
		var nodes []any
		ids := make([]string, 0, len(s.gqlState().projects))
		for id := range s.gqlState().projects {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			p := s.gqlState().projects[id]
			for _, it := range p.Items {
				if it.ContentID == issueNodeID(o.is) {
					nodes = append(nodes, gqlItem{p, it})
				}
			}
		}
		return connection("ProjectV2ItemConnection", nodes, args)
	}
	return nil, unknown(o, name)
}

func (s *Server) resolveProject(p *Project, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return p.ID, nil
	case "title":
		return p.Title, nil
	case "field":
		n, _ := args["name"].(string)
		if f := fieldNamed(p, n); f != nil {
			return f, nil
		}
		return nil, nil
	case "fields":
		var nodes []any
		for _, f := range p.Fields {
			nodes = append(nodes, f)
		}
		return connection("ProjectV2FieldConfigurationConnection", nodes, args)
	case "items":
		var nodes []any
		for _, it := range p.Items {
			nodes = append(nodes, gqlItem{p, it})
		}
		return connection("ProjectV2ItemConnection", nodes, args)
	}
	return nil, unknown(p, name)
}

func (s *Server) resolveItem(o gqlItem, name string, args map[string]any) (any, error) {
	switch name {
	case "id":
		return o.it.ID, nil
	case "type":
		return "ISSUE", nil
	case "project":
		return o.p, nil
	case "content":
		is, r := s.issueByNode(o.it.ContentID)
		if is == nil {
			return nil, nil
		}
		return gqlIssue{r, is}, nil
	case "fieldValueByName":
		n, _ := args["name"].(string)
		f := fieldNamed(o.p, n)
		if f != nil && f.DataType == "DATE" {
			return dateValue(f, o.it), nil
		}
		if f == nil || f.DataType != "SINGLE_SELECT" {
			return nil, nil
		}
		id, ok := o.it.Values[f.ID]
		if !ok {
			return nil, nil
		}
		for _, op := range f.Options {
			if op.ID == id {
				return gqlValue{f, op}, nil
			}
		}
		// A deleted option: GitHub shows the value without a name.
		return gqlValue{f, ProjectOption{ID: id}}, nil
	}
	return nil, unknown(o, name)
}

func (s *Server) resolveMutation(name string, args map[string]any) (any, error) {
	in, _ := args["input"].(map[string]any)
	str := func(k string) string { v, _ := in[k].(string); return v }
	if v, ok, err := s.discussionMutation(name, in); ok {
		return v, err
	}
	p, ok := s.gqlState().projects[str("projectId")]
	if !ok {
		return nil, githubError("Could not resolve to a node with the global id of '%s'", str("projectId"))
	}
	switch name {
	case "addProjectV2ItemById":
		cid := str("contentId")
		if is, _ := s.issueByNode(cid); is == nil {
			return nil, githubError("Could not resolve to a node with the global id of '%s'", cid)
		}
		for _, it := range p.Items {
			if it.ContentID == cid { // GitHub returns the existing item
				return gqlMap{"AddProjectV2ItemByIdPayload", map[string]any{"item": gqlItem{p, it}}}, nil
			}
		}
		it := &ProjectItem{ID: fmt.Sprintf("PVTI_%d", s.id()), ContentID: cid, Values: map[string]string{}}
		p.Items = append(p.Items, it)
		return gqlMap{"AddProjectV2ItemByIdPayload", map[string]any{"item": gqlItem{p, it}}}, nil
	case "updateProjectV2ItemFieldValue":
		var it *ProjectItem
		for _, x := range p.Items {
			if x.ID == str("itemId") {
				it = x
			}
		}
		if it == nil {
			return nil, githubError("Could not resolve to a node with the global id of '%s'", str("itemId"))
		}
		var f *ProjectField
		for _, x := range p.Fields {
			if x.ID == str("fieldId") {
				f = x
			}
		}
		if f == nil {
			return nil, githubError("Could not resolve to a node with the global id of '%s'", str("fieldId"))
		}
		val, _ := in["value"].(map[string]any)
		if f.DataType == "DATE" {
			return setDate(p, it, f, val)
		}
		opt, _ := val["singleSelectOptionId"].(string)
		found := false
		for _, o := range f.Options {
			found = found || o.ID == opt
		}
		if !found {
			return nil, githubError("The single select option Id does not belong to the field")
		}
		it.Values[f.ID] = opt
		return gqlMap{"UpdateProjectV2ItemFieldValuePayload", map[string]any{"projectV2Item": gqlItem{p, it}}}, nil
	}
	return nil, unknown(gqlMutation{}, name)
}

func fieldNamed(p *Project, name string) *ProjectField {
	for _, f := range p.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// connection pages nodes by first/after (the cursor is the index) and
// serves nodes, totalCount and pageInfo.
func connection(name string, nodes []any, args map[string]any) (any, error) {
	first := toInt(args["first"])
	last := toInt(args["last"])
	if first == 0 && last == 0 {
		return nil, githubError("You must provide a `first` or `last` value to properly paginate the `%s` connection.", name)
	}
	if first > 100 || last > 100 {
		return nil, githubError("Requesting %d records on the `%s` connection exceeds the `first` limit of 100 records.", max(first, last), name)
	}
	start := 0
	if after, ok := args["after"].(string); ok && after != "" {
		n, err := strconv.Atoi(after)
		if err != nil {
			return nil, githubError("`%s` does not appear to be a valid cursor.", after)
		}
		start = n
	}
	total := len(nodes)
	var page []any
	if last > 0 {
		page = nodes[max(0, total-last):]
		start = max(0, total-last)
	} else {
		end := min(total, start+first)
		if start < end {
			page = nodes[start:end]
		}
	}
	end := start + len(page)
	return gqlMap{name, map[string]any{
		"nodes":      page,
		"totalCount": total,
		"pageInfo":   gqlMap{"PageInfo", map[string]any{"hasNextPage": end < total, "endCursor": strconv.Itoa(end)}},
	}}, nil
}

func toInt(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n)
	case float64:
		return int(n)
	case string:
		i, _ := strconv.Atoi(n)
		return i
	}
	return 0
}

// repoIssues serves repository.issues(labels, states), oldest first.
func repoIssues(r *Repo, args map[string]any) (any, error) {
	var want []string
	if ls, ok := args["labels"].([]any); ok {
		for _, l := range ls {
			if s, ok := l.(string); ok {
				want = append(want, s)
			}
		}
	}
	states := map[string]bool{}
	switch v := args["states"].(type) {
	case string:
		states[v] = true
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				states[s] = true
			}
		}
	}
	var nums []int
	for n := range r.Issues {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	var nodes []any
	for _, n := range nums {
		is := r.Issues[n]
		if is.IsPull || (len(states) > 0 && !states[strings.ToUpper(is.State)]) {
			continue
		}
		ok := len(want) == 0 // GitHub's labels filter: any of them
		for _, w := range want {
			for _, l := range is.Labels {
				ok = ok || strings.EqualFold(l, w)
			}
		}
		if ok {
			nodes = append(nodes, gqlIssue{r, is})
		}
	}
	return connection("IssueConnection", nodes, args)
}

// ghError is an error with GitHub's own wording (capitals, full stops), as
// the GraphQL API answers it.
type ghError string

func (e ghError) Error() string { return string(e) }

func githubError(format string, a ...any) error { return ghError(fmt.Sprintf(format, a...)) }
