package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestInitParsesToDefaults: the file config init writes is valid and
// changes nothing.
func TestInitParsesToDefaults(t *testing.T) {
	t.Parallel()
	data := Init()
	got, err := Parse(data, "init.yml")
	if err != nil {
		t.Fatalf("got error %v, want none", err)
	}
	if diff := cmp.Diff(Default(), got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("config init parsed (-want +got):\n%s", diff)
	}
	for _, k := range Keys() {
		if k.Depth > 0 && strings.Contains(k.Path, "<name>") || strings.Contains(k.Path, "[]") {
			continue
		}
		if doc := wrapComment(k.Doc); !strings.Contains(string(data), strings.Split(doc, "\n")[0]) {
			t.Errorf("config init lacks the description of %s (%q)", k.Path, doc)
		}
	}
}

// TestPrintSources: each value says where it came from.
func TestPrintSources(t *testing.T) {
	t.Parallel()
	data := []byte("meeting:\n  mode: pull_request\nseverity:\n  folder-name: off\nlabels:\n  terms:\n    4: Term 4\n")
	c, err := Parse(data, "m.yml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := Print(c, data, "m.yml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\nterms: # default\n",
		"\n  mode: pull_request # m.yml:2\n",
		"\n  branch: mentorbot/meeting-stub # default\n",
		"\n  folder-name: \"off\" # m.yml:4\n",
		"\n  unparsed-date: warning # default\n",
		"\n    4: Term 4 # m.yml:7\n",
		"\n    1: 'Term 1: March-May' # default\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("got\n%s\nwant a line %q", out, strings.TrimSpace(want))
		}
	}
	back, err := Parse(out, "printed.yml")
	if err != nil {
		t.Fatalf("the printed config does not parse: %v", err)
	}
	if diff := cmp.Diff(c, back, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("printed config parsed (-want +got):\n%s", diff)
	}
}

// TestKeyOf: the key path of Validate's messages.
func TestKeyOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		msg  string
		want []string
	}{
		{`meeting.schedule.time "25:00" is not a 24-hour time`, []string{"meeting", "schedule", "time"}},
		{`meeting.skip[0].date "Dec 19" is not a date`, []string{"meeting", "skip", "[0]", "date"}},
		{`severity: unknown rule "x"`, []string{"severity", "x"}},
		{"terms.months: term number 0 is not between 1 and 99", []string{"terms", "months", "0"}},
		{"Something else", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, KeyOf(tt.msg)); diff != "" {
			t.Errorf("KeyOf(%q) (-want +got):\n%s", tt.msg, diff)
		}
	}
}
