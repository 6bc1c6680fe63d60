package umbrella

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/mentorbot/mentorbot/internal/term"
	"go.yaml.in/yaml/v3"
)

// Task is one node of a term's admin task tree: a section (it has Children)
// or a leaf task.
type Task struct {
	Title string
	// Key identifies the task across runs; it is written in the issue's
	// marker. It is the file's key: when given, else the slugs of the titles
	// from the section down, joined by "/", so two "Approve stipends" under
	// different sections stay apart.
	Key string
	// ScheduleKey names the schedule entry that dates the task.
	ScheduleKey string
	Children    []Task
	// Line is the task's line in the task tree file.
	Line int
}

// Tasks is a term's admin task tree, in the format of cncf/mentoring's
// programs/lfx-mentorship/automation/term-issues.yml.
type Tasks struct {
	Sections []Task
}

// Count returns how many tasks (sections included) the tree holds.
func (t *Tasks) Count() int {
	if t == nil {
		return 0
	}
	var n func([]Task) int
	n = func(ts []Task) int {
		c := len(ts)
		for _, x := range ts {
			c += n(x.Children)
		}
		return c
	}
	return n(t.Sections)
}

var taskFields = []string{"title", "key", "schedule_key", "children"}

// ParseTasks reads a task tree. Unknown fields, tasks without a title, a
// title without a letter or digit and no key, and two tasks with the same
// key are errors naming the line. path is used in
// messages only.
func ParseTasks(data []byte, path string) (*Tasks, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return &Tasks{}, nil
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the task tree must be a mapping with the key sections", path, root.Line)
	}
	var errs []error
	t := &Tasks{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != "sections" {
			errs = append(errs, fmt.Errorf("%s:%d: unknown field %q at the top level (allowed: sections)", path, k.Line, k.Value))
			continue
		}
		t.Sections = parseTaskList(v, path, "", &errs)
	}
	seen := map[string]int{}
	walk(t.Sections, func(x Task) {
		if line, dup := seen[x.Key]; dup {
			errs = append(errs, fmt.Errorf("%s:%d: task %q has the same key %q as the task on line %d (give one of them a key: field)", path, x.Line, x.Title, x.Key, line))
		}
		seen[x.Key] = x.Line
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return t, nil
}

func parseTaskList(n *yaml.Node, path, parentKey string, errs *[]error) []Task {
	if n.Kind != yaml.SequenceNode {
		*errs = append(*errs, fmt.Errorf("%s:%d: want a list of tasks", path, n.Line))
		return nil
	}
	var out []Task
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			*errs = append(*errs, fmt.Errorf("%s:%d: a task must be a mapping with a title", path, item.Line))
			continue
		}
		x := Task{Line: item.Line}
		var children *yaml.Node
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			switch k.Value {
			case "title":
				x.Title = strings.TrimSpace(v.Value)
			case "key":
				x.Key = strings.TrimSpace(v.Value)
			case "schedule_key":
				x.ScheduleKey = strings.TrimSpace(v.Value)
			case "children":
				children = v
			default:
				*errs = append(*errs, fmt.Errorf("%s:%d: unknown field %q in a task (allowed: %s)", path, k.Line, k.Value, strings.Join(taskFields, ", ")))
			}
		}
		if x.Title == "" {
			*errs = append(*errs, fmt.Errorf("%s:%d: task without a title", path, item.Line))
		}
		if x.Key == "" {
			x.Key = term.Slug(x.Title)
			if x.Key == "" && x.Title != "" {
				// "???" or "—" slug to nothing: an empty key would match
				// any other such task, and name no issue.
				*errs = append(*errs, fmt.Errorf("%s:%d: task %q has no letters or digits to make its key from: give it a key (key: some-name)", path, item.Line, x.Title))
			}
			if parentKey != "" {
				x.Key = parentKey + "/" + x.Key
			}
		}
		if children != nil {
			x.Children = parseTaskList(children, path, x.Key, errs)
		}
		out = append(out, x)
	}
	return out
}

// walk calls f on every task, parents before their children.
func walk(ts []Task, f func(Task)) {
	for _, x := range ts {
		f(x)
		walk(x.Children, f)
	}
}

// ScheduleKeys returns every schedule_key the tree uses, sorted, so callers
// can check them against a schedule.
func (t *Tasks) ScheduleKeys() []string {
	var keys []string
	if t == nil {
		return nil
	}
	walk(t.Sections, func(x Task) {
		if x.ScheduleKey != "" && !slices.Contains(keys, x.ScheduleKey) {
			keys = append(keys, x.ScheduleKey)
		}
	})
	slices.Sort(keys)
	return keys
}
