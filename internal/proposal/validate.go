package proposal

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/quote"
	"github.com/mentorbot/mentorbot/internal/term"
)

// Limits LFX puts on a program.
const (
	MaxProgramName       = 100
	MaxDescription       = 3000
	MaxMentors           = 4
	MaxCustomName        = 20
	MaxCustomDescription = 500
)

// Rule ids. Config may change their severity under severity: (or turn them
// off), like any other rule.
const (
	RuleMissingHeading    = "proposal-missing-heading"
	RuleRequired          = "proposal-required"
	RuleUnknownProject    = "proposal-unknown-project"
	RuleTermFormat        = "proposal-term-format"
	RuleTermUnknown       = "proposal-term-unknown"
	RuleTermClosed        = "proposal-term-closed"
	RuleNameTooLong       = "proposal-name-too-long"
	RuleDescriptionLong   = "proposal-description-too-long"
	RuleSkills            = "proposal-skills"
	RuleSkillsBoth        = "proposal-skills-both"
	RuleMentorCount       = "proposal-mentor-count"
	RuleMentorFormat      = "proposal-mentor-format"
	RuleMentorHandle      = "proposal-mentor-handle"
	RuleMentorEmail       = "proposal-mentor-email"
	RuleMentorLFID        = "proposal-mentor-lfid"
	RuleMentorDuplicate   = "proposal-mentor-duplicate"
	RuleSingleMentor      = "proposal-single-mentor"
	RuleUpstreamURL       = "proposal-upstream-url"
	RuleCodingChallenge   = "proposal-coding-challenge"
	RuleCustomPrereq      = "proposal-custom-prerequisite"
	RuleOverQuota         = "proposal-over-quota"
	RuleDuplicateUpstream = "proposal-duplicate-upstream"
)

// Validation is what Validate concludes about one proposal.
type Validation struct {
	// Findings are ordered by the form's field order.
	Findings []finding.Finding
	// Term is the term the proposal names, when its text could be read.
	Term *Term
	// ProgramName is the composed LFX name, "" when a part is missing.
	ProgramName string
	// OverQuota is set when the project has more open proposals for the
	// term than its quota, counting this one.
	OverQuota bool
}

// Failed reports whether any finding is an error.
func (v *Validation) Failed() bool { return finding.Worst(v.Findings) == finding.SeverityError }

// checker accumulates findings for one form.
type checker struct {
	f    *Form
	in   *Input
	spec *Spec // the form version the proposal was filed with
	out  []finding.Finding
}

func (c *checker) add(field string, sev finding.Severity, rule, format string, args ...any) {
	c.out = append(c.out, finding.Finding{Field: field, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...)})
}

func (c *checker) errorf(field, rule, format string, args ...any) {
	c.add(field, finding.SeverityError, rule, format, args...)
}

func (c *checker) warnf(field, rule, format string, args ...any) {
	c.add(field, finding.SeverityWarning, rule, format, args...)
}

// Validate checks a parsed proposal against the form's rules and the
// context in in (terms, other open proposals, config, Now). Severities
// configured under severity: apply.
func Validate(f *Form, in *Input) Validation {
	filed := in.Issue.CreatedAt
	if filed.IsZero() {
		filed = in.Now
	}
	c := &checker{f: f, in: in, spec: SpecAt(in.Forms, filed)}
	var v Validation
	c.headings()
	c.project()
	v.Term = c.term()
	v.ProgramName = c.programName(v.Term)
	c.description()
	c.skills()
	c.mentors()
	c.upstream()
	c.codingChallenge()
	c.custom()
	v.OverQuota = c.quota(v.Term)
	v.Findings = finding.Apply(c.out, in.Config.Severity)
	// A quota rule turned off in config must not label the issue either.
	v.OverQuota = v.OverQuota && hasRule(v.Findings, RuleOverQuota)
	order := map[string]int{}
	for i, fd := range Fields {
		order[fd.ID] = i
	}
	slices.SortStableFunc(v.Findings, func(a, b finding.Finding) int { return order[a.Field] - order[b.Field] })
	return v
}

func hasRule(fs []finding.Finding, rule string) bool {
	return slices.ContainsFunc(fs, func(f finding.Finding) bool { return f.Rule == rule })
}

