package config

import (
	"encoding/json"
	"go.yaml.in/yaml/v3"
	"maps"
	"reflect"
	"strconv"
	"strings"

	"github.com/mentorbot/mentorbot/internal/finding"
)

// Schema returns the JSON Schema (draft 2020-12) of .github/mentorbot.yml,
// generated from the config types: their yaml keys, doc comments and
// defaults. docs/mentorbot.schema.json is this output; a test keeps it so.
func Schema() []byte { return schema(fieldDocs) }

func schema(docs map[string]string) []byte {
	s := objectSchema(docs, reflect.TypeFor[Config](), reflect.ValueOf(*Default()), "")
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = SchemaURL
	s["title"] = "mentorbot configuration (.github/mentorbot.yml)"
	s["description"] = "Every key is optional: each default follows cncf/mentoring's conventions. Reference: docs/config.md."
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err) // the schema is built from maps, strings and numbers only
	}
	return append(b, '\n')
}

func objectSchema(docs map[string]string, t reflect.Type, v reflect.Value, prefix string) map[string]any {
	props := map[string]any{}
	objectProps(docs, t, v, prefix, props)
	return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
}

// objectProps adds t's fields to props, an inlined struct's at t's level.
func objectProps(docs map[string]string, t reflect.Type, v reflect.Value, prefix string, props map[string]any) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, ok := yamlName(f)
		if !ok {
			continue
		}
		var fv reflect.Value
		if v.IsValid() {
			fv = v.Field(i)
		}
		if _, opts, _ := strings.Cut(f.Tag.Get("yaml"), ","); strings.Contains(opts, "inline") && f.Type.Kind() == reflect.Struct {
			objectProps(docs, f.Type, fv, prefix, props)
			continue
		}
		p := typeSchema(docs, f.Type, fv, prefix+name)
		if d := fieldDoc(docs, t, f); d != "" {
			p["description"] = d
		}
		props[name] = p
	}
}

// typeSchema is the schema of a value of type t at path; v, when valid, is
// its default.
func typeSchema(docs map[string]string, t reflect.Type, v reflect.Value, path string) map[string]any {
	var s map[string]any
	switch {
	case t == reflect.TypeFor[finding.Severity]():
		s = map[string]any{"enum": []string{"error", "warning", "notice", "off"}}
	case t.Kind() == reflect.String:
		s = map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		s = map[string]any{"type": "boolean"}
	case t.Kind() == reflect.Int:
		s = map[string]any{"type": "integer"}
	case t.Kind() == reflect.Struct:
		return objectSchema(docs, t, v, path+".")
	case t.Kind() == reflect.Array:
		s = map[string]any{"type": "array", "items": typeSchema(docs, t.Elem(), reflect.Value{}, path+"[]"),
			"minItems": t.Len(), "maxItems": t.Len()}
	case t.Kind() == reflect.Slice && reflect.PointerTo(t).Implements(reflect.TypeFor[yaml.Unmarshaler]()):
		// A list that its own UnmarshalYAML also takes as one value
		// ("days_before: 3" or "[7, 1]").
		item := typeSchema(docs, t.Elem(), reflect.Value{}, path+"[]")
		s = map[string]any{"anyOf": []any{item, map[string]any{"type": "array", "items": item}}}
	case t.Kind() == reflect.Slice:
		s = map[string]any{"type": "array", "items": typeSchema(docs, t.Elem(), reflect.Value{}, path+"[]")}
	case t.Kind() == reflect.Map:
		s = map[string]any{"type": "object", "additionalProperties": typeSchema(docs, t.Elem(), reflect.Value{}, path+".<name>")}
		switch {
		case path == "severity":
			s["propertyNames"] = map[string]any{"enum": Rules}
		case t.Key().Kind() == reflect.Int:
			s["propertyNames"] = map[string]any{"pattern": "^[0-9]+$"}
		}
	default:
		s = map[string]any{}
	}
	maps.Copy(s, constraints[path])
	if v.IsValid() {
		s["default"] = jsonValue(v)
	}
	return s
}

// jsonValue is a default as the schema states it: maps with string keys,
// lists as lists.
func jsonValue(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Map:
		m := map[string]any{}
		for _, k := range v.MapKeys() {
			m[keyString(k)] = jsonValue(v.MapIndex(k))
		}
		return m
	case reflect.Slice, reflect.Array:
		l := []any{}
		for i := range v.Len() {
			l = append(l, jsonValue(v.Index(i)))
		}
		return l
	case reflect.Struct:
		m := map[string]any{}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			name, ok := yamlName(f)
			if !ok {
				continue
			}
			if _, opts, _ := strings.Cut(f.Tag.Get("yaml"), ","); strings.Contains(opts, "inline") && f.Type.Kind() == reflect.Struct {
				for k, x := range jsonValue(v.Field(i)).(map[string]any) {
					m[k] = x
				}
				continue
			}
			m[name] = jsonValue(v.Field(i))
		}
		return m
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int:
		return v.Int()
	}
	return v.Interface()
}

func keyString(k reflect.Value) string {
	if k.Kind() == reflect.Int {
		return strconv.FormatInt(k.Int(), 10)
	}
	return k.String()
}
