package meeting

import (
	"bytes"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
)

// Blob is one file as read from the repository: its contents and its git
// blob sha ("" when the caller does not track shas, as in a working tree).
type Blob struct {
	Content []byte
	SHA     string
}

// Input is everything Plan reads.
type Input struct {
	Config config.Meeting
	// Now decides which meetings are held and which one is next.
	Now time.Time
	// Files holds the minutes files that exist among Paths(Config, Now),
	// by path. A path that is absent does not exist.
	Files map[string]Blob
	// Added lists meeting dates whose stub mentorbot committed before (read
	// from the file's commit messages). When the stub for the next meeting
	// is one of them and is no longer in the file, a person deleted it,
	// and it is not put back. Optional.
	Added []Date
	// Owner, Repo and DefaultBranch name where the plan writes: commits
	// to DefaultBranch, or, in pull_request mode, to Config.Branch with a
	// pull request into DefaultBranch.
	Owner, Repo, DefaultBranch string
	// Branch is Config.Branch as read before planning (pull_request mode);
	// nil offline, where the branch is taken to be absent.
	Branch *Branch
}

// Branch is the meeting branch of pull_request mode as the loader found it.
type Branch struct {
	Exists bool
	// SHAs are the blob shas on the branch of the minutes files Plan may
	// write; a file missing here is not on the branch.
	SHAs map[string]string
}

// Change is the new contents of one file.
type Change struct {
	Path string
	Old  []byte // nil for a new file
	New  []byte
	// BaseSHA is the blob sha New was computed from ("" for a new file).
	BaseSHA string
	Create  bool
	// Message is the one-line commit message (meeting.commit_message, or
	// what the change does when it adds no stub).
	Message string
	// Notes say what changed, one line per edit, for pull request bodies
	// and summaries.
	Notes []string
}

// Result is what Plan decided.
type Result struct {
	Schedule Schedule
	// Next is the next meeting that has not ended at Now.
	Next Occurrence
	// Path is the file that holds, or will hold, Next's stub.
	Path string
	// Changes lists the files to write, in the order to write them (the
	// previous year's file first). Empty when everything is current.
	Changes []Change
	// Notes say what the planner decided that changes no file, such as
	// keeping a stub moved off the schedule as the next meeting.
	Notes []string
	// Plan writes Changes: PutFile actions on the default branch, or on
	// the meeting branch with a pull request (see Input.Branch).
	Plan plan.Plan
}

// Paths returns the minutes files Plan may read at now: the files for the
// year before, the year of, and the year after now (UTC), so a December
// run can start January's file and a January run can tidy December's.
func Paths(c config.Meeting, now time.Time) []string {
	y := now.UTC().Year()
	return []string{c.MinutesPath(y - 1), c.MinutesPath(y), c.MinutesPath(y + 1)}
}

// Plan computes the next meeting and the file edits that keep exactly one
// stub for it under "# Upcoming Meetings": stubs of held meetings move,
// unchanged, to the top of "# Past Meetings"; the next meeting's stub is
// rendered from the file's template unless a stub for that date is already
// in the file (in any section, cancelled or not) or was deleted after
// mentorbot added it; a new year's file is started from the previous
// year's. A structural problem is an error naming the file and line, and
// nothing is planned. Every error is a *LineError: a problem in the input
// files or config, not in the run.
func Plan(in Input) (Result, error) {
	in = resolved(in)
	res, err := planFiles(in)
	if err != nil {
		var le *LineError
		if !errors.As(err, &le) {
			err = &LineError{Msg: err.Error()}
		}
		return Result{}, err
	}
	res.Plan = actions(in, res)
	return res, nil
}

