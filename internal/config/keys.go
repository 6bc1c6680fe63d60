package config

//go:generate go test -run TestGenerated . -update

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/mentorbot/mentorbot/internal/finding"
)

// SchemaURL is where the JSON Schema of the config file is published (the
// file docs/mentorbot.schema.json of this repository).
const SchemaURL = "https://raw.githubusercontent.com/mentorbot/mentorbot/main/docs/mentorbot.schema.json"

// Key is one key of the config file, as the JSON Schema, the reference page
// and config init describe it. Keys is the one walk over the config types
// that all three read.
type Key struct {
	// Path is the dotted key path: "meeting.schedule.time"; a map's entries
	// are "<name>" ("labels.styles.<name>.color"), a list's items "[]"
	// ("meeting.skip[].date").
	Path string
	// Depth is the number of keys above this one (0 for a section).
	Depth int
	// Doc is the field's doc comment in the Go source (or its type's).
	Doc  string
	Type reflect.Type
	// Default is the key's default value; it is invalid for keys under a
	// map entry or a list item, which have no default of their own.
	Default reflect.Value
}

// Keys returns every key of the config file, sections first in file order,
// each followed by the keys under it.
func Keys() []Key { return keys(fieldDocs) }

func keys(docs map[string]string) []Key {
	var out []Key
	walkKeys(docs, reflect.TypeFor[Config](), reflect.ValueOf(*Default()), "", 0, &out)
	return out
}

func walkKeys(docs map[string]string, t reflect.Type, v reflect.Value, prefix string, depth int, out *[]Key) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, ok := yamlName(f)
		if !ok {
			continue
		}
		if _, opts, _ := strings.Cut(f.Tag.Get("yaml"), ","); strings.Contains(opts, "inline") && f.Type.Kind() == reflect.Struct {
			// An inlined struct's keys sit at this level of the file.
			var fv reflect.Value
			if v.IsValid() {
				fv = v.Field(i)
			}
			walkKeys(docs, f.Type, fv, prefix, depth, out)
			continue
		}
		k := Key{Path: prefix + name, Depth: depth, Doc: fieldDoc(docs, t, f), Type: f.Type}
		var fv reflect.Value
		if v.IsValid() {
			fv = v.Field(i)
			k.Default = fv
		}
		*out = append(*out, k)
		walkValue(docs, f.Type, fv, k.Path, depth+1, out)
	}
}

// walkValue adds the keys under a value of type t: a struct's fields, or
// those of a map's or a list's struct elements.
func walkValue(docs map[string]string, t reflect.Type, v reflect.Value, path string, depth int, out *[]Key) {
	switch t.Kind() {
	case reflect.Struct:
		walkKeys(docs, t, v, path+".", depth, out)
	case reflect.Map:
		if t.Elem().Kind() == reflect.Struct {
			walkKeys(docs, t.Elem(), reflect.Value{}, path+".<name>.", depth, out)
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			walkKeys(docs, t.Elem(), reflect.Value{}, path+"[].", depth, out)
		}
	}
}

// yamlName returns the key a field is written as, and false for fields
// the file cannot set.
func yamlName(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if tag == "-" {
		return "", false
	}
	if tag == "" {
		return strings.ToLower(f.Name), true
	}
	return tag, true
}

// fieldDoc is the line kept in extraDocs for a field whose comment is
// missing, trailing or shared with others, else the field's doc comment,
// else its type's.
func fieldDoc(docs map[string]string, t reflect.Type, f reflect.StructField) string {
	if d := extraDocs[t.Name()+"."+f.Name]; d != "" {
		return d
	}
	if d := docs[t.Name()+"."+f.Name]; d != "" {
		return d
	}
	ft := f.Type
	if ft.Kind() == reflect.Slice || ft.Kind() == reflect.Map {
		ft = ft.Elem()
	}
	if ft.Kind() == reflect.Struct {
		return docs[ft.Name()]
	}
	return ""
}

