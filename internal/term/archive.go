package term

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
)

// Archive terms are the folders written before today's convention: "q1",
// "q3-q4", "01-Spring", "03-Sept-Nov", or a year folder holding only a
// README (2019). They are terms all the same: their facts (dates that exist,
// weekdays, daylight saving, the year) are checked, but not today's naming,
// title or required activities, and their timelines may be bullet lists.
// Only years up to cfg.ArchiveUntil are read this way, so a new folder is
// always held to today's naming.

var (
	quarterRE = regexp.MustCompile(`(?i)^q([1-4])(?:-q([1-4]))?$`)
	seasonRE  = regexp.MustCompile(`(?i)^(\d{1,2})-(spring|summer|fall|autumn|winter)$`)
	oldMonsRE = regexp.MustCompile(`^(\d{1,2})-([A-Za-z]+)-([A-Za-z]+)$`)
)

var seasons = map[string][2]time.Month{
	"spring": {time.March, time.May},
	"summer": {time.June, time.August},
	"fall":   {time.September, time.November},
	"autumn": {time.September, time.November},
	"winter": {time.December, time.February},
}

// archiveName reads a folder name in an older convention and returns the
// term number and months it stands for.
func archiveName(name string) (n int, first, last time.Month, ok bool) {
	if m := quarterRE.FindStringSubmatch(name); m != nil {
		q1, _ := strconv.Atoi(m[1])
		q2 := q1
		if m[2] != "" {
			q2, _ = strconv.Atoi(m[2])
		}
		if q2 < q1 {
			return 0, 0, 0, false
		}
		return q1, time.Month(3*q1 - 2), time.Month(3 * q2), true
	}
	if m := seasonRE.FindStringSubmatch(name); m != nil {
		n, _ = strconv.Atoi(m[1])
		s := seasons[strings.ToLower(m[2])]
		return n, s[0], s[1], true
	}
	if m := oldMonsRE.FindStringSubmatch(name); m != nil {
		n, _ = strconv.Atoi(m[1])
		f, ok1 := months[strings.ToLower(m[2])]
		l, ok2 := months[strings.ToLower(m[3])]
		if ok1 && ok2 {
			return n, f, l, true
		}
	}
	return 0, 0, 0, false
}

// ParseArchive reads a term folder of the archive (see the package comment
// on archive terms): a folder named in an older convention inside a year
// folder, or a year folder itself, whose year is at most cfg.ArchiveUntil.
// It reports false for anything else, including old names in later years.
func ParseArchive(dir string, cfg config.Terms) (ID, bool) {
	dir = cleanRel(dir)
	root := cleanRel(cfg.Root)
	if cfg.ArchiveUntil <= 0 {
		return ID{}, false
	}
	if path.Dir(dir) == root && isDigits(path.Base(dir)) && len(path.Base(dir)) == 4 {
		y, _ := strconv.Atoi(path.Base(dir))
		if y > cfg.ArchiveUntil {
			return ID{}, false
		}
		return ID{Year: y, First: time.January, Last: time.December, Archive: true}, true
	}
	yearDir, name := path.Base(path.Dir(dir)), path.Base(dir)
	if !isDigits(yearDir) || len(yearDir) != 4 {
		return ID{}, false
	}
	y, _ := strconv.Atoi(yearDir)
	if y > cfg.ArchiveUntil {
		return ID{}, false
	}
	n, first, last, ok := archiveName(name)
	if !ok {
		return ID{}, false
	}
	return ID{Year: y, Number: n, First: first, Last: last, Archive: true, Folder: name}, true
}

// archiveHint adds to a folder-name error when the name is in the older
// convention but the folder is too new for the archive.
func archiveHint(dir string, cfg config.Terms) string {
	name := path.Base(cleanRel(dir))
	if _, _, _, ok := archiveName(name); !ok {
		return ""
	}
	// "03-Sep-Oct" is today's naming with the wrong months, not an old name.
	if m := oldMonsRE.FindStringSubmatch(name); m != nil && len(m[2]) == 3 && len(m[3]) == 3 {
		return ""
	}
	if cfg.ArchiveUntil <= 0 {
		return " (that is the archive's older naming, and terms.archive_until is off)"
	}
	return fmt.Sprintf(" (that is the older naming, read only for the archive up to %d: new folders use today's)", cfg.ArchiveUntil)
}