// headings reports missing headings, and required fields left empty when
// their heading is there.
func (c *checker) headings() {
	for _, fd := range c.spec.Fields {
		if !c.f.Has(fd.ID) {
			c.errorf(fd.ID, RuleMissingHeading, "the heading \"### %s\" is missing: restore it from the form, with the value under it", fd.Label)
			continue
		}
		if fd.Required && c.text(fd.ID) == "" {
			c.errorf(fd.ID, RuleRequired, "%s is required: fill it in", fd.Label)
		}
	}
}

// text returns the value of a text field.
func (c *checker) text(id string) string {
	f := c.f
	switch id {
	case FieldProject:
		return f.Project
	case FieldTerm:
		return f.Term
	case FieldName:
		return f.Name
	case FieldDescription:
		return f.Description
	case FieldTechnologies:
		return f.Technologies
	case FieldMentors:
		return f.Mentors
	case FieldUpstream:
		return f.Upstream
	}
	return "" // only required fields are asked for
}

func (c *checker) project() {
	p, list := c.f.Project, c.in.Config.Proposals.Projects
	if len(list) == 0 {
		list = c.in.Projects
	}
	if p == "" || len(list) == 0 || slices.Contains(list, p) {
		return
	}
	msg := fmt.Sprintf("%s is not a CNCF project this repository knows: pick the project's name from the form's list", quote.Code(p))
	for _, q := range list {
		if strings.EqualFold(q, p) {
			msg = fmt.Sprintf("%s is not spelled as the project list has it: write %s", quote.Code(p), quote.Code(q))
			break
		}
	}
	c.errorf(FieldProject, RuleUnknownProject, "%s", msg)
}

var (
	termRE      = regexp.MustCompile(`^(\d{4}) Term (\d{1,2}) \(([A-Z][a-z]{2})-([A-Z][a-z]{2})\)$`)
	termYearRE  = regexp.MustCompile(`\b(20\d\d)\b`)
	termNumRE   = regexp.MustCompile(`(?i)\bterm\s*0?(\d{1,2})\b`)
	urlRE       = regexp.MustCompile(`(?i)\bhttps?://[^\s<>()\[\]"'` + "`" + `]+`)
	trailingURL = ".,;:!?"
)

// ParseTerm reads a term as the form writes it, "2026 Term 3 (Sep-Nov)".
// ok is false when s is not in exactly that format.
func ParseTerm(s string) (t Term, ok bool) {
	m := termRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Term{}, false
	}
	t.Year, _ = strconv.Atoi(m[1])
	t.Number, _ = strconv.Atoi(m[2])
	t.Months = [2]string{m[3], m[4]}
	return t, true
}

// TermOf reads the term a proposal names: in the form's format, or, when
// written loosely ("Term 3, 2026"), the year and term number it evidently
// means, with the months from cfg.
func TermOf(s string, cfg *config.Config) (Term, bool) {
	if t, ok := ParseTerm(s); ok {
		return t, true
	}
	return guessTerm(s, cfg)
}

// guessTerm reads a year and a term number from loosely written text.
func guessTerm(s string, cfg *config.Config) (Term, bool) {
	y, n := termYearRE.FindStringSubmatch(s), termNumRE.FindStringSubmatch(s)
	if y == nil || n == nil {
		return Term{}, false
	}
	t := Term{}
	t.Year, _ = strconv.Atoi(y[1])
	t.Number, _ = strconv.Atoi(n[1])
	months, ok := cfg.Terms.Months[t.Number]
	t.Months = months
	return t, ok
}

