package umbrella

import (
	"slices"
	"strings"
	"unicode"
)

var fillers = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "and": true, "with": true,
	"for": true, "to": true, "in": true, "on": true, "at": true, "by": true,
}

// words splits an activity into lower-case words without punctuation,
// markdown, filler words or a plural "s"; "kick-off" is one word, "kickoff".
func words(s string) []string {
	var out []string
	f := strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(s, "-", "")), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	for _, w := range f {
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		if !fillers[w] {
			out = append(out, w)
		}
	}
	return out
}

// matchActivity reports whether every word of want appears in activity:
// "midterm evaluations" matches "**Midterm Mentee Evaluations Due**".
// "kick off" also matches "Kick-Off" and "Kickoff".
func matchActivity(want, activity string) bool {
	ws := words(want)
	if len(ws) == 0 {
		return false
	}
	have := words(activity)
	for i := 0; i < len(ws); i++ {
		if slices.Contains(have, ws[i]) {
			continue
		}
		// "kick off" against "kickoff": join with the next word.
		if i+1 < len(ws) && slices.Contains(have, ws[i]+ws[i+1]) {
			i++
			continue
		}
		return false
	}
	return true
}
