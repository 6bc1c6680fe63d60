// Package export turns the approved proposals of a term into the files the
// LFX Mentorship platform is loaded from: the term folder's lfx-export.json,
// lfx-tracking.csv and the generated part of its README (below the
// hand-written header), in cncf/mentoring's formats. It parses proposal
// issues into program records, merges them with the previous export (a
// program once exported is never dropped), renders the files and plans the
// pull request that delivers them.
//
// The package is pure: everything it reads arrives in an Input.
package export

// File is a term's lfx-export.json. Field order is the file's.
type File struct {
	Generated string    `json:"_generated"`
	Term      string    `json:"_term"`
	Count     int       `json:"_count"`
	Programs  []Program `json:"programs"`
}

// Program is one program as LFX is loaded with it. Field order and names
// are lfx-export.json's.
type Program struct {
	IssueNumber      int           `json:"issue_number"`
	IssueURL         string        `json:"issue_url"`
	Project          string        `json:"cncf_project"`
	ProjectSlug      string        `json:"cncf_project_slug"`
	ProjectMaturity  string        `json:"cncf_project_maturity"`
	Term             string        `json:"term"`
	NameFull         string        `json:"program_name_full"`
	NameShort        string        `json:"program_name_short"`
	Description      string        `json:"description"`
	Technologies     string        `json:"technologies"`
	Skills           string        `json:"skills"`
	Mentors          []Mentor      `json:"mentors"`
	UpstreamIssueURL string        `json:"upstream_issue_url"`
	LFXURL           string        `json:"lfx_url"`
	Prerequisites    Prerequisites `json:"prerequisites"`
}

// Mentor is one mentor of a program. Role is RolePrimary for the first
// mentor the proposal lists and RoleCoMentor for the others.
type Mentor struct {
	Name   string `json:"name"`
	Handle string `json:"github_handle"`
	Email  string `json:"email"`
	LFID   string `json:"lfid"`
	Role   string `json:"role"`
}

// Mentor roles.
const (
	RolePrimary  = "primary"
	RoleCoMentor = "co-mentor"
)

// Prerequisites are what an applicant must submit: the form's boxes, the
// coding challenge, the custom prerequisite and the programme's standard
// courses. CodingChallengeURL and Custom are null when absent.
type Prerequisites struct {
	Resume                  bool           `json:"resume"`
	CoverLetter             bool           `json:"cover_letter"`
	SchoolEnrollment        bool           `json:"school_enrollment"`
	ParticipationPermission bool           `json:"participation_permission"`
	CodingChallenge         bool           `json:"coding_challenge"`
	CodingChallengeURL      *string        `json:"coding_challenge_url"`
	Custom                  *Prerequisite  `json:"custom"`
	StandardCourses         []Prerequisite `json:"standard_courses"`
}

// Prerequisite is a named task with a description, optionally needing a
// file from the applicant.
type Prerequisite struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	FileUpload  bool   `json:"file_upload"`
}

// Names of the files in a term folder.
const (
	ExportName   = "lfx-export.json"
	TrackingName = "lfx-tracking.csv"
	ReadmeName   = "README.md"
)
