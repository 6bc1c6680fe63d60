package umbrella

import (
	"fmt"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/plan"
)

// onboardingBody is the checklist a mentee works through in the first week,
// after the Thanos/Prometheus mentee onboarding list.
const onboardingBody = `Welcome to LFX Mentorship %s, @%s! This checklist gets you started; tick items as you go and ask your mentors here if anything is unclear.

### Onboarding checklist

- [ ] Read and acknowledge the [CNCF Code of Conduct](https://github.com/cncf/foundation/blob/main/code-of-conduct.md). TL;DR: be nice and friendly.
- [ ] Create an account on the [CNCF Slack](https://slack.cncf.io/), with a profile photo, and join your project's channels.
- [ ] Send your mentors your Slack handle so they can add you to private channels.
- [ ] Join your project's chat channels and say hello: a few sentences about yourself.
- [ ] Ask your mentors to set up a weekly meeting with you (highly recommended).
- [ ] Read your project's contributing guide.
- [ ] Read your project's upstream issue carefully and start with a small task to get things going.

### Tips

- Prefer public channels for questions and reviews: the community and fellow mentees can help, and others learn from the answers.
- Work in small, iterative changes: they are easy to review and to accept.
`

// retrospectiveBody is the retrospective of the last meeting of the term:
// two lists written by everyone, then the learnings drawn from them.
const retrospectiveBody = `Retrospective of LFX Mentorship %s, on the last meeting of the term (last day of term: %s).

Mentors: remind your mentees a week before the last meeting, so everyone can think about what worked and what did not. Start the last meeting with the retrospective; do not let project status get in its way. Be specific, blameless and honest: it is about improving the work of mentors and mentees alike.

### What went well

- 

### What could be better

- 

### Learnings

Go through every item above, discuss it, and write down how to mitigate each problem or what to keep doing.

- 

When done, share the learnings with the mentoring group.
`

func (pl *planner) ensureOnboarding(login string, root plan.IssueRef) {
	login = strings.TrimPrefix(strings.TrimSpace(login), "@")
	if login == "" {
		return
	}
	title := fmt.Sprintf("[%s] Onboarding: @%s", pl.in.Term.Short(), login)
	body := func() string { return fmt.Sprintf(onboardingBody, pl.data.yearTerm(), login) }
	pl.ensure(keyMenteePrefix+strings.ToLower(login), title, body, pl.labels, root)
}

func (pl *planner) ensureRetrospective(root plan.IssueRef) {
	title := fmt.Sprintf("[%s] Retrospective", pl.in.Term.Short())
	body := func() string {
		return fmt.Sprintf(retrospectiveBody, pl.data.yearTerm(), pl.termEnd().Format("Monday, January 2, 2006"))
	}
	pl.ensure(KeyRetrospective, title, body, pl.labels, root)
}

func (d TemplateData) yearTerm() string {
	return fmt.Sprintf("%d Term %d (%s-%s)", d.Year, d.Number, d.First, d.Last)
}

// termEnd is the last day of term from the timeline, else the last day of
// the term's last month.
func (pl *planner) termEnd() time.Time {
	if d, ok := pl.dateFor("term_end"); ok {
		return d.Last()
	}
	first, last, _ := pl.cfg.Terms.TermMonths(pl.in.Term.Number)
	y := pl.in.Term.Year
	if last < first {
		y++
	}
	return time.Date(y, last+1, 0, 0, 0, 0, 0, pl.loc)
}

// retrospectiveDue reports whether Now is within the configured days before
// the last day of term, or after it.
func (pl *planner) retrospectiveDue() bool {
	if pl.in.Now.IsZero() {
		return false
	}
	end := pl.termEnd()
	open := time.Date(end.Year(), end.Month(), end.Day()-pl.cfg.Umbrella.RetrospectiveDaysBefore, 0, 0, 0, 0, pl.loc)
	return !pl.in.Now.Before(open)
}
