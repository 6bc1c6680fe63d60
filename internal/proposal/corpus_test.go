package proposal

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

const corpus = "../../../shared/corpus/cncf-mentoring"

func readCorpus(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(corpus, rel))
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("corpus file %s absent (it lives in ../shared, outside a user's clone)", rel)
	}
	if err != nil {
		t.Fatalf("reading %s: %v", rel, err)
	}
	return b
}

// TestFieldsMatchTheRealForm keeps Fields in step with cncf/mentoring's
// issue form: same ids, labels, kinds, required flags and checkbox options,
// in the same order; and the form's term options parse.
func TestFieldsMatchTheRealForm(t *testing.T) {
	t.Parallel()
	var form struct {
		Body []struct {
			Type       string `yaml:"type"`
			ID         string `yaml:"id"`
			Attributes struct {
				Label   string `yaml:"label"`
				Options []any  `yaml:"options"`
			} `yaml:"attributes"`
			Validations struct {
				Required bool `yaml:"required"`
			} `yaml:"validations"`
		} `yaml:"body"`
	}
	if err := yaml.Unmarshal(readCorpus(t, ".github/ISSUE_TEMPLATE/lfx-program-proposal.yml"), &form); err != nil {
		t.Fatalf("decoding the form: %v", err)
	}
	var got []FormField
	var terms []string
	for _, b := range form.Body {
		if b.Type == "markdown" {
			continue
		}
		f := FormField{ID: b.ID, Label: b.Attributes.Label, Kind: b.Type, Required: b.Validations.Required}
		for _, o := range b.Attributes.Options {
			switch o := o.(type) {
			case map[string]any:
				f.Options = append(f.Options, o["label"].(string))
			case string:
				if b.ID == FieldTerm {
					terms = append(terms, o)
				}
			}
		}
		got = append(got, f)
	}
	if diff := cmp.Diff(Fields, got); diff != "" {
		t.Errorf("Fields differ from the real form (-ours +form):\n%s", diff)
	}
	if len(terms) == 0 {
		t.Fatal("got no term options in the form, want at least one")
	}
	for _, s := range terms {
		if _, ok := ParseTerm(s); !ok {
			t.Errorf("got ParseTerm(%q) not ok, want the form's own term option to parse", s)
		}
	}
}