// extraDocs documents the fields that have no doc comment of their own,
// keyed by type and field name like fieldDocs.
var extraDocs = map[string]string{
	"Umbrella.Body":                    "Body is the umbrella issue's body, a text/template template over the term; empty means the built-in one.",
	"Config.Severity":                  "Severity sets the severity of a finding rule: error, warning, notice, or off to drop its findings.",
	"Labels.Program":                   "Program is the label on every programme issue and proposal.",
	"Labels.Proposal":                  "Proposal is the label on proposal issues.",
	"Labels.Administration":            "Administration is the label on the term's umbrella and admin issues.",
	"Labels.Terms":                     "Terms maps a term number to its label.",
	"Labels.NeedsValidation":           "NeedsValidation is the label of a proposal not checked yet.",
	"Labels.ValidationPassed":          "ValidationPassed is the label of a proposal that passed mentorbot's checks.",
	"Labels.ValidationFailed":          "ValidationFailed is the label of a proposal with errors.",
	"Labels.OverQuota":                 "OverQuota is the label of a proposal beyond its project's quota for the term.",
	"Labels.AwaitingMaintainer":        "AwaitingMaintainer is the label of a proposal waiting for a maintainer's /approve.",
	"Labels.MentorsConfirmed":          "MentorsConfirmed is the label set when every listed mentor commented /confirm.",
	"Labels.AwaitingMentors":           "AwaitingMentors is the label of a proposal waiting for its mentors' /confirm.",
	"Labels.CNCFApproved":              "CNCFApproved is the label set by /cncf-approve.",
	"Labels.Hold":                      "Hold is the label set by /hold and removed by /unhold.",
	"Labels.Withdrawn":                 "Withdrawn is the label set by /withdraw.",
	"LabelStyle.Color":                 "Color is the label's colour, six hex digits without #.",
	"LabelStyle.Description":           "Description is the label's description.",
	"Meeting.Branch":                   "Branch is the pull request's branch in mode pull_request.",
	"MeetingSkip.Reason":               "Reason is shown on a cancelled meeting's stub.",
	"Quota.Default":                    "Default is the quota of a project without an override; 0 means no limit.",
	"Quota.Overrides":                  "Overrides maps a project (lower-case name or slug) to its own quota.",
	"Approvers.Global":                 "Global lists the logins that may approve a proposal of any project.",
	"Approvers.Projects":               "Projects maps a project (name, slug or GitHub org) to its maintainers.",
	"ProjectApprovers.Logins":          "Logins are the project's maintainers who may /approve.",
	"Course.Name":                      "Name is the prerequisite's name on the LFX platform.",
	"Course.Description":               "Description tells mentees what to upload.",
	"Course.FileUpload":                "FileUpload asks mentees for a file (the certificate).",
	"Bot.Logins":                       "Logins are mentorbot's own accounts: their events are ignored.",
	"Config.Bot":                       "Bot identifies mentorbot's own account, so it can skip its own events.",
	"MeetingSchedule.Rule":             "Rule is the meeting's recurrence: \"3rd Thursday\", \"last Tuesday\", \"2nd and 4th Wednesday\", \"weekly Monday\", \"biweekly Tuesday from 2024-01-09\"; empty means the rule written in the minutes file.",
	"MeetingSchedule.Time":             "Time is the meeting's start, 24-hour (\"10:00\"), in Timezone; needed with Rule.",
	"MeetingSchedule.Timezone":         "Timezone is the IANA zone of Time.",
	"MeetingSchedule.Duration":         "Duration is the meeting's length, a Go duration such as 1h or 45m.",
	"MeetingSkip.Date":                 "Date is the cancelled meeting's date, YYYY-MM-DD.",
	"Labels.MaintainerApproved":        "MaintainerApproved is the label set when a maintainer commented /approve.",
	"ProjectApprovers.Only":            "Only makes the listed logins the only ones whose approval counts.",
	"Proposals.Quota":                  "Quota limits open proposals per project per term.",
	"Umbrella.ScheduleKeys":            "ScheduleKeys maps a task tree's schedule_key to the timeline activity it dates.",
	"Export.StandardCourses":           "StandardCourses are the prerequisites added to every program.",
	"Terms.RequiredActivities":         "RequiredActivities are the timeline activities every term must list.",
	"Proposals.Approvers":              "Approvers may /approve; Global ones may act on every project.",
	"Umbrella.MenteeOnboarding":        "MenteeOnboarding adds an onboarding issue template per accepted mentee.",
	"Umbrella.RetrospectiveDaysBefore": "RetrospectiveDaysBefore is how many days before the last day of term the retrospective issue is opened.",
}

// constraints are what the schema says about a key beyond its Go type,
// keyed by path. Validate remains the judge; these let an editor flag the
// common mistakes as they are typed.
var constraints = map[string]map[string]any{
	"terms.months.<name>[]":              {"enum": []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}},
	"meeting.mode":                       {"enum": []string{"commit", "pull_request"}},
	"meeting.schedule.time":              {"pattern": `^([01]?[0-9]|2[0-3]):[0-5][0-9]$|^$`},
	"meeting.skip[].date":                {"pattern": `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`},
	"meeting.path":                       {"pattern": `\{year\}`},
	"labels.styles.<name>.color":         {"pattern": `^[0-9a-fA-F]{6}$`},
	"terms.window_days":                  {"minimum": 0},
	"umbrella.retrospective_days_before": {"minimum": 0},
	"proposals.quota.default":            {"minimum": 0},
}

// typeName is how the reference page names a Go type.
func typeName(t reflect.Type) string {
	if t == reflect.TypeFor[finding.Severity]() {
		return "severity"
	}
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int:
		return "integer"
	case reflect.Struct:
		return "mapping"
	case reflect.Array:
		return fmt.Sprintf("list of %d %ss", t.Len(), typeName(t.Elem()))
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return "list of mappings"
		}
		return "list of " + typeName(t.Elem()) + "s"
	case reflect.Map:
		return "map of " + typeName(t.Key()) + " to " + typeName(t.Elem())
	}
	return t.String()
}
