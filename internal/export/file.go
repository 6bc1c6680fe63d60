package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// FileError is a previous export that cannot be read: the file, the line
// (0 when unknown) and what is wrong. A run that meets one fails: a
// corrupt export is never taken for an empty one.
type FileError struct {
	Path string
	Line int
	Msg  string
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Decode reads a previous lfx-export.json strictly: unknown fields, wrong
// types, trailing data, a wrong _count and duplicate or missing issue
// numbers are errors naming path and the line. Carrying a program forward
// "exactly as LFX was loaded with it" needs every field understood.
func Decode(data []byte, path string) (*File, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return nil, decodeError(data, path, err, dec.InputOffset())
	}
	if end := dec.InputOffset(); len(bytes.TrimSpace(data[end:])) > 0 {
		rest := int64(len(data[end:]) - len(bytes.TrimLeft(data[end:], " \t\r\n")))
		return nil, &FileError{Path: path, Line: lineAt(data, end+rest), Msg: "unexpected data after the export object"}
	}
	if f.Programs == nil {
		return nil, &FileError{Path: path, Msg: `no "programs" list`}
	}
	if f.Count != len(f.Programs) {
		return nil, &FileError{Path: path, Line: keyLine(data, "_count"), Msg: fmt.Sprintf("_count is %d but there are %d programs", f.Count, len(f.Programs))}
	}
	seen := map[int]bool{}
	for i, p := range f.Programs {
		if p.IssueNumber <= 0 || seen[p.IssueNumber] {
			return nil, &FileError{Path: path, Line: nthKeyLine(data, "issue_number", i), Msg: fmt.Sprintf("program %d: issue_number %d is missing or repeated", i+1, p.IssueNumber)}
		}
		seen[p.IssueNumber] = true
	}
	return &f, nil
}

var unknownFieldRE = regexp.MustCompile(`json: unknown field "([^"]*)"`)

func decodeError(data []byte, path string, err error, off int64) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return &FileError{Path: path, Line: lineAt(data, se.Offset), Msg: "not valid JSON: " + se.Error()}
	case errors.As(err, &te):
		return &FileError{Path: path, Line: lineAt(data, te.Offset), Msg: fmt.Sprintf("%s should be %s, not JSON %s", te.Field, te.Type, te.Value)}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &FileError{Path: path, Line: lineAt(data, int64(len(data))), Msg: "the file is empty or cut short"}
	}
	if m := unknownFieldRE.FindStringSubmatch(err.Error()); m != nil {
		return &FileError{Path: path, Line: keyLine(data, m[1]), Msg: fmt.Sprintf("unknown field %q", m[1])}
	}
	return &FileError{Path: path, Line: lineAt(data, off), Msg: err.Error()}
}

// lineAt is the 1-based line of byte offset off.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// keyLine is the line of the first "key": in data, 0 when absent.
func keyLine(data []byte, key string) int { return nthKeyLine(data, key, 0) }

func nthKeyLine(data []byte, key string, n int) int {
	k := []byte(strconv.Quote(key))
	off := 0
	for i := 0; ; i++ {
		j := bytes.Index(data[off:], k)
		if j < 0 {
			return 0
		}
		if i == n {
			return lineAt(data, int64(off+j))
		}
		off += j + len(k)
	}
}

// EncodeJSON renders f as lfx-export.json: two-space indentation, "<", ">"
// and "&" as written (as JavaScript's JSON.stringify leaves them), a final
// newline.
func EncodeJSON(f *File) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		// File holds strings, numbers and booleans only.
		panic("export: encoding lfx-export.json: " + err.Error())
	}
	return b.Bytes()
}

// trackingMentors is how many mentors lfx-tracking.csv has columns for.
const trackingMentors = 4

// EncodeCSV renders f as lfx-tracking.csv, the admins' tracking sheet: one
// row per program, the mentor count and up to four mentors. A cell that a
// spreadsheet would run as a formula gets a leading "'".
func EncodeCSV(f *File) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := []string{"PROJECT", "LFX URL", "Upstream issue", "", "mentor count"}
	for i := 1; i <= trackingMentors; i++ {
		n := fmt.Sprintf("Mentor %d", i)
		head = append(head, n, n+" GitHub", n+" email address", n+" LFID")
	}
	_ = w.Write(head)
	for _, p := range f.Programs {
		row := []string{p.NameFull, p.LFXURL, p.UpstreamIssueURL, "", strconv.Itoa(len(p.Mentors))}
		for i := 0; i < trackingMentors; i++ {
			if i < len(p.Mentors) {
				m := p.Mentors[i]
				row = append(row, m.Name, m.Handle, m.Email, m.LFID)
			} else {
				row = append(row, "", "", "", "")
			}
		}
		for i := range row {
			row[i] = cell(row[i])
		}
		_ = w.Write(row)
	}
	w.Flush()
	return b.Bytes()
}

// cell keeps a value from being run as a spreadsheet formula (CSV
// injection): a cell starting with = + - @ or a tab/return gets a "'".
func cell(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	if s != "" && strings.ContainsRune("=+-@\t", rune(s[0])) {
		return "'" + s
	}
	return s
}