func planFiles(in Input) (Result, error) {
	sched, err := schedule(in)
	if err != nil {
		return Result{}, err
	}
	next := sched.Next(in.Now, in.Config.Skip, in.Config.ShowCancelled)
	res := Result{Schedule: sched, Next: next, Path: in.Config.MinutesPath(next.Date.Year)}
	prevPath := in.Config.MinutesPath(next.Date.Year - 1)

	target, targetOK, err := parseRequired(in, res.Path, true)
	if err != nil {
		return Result{}, err
	}
	prev, prevOK, err := parseRequired(in, prevPath, false)
	if err != nil {
		return Result{}, err
	}
	if _, exists := in.Files[prevPath]; !targetOK && !prevOK && exists {
		return Result{}, fmt.Errorf("cannot start %s from %s: it has no \"# Upcoming Meetings\" heading; create %s by hand once", res.Path, prevPath, res.Path)
	}
	if !targetOK && !prevOK {
		return Result{}, fmt.Errorf("%s does not exist and there is no %s to start it from: create the minutes file with \"# Upcoming Meetings\" and \"# Past Meetings\" headings", res.Path, prevPath)
	}
	present := slices.Contains(in.Added, next.Date)
	for _, f := range []*File{target, prev} {
		if f != nil && hasMeeting(f, next.Date) {
			present = true
		}
	}
	var offRule []string
	if !present {
		for _, f := range []*File{target, prev} {
			if d, ok := upcomingOffRule(f, sched, in.Now, next.Date); ok {
				// A meeting moved off the rule ("## October 22" for the 15th)
				// is the next meeting: a second stub beside it would be
				// the one people fill in by mistake.
				present = true
				offRule = append(offRule, fmt.Sprintf("keep the stub for %s as the next meeting (the schedule says %s): no second stub", d, next.Date))
			}
		}
	}

	if prevOK {
		// The previous year's file only ever loses held stubs to its own
		// "Past Meetings"; the next stub goes to next's year.
		notes, edits := moveHeld(prev, sched, in.Now)
		if c, ok := change(in, prevPath, prev, edits, notes, next); ok {
			res.Changes = append(res.Changes, c)
		}
	}
	res.Notes = append(res.Notes, offRule...)
	if targetOK {
		moved, edits := moveHeld(target, sched, in.Now)
		notes := moved
		if !present {
			edits = append(edits, insertStub(target, sched, in.Now, stubFor(target, prev, next), next.Date))
			notes = append(notes, "add the stub for "+next.Date.String())
		}
		if c, ok := change(in, res.Path, target, edits, notes, next); ok {
			res.Changes = append(res.Changes, c)
		}
		return res, nil
	}
	if present {
		return res, nil
	}
	content := newYearFile(prev, prevPath, res.Path, next)
	notes := []string{fmt.Sprintf("start %s from %s", res.Path, prevPath), "add the stub for " + next.Date.String()}
	res.Changes = append(res.Changes, Change{
		Path: res.Path, New: content, Create: true, Message: commitMessage(in.Config, next, notes), Notes: notes,
	})
	return res, nil
}

// schedule returns the configured schedule, or the one stated in the newest
// minutes file.
func schedule(in Input) (Schedule, error) {
	dur := time.Hour
	if d := strings.TrimSpace(in.Config.Schedule.Duration); d != "" {
		var err error
		if dur, err = time.ParseDuration(d); err != nil || dur <= 0 {
			return Schedule{}, fmt.Errorf("meeting.schedule.duration %q is not a positive duration such as 1h or 45m", d)
		}
	}
	s, ok, err := FromConfig(in.Config.Schedule)
	if err != nil {
		return Schedule{}, err
	}
	if ok {
		s.Duration = dur
		return s, nil
	}
	var looked []string
	for _, p := range slices.Backward(Paths(in.Config, in.Now)) {
		blob, exists := in.Files[p]
		if !exists {
			continue
		}
		looked = append(looked, p)
		f, err := Parse(blob.Content)
		if err != nil {
			return Schedule{}, withPath(p, err)
		}
		s, ok, err := f.Schedule()
		if err != nil {
			return Schedule{}, withPath(p, err)
		}
		if ok {
			s.Duration = dur
			s.Source = p + ":" + strings.TrimPrefix(s.Source, "line ")
			return s, nil
		}
	}
	if len(looked) == 0 {
		return Schedule{}, fmt.Errorf("no minutes file: none of %s exists (meeting.path is %q)", strings.Join(Paths(in.Config, in.Now), ", "), in.Config.Path)
	}
	return Schedule{}, fmt.Errorf("no meeting schedule: %s states none under a \"Recurring\" heading (\"3rd Thursday of the month at 10AM Pacific Time\") and meeting.schedule.rule is not set", strings.Join(looked, ", "))
}