// statusLines returns every Status line outside code fences, in order.
func statusLines(lines text) []statusLine {
	var out []statusLine
	for i, t := range lines.unfenced(0, lines.len()) {
		if m := statusRE.FindSubmatch(t); m != nil {
			out = append(out, statusLine{line: i + 1, value: strings.Trim(string(m[1]), "*_ ")})
		}
	}
	return out
}

type statusLine struct {
	line  int
	value string
}

// sameStatus compares two Status values loosely: case, emphasis and
// "Complete"/"Completed" do not matter.
func sameStatus(a, b string) bool {
	norm := func(s string) string {
		w := activityWordsRaw(s)
		for i := range w {
			if w[i] == "completed" {
				w[i] = "complete"
			}
		}
		return strings.Join(w, " ")
	}
	return norm(a) == norm(b)
}

// timelineSection returns the lines [from, to) of the section under the
// first heading that names the timeline, up to the next heading of the same
// or a higher level; ok is false when there is none.
func timelineSection(lines text) (from, to int, ok bool) {
	level := 0
	for i, t := range lines.unfenced(0, lines.len()) {
		l := headingLevel(t)
		if l == 0 {
			continue
		}
		if level == 0 {
			if strings.Contains(strings.ToLower(string(t)), "timeline") {
				level, from = l, i+1
			}
			continue
		}
		if l <= level {
			return from, i, true
		}
	}
	if level == 0 {
		return 0, 0, false
	}
	return from, lines.len(), true
}

func headingLevel(t []byte) int {
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(t) && t[n] != ' ' && t[n] != '\t') {
		return 0
	}
	return n
}

func isFence(t []byte) bool {
	return strings.HasPrefix(string(t), "```") || strings.HasPrefix(string(t), "~~~")
}

var (
	bulletRE = regexp.MustCompile(`^(?:[-*+]|\d{1,2}[.)])\s+(.*)$`)
	linkRE   = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	autoRE   = regexp.MustCompile(`<https?://[^>]*>`)
	strikeRE = regexp.MustCompile(`~~[^~]*~~`)
)

// cleanBullet removes the markup that hides a bullet's words: links keep
// their text, struck-out text goes, escapes and emphasis are dropped.
func cleanBullet(s string) string {
	s = strikeRE.ReplaceAllString(s, "")
	s = linkRE.ReplaceAllString(s, "$1")
	s = autoRE.ReplaceAllString(s, "")
	s = bulletMarkup.Replace(s)
	return strings.TrimSpace(s)
}

var bulletMarkup = strings.NewReplacer(`\(`, "(", `\)`, ")", `\-`, "-", `\*`, "", "**", "", "__", "")

// readBulletTimeline reads the archive's bullet-list timelines: each bullet
// (nested ones too) of the timeline section that holds a date is an entry,
// its date found wherever it stands ("April 16 - May 1: project applications
// opened", "project applications open: Jan 26th - Feb 1st", "proposals
// cutoff May 24th"). Bullets without a date are notes and are skipped.
func readBulletTimeline(doc *Doc, lines text, from, to int) {
	for i, t := range lines.unfenced(from, to) {
		m := bulletRE.FindSubmatch(t)
		if m == nil {
			continue
		}
		body := cleanBullet(string(m[1]))
		date, activity, ok := splitDated(body)
		if !ok {
			continue
		}
		if doc.TimelineLine == 0 {
			doc.TimelineLine = i + 1
		}
		doc.Timeline = append(doc.Timeline, Entry{Line: i + 1, Activity: activity, Text: date})
	}
}

