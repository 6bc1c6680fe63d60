package meeting

import (
	"fmt"
	"strings"
)

// maxDiffCells bounds the line-matching table; beyond it the changed middle
// of the file is shown as removed then added, which is still a correct diff.
const maxDiffCells = 4 << 20

// Diff returns a unified diff (three lines of context) from old to new for
// the file at path, or "" when they are equal. old nil means a new file.
func Diff(path string, old, new []byte) string {
	if string(old) == string(new) {
		return ""
	}
	a, b := splitKeep(string(old)), splitKeep(string(new))
	ops := diffLines(a, b)
	var out strings.Builder
	from := "a/" + path
	if old == nil {
		from = "/dev/null"
	}
	fmt.Fprintf(&out, "--- %s\n+++ b/%s\n", from, path)
	for _, h := range hunks(ops, 3) {
		writeHunk(&out, h, a, b)
	}
	return out.String()
}

// splitKeep splits s into lines, each keeping its line ending.
func splitKeep(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// op is one line of a diff: ' ' kept, '-' removed, '+' added, with the
// line's index in a (kept, removed) or b (added).
type op struct {
	kind byte
	a, b int
}

// diffLines matches lines the way patience diff does: lines that occur
// exactly once on each side anchor the match (so a moved meeting shows as
// removed in one place and added in the other, not interleaved), and the
// stretches between anchors fall back to a longest-common-subsequence table.
func diffLines(a, b []string) []op {
	var ops []op
	patience(a, b, 0, len(a), 0, len(b), &ops)
	return ops
}

func patience(a, b []string, alo, ahi, blo, bhi int, ops *[]op) {
	for alo < ahi && blo < bhi && a[alo] == b[blo] {
		*ops = append(*ops, op{' ', alo, blo})
		alo++
		blo++
	}
	var tail []op
	for alo < ahi && blo < bhi && a[ahi-1] == b[bhi-1] {
		ahi--
		bhi--
		tail = append(tail, op{' ', ahi, bhi})
	}
	defer func() {
		for i := len(tail) - 1; i >= 0; i-- {
			*ops = append(*ops, tail[i])
		}
	}()
	anchors := uniqueAnchors(a, b, alo, ahi, blo, bhi)
	if len(anchors) == 0 {
		lcsDiff(a, b, alo, ahi, blo, bhi, ops)
		return
	}
	for _, m := range anchors {
		patience(a, b, alo, m[0], blo, m[1], ops)
		*ops = append(*ops, op{' ', m[0], m[1]})
		alo, blo = m[0]+1, m[1]+1
	}
	patience(a, b, alo, ahi, blo, bhi, ops)
}

// uniqueAnchors returns the longest increasing run of (i, j) pairs where
// a[i] == b[j] and the line occurs once in each range.
func uniqueAnchors(a, b []string, alo, ahi, blo, bhi int) [][2]int {
	type seen struct{ na, nb, i, j int }
	count := map[string]*seen{}
	for i := alo; i < ahi; i++ {
		c := count[a[i]]
		if c == nil {
			c = &seen{}
			count[a[i]] = c
		}
		c.na++
		c.i = i
	}
	for j := blo; j < bhi; j++ {
		if c := count[b[j]]; c != nil {
			c.nb++
			c.j = j
		}
	}
	var pairs [][2]int
	for i := alo; i < ahi; i++ {
		if c := count[a[i]]; c.na == 1 && c.nb == 1 {
			pairs = append(pairs, [2]int{c.i, c.j})
		}
	}
	// Longest increasing subsequence in j (pairs are sorted by i).
	if len(pairs) == 0 {
		return nil
	}
	tails := []int{}
	prev := make([]int, len(pairs))
	for k, p := range pairs {
		lo, hi := 0, len(tails)
		for lo < hi {
			mid := (lo + hi) / 2
			if pairs[tails[mid]][1] < p[1] {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		prev[k] = -1
		if lo > 0 {
			prev[k] = tails[lo-1]
		}
		if lo == len(tails) {
			tails = append(tails, k)
		} else {
			tails[lo] = k
		}
	}
	out := make([][2]int, len(tails))
	for k, i := tails[len(tails)-1], len(tails)-1; k >= 0; k, i = prev[k], i-1 {
		out[i] = pairs[k]
	}
	return out
}

// lcsDiff diffs a[alo:ahi] against b[blo:bhi] with a longest common
// subsequence table, or as remove-all/add-all when the table would be big.
func lcsDiff(a, b []string, alo, ahi, blo, bhi int, ops *[]op) {
	n, m := ahi-alo, bhi-blo
	if (n+1)*(m+1) > maxDiffCells {
		for i := alo; i < ahi; i++ {
			*ops = append(*ops, op{'-', i, blo})
		}
		for j := blo; j < bhi; j++ {
			*ops = append(*ops, op{'+', ahi, j})
		}
		return
	}
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[alo+i] == b[blo+j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[alo+i] == b[blo+j]:
			*ops = append(*ops, op{' ', alo + i, blo + j})
			i++
			j++
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			*ops = append(*ops, op{'-', alo + i, blo + j})
			i++
		default:
			*ops = append(*ops, op{'+', alo + i, blo + j})
			j++
		}
	}
}

// hunks groups ops into runs of changes with ctx lines of context around.
func hunks(ops []op, ctx int) [][]op {
	var out [][]op
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(0, i-ctx)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run == len(ops) || run-end > 2*ctx {
				end = min(end+ctx, len(ops))
				break
			}
			end = run
		}
		out = append(out, ops[start:end])
		i = end
	}
	return out
}

func writeHunk(out *strings.Builder, h []op, a, b []string) {
	aStart, bStart := h[0].a, h[0].b
	aLen, bLen := 0, 0
	for _, o := range h {
		if o.kind != '+' {
			aLen++
		}
		if o.kind != '-' {
			bLen++
		}
	}
	fmt.Fprintf(out, "@@ -%s +%s @@\n", hunkRange(aStart, aLen), hunkRange(bStart, bLen))
	for _, o := range h {
		line := ""
		if o.kind == '+' {
			line = b[o.b]
		} else {
			line = a[o.a]
		}
		out.WriteByte(o.kind)
		out.WriteString(line)
		if !strings.HasSuffix(line, "\n") {
			out.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

func hunkRange(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	if n == 1 {
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
