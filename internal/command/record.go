package command

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/mentorbot/mentorbot/internal/proposal"
)

// The records mentorbot keeps in its own comments, as hidden HTML comments
// holding JSON. They are read only from comments mentorbot wrote, and only
// on lines of their own where mentorbot puts them (a marker opens the
// comment, a record closes it or its section); mentorbot echoes what people
// write only through internal/quote, which cannot produce "<!--", so text
// quoted in its own comments cannot forge one either.
const (
	replyPrefix = "<!-- mentorbot:command-reply "
	recordTag   = "mentorbot:command-record"
	stateTag    = "mentorbot:gates-state"
)

// ReplyMarker is the marker of mentorbot's reply to the comment with id:
// one reply per command comment, edited in place when the comment is.
func ReplyMarker(id int64) string { return fmt.Sprintf("%s%d -->", replyPrefix, id) }

// reply is what a reply records about the comment it answers: the hash of
// the body it judged and the indexes of the commands it refused.
type reply struct {
	SHA     string `json:"sha"`
	Refused []int  `json:"refused"`
}

// gatesState is what the report's gates section records: the field hashes
// of the proposal as last seen, the comment id up to which approvals no
// longer count, and, after a reset, what changed and whose approvals were
// cleared.
type gatesState struct {
	Fields  map[string]string `json:"fields"`
	After   int64             `json:"after,omitempty"`
	Changed []string          `json:"changed,omitempty"`
	Cleared []string          `json:"cleared,omitempty"`
	// ClearedCNCF are the CNCF approvers whose approval was cleared.
	ClearedCNCF []string `json:"cleared_cncf,omitempty"`
	// Judged is the last command comment judged (judged.go).
	Judged *judged `json:"judged,omitempty"`
}

var (
	recordRE = regexp.MustCompile(`(?m)^<!-- ` + recordTag + ` (\{[^<>\n]*\}) -->$`)
	stateRE  = regexp.MustCompile(`(?m)^<!-- ` + stateTag + ` (\{[^<>\n]*\}) -->$`)
	replyRE  = regexp.MustCompile(`^<!-- mentorbot:command-reply (\d{1,19}) -->\n`)
	resetRE  = regexp.MustCompile(`^<!-- mentorbot:approvals-reset (\d{1,19}) -->\n`)
)

// lastMatch returns the submatch of the last match of re in s, or nil.
func lastMatch(re *regexp.Regexp, s string) []string {
	all := re.FindAllStringSubmatch(s, -1)
	if len(all) == 0 {
		return nil
	}
	return all[len(all)-1]
}

// ResetMarker is the marker of the notice mentorbot posts when a material
// edit clears approvals given in comments up to id. The notice pings who
// must approve again, and keeps the reset point should the report comment
// be lost.
func ResetMarker(id int64) string { return fmt.Sprintf("<!-- mentorbot:approvals-reset %d -->", id) }

// resetPoint returns the latest reset point recorded by notices in
// mentorbot's comments, 0 when none. A notice opens with its marker and
// names a comment older than itself, as mentorbot writes it; any other
// point is not one mentorbot recorded.
func resetPoint(in *Input) int64 {
	var after int64
	for _, c := range in.Comments {
		if !in.isSelf(c.Author) {
			continue
		}
		if m := resetRE.FindStringSubmatch(normalize(c.Body) + "\n"); m != nil {
			var id int64
			fmt.Sscan(m[1], &id)
			if id < c.ID {
				after = max(after, id)
			}
		}
	}
	return after
}

// hidden renders v as a hidden record. JSON of the types above never holds
// "-->": hashes are hex, logins and field ids are plain words.
func hidden(tag string, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain structs of strings and numbers always encode
	}
	return "<!-- " + tag + " " + string(b) + " -->"
}

// readReply returns the comment id a mentorbot reply answers and its
// record: the reply opens with its marker and ends with its record.
func readReply(body string) (int64, reply, bool) {
	body = normalize(body) + "\n"
	m := replyRE.FindStringSubmatch(body)
	r := lastMatch(recordRE, body)
	if m == nil || r == nil {
		return 0, reply{}, false
	}
	var id int64
	fmt.Sscan(m[1], &id)
	var rec reply
	if json.Unmarshal([]byte(r[1]), &rec) != nil {
		return 0, reply{}, false
	}
	return id, rec, true
}

// readState returns the gates state recorded in a report comment: the
// record line of its gates section, which the proposal's own part of the
// report (quoting the proposal) precedes.
func readState(report string) (gatesState, bool) {
	m := lastMatch(stateRE, proposal.GatesSection(report))
	if m == nil {
		return gatesState{}, false
	}
	var st gatesState
	if json.Unmarshal([]byte(m[1]), &st) != nil {
		return gatesState{}, false
	}
	return st, true
}

// bodySHA identifies a comment body's content, whatever line endings and
// surrounding space GitHub stored.
func bodySHA(body string) string {
	s := strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n"))
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:6])
}

// Fingerprint returns a short hash of each field's value in f, normalised so
// that only a material change alters it: whitespace runs count as one
// space, mentors compare by their parsed parts (handles and emails without
// case), ticked options as a set.
func Fingerprint(f *proposal.Form) map[string]string {
	vals := map[string]string{
		proposal.FieldProject:            f.Project,
		proposal.FieldTerm:               f.Term,
		proposal.FieldName:               f.Name,
		proposal.FieldDescription:        f.Description,
		proposal.FieldTechnologies:       f.Technologies,
		proposal.FieldSkillsSame:         fmt.Sprint(f.SkillsSame),
		proposal.FieldSkills:             f.Skills,
		proposal.FieldMentors:            mentorsKey(f.Mentors),
		proposal.FieldUpstream:           f.Upstream,
		proposal.FieldPrerequisites:      prereqKey(f.Prerequisites),
		proposal.FieldCodingChallengeURL: f.CodingChallengeURL,
		proposal.FieldCustom:             fmt.Sprint(f.Custom),
		proposal.FieldCustomName:         f.CustomName,
		proposal.FieldCustomDescription:  f.CustomDescription,
		proposal.FieldCustomFileUpload:   fmt.Sprint(f.CustomFileUpload),
	}
	out := make(map[string]string, len(vals))
	for id, v := range vals {
		sum := sha256.Sum256([]byte(strings.Join(strings.Fields(v), " ")))
		out[id] = hex.EncodeToString(sum[:4])
	}
	return out
}

func mentorsKey(text string) string {
	var lines []string
	for _, m := range proposal.ParseMentors(text) {
		lines = append(lines, strings.Join([]string{strings.Join(strings.Fields(m.Name), " "),
			strings.ToLower(m.Handle), strings.ToLower(m.Email), m.LFID}, "|"))
	}
	return strings.Join(lines, "\n")
}

func prereqKey(ps []string) string {
	s := slices.Clone(ps)
	slices.Sort(s)
	return strings.Join(s, "\n")
}

// changedFields returns the ids of the fields whose hashes differ, in the
// form's order. A field missing from old counts as unchanged: records
// written before a field existed must not clear approvals.
func changedFields(old, cur map[string]string) []string {
	var out []string
	for _, fd := range proposal.Fields {
		if o, ok := old[fd.ID]; ok && o != cur[fd.ID] {
			out = append(out, fd.ID)
		}
	}
	return out
}