// term checks the term's format, that the repository has it and that its
// proposal window is open. It returns the term when its year and number
// could be read.
func (c *checker) term() *Term {
	s := c.f.Term
	if s == "" {
		return nil
	}
	t, ok := ParseTerm(s)
	if !ok {
		g, gok := guessTerm(s, c.in.Config)
		if !gok {
			c.errorf(FieldTerm, RuleTermFormat, "%s is not a term: write it as \"YYYY Term N (Mon-Mon)\", for example \"2026 Term 3 (Sep-Nov)\"", quote.Code(s))
			return nil
		}
		// Go on with the term it evidently means, so the other checks
		// (and the program name's length) still run.
		c.errorf(FieldTerm, RuleTermFormat, "%s is not in the form's format: write %q", quote.Code(s), g.String())
		t = g
	} else if months, ok := c.in.Config.Terms.Months[t.Number]; ok && months != t.Months {
		c.errorf(FieldTerm, RuleTermFormat, "term %d runs %s-%s, not %s-%s: write %q", t.Number, months[0], months[1], t.Months[0], t.Months[1], Term{Year: t.Year, Number: t.Number, Months: months}.String())
	}
	if c.in.Terms == nil {
		return &t
	}
	i := slices.IndexFunc(c.in.Terms, func(k Term) bool { return k.Year == t.Year && k.Number == t.Number })
	if i < 0 {
		c.errorf(FieldTerm, RuleTermUnknown, "the repository has no folder for %s: pick one of %s", t.Short(), termList(c.in.Terms))
		return &t
	}
	known := c.in.Terms[i]
	if cl := known.ProposalsClose; !cl.IsZero() && !c.in.Now.Before(cl) {
		c.warnf(FieldTerm, RuleTermClosed, "proposals for %s closed on %s: ask the program admins before going further, or pick a later term",
			known.Short(), cl.UTC().Format("Mon, Jan 2 2006, 15:04 UTC"))
	}
	return &known
}

// termList renders the terms a proposal may pick from, newest last.
func termList(ts []Term) string {
	if len(ts) == 0 {
		return "none (the repository has no term folders)"
	}
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = strconv.Quote(t.String())
	}
	return strings.Join(s, ", ")
}

// ComposeName returns the LFX program name: "CNCF - <Project>: <Name>
// (<YYYY Term N>)".
func ComposeName(project, name string, t Term) string {
	return fmt.Sprintf("CNCF - %s: %s (%s)", project, name, t.Short())
}

func (c *checker) programName(t *Term) string {
	if c.f.Project == "" || c.f.Name == "" || t == nil {
		return ""
	}
	full := ComposeName(c.f.Project, c.f.Name, *t)
	n := utf8.RuneCountInString(full)
	if n > MaxProgramName {
		room := MaxProgramName - (n - utf8.RuneCountInString(c.f.Name))
		c.errorf(FieldName, RuleNameTooLong, "the LFX program name %s is %d characters, %d over LFX's limit of %d: shorten the program name to at most %d characters",
			quote.CodeN(full, 2*MaxProgramName), n, n-MaxProgramName, MaxProgramName, room)
	}
	return full
}

func (c *checker) description() {
	if n := utf8.RuneCountInString(c.f.Description); n > MaxDescription {
		c.errorf(FieldDescription, RuleDescriptionLong, "the description is %d characters, %d over LFX's limit of %d: shorten it", n, n-MaxDescription, MaxDescription)
	}
}

func (c *checker) skills() {
	switch {
	case c.f.SkillsSame && c.f.Skills != "":
		c.warnf(FieldSkills, RuleSkillsBoth, "\"Skills same as Technologies\" is ticked and skills are filled in too: untick the box or empty the skills, so LFX gets one list")
	case !c.f.SkillsSame && c.f.Skills == "" && c.f.Has(FieldSkills):
		c.errorf(FieldSkills, RuleSkills, "no skills: fill in Required/Desirable Skills, or tick \"Skills same as Technologies\"")
	}
}