// parseRequired parses the file at p when it exists. The target file must
// have both section headings; the previous year's file only needs them when
// it has an "Upcoming Meetings" section (older files have none).
func parseRequired(in Input, p string, required bool) (*File, bool, error) {
	blob, ok := in.Files[p]
	if !ok {
		return nil, false, nil
	}
	f, err := Parse(blob.Content)
	if err != nil {
		return nil, false, withPath(p, err)
	}
	if !required && f.Upcoming < 0 {
		return nil, false, nil
	}
	if err := f.Require(); err != nil {
		return nil, false, withPath(p, err)
	}
	return f, true, nil
}

func withPath(p string, err error) error {
	var le *LineError
	if errors.As(err, &le) {
		c := *le
		c.Path = p
		return &c
	}
	return fmt.Errorf("%s: %w", p, err)
}

// hasMeeting reports whether a meeting heading outside the template is
// dated d.
func hasMeeting(f *File, d Date) bool {
	for si, s := range f.Sections {
		if si == f.Template {
			continue
		}
		for _, b := range s.Meetings {
			if b.DateOK && b.Date == d {
				return true
			}
		}
	}
	return false
}

// upcomingOffRule returns the date of a stub under "Upcoming Meetings" that
// is not held yet and comes before next or in next's month: a meeting moved
// off the schedule, standing for next.
func upcomingOffRule(f *File, s Schedule, now time.Time, next Date) (Date, bool) {
	if f == nil || f.Upcoming < 0 {
		return Date{}, false
	}
	for _, b := range f.Sections[f.Upcoming].Meetings {
		if !b.DateOK || s.Held(blockStart(f, b, s), now) {
			continue
		}
		if b.Date.Before(next) || (b.Date.Year == next.Year && b.Date.Month == next.Month) {
			return b.Date, true
		}
	}
	return Date{}, false
}

// blockStart is when an upcoming stub's meeting starts: the time its time
// line states, or the schedule's time on its date.
func blockStart(f *File, b Block, s Schedule) time.Time {
	if b.TimeLine >= 0 {
		if cs := parseTimeLine(f.Text(b.TimeLine)); len(cs) > 0 {
			c := cs[0]
			d := b.Date
			if od, ok, _ := onDate(c); ok {
				d = od
			}
			loc, _ := clockZone(c)
			return d.At(c.Hour, c.Minute, loc)
		}
	}
	return s.Start(b.Date)
}

// moveHeld plans moving every held stub under "Upcoming Meetings" to the
// top of "Past Meetings", newest first, byte for byte.
func moveHeld(f *File, s Schedule, now time.Time) (notes []string, edits []edit) {
	up := f.Sections[f.Upcoming]
	var held []Block
	for i, b := range up.Meetings {
		if !s.Held(blockStart(f, b, s), now) {
			continue
		}
		held = append(held, b)
		end := b.End
		if i == len(up.Meetings)-1 {
			end = f.skipBlank(b.ContentEnd, up.End)
		}
		edits = append(edits, edit{start: b.Start, end: end})
	}
	if len(held) == 0 {
		return nil, nil
	}
	slices.SortStableFunc(held, func(a, b Block) int { return b.Date.Compare(a.Date) })
	var text strings.Builder
	for _, b := range held {
		text.WriteString(f.blockText(b) + f.NL)
		notes = append(notes, fmt.Sprintf("move the %s meeting to Past Meetings", b.Date))
	}
	edits = append(edits, f.insertAt(f.Sections[f.Past], text.String()))
	return notes, edits
}

