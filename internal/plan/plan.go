// Package plan defines the typed actions that planners return and the
// executor applies. A Plan is data: it can be printed (dry-run), encoded as
// JSON, compared in tests and applied, and it is the only way any capability
// changes GitHub.
package plan

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Action is one change to GitHub. Every concrete type is a plain struct
// with exported fields; Kind names it in JSON and text output.
type Action interface {
	// Kind is the action's stable name, e.g. "add-labels".
	Kind() string
	// Describe is a one-line, human summary for dry-run output.
	Describe() string
}

// Plan is an ordered list of actions against one repository.
type Plan struct {
	Owner   string   `json:"owner,omitempty"`
	Repo    string   `json:"repo,omitempty"`
	Actions []Action `json:"actions"`
}

// Add appends actions to p.
func (p *Plan) Add(a ...Action) { p.Actions = append(p.Actions, a...) }

// Empty reports whether p changes nothing.
func (p *Plan) Empty() bool { return p == nil || len(p.Actions) == 0 }

// MarshalJSON encodes each action as an object with its kind.
func (p Plan) MarshalJSON() ([]byte, error) {
	type wire struct {
		Owner   string            `json:"owner,omitempty"`
		Repo    string            `json:"repo,omitempty"`
		Actions []json.RawMessage `json:"actions"`
	}
	w := wire{Owner: p.Owner, Repo: p.Repo, Actions: []json.RawMessage{}}
	for _, a := range p.Actions {
		raw, err := marshalAction(a)
		if err != nil {
			return nil, err
		}
		w.Actions = append(w.Actions, raw)
	}
	return json.Marshal(w)
}

func marshalAction(a Action) ([]byte, error) {
	fields, err := json.Marshal(a)
	if err != nil {
		return nil, fmt.Errorf("encoding %s: %w", a.Kind(), err)
	}
	kind, _ := json.Marshal(a.Kind())
	if string(fields) == "{}" {
		return []byte(`{"kind":` + string(kind) + `}`), nil
	}
	return []byte(`{"kind":` + string(kind) + `,` + string(fields[1:])), nil
}

// Text renders p for a person: one numbered line per action, followed by the
// indented body of actions that carry text (comments, issues, files).
func (p *Plan) Text() string {
	if p.Empty() {
		return "no changes\n"
	}
	var b strings.Builder
	for i, a := range p.Actions {
		fmt.Fprintf(&b, "%d. %s\n", i+1, a.Describe())
		if d, ok := a.(detailer); ok {
			if body := d.Detail(); body != "" {
				for _, line := range strings.Split(strings.TrimRight(body, "\n"), "\n") {
					b.WriteString("   | " + line + "\n")
				}
			}
		}
	}
	return b.String()
}

// detailer is implemented by actions with a body worth showing in dry-run.
type detailer interface{ Detail() string }
