package proposal

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/quote"
)

// quotaMarker records in the report that mentorbot found the proposal over
// quota, so that a person removing the Over Quota label afterwards is not
// overruled on the next edit.
const quotaMarker = "<!-- mentorbot:over-quota -->"

// The report must fit in one comment, gates section included:
// maxReport bounds what Comment renders (gatesRoom is left for the section
// internal/command adds), and a section lists at most maxListed findings.
const (
	gatesRoom = 8 << 10
	maxReport = quote.MaxComment - gatesRoom
	maxListed = 25
	nameRunes = 2 * MaxProgramName
)

// Comment renders the report comment: a verdict, the composed LFX program
// name, the errors and warnings with what to change, and the fields that
// passed. It depends only on the proposal, never on the clock, so an
// unchanged proposal renders an identical comment and needs no write.
func Comment(v *Validation, f *Form, quotaWaived bool) string {
	var b strings.Builder
	b.WriteString(Marker + "\n")
	if v.OverQuota || quotaWaived {
		b.WriteString(quotaMarker + "\n")
	}
	errs, warns := finding.Count(v.Findings, finding.SeverityError), finding.Count(v.Findings, finding.SeverityWarning)
	switch {
	case errs > 0:
		fmt.Fprintf(&b, "### ❌ Proposal check failed: %s, %s\n\n", plural(errs, "error"), plural(warns, "warning"))
		b.WriteString("Edit the issue to fix the errors below; this comment updates itself.\n\n")
	case warns > 0:
		fmt.Fprintf(&b, "### ✅ Proposal check passed with %s\n\n", plural(warns, "warning"))
	default:
		b.WriteString("### ✅ Proposal check passed\n\n")
	}
	if v.ProgramName != "" {
		n := utf8.RuneCountInString(v.ProgramName)
		left := MaxProgramName - n
		if left >= 0 {
			fmt.Fprintf(&b, "LFX program name: %s (%d characters, %d left)\n\n", quote.CodeN(v.ProgramName, nameRunes), n, left)
		} else {
			fmt.Fprintf(&b, "LFX program name: %s (%d characters, %d over the limit of %d)\n\n", quote.CodeN(v.ProgramName, nameRunes), n, -left, MaxProgramName)
		}
	} else {
		b.WriteString("LFX program name: not composed yet: it needs the project, a term in the form's format and the program name.\n\n")
	}
	writeSection(&b, "Errors", v.Findings, finding.SeverityError)
	writeSection(&b, "Warnings", v.Findings, finding.SeverityWarning)
	writeSection(&b, "Notes", v.Findings, finding.SeverityNotice)
	if quotaWaived {
		b.WriteString("The Over Quota label was removed by hand after this check added it, so it stays off.\n\n")
	}
	var passed []string
	for _, fd := range Fields {
		if !hasField(v.Findings, fd.ID) {
			passed = append(passed, fd.Label)
		}
	}
	if len(passed) > 0 {
		fmt.Fprintf(&b, "**Passed:** %s\n\n", strings.Join(passed, " · "))
	}
	return quote.Fit(b.String(), "<sub>Checked by mentorbot against the form's rules. Rule ids are in brackets; edit the issue and this comment is updated in place.</sub>\n", maxReport)
}

// writeSection writes the findings of one severity as a list.
func writeSection(b *strings.Builder, title string, fs []finding.Finding, sev finding.Severity) {
	if finding.Count(fs, sev) == 0 {
		return
	}
	fmt.Fprintf(b, "**%s**\n\n", title)
	listed := 0
	for _, f := range fs {
		if f.Severity != sev {
			continue
		}
		if listed == maxListed {
			fmt.Fprintf(b, "- … and %d more: fix the ones above first, and the rest are listed here.\n", finding.Count(fs, sev)-listed)
			break
		}
		fmt.Fprintf(b, "- **%s**: %s [`%s`]\n", Label(f.Field), quote.OneLine(f.Message), f.Rule)
		listed++
	}
	b.WriteString("\n")
}

func hasField(fs []finding.Finding, id string) bool {
	for _, f := range fs {
		if f.Field == id {
			return true
		}
	}
	return false
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