// insertStub plans inserting stub into "Upcoming Meetings" in date order
// among the stubs that stay.
func insertStub(f *File, s Schedule, now time.Time, stub string, d Date) edit {
	up := f.Sections[f.Upcoming]
	var last *Block
	for i, b := range up.Meetings {
		if s.Held(blockStart(f, b, s), now) {
			continue
		}
		if d.Before(b.Date) {
			return f.padded(b.Start, stub+f.NL)
		}
		last = &up.Meetings[i]
	}
	if last != nil {
		return f.padded(f.skipBlank(last.ContentEnd, up.End), stub+f.NL)
	}
	return f.insertAt(up, stub+f.NL)
}

// insertAt plans inserting text as the first meeting of section s: before
// its first "##" heading, or else before its first non-blank line.
func (f *File) insertAt(s Section, text string) edit {
	if len(s.Meetings) > 0 {
		return f.padded(s.Meetings[0].Start, text)
	}
	return f.padded(f.skipBlank(s.Body, s.End), text)
}

// padded makes an insertion at pos that starts after a blank line.
func (f *File) padded(pos int, text string) edit {
	before := f.Src[:pos]
	switch {
	case pos == 0:
	case bytes.HasSuffix(before, []byte("\n\n")) || bytes.HasSuffix(before, []byte("\n\r\n")):
	case bytes.HasSuffix(before, []byte("\n")):
		text = f.NL + text
	default:
		text = f.NL + f.NL + text
	}
	return edit{start: pos, end: pos, text: text}
}

// skipBlank returns the start of the first non-blank line at or after
// byte pos (a line start), or limit.
func (f *File) skipBlank(pos, limit int) int {
	for _, l := range f.Lines {
		if l.Start < pos {
			continue
		}
		if l.Start >= limit {
			break
		}
		if strings.TrimSpace(string(f.Src[l.Start:l.End])) != "" {
			return l.Start
		}
	}
	return limit
}

func change(in Input, p string, f *File, edits []edit, notes []string, next Occurrence) (Change, bool) {
	if len(edits) == 0 {
		return Change{}, false
	}
	out := keepGap(f, apply(f.Src, edits))
	if bytes.Equal(out, f.Src) {
		return Change{}, false
	}
	return Change{Path: p, Old: f.Src, New: out, BaseSHA: in.Files[p].SHA, Message: commitMessage(in.Config, next, notes), Notes: notes}, true
}

// keepGap gives the blank lines that end "Upcoming Meetings" in out (the
// gap before the next section's heading) the count they had in f: moving
// the last stub out and a new one in must not eat a blank line a person put
// there, nor add one.
func keepGap(f *File, out []byte) []byte {
	g, err := Parse(out)
	if err != nil || f.Upcoming < 0 || g.Upcoming < 0 || f.Upcoming+1 >= len(f.Sections) || g.Upcoming+1 >= len(g.Sections) {
		return out
	}
	want := f.blanksBefore(f.Sections[f.Upcoming+1].Line)
	end := g.Sections[g.Upcoming+1].Line
	have := g.blanksBefore(end)
	if have == want || (have == 0 && g.Sections[g.Upcoming].Line == end-1) {
		return out
	}
	first := g.lineStart(end - have)
	blank := strings.Repeat(g.NL, want)
	return append(append(append([]byte{}, out[:first]...), blank...), out[g.lineStart(end):]...)
}

// blanksBefore counts the blank lines right above line i.
func (f *File) blanksBefore(i int) int {
	n := 0
	for j := i - 1; j >= 0 && strings.TrimSpace(f.Text(j)) == ""; j-- {
		n++
	}
	return n
}

func commitMessage(c config.Meeting, next Occurrence, notes []string) string {
	msg := c.CommitMessage
	if msg == "" {
		msg = "minutes: add stub for the {date} meeting"
	}
	msg = strings.ReplaceAll(msg, "{date}", next.Date.String())
	if len(notes) > 0 && !slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, "add ") }) {
		// A file that only loses held stubs gets no new meeting: say so.
		msg = "minutes: " + strings.Join(notes, "; ")
	}
	return msg
}