func (c *checker) mentors() {
	if c.f.Mentors == "" {
		return
	}
	ms := ParseMentors(c.f.Mentors)
	switch {
	case len(ms) > MaxMentors:
		c.errorf(FieldMentors, RuleMentorCount, "%d mentors listed, LFX allows at most %d: keep the primary mentor first and remove %d", len(ms), MaxMentors, len(ms)-MaxMentors)
	case len(ms) == 1:
		c.warnf(FieldMentors, RuleSingleMentor, "only one mentor: a co-mentor keeps the mentee supported when the primary mentor is away")
	}
	seen := map[string]int{}
	for i, m := range ms {
		who := fmt.Sprintf("mentor %d (%s)", i+1, quote.Code(m.Name))
		if i == 0 {
			who = fmt.Sprintf("mentor 1, the primary (%s)", quote.Code(m.Name))
		}
		if m.Name == "" {
			who = fmt.Sprintf("mentor %d", i+1)
			c.errorf(FieldMentors, RuleMentorFormat, "%s has no name: write the line as `Full Name | @github-handle | email | LFID`", who)
		}
		if m.Parts != 4 {
			c.errorf(FieldMentors, RuleMentorFormat, "%s has %d parts, not 4: write the line as `Full Name | @github-handle | email | LFID`", who, m.Parts)
		}
		if m.Parts >= 2 && !validHandle(m.Handle) {
			c.errorf(FieldMentors, RuleMentorHandle, "%s: %s is not a GitHub handle: write \"@\" and the login, such as `@janedoe`", who, quote.Code(m.Handle))
		} else if m.Parts >= 2 && m.NoAt {
			c.errorf(FieldMentors, RuleMentorHandle, "%s: write the GitHub handle with its \"@\" (%s), as the form asks", who, quote.Code("@"+m.Handle))
		}
		if m.Parts >= 3 && !validEmail(m.Email) {
			c.errorf(FieldMentors, RuleMentorEmail, "%s: %s is not an email address: write the address tied to the mentor's LFID, such as jane@example.com", who, quote.Code(m.Email))
		}
		if m.Parts >= 3 {
			if p := lfidProblem(m.LFID); p != "" {
				c.errorf(FieldMentors, RuleMentorLFID, "%s %s", who, p)
			}
		}
		for _, k := range []string{"handle:" + m.Handle, "email:" + m.Email, "lfid:" + m.LFID} {
			if strings.HasSuffix(k, ":") {
				continue
			}
			k = strings.ToLower(k)
			if j, dup := seen[k]; dup && j != i {
				c.errorf(FieldMentors, RuleMentorDuplicate, "%s repeats mentor %d's %s: list each mentor once", who, j+1, strings.SplitN(k, ":", 2)[0])
				break
			}
			seen[k] = i
		}
	}
}

// urls returns the distinct http(s) URLs in s, in order.
// withoutCommands drops the lines of a field that are maintainer commands
// ("/lfx-url https://...") edited into the body after the last section: they
// are not the field's value.
func withoutCommands(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "/") && len(t) > 1 && t[1] >= 'a' && t[1] <= 'z' {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n")
}

func urls(s string) []string {
	var out []string
	for _, m := range urlRE.FindAllString(s, -1) {
		// "https://a/1,https://b/2" is two URLs joined by a comma.
		for _, u := range splitJoined(m) {
			u = strings.TrimRight(u, trailingURL)
			if u != "" && !slices.Contains(out, u) {
				out = append(out, u)
			}
		}
	}
	return out
}

// joinedURLRE finds where URLs are joined by a comma or semicolon without a
// space: the separator belongs to neither, the scheme to the second.
var joinedURLRE = regexp.MustCompile(`(?i)[,;]https?://`)

func splitJoined(m string) []string {
	var out []string
	for {
		loc := joinedURLRE.FindStringIndex(m)
		if loc == nil {
			return append(out, m)
		}
		out = append(out, m[:loc[0]])
		m = m[loc[0]+1:]
	}
}

func (c *checker) upstream() {
	if c.f.Upstream == "" {
		return
	}
	switch us := urls(withoutCommands(c.f.Upstream)); len(us) {
	case 0:
		c.errorf(FieldUpstream, RuleUpstreamURL, "%s is not an http(s) URL: link the tracking issue, such as https://github.com/org/repo/issues/1234", quote.Code(c.f.Upstream))
	case 1:
	default:
		c.errorf(FieldUpstream, RuleUpstreamURL, "%d URLs given, the form takes exactly one: open an umbrella issue that links the others and give its URL", len(us))
	}
}

func (c *checker) codingChallenge() {
	ticked, u := c.f.HasPrerequisite(PrereqCodingChallenge), c.f.CodingChallengeURL
	switch {
	case ticked && u == "":
		c.errorf(FieldCodingChallengeURL, RuleCodingChallenge, "Coding Challenge is ticked but has no URL: give the challenge's URL, or untick it")
	case !ticked && u != "":
		c.errorf(FieldCodingChallengeURL, RuleCodingChallenge, "a coding challenge URL is given but Coding Challenge is not ticked under Application Prerequisites: tick it, or empty the URL")
	case u != "" && len(urls(u)) != 1:
		c.errorf(FieldCodingChallengeURL, RuleCodingChallenge, "%s is not one http(s) URL: give the challenge's URL", quote.Code(u))
	}
}

