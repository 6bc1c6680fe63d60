package command

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/mentorbot/mentorbot/internal/quote"
)

var yearRE = regexp.MustCompile(`^\d{4}$`)

// label runs /label or /remove-label: every name must be one the config
// allows; then all are applied, else none.
func (m *machine) label(author string, cmd Command) Outcome {
	if !m.mayModerate(author) {
		return refuse("changing labels needs triage access or more on the repository, or being an approver of this proposal")
	}
	names := m.labelArgs(cmd.Rest)
	if len(names) == 0 {
		return refuse("name the labels: /%s %s", cmd.Name, m.exampleLabel())
	}
	var ops []labelOp
	for _, n := range names {
		canon, why := m.allowedLabel(n)
		if why != "" {
			return refuse("%s", why)
		}
		ops = append(ops, labelOp{name: canon, add: cmd.Name == Label})
	}
	m.labels = append(m.labels, ops...)
	return done
}

// labelArgs splits the names of a label command. Names may hold spaces
// ("Term 3: Sept-Nov"): from each word, the longest run of words that is a
// label the command may touch (or one mentorbot manages, to say so) is
// taken as one name; "quoted names" and commas also separate.
func (m *machine) labelArgs(rest string) []string {
	words := splitArgs(rest)
	var out []string
	for i := 0; i < len(words); {
		j := i + 1
		for k := len(words); k > i+1; k-- {
			name := strings.Join(words[i:k], " ")
			if _, why := m.allowedLabel(name); why == "" || containsFold(m.managed(), name) {
				j = k
				break
			}
		}
		out = append(out, strings.Join(words[i:j], " "))
		i = j
	}
	return out
}

// managed returns the labels mentorbot itself sets, which commands other
// than the gate commands may not touch.
func (m *machine) managed() []string {
	l := m.cfg.Labels
	return []string{l.Program, l.Proposal, l.NeedsValidation, l.ValidationPassed, l.ValidationFailed, l.OverQuota,
		l.MaintainerApproved, l.AwaitingMaintainer, l.MentorsConfirmed, l.AwaitingMentors, l.CNCFApproved, l.AwaitingCNCF, l.Hold, l.Withdrawn}
}

// commandLabels returns the labels /label may touch: the config's list, or
// by default the term labels and administration (and any year, checked
// apart).
func (m *machine) commandLabels() (list []string, years bool) {
	if c := m.cfg.Proposals.CommandLabels; len(c) > 0 {
		return c, false
	}
	nums := make([]int, 0, len(m.cfg.Labels.Terms))
	for n := range m.cfg.Labels.Terms {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	for _, n := range nums {
		if t := m.cfg.Labels.Term(n); t != "" {
			list = append(list, t)
		}
	}
	return append(list, m.cfg.Labels.Administration), true
}

// allowedLabel returns the label's name as configured, or why the label
// commands may not touch it.
func (m *machine) allowedLabel(name string) (string, string) {
	list, years := m.commandLabels()
	if i := indexFold(list, name); i >= 0 {
		if containsFold(m.managed(), name) {
			return "", m.managedWhy(name)
		}
		return list[i], ""
	}
	if years && yearRE.MatchString(name) {
		return name, ""
	}
	if containsFold(m.managed(), name) {
		return "", m.managedWhy(name)
	}
	return "", fmt.Sprintf("%s is not a label these commands may change; they may change %s", quote.Code(name), m.allowedList())
}

func (m *machine) managedWhy(name string) string {
	return fmt.Sprintf("%s is set by mentorbot from the proposal's checks and gates: use /approve, /confirm, /cncf-approve, /hold, /unhold or /withdraw instead", quote.Code(name))
}

func (m *machine) allowedList() string {
	list, years := m.commandLabels()
	q := make([]string, len(list))
	for i, l := range list {
		q[i] = fmt.Sprintf("%q", l)
	}
	s := strings.Join(q, ", ")
	if years {
		s += " and year labels such as \"2026\""
	}
	return s
}

func (m *machine) exampleLabel() string {
	list, _ := m.commandLabels()
	if len(list) == 0 {
		return "NAME"
	}
	if strings.Contains(list[0], " ") {
		return fmt.Sprintf("%q", list[0])
	}
	return list[0]
}
