package finding

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMarkdown(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, headline string
		fs             []Finding
		want           string
	}{
		{"none", "2 term folders checked: 0 errors, 0 warnings", nil,
			"### mentorbot: 2 term folders checked: 0 errors, 0 warnings\n\nNo problems found.\n"},
		{"one", "1 minutes file checked: 1 error, 0 warnings",
			[]Finding{{Path: "a/README.md", Line: 3, Severity: SeverityError, Rule: "invalid-date", Message: "Feb 30 | does not\nexist"}},
			"### mentorbot: 1 minutes file checked: 1 error, 0 warnings\n\n" +
				"| Severity | File | Line | Rule | Message |\n|---|---|---|---|---|\n" +
				"| error | `a/README.md` | 3 | `invalid-date` | Feb 30 \\| does not exist |\n"},
		{"hostile path", "h",
			[]Finding{{Path: "x`|y\n| z", Line: 0, Severity: SeverityWarning, Rule: "r", Message: "m"}},
			"### mentorbot: h\n\n" +
				"| Severity | File | Line | Rule | Message |\n|---|---|---|---|---|\n" +
				"| warning | `` x`\\|y \\| z `` | 0 | `r` | m |\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, Markdown(tc.headline, tc.fs)); diff != "" {
				t.Errorf("Markdown (-want +got):\n%s", diff)
			}
		})
	}
}
