package export

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/plan"
)

func TestParseLFXURL(t *testing.T) {
	t.Parallel()
	const id = "3f2c1a9e-8d4b-4c7a-9e1f-2b6d5a8c0e17"
	const want = "https://mentorship.lfx.linuxfoundation.org/project/" + id
	tests := []struct {
		in, want, err string
	}{
		{in: want, want: want},
		{in: "  " + want + "/ ", want: want},
		{in: "<" + want + ">", want: want},
		{in: "https://mentorship.lfx.linuxfoundation.org/project/" + strings.ToUpper(id), want: want},
		{in: "https://MENTORSHIP.lfx.linuxfoundation.org/project/" + id, want: want},
		{in: "", err: "no URL given"},
		{in: "http://mentorship.lfx.linuxfoundation.org/project/" + id, err: "must start with https://"},
		{in: "https://mentorship.lfx.linuxfoundation.org.evil.com/project/" + id, err: "is not on"},
		{in: "https://evil.com/mentorship.lfx.linuxfoundation.org/project/" + id, err: "is not on"},
		{in: "https://user@mentorship.lfx.linuxfoundation.org/project/" + id, err: "is not on"},
		{in: "https://mentorship.lfx.linuxfoundation.org:8443/project/" + id, err: "is not on"},
		{in: want + "?x=1", err: "query or a fragment"},
		{in: want + "#top", err: "query or a fragment"},
		{in: "https://mentorship.lfx.linuxfoundation.org/project/" + id + "/apply", err: "followed by the program's id"},
		{in: "https://mentorship.lfx.linuxfoundation.org/projects/" + id, err: "followed by the program's id"},
		{in: "https://mentorship.lfx.linuxfoundation.org/project/not-a-uuid", err: "followed by the program's id"},
		{in: "https://mentorship.lfx.linuxfoundation.org/project/%33f2c1a9e-8d4b-4c7a-9e1f-2b6d5a8c0e17", err: "followed by the program's id"},
		{in: want + " -->", err: "is not a URL"},
		{in: "javascript:alert(1)", err: "must start with https://"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseLFXURL(tt.in)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("got %q, %v; want an error with %q", got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestRecordedLFXURL(t *testing.T) {
	t.Parallel()
	a := "https://mentorship.lfx.linuxfoundation.org/project/00000000-0000-0000-0000-00000000000a"
	b := "https://mentorship.lfx.linuxfoundation.org/project/00000000-0000-0000-0000-00000000000b"
	isBot := config.Default().IsBot
	tests := []struct {
		name     string
		comments []Comment
		want     string
	}{
		{"none", nil, ""},
		{"the last of the bot's records wins", []Comment{{Author: "mentorbot[bot]", Body: LFXRecord(a)}, {Author: "mentorbot[bot]", Body: "x\n" + LFXRecord(b)}}, b},
		{"records by anyone else are ignored", []Comment{{Author: "mentorbot[bot]", Body: LFXRecord(a)}, {Author: "mallory", Body: LFXRecord(b)}}, a},
		{"an invalid record is ignored", []Comment{{Author: "mentorbot[bot]", Body: LFXRecord(a)}, {Author: "mentorbot[bot]", Body: "<!-- mentorbot:lfx-url https://evil.com/project/x -->"}}, a},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := RecordedLFXURL(tt.comments, isBot); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPlanMerged(t *testing.T) {
	t.Parallel()
	term, _ := ParseTerm("2027-1", config.Default())
	before := &File{Programs: []Program{{IssueNumber: 101}}}
	after := &File{Programs: []Program{{IssueNumber: 103}, {IssueNumber: 102}, {IssueNumber: 101}}}
	p := PlanMerged(term, before, after, 200)
	var got []int
	for _, a := range p.Actions {
		c, ok := a.(plan.UpsertComment)
		if !ok {
			t.Fatalf("got %s, want comments only", a.Describe())
		}
		if c.Marker != "<!-- mentorbot:exported 2027-1 -->" || !strings.HasPrefix(c.Body, c.Marker+"\n") || !strings.Contains(c.Body, "merged in #200") {
			t.Errorf("comment on %s: got marker %q, body %q", c.Issue, c.Marker, c.Body)
		}
		got = append(got, c.Issue.Number)
	}
	if diff := cmp.Diff([]int{103, 102}, got); diff != "" {
		t.Errorf("commented issues (-want +got):\n%s", diff)
	}
	if n := len(PlanMerged(term, nil, after, 200).Actions); n != 3 {
		t.Errorf("first export: got %d comments, want 3", n)
	}
}

func TestParseTerm(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	tests := []struct{ id, folder, label, err string }{
		{id: "2026-3", folder: "programs/lfx-mentorship/2026/03-Sep-Nov", label: "2026 Term 3 (Sep-Nov)"},
		{id: "2027-T1", folder: "programs/lfx-mentorship/2027/01-Mar-May", label: "2027 Term 1 (Mar-May)"},
		{id: "2027-4", err: "no term 4"},
		{id: "2027-1/../../x", err: "want YYYY-N"},
		{id: "27-1", err: "want YYYY-N"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			term, err := ParseTerm(tt.id, cfg)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("got %v, want an error with %q", err, tt.err)
				}
				return
			}
			if err != nil || term.Folder(cfg) != tt.folder || term.Label() != tt.label {
				t.Errorf("got %q, %q, %v; want %q, %q", term.Folder(cfg), term.Label(), err, tt.folder, tt.label)
			}
		})
	}
}

func TestRenderReadmeWithoutRule(t *testing.T) {
	t.Parallel()
	f := &File{Programs: []Program{{IssueNumber: 1, Project: "Argo", NameShort: "P", NameFull: "CNCF - Argo: P (2027 Term 1)", Description: "D"}}}
	got := RenderReadme("# Term\n\nText.\n", f)
	if !strings.HasPrefix(got, "# Term\n\nText.\n\n---\n\n## Table of Contents\n") {
		t.Errorf("got %q, want the header, a --- rule and the generated part", got)
	}
	if again := RenderReadme(got, f); again != got {
		t.Errorf("a second rendering differs:\n%s", cmp.Diff(got, again))
	}
}

func TestUnknownProject(t *testing.T) {
	t.Parallel()
	in := fixtureInput(t)
	in.Projects = in.Projects[:1] // Argo only
	res, err := Plan(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{{Issue: 102, Message: "project `Flux` is not in the projects file: slug guessed, maturity unknown"}}
	if diff := cmp.Diff(want, res.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if !strings.Contains(PRBody(in.Term, res), "**Problems** (1)") {
		t.Errorf("the pull request body does not list the problem")
	}
}

func TestDecodeIssues(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, in, err string }{
		{"not an array", `{"number": 1}`, "want a JSON array"},
		{"no number", `[{"title": "x"}]`, "has no number"},
		{"bad comments", `[{"number": 1, "comments": [{"body": 1}]}]`, "#1: comments"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, _, err := DecodeIssues([]byte(tt.in)); err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("got %v, want an error with %q", err, tt.err)
			}
		})
	}
	issues, comments, err := DecodeIssues([]byte(`[{"number": 1, "comments": 3, "labels": [{"name": "a"}]}, {"number": 2, "pull_request": {"url": "x"}}]`))
	if err != nil || len(issues) != 1 || len(comments) != 0 || issues[0].Labels[0] != "a" {
		t.Errorf("got %+v, %v, %v; want issue #1 with label a, no comments, the pull request left out", issues, comments, err)
	}
}

func TestPinLFXURL(t *testing.T) {
	t.Parallel()
	a := "https://mentorship.lfx.linuxfoundation.org/project/00000000-0000-0000-0000-00000000000a"
	b := "https://mentorship.lfx.linuxfoundation.org/project/00000000-0000-0000-0000-00000000000b"
	body := "### CNCF Project\n\nArgo\n"
	once := PinLFXURL(body, a)
	if !strings.HasPrefix(once, "<!-- mentorbot:lfx-url-pin -->\n> **LFX Mentorship:** "+a+"\n") || !strings.HasSuffix(once, body) {
		t.Errorf("got %q, want the pin on top of the body", once)
	}
	twice := PinLFXURL(once, b)
	if strings.Contains(twice, a) || strings.Count(twice, "<!-- mentorbot:lfx-url-pin -->") != 1 || UnpinLFXURL(twice) != body {
		t.Errorf("got %q, want one pin, with the new URL, over the body", twice)
	}
	// A look-alike pin around a form section is not a pin: the section stays.
	forged := "<!-- mentorbot:lfx-url-pin -->\n### Program Name\n\nX\n<!-- /mentorbot:lfx-url-pin -->\n\n" + body
	if got := UnpinLFXURL(forged); got != forged {
		t.Errorf("got %q, want a forged pin left in place", got)
	}
}

func TestTermOfBranch(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	for _, tt := range []struct {
		branch string
		want   string
	}{
		{"mentorbot/lfx-export-2026-3", "2026-3"},
		{"mentorbot/lfx-export-2026-T3", ""},
		{"mentorbot/lfx-export-2026-3/x", ""},
		{"feature/lfx-export-2026-3", ""},
		{"mentorbot/lfx-export-2026-9", ""},
	} {
		term, ok := TermOfBranch(tt.branch, cfg)
		if got := map[bool]string{true: term.ID(), false: ""}[ok]; got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.branch, got, tt.want)
		}
	}
}