// newYearFile starts the file for next's year from the previous year's:
// front matter and headings say the new year, links to the old file's own
// location point to the new one, "Upcoming Meetings" holds only next's stub,
// "Past Meetings" is empty, the template is kept and the archive gains a
// link to the previous year's file.
func newYearFile(prev *File, prevPath, newPath string, next Occurrence) []byte {
	oldYear, newYear := strconv.Itoa(next.Date.Year-1), strconv.Itoa(next.Date.Year)
	var edits []edit
	up, past := prev.Sections[prev.Upcoming], prev.Sections[prev.Past]
	yearRE := regexp.MustCompile(`\b` + oldYear + `\b`)
	for i := 0; i < len(prev.Lines) && prev.Lines[i].Start < up.Start; i++ {
		l := prev.Lines[i]
		text := prev.Text(i)
		out := strings.ReplaceAll(text, path.Base(prevPath), path.Base(newPath))
		if i < prev.FrontMatter || headingRE.MatchString(text) {
			out = yearRE.ReplaceAllString(out, newYear)
		}
		if out != text {
			edits = append(edits, edit{start: l.Start, end: l.End, text: out})
		}
	}
	stub := RenderStub(prev, next)
	if len(up.Meetings) == 0 {
		edits = append(edits, prev.insertAt(up, stub+prev.NL))
	} else {
		first := up.Meetings[0]
		edits = append(edits, prev.padded(first.Start, stub+prev.NL),
			edit{start: first.Start, end: prev.skipBlank(up.Meetings[len(up.Meetings)-1].ContentEnd, up.End)})
	}
	if len(past.Meetings) > 0 {
		edits = append(edits, edit{start: past.Meetings[0].Start, end: prev.skipBlank(past.Meetings[len(past.Meetings)-1].ContentEnd, past.End)})
	}
	edits = append(edits, archiveLink(prev, prevPath, newPath, oldYear))
	return apply(prev.Src, edits)
}

var listItemRE = regexp.MustCompile(`^(\s*[*+-]\s+)\S.*?([ \t]*)$`)

// archiveLink plans the "[2024 Meeting Minutes](2024-meeting-minutes.md)"
// item at the top of the archive list (a new "# Archive" section at the end
// when there is none).
func archiveLink(f *File, prevPath, newPath, year string) edit {
	rel := relPath(path.Dir(newPath), prevPath)
	item := fmt.Sprintf("[%s Meeting Minutes](%s)", year, rel)
	if f.Archive < 0 {
		return f.padded(len(f.Src), "# Archive"+f.NL+f.NL+"* "+item+f.NL)
	}
	s := f.Sections[f.Archive]
	for i := s.Line + 1; i < len(f.Lines) && f.Lines[i].Start < s.End; i++ {
		if m := listItemRE.FindStringSubmatch(f.Text(i)); m != nil {
			return edit{start: f.Lines[i].Start, end: f.Lines[i].Start, text: m[1] + item + m[2] + f.NL}
		}
	}
	return f.insertAt(s, "* "+item+f.NL)
}

// relPath returns target relative to directory dir, both slash paths from
// the repository root.
func relPath(dir, target string) string {
	if dir == "." {
		return target
	}
	d := strings.Split(dir, "/")
	t := strings.Split(target, "/")
	i := 0
	for i < len(d) && i < len(t)-1 && d[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(d)-i) + strings.Join(t[i:], "/")
}

// stubFor renders next's stub for target from target's template, or else
// from the previous year's file's template (a file started by hand may have
// none), in target's line endings.
func stubFor(target, prev *File, next Occurrence) string {
	if hasTemplate(target) || prev == nil || !hasTemplate(prev) {
		return RenderStub(target, next)
	}
	stub := RenderStub(prev, next)
	if prev.NL != target.NL {
		stub = strings.ReplaceAll(strings.ReplaceAll(stub, "\r\n", "\n"), "\n", target.NL)
	}
	return stub
}

func hasTemplate(f *File) bool {
	return f != nil && f.Template >= 0 && len(f.Sections[f.Template].Meetings) > 0
}