// splitDated finds the first date in s and returns it as written and the
// rest of s as the activity, with separators and notes around it trimmed.
func splitDated(s string) (date, activity string, ok bool) {
	if len(s) > maxCellBytes {
		s = s[:maxCellBytes]
	}
	s = cellReplacer.Replace(s)
	rs := []rune(s)
	toks := tokenizeRunes(rs)
	for k := range toks {
		t := toks[k]
		_, isMonth := wordIn(t, months)
		_, isDay := wordIn(t, weekdays)
		startsDayMonth := false
		if t.kind == tNum {
			_, startsDayMonth = wordIn(nextWord(toks, k), months)
		}
		if !isMonth && !isDay && !startsDayMonth && !isISO(toks, k) {
			continue
		}
		end, note, ok := scanPrefix(toks, k)
		if !ok {
			continue
		}
		stop := len(rs)
		if end < len(toks) {
			stop = toks[end].pos
		}
		date = strings.TrimSpace(string(rs[t.pos:stop]))
		if note[1] > note[0] {
			date = strings.TrimSpace(string(rs[t.pos:toks[note[0]].pos])) + " " + strings.TrimSpace(string(rs[toks[note[1]].pos:stop]))
		}
		before := string(rs[:t.pos])
		after := string(rs[stop:])
		activity = trimActivity(before)
		if activity == "" {
			activity = trimActivity(after)
		}
		return date, activity, true
	}
	return "", "", false
}

// nextWord returns the token after k, skipping an ordinal suffix.
func nextWord(toks []token, k int) token {
	j := k + 1
	if j < len(toks) && toks[j].kind == tWord {
		switch strings.ToLower(toks[j].text) {
		case "st", "nd", "rd", "th":
			j++
		}
	}
	if j < len(toks) {
		return toks[j]
	}
	return token{kind: tEOF}
}

var (
	parenRE     = regexp.MustCompile(`^\([^()]*\)`)
	sentenceEnd = regexp.MustCompile(`\. +\p{Lu}`)
)

// trimActivity strips what stands between a date and its activity: notes
// in parentheses, dashes, colons, and a final ";", "." or "!".
func trimActivity(s string) string {
	for {
		t := strings.TrimSpace(s)
		t = strings.TrimLeft(t, "-:,– ")
		t = strings.TrimSpace(t)
		if loc := parenRE.FindStringIndex(t); loc != nil {
			t = t[loc[1]:]
		}
		if i := sentenceEnd.FindStringIndex(t); i != nil {
			t = t[:i[0]] // "intermediate checkpoint. Mentors verify ..."
		}
		t = strings.TrimRight(strings.TrimSpace(t), ";.!:,- ")
		if t == s {
			return t
		}
		s = t
	}
}

// scanPrefix reads a date (or a range) starting at token k and returns the
// index of the first token after it. Unlike scan, what follows may be
// anything, and a dash not followed by a date ends the date before the
// dash. A year written after a note ("April 1 (deadline extended) 2020")
// belongs to the date: note is then the [from, to) token range of the note,
// which the date as written leaves out.
func scanPrefix(toks []token, k int) (end int, note [2]int, ok bool) {
	p := &parser{toks: toks, i: k}
	first, ok := p.part()
	if !ok || first.month == 0 {
		return 0, note, false
	}
	last := first
	save := p.i
	p.skip(tComma)
	if isRangeWord(p.peek()) {
		p.i++
		// "July 27 - 2nd (final) evaluation" is a date and an activity: an
		// end without a month must come after the start to make a range.
		if s, ok := p.part(); ok && (s.month != 0 || s.day > first.day) {
			last = s
		} else {
			p.i = save
		}
	} else {
		p.i = save
	}
	if last.year == 0 && !last.hasTime && p.peek().kind == tLParen {
		j := p.i
		for j < len(toks) && toks[j].kind != tRParen {
			j++
		}
		if j+1 < len(toks) && toks[j+1].kind == tNum && len(toks[j+1].text) == 4 {
			note = [2]int{p.i, j + 1}
			p.i = j + 2
		}
	}
	return p.i, note, true
}

func isISO(toks []token, k int) bool {
	return k+4 < len(toks) && toks[k].kind == tNum && len(toks[k].text) == 4 && toks[k+1].kind == tDash
}
