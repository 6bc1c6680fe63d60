package proposal

import (
	"regexp"
	"strings"

	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// Result is what Plan decides for one issue. Its JSON form is what
// `mentorbot proposal check --format json` prints.
type Result struct {
	// Proposal is false when the issue is not a proposal: everything else is
	// then empty and the issue is left alone.
	Proposal bool              `json:"-"`
	Form     *Form             `json:"fields"`
	Findings []finding.Finding `json:"findings"`
	// Labels are all the labels the issue carries once the plan is applied.
	Labels []string `json:"desired_labels"`
	// ProgramName is the composed LFX program name, "" when a part is missing.
	ProgramName string `json:"program_name,omitempty"`
	// Mentors are the Mentors field's lines, parsed (the first is the
	// primary mentor).
	Mentors []Mentor `json:"mentors"`
	// Comment is the report comment's full body, Marker included.
	Comment string `json:"comment"`
	// Plan holds only the writes needed: empty when labels and comment are
	// already right.
	Plan plan.Plan `json:"-"`
}

// Failed reports whether the proposal has an error finding.
func (r *Result) Failed() bool { return finding.Worst(r.Findings) == finding.SeverityError }

// Plan parses and validates the proposal in in.Issue and plans the labels
// and the report comment. An issue that is not a proposal yields a Result
// with Proposal false and an empty plan.
func Plan(in Input) Result {
	if !IsProposal(in.Issue, in.Config) {
		return Result{}
	}
	if !IsSelf(in.CommentAuthor, in.Self, in.Config) {
		in.Comment = ""
	}
	f := Parse(in.Issue.Body)
	v := Validate(f, &in)
	r := Result{Proposal: true, Form: f, Findings: v.Findings, ProgramName: v.ProgramName, Mentors: ParseMentors(f.Mentors)}
	if r.Mentors == nil {
		r.Mentors = []Mentor{}
	}
	if r.Findings == nil {
		r.Findings = []finding.Finding{}
	}
	ls := planLabels(&in, &v)
	r.Labels = ls.final
	r.Comment = WithGates(Comment(&v, f, ls.quotaWaived), in.gates())
	num := plan.Issue(in.Issue.Number)
	for _, name := range ls.add {
		if !hasLabel(in.RepoLabels, name) {
			st := in.Config.Labels.Style(name)
			r.Plan.Add(plan.EnsureLabel{Name: name, Color: st.Color, Description: st.Description})
		}
	}
	if len(ls.add) > 0 {
		r.Plan.Add(plan.AddLabels{Issue: num, Labels: ls.add})
	}
	for _, name := range ls.remove {
		r.Plan.Add(plan.RemoveLabel{Issue: num, Label: name})
	}
	if normalizeBody(in.Comment) != normalizeBody(r.Comment) {
		r.Plan.Add(plan.UpsertComment{Issue: num, Marker: Marker, Body: r.Comment})
	}
	return r
}

// normalizeBody makes comment bodies comparable whatever line endings and
// surrounding space GitHub stored.
func normalizeBody(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

// labelPlan is the label changes for one issue.
type labelPlan struct {
	add, remove, final []string
	// quotaWaived is set when a person removed Over Quota after mentorbot
	// added it: mentorbot does not add it back.
	quotaWaived bool
}

var yearLabelRE = regexp.MustCompile(`^\d{4}$`)

// planLabels decides the labels. It only ever removes labels mentorbot
// manages: the validation labels, Over Quota, and term and year labels when
// the proposal names a different term. A proposal whose term cannot be read
// keeps the term and year labels it has.
func planLabels(in *Input, v *Validation) labelPlan {
	l := in.Config.Labels
	want := []string{l.Program, l.Proposal}
	var drop []string
	if t := v.Term; t != nil {
		termLabel, year := l.Term(t.Number), l.Year(t.Year)
		if termLabel != "" {
			want = append(want, termLabel)
		}
		want = append(want, year)
		for _, tl := range l.Terms {
			if tl != termLabel {
				drop = append(drop, tl)
			}
		}
		for _, have := range in.Issue.Labels {
			if yearLabelRE.MatchString(have) && have != year {
				drop = append(drop, have)
			}
		}
	}
	if v.Failed() {
		want = append(want, l.ValidationFailed)
		drop = append(drop, l.ValidationPassed)
	} else {
		want = append(want, l.ValidationPassed)
		drop = append(drop, l.ValidationFailed)
	}
	drop = append(drop, l.NeedsValidation)
	var lp labelPlan
	if v.OverQuota {
		lp.quotaWaived = quotaRecorded(in.Comment) && !hasLabel(in.Issue.Labels, l.OverQuota)
		if !lp.quotaWaived {
			want = append(want, l.OverQuota)
		}
	} else {
		drop = append(drop, l.OverQuota)
	}
	return lp.diff(in.Issue.Labels, want, drop)
}

// quotaRecorded reports whether a report records that mentorbot found the
// proposal over quota: the record's line follows the marker's, where
// Comment writes it and no quoted text can reach.
func quotaRecorded(report string) bool {
	return strings.HasPrefix(normalizeBody(report), Marker+"\n"+quotaMarker+"\n")
}

// diff fills add, remove and final from the labels the issue has, the ones
// it should have and the managed ones it should not.
func (lp labelPlan) diff(have, want, drop []string) labelPlan {
	for _, w := range want {
		if w != "" && !hasLabel(have, w) && !hasLabel(lp.add, w) {
			lp.add = append(lp.add, w)
		}
	}
	for _, h := range have {
		if h != "" && hasLabel(drop, h) && !hasLabel(want, h) {
			lp.remove = append(lp.remove, h)
			continue
		}
		lp.final = append(lp.final, h)
	}
	lp.final = append(lp.final, lp.add...)
	if lp.final == nil {
		lp.final = []string{}
	}
	return lp
}
