// Package action is the GitHub Actions face of mentorbot: it reads the
// action's inputs and the event, dispatches to the runners, and reports
// through workflow commands (annotations), the job summary and outputs.
package action

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/sethvargo/go-githubactions"
)

// Annotate writes one workflow-command annotation per finding to w:
// ::error for errors, ::warning for warnings, ::notice otherwise, on the
// finding's file and line. Paths must be repository-relative; a leading
// "./" or "/" is removed, because GitHub would not match the file.
func Annotate(w io.Writer, fs []finding.Finding) {
	gha := githubactions.New(githubactions.WithWriter(w))
	for _, f := range fs {
		fields := map[string]string{"title": f.Rule}
		if p := cleanPath(f.Path); p != "" {
			fields["file"] = p
			if f.Line > 0 {
				fields["line"] = strconv.Itoa(f.Line)
			}
		}
		msg := f.Message
		if f.Field != "" {
			msg = f.Field + ": " + msg
		}
		a := gha.WithFieldsMap(fields)
		switch f.Severity {
		case finding.SeverityError:
			a.Errorf("%s", msg)
		case finding.SeverityWarning:
			a.Warningf("%s", msg)
		default:
			a.Noticef("%s", msg)
		}
	}
}

func cleanPath(p string) string {
	p = strings.TrimPrefix(p, "./")
	return strings.TrimLeft(p, "/")
}

// AnnotationCap is how many annotations of one type GitHub shows per step;
// the job summary carries the rest.
const AnnotationCap = 10

// capNote tells the reader where the findings GitHub hides are.
func capNote(fs []finding.Finding) string {
	var notes []string
	for _, s := range []finding.Severity{finding.SeverityError, finding.SeverityWarning} {
		if n := finding.Count(fs, s); n > AnnotationCap {
			notes = append(notes, fmt.Sprintf("%d %ss", n, s))
		}
	}
	if len(notes) == 0 {
		return ""
	}
	return fmt.Sprintf("\nGitHub shows only %d annotations of each type per step; there are %s: the job summary lists them all.\n", AnnotationCap, strings.Join(notes, " and "))
}
