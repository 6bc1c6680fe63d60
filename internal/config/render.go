package config

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Init returns a config file with every key at its default, each under its
// doc comment: what `mentorbot config init` writes. It parses back to
// Default().
func Init() []byte { return initFile(fieldDocs) }

func initFile(docs map[string]string) []byte {
	var n yaml.Node
	if err := n.Encode(Default()); err != nil {
		panic(err) // the defaults always encode
	}
	walkNode(&n, reflect.TypeFor[Config](), nil, func(t reflect.Type, f reflect.StructField, _ []string, k, _ *yaml.Node, entry bool) bool {
		if entry {
			return false
		}
		k.HeadComment = wrapComment(fieldDoc(docs, t, f))
		return true
	})
	head := "# yaml-language-server: $schema=" + SchemaURL + "\n" +
		"# mentorbot configuration: .github/mentorbot.yml on the default branch.\n" +
		"# Every key is shown at its default; delete the ones you keep as they are.\n" +
		"# Reference: docs/config.md. Check it with: mentorbot config validate\n\n"
	return append([]byte(head), sectionBreaks(encode(&n))...)
}

// sectionBreaks puts a blank line before each top-level section's comment:
// only those start a line with "#" after a line that is not a comment.
func sectionBreaks(b []byte) []byte {
	lines := strings.SplitAfter(string(b), "\n")
	var out strings.Builder
	for i, l := range lines {
		if i > 0 && strings.HasPrefix(l, "#") && !strings.HasPrefix(lines[i-1], "#") {
			out.WriteString("\n")
		}
		out.WriteString(l)
	}
	return []byte(out.String())
}

// Print returns the effective config c as YAML with where each value came
// from: "default", or path:line for a value the file data set. A section
// the file does not mention is marked once, on its key.
func Print(c *Config, data []byte, path string) ([]byte, error) {
	var doc yaml.Node
	if len(bytes.TrimSpace(data)) > 0 {
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
	}
	file := root(&doc)
	var n yaml.Node
	if err := n.Encode(c); err != nil {
		return nil, fmt.Errorf("encoding the config: %w", err)
	}
	walkNode(&n, reflect.TypeFor[Config](), nil, func(_ reflect.Type, _ reflect.StructField, keys []string, k, v *yaml.Node, _ bool) bool {
		line := LineOf(file, keys)
		if line == 0 || !exact(file, keys) {
			k.LineComment = "default"
			return false
		}
		if v.Kind == yaml.MappingNode {
			return true
		}
		k.LineComment = fmt.Sprintf("%s:%d", path, line)
		return false
	})
	src := "the defaults only (no file)"
	if file != nil {
		src = "the defaults, then " + path
	}
	return append([]byte("# effective mentorbot configuration: "+src+"\n"), encode(&n)...), nil
}

// exact reports whether the file holds the whole key path, not only a
// part of it.
func exact(file *yaml.Node, keys []string) bool {
	n := file
	for _, k := range keys {
		n = deref(n)
		if n == nil || n.Kind != yaml.MappingNode {
			return false
		}
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == k {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			return false
		}
		n = next
	}
	return true
}

// walkNode calls fn for each key of mapping node n, which encodes a value of
// struct type t at keys, and for each entry of the maps under it (entry is
// then true and f the map's field); it goes into a value when fn returns
// true.
// ownedField is a struct field and the struct type that declares it.
type ownedField struct {
	owner reflect.Type
	f     reflect.StructField
}

// yamlFields maps the keys of t's fields, inlined structs' keys at t's
// level, to their fields.
func yamlFields(t reflect.Type, out map[string]ownedField) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, ok := yamlName(f)
		if !ok {
			continue
		}
		if _, opts, _ := strings.Cut(f.Tag.Get("yaml"), ","); strings.Contains(opts, "inline") && f.Type.Kind() == reflect.Struct {
			yamlFields(f.Type, out)
			continue
		}
		out[name] = ownedField{t, f}
	}
}

func walkNode(n *yaml.Node, t reflect.Type, keys []string, fn func(t reflect.Type, f reflect.StructField, keys []string, k, v *yaml.Node, entry bool) bool) {
	n = deref(n)
	if n.Kind == yaml.DocumentNode {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return
	}
	fields := map[string]ownedField{}
	yamlFields(t, fields)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		of, ok := fields[k.Value]
		if !ok {
			continue
		}
		t, f := of.owner, of.f
		path := append(append([]string(nil), keys...), k.Value)
		if !fn(t, f, path, k, v, false) {
			continue
		}
		switch ft := f.Type; ft.Kind() {
		case reflect.Struct:
			walkNode(v, ft, path, fn)
		case reflect.Map:
			if v.Kind != yaml.MappingNode {
				continue
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				ek, ev := v.Content[j], v.Content[j+1]
				epath := append(append([]string(nil), path...), ek.Value)
				if fn(t, f, epath, ek, ev, true) && ft.Elem().Kind() == reflect.Struct {
					walkNode(ev, ft.Elem(), epath, fn)
				}
			}
		}
	}
}

