package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExportDefaults(t *testing.T) {
	t.Parallel()
	e := Default().Export
	if e.Projects != "programs/lfx-mentorship/automation/projects.yml" || e.ProgramPrefix != "CNCF" || e.ExportedLabel != "Exported" {
		t.Errorf("got %+v, want cncf/mentoring's projects file, prefix and label", e)
	}
	if len(e.StandardCourses) != 1 || e.StandardCourses[0].Name != "Inclusive Community" || !e.StandardCourses[0].FileUpload ||
		!strings.Contains(e.StandardCourses[0].Description, "(LFC102)") {
		t.Errorf("got courses %+v, want LFC102 only", e.StandardCourses)
	}
}

func TestExportParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, yaml string
		want       []Course
		err        string
	}{
		{name: "courses replaced", yaml: "export:\n  standard_courses:\n    - name: Security\n      description: Take LFD121.\n",
			want: []Course{{Name: "Security", Description: "Take LFD121."}}},
		{name: "no courses", yaml: "export:\n  standard_courses: []\n", want: []Course{}},
		{name: "unknown key", yaml: "export:\n  standard_course: []\n", err: `.github/mentorbot.yml:2: unknown key "standard_course" in section export`},
		{name: "unnamed course", yaml: "export:\n  standard_courses:\n    - description: x\n", err: "export.standard_courses[0].name is empty"},
		{name: "projects outside", yaml: "export:\n  projects: ../projects.yml\n", err: "must be a path inside the repository"},
		{name: "branch prefix", yaml: "export:\n  branch_prefix: 'a b'\n", err: "not a usable branch name prefix"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Parse([]byte(tt.yaml), DefaultPath)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("got %v, want an error with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, c.Export.StandardCourses); diff != "" {
				t.Errorf("courses (-want +got):\n%s", diff)
			}
		})
	}
}
