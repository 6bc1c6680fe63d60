package finding

import (
	"fmt"
	"strings"

	"github.com/mentorbot/mentorbot/internal/quote"
)

// Markdown renders findings as the one Markdown report every job uses (the
// Action's job summary, the validate check run's summary): a headline
// ("### mentorbot: <headline>") and a table of every finding, in the order
// given (annotations are capped by GitHub, this table is not). Paths, rules
// and messages come from what people wrote, so each cell is escaped: no
// cell can end the row or the code span it sits in.
func Markdown(headline string, fs []Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "### mentorbot: %s\n\n", cell(headline))
	if len(fs) == 0 {
		b.WriteString("No problems found.\n")
		return b.String()
	}
	b.WriteString(MarkdownHeader)
	for _, f := range fs {
		b.WriteString(MarkdownRow(f))
	}
	return b.String()
}

// MarkdownHeader is the header of Markdown's table.
const MarkdownHeader = "| Severity | File | Line | Rule | Message |\n|---|---|---|---|---|\n"

// MarkdownRow is one finding as a row of Markdown's table, its cells
// escaped so a path or message cannot break the row or its code span.
func MarkdownRow(f Finding) string {
	return fmt.Sprintf("| %s | %s | %d | %s | %s |\n", cell(string(f.Severity)), codeCell(f.Path), f.Line, codeCell(f.Rule), cell(f.Message))
}

// cell keeps s on one table row and inside its cell.
func cell(s string) string {
	return strings.ReplaceAll(quote.OneLine(s), "|", `\|`)
}

// codeCell is s as a code span in a table cell: the fence is longer than
// any run of backticks in s, so s cannot close it early.
func codeCell(s string) string {
	s = cell(s)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
