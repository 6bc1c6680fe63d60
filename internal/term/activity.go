package term

import (
	"strings"
	"unicode"
)

// fillers are words that carry no meaning when matching activity names.
var fillers = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "and": true, "with": true,
	"for": true, "to": true, "in": true, "on": true, "at": true, "by": true,
}

// activityWords splits an activity name into normalized words: lower case,
// markdown and punctuation dropped, hyphenated words joined ("mid-term" is
// "midterm"), a plural "s" dropped, filler words removed.
func activityWords(s string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() == 0 {
			return
		}
		w := b.String()
		b.Reset()
		if len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		if !fillers[w] {
			words = append(words, w)
		}
	}
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		case (r == '-' || r == '\'' || r == '’') && b.Len() > 0 && i+1 < len(rs) && unicode.IsLetter(rs[i+1]):
			// Joined word: "mid-term", "mentee's".
		default:
			flush()
		}
	}
	flush()
	return words
}

// NormalizeActivity returns the words MatchActivity compares, joined by
// single spaces: "**Midterm Mentee Evaluations Due**" becomes
// "midterm mentee evaluation due".
func NormalizeActivity(s string) string {
	return strings.Join(activityWords(s), " ")
}

// MatchActivity reports whether the timeline activity matches the loose
// name want: every word of want (after NormalizeActivity) appears in
// activity. Case, punctuation, markdown, plurals and filler words do not
// matter, and activity may say more: "midterm evaluations" matches
// "Midterm Mentee Evaluations Due" and "Midterm mentee evaluations and first
// stipend payments"; "program begins" matches "Mentorship program begins with
// the initial work assignments". A word split in one and joined in the other
// is the same word: "kick off" matches "Kick-Off" and "Kickoff", "kickoff"
// matches "Kick Off". An empty want matches nothing. It is the one activity
// matcher: term validation, the umbrella's schedule keys and deadline
// reminders all use it.
func MatchActivity(want, activity string) bool {
	return matchWords(activityWords(want), activityWords(activity))
}

// matchWords is MatchActivity on words already normalized, so a timeline's
// rows are normalized once, not once per rule.
func matchWords(ws, have []string) bool {
	if len(ws) == 0 {
		return false
	}
	for i := 0; i < len(ws); i++ {
		switch {
		case hasWord(have, ws[i]):
		case i+1 < len(ws) && hasWord(have, ws[i]+ws[i+1]):
			// "kick off" against "kickoff".
			i++
		case hasJoined(have, ws[i]):
			// "kickoff" against "kick off".
		default:
			return false
		}
	}
	return true
}

func hasWord(have []string, w string) bool {
	for _, h := range have {
		if h == w {
			return true
		}
	}
	return false
}

// hasJoined reports whether two adjacent words of have spell w.
func hasJoined(have []string, w string) bool {
	for j := 0; j+1 < len(have); j++ {
		if len(have[j])+len(have[j+1]) == len(w) && strings.HasPrefix(w, have[j]) && strings.HasSuffix(w, have[j+1]) {
			return true
		}
	}
	return false
}
