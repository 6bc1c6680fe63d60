package export

import (
	"fmt"
	"path"
	"regexp"
	"strconv"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/proposal"
)

// Term is the term an export is for, identified by its id ("2026-3"). Its
// folder and names derive from the id and the config only: no issue text
// can move an export elsewhere.
type Term struct {
	Year, Number int
	// Months are the term's first and last month ("Sep", "Nov"), from
	// config.
	Months [2]string
}

var termIDRE = regexp.MustCompile(`^(\d{4})-[Tt]?(\d{1,2})$`)

// ParseTerm reads a term id, "2026-3", with the months from cfg.
func ParseTerm(id string, cfg *config.Config) (Term, error) {
	m := termIDRE.FindStringSubmatch(id)
	if m == nil {
		return Term{}, fmt.Errorf("term %q: want YYYY-N, such as 2026-3", id)
	}
	y, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[2])
	months, ok := cfg.Terms.Months[n]
	if !ok {
		return Term{}, fmt.Errorf("term %q: terms.months has no term %d", id, n)
	}
	return Term{Year: y, Number: n, Months: months}, nil
}

// ID renders t as "2026-3".
func (t Term) ID() string { return fmt.Sprintf("%d-%d", t.Year, t.Number) }

// Label renders t as the form and the export do: "2026 Term 3 (Sep-Nov)".
func (t Term) Label() string { return t.proposal().String() }

// Short renders t as LFX program names end: "2026 Term 3".
func (t Term) Short() string { return t.proposal().Short() }

func (t Term) proposal() proposal.Term {
	return proposal.Term{Year: t.Year, Number: t.Number, Months: t.Months}
}

// Folder is the term's folder in the repository:
// <terms.root>/2026/03-Sep-Nov.
func (t Term) Folder(cfg *config.Config) string {
	return path.Join(cfg.Terms.Root, strconv.Itoa(t.Year), fmt.Sprintf("%02d-%s-%s", t.Number, t.Months[0], t.Months[1]))
}

// Path is the repository path of the term folder's file name.
func (t Term) Path(cfg *config.Config, name string) string { return path.Join(t.Folder(cfg), name) }

// matches reports whether a proposal's term field names t.
func (t Term) matches(field string, cfg *config.Config) bool {
	pt, ok := proposal.TermOf(field, cfg)
	return ok && pt.Year == t.Year && pt.Number == t.Number
}
