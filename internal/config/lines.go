package config

import (
	"bytes"
	"cmp"
	"errors"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Check decodes data over the defaults and returns the result with every
// problem found, each naming its line: the decode errors (syntax, unknown
// keys, wrong types) and the semantic ones of Validate, whose line is found
// from the key path their message starts with ("meeting.schedule.time ...").
// The config is nil only when the file is not YAML at all; otherwise it is
// what decoded, usable for printing even when there are problems.
func Check(data []byte, path string) (*Config, []*Error) {
	c := Default()
	if len(bytes.TrimSpace(data)) == 0 {
		return c, semantic(c, nil, path)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, splitError(decodeError(path, err))
	}
	var problems []*Error
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return nil, splitError(decodeError(path, err))
		}
		// A type error leaves the rest decoded: check that too.
		for _, m := range te.Errors {
			problems = append(problems, splitError(decodeError(path, errors.New(m)))...)
		}
	}
	problems = append(problems, semantic(c, root(&doc), path)...)
	slices.SortStableFunc(problems, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), strings.Compare(a.Msg, b.Msg))
	})
	return c, problems
}

// joinProblems returns the one error Parse and Load report: the first
// problem's path and line, and every problem in Msg and List.
func joinProblems(problems []*Error) error {
	if len(problems) == 0 {
		return nil
	}
	if len(problems) == 1 {
		return problems[0]
	}
	first := *problems[0]
	var lines []string
	for i, p := range problems {
		if i == 0 {
			lines = append(lines, p.Msg)
			continue
		}
		lines = append(lines, p.Error())
	}
	first.Msg = strings.Join(lines, "\n")
	first.List = problems
	return &first
}

// splitError returns a decode error as a list of problems.
func splitError(err error) []*Error {
	var ce *Error
	if errors.As(err, &ce) {
		return []*Error{ce}
	}
	return []*Error{{Msg: err.Error()}}
}

// semantic runs Validate and gives each of its errors the line of the key
// it is about.
func semantic(c *Config, root *yaml.Node, path string) []*Error {
	err := c.Validate()
	if err == nil {
		return nil
	}
	var msgs []string
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			msgs = append(msgs, e.Error())
		}
	} else {
		msgs = []string{err.Error()}
	}
	var out []*Error
	for _, m := range msgs {
		out = append(out, &Error{Path: path, Line: LineOf(root, KeyOf(m)), Msg: m})
	}
	return out
}

var (
	keyPathRE = regexp.MustCompile(`^[a-z_]+(?:\.[A-Za-z0-9_\-]+|\[\d+\])*`)
	detailRE  = regexp.MustCompile(`"([^"]*)"|\b(\d+)\b`)
)

// KeyOf returns the key path a Validate message is about: the dotted path
// it starts with ("meeting.skip[0].date"), followed by the first quoted
// value or number of the message when that names a key under the path
// ("severity: unknown rule \"x\"" is about severity.x, "terms.months: term
// number 5 ..." about terms.months.5). LineOf uses the longest part of the
// path that the file holds, so an unmatched detail costs nothing.
func KeyOf(msg string) []string {
	head := keyPathRE.FindString(msg)
	if head == "" {
		return nil
	}
	var keys []string
	for _, part := range strings.Split(head, ".") {
		for part != "" {
			i := strings.IndexByte(part, '[')
			if i < 0 {
				keys = append(keys, part)
				break
			}
			if i > 0 {
				keys = append(keys, part[:i])
			}
			j := strings.IndexByte(part, ']')
			keys = append(keys, part[i:j+1])
			part = part[j+1:]
		}
	}
	if rest := msg[len(head):]; strings.HasPrefix(rest, ":") {
		if sm := detailRE.FindStringSubmatch(rest); sm != nil {
			keys = append(keys, sm[1]+sm[2])
		}
	}
	return keys
}

// LineOf returns the line of the deepest node of keys that root holds: the
// key's line for a mapping entry, the item's line for "[i]". It returns 0
// when root is nil or holds none of the path.
func LineOf(root *yaml.Node, keys []string) int {
	line := 0
	n := root
	for _, k := range keys {
		n = deref(n)
		if n == nil {
			break
		}
		var next *yaml.Node
		switch {
		case n.Kind == yaml.SequenceNode && strings.HasPrefix(k, "["):
			i, err := strconv.Atoi(strings.Trim(k, "[]"))
			if err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
				line = next.Line
			}
		case n.Kind == yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					next = n.Content[i+1]
					line = n.Content[i].Line
					break
				}
			}
		}
		if next == nil {
			break
		}
		n = next
	}
	return line
}

// root returns the top mapping of a parsed document, or nil.
func root(doc *yaml.Node) *yaml.Node {
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return deref(doc.Content[0])
	}
	return nil
}

func deref(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}
