package meeting

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"

	"github.com/mentorbot/mentorbot/internal/config"
)

// ErrNoMinutes is wrapped by Locate's error when no file matches a
// meeting.path pattern.
var ErrNoMinutes = errors.New("no minutes file")

// Located is where a repository keeps its minutes files.
type Located struct {
	// Config is the meeting config with Path resolved to one folder
	// ("cncf-toc-mentoring-subproject/{year}-meeting-minutes.md").
	Config config.Meeting
	// Years lists the years whose minutes file exists there, in order.
	Years []int
}

// Paths returns the path of every existing minutes file, oldest first.
func (l Located) Paths() []string {
	out := make([]string, len(l.Years))
	for i, y := range l.Years {
		out[i] = l.Config.MinutesPath(y)
	}
	return out
}

// Locate finds the minutes files in fsys. meeting.path may hold a glob in
// its folders ("*/{year}-meeting-minutes.md", the default): minutes files
// are found by what they are, wherever the working group keeps them (the
// cncf/mentoring group moved from mentoring-wg/ to
// cncf-toc-mentoring-subproject/ when it was renamed). When several folders
// match, the one holding the newest year wins; a tie is an error naming
// both. A read error is an error, never "no minutes": only a folder that
// does not exist is skipped. With no file at all, the error wraps
// ErrNoMinutes.
func Locate(fsys fs.FS, c config.Meeting) (Located, error) {
	pattern := strings.TrimPrefix(path.Clean(c.Path), "./")
	if !strings.Contains(pattern, "{year}") {
		return Located{}, fmt.Errorf("meeting.path %q has no {year} placeholder", c.Path)
	}
	re, err := templateRE(pattern)
	if err != nil {
		return Located{}, err
	}
	glob := strings.ReplaceAll(pattern, "{year}", "[0-9][0-9][0-9][0-9]")
	matches, err := globFS(fsys, glob)
	if err != nil {
		return Located{}, fmt.Errorf("looking for minutes files (meeting.path %q): %w", c.Path, err)
	}
	byTemplate := map[string][]int{}
	for _, m := range matches {
		t, y, ok := template(re, m)
		if !ok {
			continue
		}
		byTemplate[t] = append(byTemplate[t], y)
	}
	if len(byTemplate) == 0 {
		return Located{Config: c}, fmt.Errorf("%w matches meeting.path %q: create one (such as %s) or set meeting.path", ErrNoMinutes, c.Path, c.MinutesPath(2025))
	}
	var best []string
	bestYear := 0
	for t, ys := range byTemplate {
		slices.Sort(ys)
		byTemplate[t] = slices.Compact(ys)
		switch newest := ys[len(ys)-1]; {
		case newest > bestYear:
			best, bestYear = []string{t}, newest
		case newest == bestYear:
			best = append(best, t)
		}
	}
	if len(best) > 1 {
		slices.Sort(best)
		var files []string
		for _, t := range best {
			files = append(files, strings.ReplaceAll(t, "{year}", strconv.Itoa(bestYear)))
		}
		return Located{}, fmt.Errorf("minutes files for %d match meeting.path %q in several places (%s): set meeting.path to the one mentorbot keeps", bestYear, c.Path, strings.Join(files, ", "))
	}
	out := c
	out.Path = best[0]
	return Located{Config: out, Years: byTemplate[best[0]]}, nil
}

// template returns the path m with its year replaced by "{year}", and the
// year; every {year} of the pattern must be the same year.
func template(re *regexp.Regexp, m string) (string, int, bool) {
	sub := re.FindStringSubmatchIndex(m)
	if sub == nil {
		return "", 0, false
	}
	year := m[sub[2]:sub[3]]
	var b strings.Builder
	at := 0
	for g := 1; 2*g < len(sub); g++ {
		if m[sub[2*g]:sub[2*g+1]] != year {
			return "", 0, false
		}
		b.WriteString(m[at:sub[2*g]])
		b.WriteString("{year}")
		at = sub[2*g+1]
	}
	b.WriteString(m[at:])
	y, _ := strconv.Atoi(year)
	return b.String(), y, true
}

// resolved returns in with a meeting.path pattern resolved against the
// files in holds (Load resolves it against the repository; a caller that
// builds the Input itself may pass the pattern).
func resolved(in Input) Input {
	if !strings.ContainsAny(in.Config.Path, "*?") || len(in.Files) == 0 {
		return in
	}
	fsys := fstest.MapFS{}
	for p, b := range in.Files {
		fsys[p] = &fstest.MapFile{Data: b.Content}
	}
	if loc, err := Locate(fsys, in.Config); err == nil {
		in.Config = loc.Config
	}
	return in
}

// templateRE turns a meeting.path pattern into a regexp with one group per
// {year}.
func templateRE(pattern string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString("^")
	rest := pattern
	for rest != "" {
		if strings.HasPrefix(rest, "{year}") {
			b.WriteString(`(\d{4})`)
			rest = rest[len("{year}"):]
			continue
		}
		r := rest[0]
		switch r {
		case '*':
			b.WriteString(`[^/]*`)
		case '?':
			b.WriteString(`[^/]`)
		case '[', '\\':
			return nil, fmt.Errorf("meeting.path %q: only * and ? may be used as wildcards", pattern)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
		rest = rest[1:]
	}
	b.WriteString("$")
	return regexp.Compile(b.String())
}

// globFS is fs.Glob without its silence: fs.Glob ignores errors reading a
// folder, which would turn a failed read into "no minutes file". Only a
// folder that does not exist is passed over here.
func globFS(fsys fs.FS, pattern string) ([]string, error) {
	if _, err := path.Match(pattern, ""); err != nil {
		return nil, err
	}
	elems := strings.Split(pattern, "/")
	cur := []string{"."}
	for i, e := range elems {
		var next []string
		last := i == len(elems)-1
		for _, dir := range cur {
			if !hasMeta(e) {
				p := path.Join(dir, e)
				fi, err := fs.Stat(fsys, p)
				if errors.Is(err, fs.ErrNotExist) {
					continue
				}
				if err != nil {
					return nil, err
				}
				if last != fi.IsDir() {
					next = append(next, p)
				}
				continue
			}
			entries, err := fs.ReadDir(fsys, dir)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, err
			}
			for _, en := range entries {
				if ok, _ := path.Match(e, en.Name()); !ok {
					continue
				}
				if last != en.IsDir() {
					next = append(next, path.Join(dir, en.Name()))
				}
			}
		}
		cur = next
	}
	slices.Sort(cur)
	return cur, nil
}

func hasMeta(s string) bool { return strings.ContainsAny(s, `*?[\`) }
