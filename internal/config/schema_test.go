package config

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// asJSON reads YAML into the values a JSON Schema validator checks (map
// keys as strings, as an editor's YAML language server sees them).
func asJSON(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(stringKeys(v))
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func stringKeys(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = stringKeys(x)
		}
	case map[any]any:
		m := map[string]any{}
		for k, x := range v {
			m[strings.TrimSpace(yamlScalar(k))] = stringKeys(x)
		}
		return m
	case []any:
		for i, x := range v {
			v[i] = stringKeys(x)
		}
	}
	return v
}

func yamlScalar(k any) string {
	b, _ := yaml.Marshal(k)
	return string(b)
}

// TestSchemaChecksFiles: the schema is a valid 2020-12 schema, accepts the
// file config init writes and the example repository's config, and rejects
// the mistakes an editor should flag.
func TestSchemaChecksFiles(t *testing.T) {
	t.Parallel()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaURL, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(SchemaURL)
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	example, err := os.ReadFile("../../examples/mentoring/.github/mentorbot.yml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		yaml  []byte
		valid bool
	}{
		{"config init", Init(), true},
		{"example repository", example, true},
		{"unknown key", []byte("terms:\n  time_zone: UTC\n"), false},
		{"mode", []byte("meeting:\n  mode: push\n"), false},
		{"time", []byte("meeting:\n  schedule:\n    time: \"25:00\"\n"), false},
		{"severity value", []byte("severity:\n  folder-name: fatal\n"), false},
		{"severity rule", []byte("severity:\n  no-such-rule: \"off\"\n"), false},
		{"months pair", []byte("terms:\n  months:\n    1: [Mar]\n"), false},
		{"month name", []byte("terms:\n  months:\n    1: [March, May]\n"), false},
		{"wrong type", []byte("terms:\n  window_days: many\n"), false},
	}
	for _, tt := range tests {
		err := sch.Validate(asJSON(t, tt.yaml))
		if (err == nil) != tt.valid {
			t.Errorf("%s: got error %v, want valid %v", tt.name, err, tt.valid)
		}
	}
}
