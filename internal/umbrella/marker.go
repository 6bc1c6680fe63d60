package umbrella

import (
	"fmt"
	"regexp"
	"strconv"
)

// Term identifies a term by year and number.
type Term struct {
	Year   int
	Number int
}

// String renders t as "2027-1", the form --term and markers use.
func (t Term) String() string { return fmt.Sprintf("%d-%d", t.Year, t.Number) }

// Short renders t as "LFX 2027 T1", the prefix of section titles.
func (t Term) Short() string { return fmt.Sprintf("LFX %d T%d", t.Year, t.Number) }

var termRE = regexp.MustCompile(`^(\d{4})-(?:[Tt])?(\d{1,2})$`)

// ParseTerm reads "2027-1" (or "2027-T1").
func ParseTerm(s string) (Term, error) {
	m := termRE.FindStringSubmatch(s)
	if m == nil {
		return Term{}, fmt.Errorf("term %q: want YYYY-N, such as 2027-1", s)
	}
	y, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[2])
	if n < 1 {
		return Term{}, fmt.Errorf("term %q: the term number starts at 1", s)
	}
	return Term{Year: y, Number: n}, nil
}

// The keys of the issues that are not tasks of the tree.
const (
	KeyUmbrella      = "umbrella"
	KeyRetrospective = "retrospective"
	keyTaskPrefix    = "task/"
	keyMenteePrefix  = "onboarding/"
)

// Marker returns the hidden marker written in the body of the issue with
// key in term t. It is how a later run finds the issue again.
func Marker(t Term, key string) string {
	return fmt.Sprintf("<!-- mentorbot:term-issue %s %s -->", t, key)
}

var markerRE = regexp.MustCompile(`<!-- mentorbot:term-issue (\d{4}-\d{1,2}) (\S+) -->`)

// FindMarker returns the first marker in an issue body, or "" when there is
// none. Runners use it to fill Issue.Marker from the issues they list.
func FindMarker(body string) string {
	return markerRE.FindString(body)
}

// ParseMarker returns the term and key of a marker.
func ParseMarker(marker string) (Term, string, bool) {
	m := markerRE.FindStringSubmatch(marker)
	if m == nil {
		return Term{}, "", false
	}
	t, err := ParseTerm(m[1])
	if err != nil {
		return Term{}, "", false
	}
	return t, m[2], true
}
