package export

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// readmeRule is the line that ends a term README's hand-written header;
// everything below it is generated.
const readmeRule = "---"

// SplitReadme returns the hand-written header of a term README: everything
// up to and including the first line that is "---", and whether there was
// one. Without one, the header is the whole README, to which RenderReadme
// appends the rule.
func SplitReadme(readme string) (header string, ok bool) {
	off := 0
	for _, l := range strings.SplitAfter(readme, "\n") {
		off += len(l)
		if strings.TrimRight(l, " \t\r\n") == readmeRule {
			return readme[:off], true
		}
	}
	return readme, false
}

// RenderReadme returns the term README with its generated part rebuilt from
// f: the header untouched, then a table of contents and the "Accepted
// Projects" section, projects in alphabetical order and their programs in
// the export's order.
func RenderReadme(readme string, f *File) string {
	header, ok := SplitReadme(readme)
	if !ok {
		header = strings.TrimRight(header, "\n")
		if header != "" {
			header += "\n\n"
		}
		header += readmeRule + "\n"
	} else if !strings.HasSuffix(header, "\n") {
		header += "\n"
	}
	groups := groupByProject(f.Programs)
	anchors := newSlugger(header)
	toc, sections := anchors.add("Table of Contents"), anchors.add("Accepted Projects")
	_, _ = toc, sections
	type anchored struct {
		project  string
		programs []string
	}
	links := make([]anchored, len(groups))
	descs := make([][][]string, len(groups))
	for i, g := range groups {
		links[i].project = anchors.add(g.project)
		for _, p := range g.programs {
			links[i].programs = append(links[i].programs, anchors.add(p.NameShort))
			d := block(p.Description)
			anchors.addQuoted(d)
			descs[i] = append(descs[i], d)
		}
	}
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("\n## Table of Contents\n\n")
	for i, g := range groups {
		fmt.Fprintf(&b, "- [%s](#%s)\n", inline(g.project), links[i].project)
		for j, p := range g.programs {
			fmt.Fprintf(&b, "  - [%s](#%s)\n", inline(p.NameShort), links[i].programs[j])
		}
	}
	b.WriteString("\n## Accepted Projects\n\n")
	for i, g := range groups {
		fmt.Fprintf(&b, "### %s\n\n", inline(g.project))
		for j, p := range g.programs {
			writeProgram(&b, p, descs[i][j])
		}
	}
	return b.String()
}

func writeProgram(b *strings.Builder, p Program, desc []string) {
	fmt.Fprintf(b, "#### %s\n\n%s\n\n- Description:\n\n", inline(p.NameShort), inline(p.NameFull))
	for _, l := range desc {
		b.WriteString("  > " + l + "\n")
	}
	fmt.Fprintf(b, "\n- Recommended Skills: %s\n- Technologies: %s\n- Mentor(s):\n", inline(p.Skills), inline(p.Technologies))
	for _, m := range p.Mentors {
		fmt.Fprintf(b, "  - %s (%s, %s)\n", inline(m.Name), handle(m.Handle), inline(m.Email))
	}
	lfx := "TBD"
	if p.LFXURL != "" {
		lfx = inline(p.LFXURL)
	}
	fmt.Fprintf(b, "- Upstream Issue: %s\n- LFX URL: %s\n\n", inline(p.UpstreamIssueURL), lfx)
}

// handle renders a mentor's GitHub handle as "@login" when it is one, and
// as inert text otherwise.
func handle(h string) string {
	if validLogin(h) {
		return "@" + h
	}
	return inline(h)
}

// validLogin reports whether s can be a GitHub login.
func validLogin(s string) bool {
	if s == "" || len(s) > 39 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return false
		}
	}
	return true
}

type group struct {
	project  string
	programs []Program
}

// groupByProject groups programs by project, projects sorted ignoring case
// (as the repository's README is), programs kept in order.
func groupByProject(ps []Program) []group {
	var gs []group
	idx := map[string]int{}
	for _, p := range ps {
		i, ok := idx[p.Project]
		if !ok {
			i = len(gs)
			idx[p.Project] = i
			gs = append(gs, group{project: p.Project})
		}
		gs[i].programs = append(gs[i].programs, p)
	}
	slices.SortStableFunc(gs, func(a, b group) int {
		if c := strings.Compare(strings.ToLower(a.project), strings.ToLower(b.project)); c != 0 {
			return c
		}
		return strings.Compare(a.project, b.project)
	})
	return gs
}

// slugger gives headings the anchors GitHub gives them, in document order:
// lower case, punctuation dropped, spaces as "-", and "-1", "-2", ... on
// repeats.
type slugger map[string]int

// newSlugger counts the headings of the hand-written header.
func newSlugger(header string) slugger {
	s := slugger{}
	fence := false
	for _, l := range strings.Split(header, "\n") {
		if c, n := opensFence(strings.TrimLeft(l, " ")); n > 0 && c != 0 {
			fence = !fence
			continue
		}
		if t, ok := atxHeading(l); ok && !fence {
			s.add(t)
		}
	}
	return s
}

// addQuoted counts the headings of a quoted description (its lines as
// block returns them).
func (s slugger) addQuoted(lines []string) {
	fence := false
	for _, l := range lines {
		if _, n := opensFence(l); n > 0 {
			fence = !fence
			continue
		}
		if t, ok := atxHeading(l); ok && !fence {
			s.add(t)
		}
	}
}

// add returns the anchor of the next heading with text.
func (s slugger) add(text string) string {
	base := slugOf(text)
	n := s[base]
	s[base] = n + 1
	if n == 0 {
		return base
	}
	return fmt.Sprintf("%s-%d", base, n)
}

func slugOf(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(oneLine(text)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// atxHeading reads "## text" (up to three spaces before).
func atxHeading(l string) (string, bool) {
	t := strings.TrimLeft(l, " ")
	if len(l)-len(t) > 3 || !strings.HasPrefix(t, "#") {
		return "", false
	}
	n := len(t) - len(strings.TrimLeft(t, "#"))
	rest := t[n:]
	if n > 6 || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return "", false
	}
	return strings.TrimSpace(strings.TrimRight(strings.TrimSpace(rest), "#")), true
}
