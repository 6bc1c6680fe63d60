package term

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/mentorbot/mentorbot/internal/config"
	"github.com/mentorbot/mentorbot/internal/finding"
	"github.com/mentorbot/mentorbot/internal/memo"
)

// ReadmeName is the file every term folder must hold.
const ReadmeName = "README.md"

// Result is the outcome of validating term folders.
type Result struct {
	// TermsChecked counts the folders that exist and were checked.
	TermsChecked int
	// Findings are sorted with finding.Sort, severities from cfg.Severity.
	Findings []finding.Finding
}

var attemptRE = regexp.MustCompile(`^\d+-`)

// Discover returns every term folder under root in fsys, repository-relative
// with forward slashes and sorted: each folder directly inside a year folder
// (a name of digits, so "26/" is found and then reported), a year folder
// holding a README and no folder (the archive's 2019), and folders directly
// under root named like a term ("03-Sep-Nov") that lack their year folder.
// A missing root yields no folders and no error.
func Discover(fsys fs.FS, root string) ([]string, error) {
	root = cleanRel(root)
	years, err := fs.ReadDir(fsys, root)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("listing term years in %s: %w", root, err)
	}
	var dirs []string
	for _, y := range years {
		if !y.IsDir() {
			continue
		}
		yp := path.Join(root, y.Name())
		if attemptRE.MatchString(y.Name()) {
			dirs = append(dirs, yp)
			continue
		}
		if !isDigits(y.Name()) {
			continue
		}
		terms, err := fs.ReadDir(fsys, yp)
		if err != nil {
			return nil, fmt.Errorf("listing terms in %s: %w", yp, err)
		}
		n := len(dirs)
		readme := false
		for _, t := range terms {
			if t.IsDir() {
				dirs = append(dirs, path.Join(yp, t.Name()))
			} else if t.Name() == ReadmeName {
				readme = true
			}
		}
		if len(dirs) == n && readme {
			// A year folder holding only a README is a term of the
			// archive (2019): Validate says so, or that it is misplaced.
			dirs = append(dirs, yp)
		}
	}
	slices.Sort(dirs)
	return dirs, nil
}

// Touched returns the term folders (as Discover names them) that hold one of
// the changed file paths, sorted and unique. Paths outside root, files
// directly in root or in a year folder, and folders not named like a year
// are ignored.
func Touched(changed []string, root string) []string {
	root = cleanRel(root)
	prefix := root + "/"
	if root == "." {
		prefix = ""
	}
	var dirs []string
	for _, c := range changed {
		c = cleanRel(c)
		if !strings.HasPrefix(c, prefix) {
			continue
		}
		elems := strings.Split(strings.TrimPrefix(c, prefix), "/")
		switch {
		case len(elems) >= 2 && attemptRE.MatchString(elems[0]):
			dirs = append(dirs, path.Join(root, elems[0]))
		case len(elems) >= 3 && isDigits(elems[0]):
			dirs = append(dirs, path.Join(root, elems[0], elems[1]))
		}
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

func cleanRel(p string) string {
	p = path.Clean(strings.ReplaceAll(p, `\`, "/"))
	p = strings.TrimPrefix(p, "./")
	return strings.TrimPrefix(p, "/")
}

// Validate checks each term folder in dirs (repository-relative, as
// Discover or Touched return them): its name, that it has a README, and the
// README (see Parse). Folders absent from fsys (deleted in a change: the
// error wraps fs.ErrNotExist) are skipped. Any other read error fails the
// whole validation: a folder that could not be read is never a folder that
// passed. Findings get cfg.Severity applied and are sorted.
func Validate(fsys fs.FS, cfg *config.Config, dirs []string) (Result, error) {
	var res Result
	for _, dir := range dirs {
		dir = cleanRel(dir)
		fi, err := fs.Stat(fsys, dir)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && !fi.IsDir()) {
			continue
		}
		if err != nil {
			return Result{}, fmt.Errorf("reading term folder %s: %w", dir, err)
		}
		res.TermsChecked++
		fs_, err := validateDir(fsys, cfg.Terms, dir)
		if err != nil {
			return Result{}, err
		}
		res.Findings = append(res.Findings, fs_...)
	}
	res.Findings = finding.Apply(res.Findings, cfg.Severity)
	finding.Sort(res.Findings)
	return res, nil
}

func validateDir(fsys fs.FS, cfg config.Terms, dir string) ([]finding.Finding, error) {
	var fs_ []finding.Finding
	readme := path.Join(dir, ReadmeName)
	id, err := ParseFolder(dir, cfg)
	if err != nil {
		if aid, ok := ParseArchive(dir, cfg); ok {
			id, err = aid, nil
		} else if path.Dir(dir) == cleanRel(cfg.Root) && isDigits(path.Base(dir)) {
			err = fmt.Errorf("year folder %s holds a README and no term folder: put the term in a folder such as %s/%s (only years up to terms.archive_until, %d, may be a term themselves)",
				dir, path.Base(dir), example(cfg), cfg.ArchiveUntil)
		}
	}
	if err != nil {
		fs_ = append(fs_, finding.Finding{Path: dir, Severity: finding.SeverityError, Rule: RuleFolderName, Message: err.Error()})
	}
	data, rerr := fs.ReadFile(fsys, readme)
	if rerr != nil {
		if !errors.Is(rerr, fs.ErrNotExist) {
			return nil, fmt.Errorf("reading %s: %w", readme, rerr)
		}
		msg := fmt.Sprintf("term folder has no %s: add one with the title, Status line and timeline", ReadmeName)
		return append(fs_, finding.Finding{Path: readme, Severity: finding.SeverityError, Rule: RuleMissingReadme, Message: msg}), nil
	}
	if err != nil {
		return fs_, nil // without a term ID there is nothing to check the README against
	}
	_, pf := parseShared(readme, data, id, cfg)
	return append(fs_, pf...), nil
}

// Load reads and parses the README of term id from fsys, for consumers that
// need its timeline (the proposal and umbrella features). Findings are
// dropped; the error is non-nil only when the README cannot be read (it
// wraps fs.ErrNotExist when the term has no README). The Doc is shared
// with other callers that load the same content: do not modify it.
func Load(fsys fs.FS, cfg *config.Config, id ID) (*Doc, error) {
	readme := path.Join(id.Dir(cfg.Terms.Root), ReadmeName)
	data, err := fs.ReadFile(fsys, readme)
	if err != nil {
		return nil, fmt.Errorf("reading term %s README %s: %w", id, readme, err)
	}
	doc, _ := parseShared(readme, data, id, cfg.Terms)
	return doc, nil
}

// parsed is one README's Parse result, kept by content.
type parsed struct {
	doc *Doc
	fs  []finding.Finding
}

// parses holds Parse results by content, path, term and terms config: the
// App reads the same READMEs on every event (a pull request's
// redeliveries, every proposal naming the term), and parsing them was the
// largest part of an event's work.
var parses = memo.New[parsed](256)

// parseShared is Parse through the cache. The Doc is shared (read only);
// the findings are the caller's own.
func parseShared(readme string, data []byte, id ID, cfg config.Terms) (*Doc, []finding.Finding) {
	p := parses.Get(data, fmt.Sprintf("%s\x00%#v\x00%#v", readme, id, cfg), func() parsed {
		doc, fs := Parse(readme, data, id, cfg)
		return parsed{doc, fs}
	})
	return p.doc, slices.Clone(p.fs)
}
