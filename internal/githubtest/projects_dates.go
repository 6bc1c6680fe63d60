package githubtest

import (
	"strconv"
	"strings"
	"time"
)

// Date fields of Projects v2 boards: a DATE field holds "YYYY-MM-DD" per
// item, read through fieldValueByName as a ProjectV2ItemFieldDateValue
// (null when unset) and written by updateProjectV2ItemFieldValue with
// value {date}, which must be an ISO 8601 date.

// AddProjectDateField adds a date field to a board and returns its id.
func (s *Server) AddProjectDateField(projectID, name string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.gqlState().projects[projectID]
	s.addField(p, name, "DATE", nil)
	return p.Fields[len(p.Fields)-1].ID
}

// ProjectDate returns the value of the date field named field on issue
// n's card ("" when unset or when the issue has no card).
func (s *Server) ProjectDate(projectID, owner, name string, n int, field string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.gqlState().projects[projectID]
	f := fieldNamed(p, field)
	id := issueNodeID(s.repos[owner+"/"+name].Issues[n])
	for _, it := range p.Items {
		if it.ContentID == id && f != nil {
			return it.Values[f.ID]
		}
	}
	return ""
}

// SetProjectDate sets a date on issue n's card, as a person would.
func (s *Server) SetProjectDate(projectID, owner, name string, n int, field, date string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.gqlState().projects[projectID]
	f := fieldNamed(p, field)
	id := issueNodeID(s.repos[owner+"/"+name].Issues[n])
	for _, it := range p.Items {
		if it.ContentID == id {
			it.Values[f.ID] = date
		}
	}
}

func dateValue(f *ProjectField, it *ProjectItem) any {
	d, ok := it.Values[f.ID]
	if !ok || d == "" {
		return nil
	}
	return gqlMap{"ProjectV2ItemFieldDateValue", map[string]any{"date": d, "field": f}}
}

func setDate(p *Project, it *ProjectItem, f *ProjectField, val map[string]any) (any, error) {
	d, _ := val["date"].(string)
	if _, err := time.Parse("2006-01-02", d); err != nil {
		return nil, githubError("Variable $input of type UpdateProjectV2ItemFieldValueInput! was provided invalid value for value.date (Could not coerce value %q to Date)", d)
	}
	it.Values[f.ID] = d
	return gqlMap{"UpdateProjectV2ItemFieldValuePayload", map[string]any{"projectV2Item": gqlItem{p, it}}}, nil
}

// SetProjectNumber makes a board owner's project number n, as
// organization(login).projectV2(number) and user(login).projectV2(number)
// find it.
func (s *Server) SetProjectNumber(projectID, owner string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := s.gqlState()
	if g.numbers == nil {
		g.numbers = map[string]string{}
	}
	g.numbers[strings.ToLower(owner)+"/"+strconv.Itoa(n)] = projectID
}

// projectOwner serves organization(login) and user(login) with their
// projectV2(number).
func (s *Server) projectOwner(kind string, args map[string]any) (any, error) {
	login, _ := args["login"].(string)
	typ := "Organization"
	if kind == "user" {
		typ = "User"
	}
	return ownerObj{typ: typ, login: login}, nil
}

type ownerObj struct{ typ, login string }

func (o ownerObj) gqlType() string { return o.typ }

func (o ownerObj) gqlResolve(s *Server, name string, args map[string]any) (any, error) {
	switch name {
	case "login":
		return o.login, nil
	case "projectV2":
		n := toInt(args["number"])
		if id, ok := s.gqlState().numbers[strings.ToLower(o.login)+"/"+strconv.Itoa(n)]; ok {
			return s.gqlState().projects[id], nil
		}
		return nil, githubError("Could not resolve to a ProjectV2 with the number %d.", n)
	}
	return nil, unknown(o, name)
}

// SetProjectStatus sets the Status of issue n's card, as a person moving
// it would.
func (s *Server) SetProjectStatus(projectID, owner, name string, n int, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.gqlState().projects[projectID]
	f := fieldNamed(p, "Status")
	id := issueNodeID(s.repos[owner+"/"+name].Issues[n])
	for _, it := range p.Items {
		if it.ContentID != id {
			continue
		}
		for _, o := range f.Options {
			if o.Name == status {
				it.Values[f.ID] = o.ID
			}
		}
	}
}
