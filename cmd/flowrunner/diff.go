package main

import (
	"fmt"
	"strings"
)

// maxDiffCells bounds the table of the line diff (lines of a × lines of b, after the common
// prefix and suffix are trimmed); past it the changed middle is shown as one hunk.
const maxDiffCells = 4_000_000

// diffContext is how many unchanged lines surround each hunk.
const diffContext = 3

// unifiedDiff returns a unified diff of two texts line by line, with file headers naming
// them, or "" when they are equal. It uses a longest-common-subsequence table on the part
// between the common prefix and suffix, which is small for golden files that differ in a
// few places.
func unifiedDiff(nameA, nameB, a, b string) string {
	if a == b {
		return ""
	}
	la, lb := splitLines(a), splitLines(b)
	ops := diffLines(la, lb)

	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", nameA, nameB)
	for _, h := range hunks(ops) {
		writeHunk(&sb, ops[h[0]:h[1]])
	}
	return sb.String()
}

func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// diffOp is one line of a diff: ' ' kept, '-' only in a, '+' only in b, with its line
// numbers (1-based) in a and b.
type diffOp struct {
	kind byte
	text string
	ia   int
	ib   int
}

func diffLines(a, b []string) []diffOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	ops := make([]diffOp, 0, len(a)+len(b))
	for i := 0; i < pre; i++ {
		ops = append(ops, diffOp{' ', a[i], i + 1, i + 1})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	ops = append(ops, diffMiddle(ma, mb, pre)...)
	for i := 0; i < suf; i++ {
		ia, ib := len(a)-suf+i, len(b)-suf+i
		ops = append(ops, diffOp{' ', a[ia], ia + 1, ib + 1})
	}
	return ops
}

// diffMiddle diffs the differing middle of two texts, offset lines into both.
func diffMiddle(a, b []string, offset int) []diffOp {
	var ops []diffOp
	if len(a)*len(b) > maxDiffCells || len(a) == 0 || len(b) == 0 {
		for i, l := range a {
			ops = append(ops, diffOp{'-', l, offset + i + 1, offset + 1})
		}
		for i, l := range b {
			ops = append(ops, diffOp{'+', l, offset + len(a) + 1, offset + i + 1})
		}
		return ops
	}
	// lcs[i][j] is the length of the longest common subsequence of a[i:] and b[j:].
	w := len(b) + 1
	lcs := make([]int32, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else if lcs[(i+1)*w+j] >= lcs[i*w+j+1] {
				lcs[i*w+j] = lcs[(i+1)*w+j]
			} else {
				lcs[i*w+j] = lcs[i*w+j+1]
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			ops = append(ops, diffOp{' ', a[i], offset + i + 1, offset + j + 1})
			i++
			j++
		case j == len(b) || (i < len(a) && lcs[(i+1)*w+j] >= lcs[i*w+j+1]):
			ops = append(ops, diffOp{'-', a[i], offset + i + 1, offset + j + 1})
			i++
		default:
			ops = append(ops, diffOp{'+', b[j], offset + i + 1, offset + j + 1})
			j++
		}
	}
	return ops
}

// hunks groups changed lines with their context into [start, end) ranges of ops, merging
// hunks whose contexts touch.
func hunks(ops []diffOp) [][2]int {
	var out [][2]int
	for i := 0; i < len(ops); i++ {
		if ops[i].kind == ' ' {
			continue
		}
		start := max(i-diffContext, 0)
		end := i + 1
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			// a run of unchanged lines: stop the hunk if it is longer than two contexts
			k := end
			for k < len(ops) && ops[k].kind == ' ' {
				k++
			}
			if k == len(ops) || k-end > 2*diffContext {
				end = min(end+diffContext, len(ops))
				break
			}
			end = k
		}
		if n := len(out); n > 0 && start <= out[n-1][1] {
			out[n-1][1] = end
		} else {
			out = append(out, [2]int{start, end})
		}
		i = end - 1
	}
	return out
}

func writeHunk(sb *strings.Builder, ops []diffOp) {
	startA, startB, countA, countB := 0, 0, 0, 0
	for _, op := range ops {
		if op.kind != '+' {
			if countA == 0 {
				startA = op.ia
			}
			countA++
		}
		if op.kind != '-' {
			if countB == 0 {
				startB = op.ib
			}
			countB++
		}
	}
	if countA == 0 {
		startA = ops[0].ia - 1
	}
	if countB == 0 {
		startB = ops[0].ib - 1
	}
	fmt.Fprintf(sb, "@@ -%d,%d +%d,%d @@\n", startA, countA, startB, countB)
	for _, op := range ops {
		sb.WriteByte(op.kind)
		sb.WriteString(op.text)
		sb.WriteByte('\n')
	}
}