func (c *checker) custom() {
	f := c.f
	if !f.Custom {
		for _, p := range []struct {
			id  string
			set bool
		}{{FieldCustomName, f.CustomName != ""}, {FieldCustomDescription, f.CustomDescription != ""}, {FieldCustomFileUpload, f.CustomFileUpload}} {
			if p.set {
				c.errorf(p.id, RuleCustomPrereq, "%s is filled in but Custom Prerequisite is not ticked: tick it, or clear this field", Label(p.id))
			}
		}
		return
	}
	if f.CustomName == "" {
		c.errorf(FieldCustomName, RuleCustomPrereq, "Custom Prerequisite is ticked: give it a name (at most %d characters)", MaxCustomName)
	} else if n := utf8.RuneCountInString(f.CustomName); n > MaxCustomName {
		c.errorf(FieldCustomName, RuleCustomPrereq, "the custom prerequisite name is %d characters, LFX allows %d: shorten it by %d", n, MaxCustomName, n-MaxCustomName)
	}
	if f.CustomDescription == "" {
		c.errorf(FieldCustomDescription, RuleCustomPrereq, "Custom Prerequisite is ticked: describe what applicants must provide (at most %d characters)", MaxCustomDescription)
	} else if n := utf8.RuneCountInString(f.CustomDescription); n > MaxCustomDescription {
		c.errorf(FieldCustomDescription, RuleCustomPrereq, "the custom prerequisite description is %d characters, LFX allows %d: shorten it by %d", n, MaxCustomDescription, n-MaxCustomDescription)
	}
}

// quota counts the open proposals for the same project and term filed
// before this one (lower issue number): when they already fill the quota,
// this one is over it. Earlier proposals keep their place when later ones
// arrive. It also warns about another open proposal with the same upstream
// issue.
func (c *checker) quota(t *Term) bool {
	self := c.in.Issue.Number
	up := urls(c.f.Upstream)
	var same, dupes []string
	for _, o := range c.in.Open {
		if o.Number == self {
			continue
		}
		of := Parse(o.Body)
		if len(up) == 1 && slices.ContainsFunc(urls(of.Upstream), func(u string) bool { return NormalizeURL(u) == NormalizeURL(up[0]) }) {
			dupes = append(dupes, fmt.Sprintf("#%d", o.Number))
		}
		ot, ok := ParseTerm(of.Term)
		if t == nil || !ok || of.Project != c.f.Project || ot.Year != t.Year || ot.Number != t.Number {
			continue
		}
		if self == 0 || o.Number < self {
			same = append(same, fmt.Sprintf("#%d", o.Number))
		}
	}
	if len(dupes) > 0 {
		c.warnf(FieldUpstream, RuleDuplicateUpstream, "the open proposal %s links the same upstream issue: merge the proposals or link a different issue", strings.Join(dupes, ", "))
	}
	q := Quota(c.in.Config.Proposals.Quota, c.f.Project)
	if t == nil || q == 0 || len(same) < q {
		return false
	}
	c.warnf(FieldProject, RuleOverQuota, "%s already has %d open proposals for %s (%s), its quota is %d: a program admin decides whether this one goes ahead",
		quote.Code(c.f.Project), len(same), t.Short(), strings.Join(same, ", "), q)
	return true
}

// Quota returns the number of proposals per term allowed for project: the
// override keyed by the project's name in lower case or its slug
// (lower case, non-alphanumerics as hyphens), else the default. 0 means no
// limit.
func Quota(q config.Quota, project string) int {
	for _, k := range []string{strings.ToLower(project), term.Slug(project)} {
		if n, ok := q.Overrides[k]; ok {
			return n
		}
	}
	return q.Default
}

// NormalizeURL reduces an upstream URL for comparison: no scheme, no
// "www.", no fragment, no trailing slash, lower case (issue trackers treat
// owner and repository names without case).
func NormalizeURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return strings.ToLower(s)
	}
	u.Fragment, u.RawFragment = "", ""
	host := strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	out := host + strings.TrimRight(u.EscapedPath(), "/")
	if u.RawQuery != "" {
		out += "?" + u.RawQuery
	}
	return strings.ToLower(out)
}