func encode(n *yaml.Node) []byte {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		panic(err) // a node built by Encode always encodes
	}
	return b.Bytes()
}

// wrapComment wraps doc at 76 columns (yaml adds the "# ").
func wrapComment(doc string) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(doc) {
		if line != "" && len(line)+1+len(w) > 76 {
			lines = append(lines, line)
			line = w
			continue
		}
		line = strings.TrimSpace(line + " " + w)
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// Reference returns docs/config.md: every key of every section with its
// type, default and meaning.
func Reference() []byte { return reference(fieldDocs) }

func reference(docs map[string]string) []byte {
	var b strings.Builder
	b.WriteString(`# Configuration reference

<!-- Generated from internal/config (types, yaml keys, doc comments and
defaults) by "go generate ./internal/config"; a test fails when it is out of
date. Do not edit by hand. -->

mentorbot reads ` + "`.github/mentorbot.yml`" + ` from the repository's default branch.
The file is optional and so is every key: each default follows
cncf/mentoring's conventions. Unknown keys, wrong types and values that make
no sense are errors that name the file and line.

- ` + "`mentorbot config init`" + ` prints a file with every key at its default, each
  under its description.
- ` + "`mentorbot config validate [FILE]`" + ` lists every problem as ` + "`path:line: what is wrong`" + `
  and exits 2 when there is one.
- ` + "`mentorbot config print [FILE]`" + ` prints the effective config, defaults filled
  in, with where each value came from (` + "`default` or `file:line`" + `).

## Editor support

The JSON Schema [mentorbot.schema.json](mentorbot.schema.json) is generated
from the same types. Editors using the YAML language server pick it up from a
first line such as the one ` + "`config init`" + ` writes:

` + "```yaml\n# yaml-language-server: $schema=" + SchemaURL + "\n```" + `

The entry for SchemaStore's ` + "`src/api/json/catalog.json`" + `:

` + "```json\n" + SchemaStoreEntry + "```\n")
	section := ""
	for _, k := range keys(docs) {
		if k.Depth == 0 {
			section = k.Path
			fmt.Fprintf(&b, "\n## `%s`\n\n%s\n\n| key | type | default | meaning |\n|---|---|---|---|\n", section, k.Doc)
			if k.Type.Kind() == reflect.Struct {
				continue
			}
		}
		if k.Type.Kind() == reflect.Struct {
			fmt.Fprintf(&b, "| `%s` | mapping | | %s |\n", k.Path, cell(k.Doc))
			continue
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", k.Path, typeName(k.Type), defaultCell(k.Default), cell(k.Doc))
	}
	return []byte(b.String())
}

// SchemaStoreEntry is the config file's entry for SchemaStore's catalog.
const SchemaStoreEntry = `{
  "name": "mentorbot",
  "description": "mentorbot configuration (mentoring programme automation)",
  "fileMatch": [".github/mentorbot.yml", ".github/mentorbot.yaml"],
  "url": "` + SchemaURL + `"
}
`

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// defaultCell is a default as the reference table shows it: the value when
// it is short, else how many entries it has.
func defaultCell(v reflect.Value) string {
	if !v.IsValid() {
		return ""
	}
	out, err := yaml.Marshal(v.Interface())
	if err != nil {
		return ""
	}
	s := strings.TrimSpace(string(out))
	if v.Kind() == reflect.Map || v.Kind() == reflect.Slice || v.Kind() == reflect.Array {
		var n yaml.Node
		if err := n.Encode(v.Interface()); err == nil {
			n.Style = yaml.FlowStyle
			for _, c := range n.Content {
				c.Style |= yaml.FlowStyle
			}
			if b, err := yaml.Marshal(&n); err == nil {
				s = strings.TrimSpace(string(b))
			}
		}
		if len(s) > 70 {
			return fmt.Sprintf("%d entries (see `config init`)", v.Len())
		}
	}
	if s == "" || s == `""` {
		return `""`
	}
	return "`" + cell(s) + "`"
}
