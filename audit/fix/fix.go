// Package fix applies the rewrites that rules attach to findings
// (audit.Fix) to the files they were found in. Edits are byte ranges of the
// text as scanned: everything outside them stays byte-identical (encoding,
// line ends, quotes, entity references, CDATA). A file whose rewrite would
// not parse any more, or whose encoding cannot carry it back unchanged, is
// left alone and reported.
package fix

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// A Change is one fix applied to a file.
type Change struct {
	RuleID      string
	Line, Col   int
	Description string
}

// A Result is the rewrite of one file.
type Result struct {
	New     []byte   // the file's new bytes (nil when nothing changed or Err is set)
	Applied []Change // fixes applied, in file order
	// Skipped are fixes left out because they overlap one applied before.
	Skipped []Change
}

// Select returns the findings of res that carry a fix to apply: safe fixes,
// and suggestions too when unsafe is set.
func Select(findings audit.FindingList, unsafe bool) map[string][]audit.Finding {
	out := map[string][]audit.Finding{}
	for f := range findings.All() {
		if f.Fix != nil && len(f.Fix.Edits) > 0 && (f.Fix.Safe || unsafe) {
			out[f.File] = append(out[f.File], *f)
		}
	}
	return out
}

// ErrNoChange says a file's fixes changed nothing (their text was already
// in place).
var ErrNoChange = errors.New("no change")

// File applies the fixes of findings, all found in the file whose bytes
// are raw, read in encoding (FileInfo.Encoding). A fix is applied whole or
// not at all: one whose edits overlap an edit applied before is skipped.
func File(name string, raw []byte, encoding string, findings []audit.Finding) (Result, error) {
	text, encode, _, err := source.DecodeAll(raw, strings.Contains(encoding, "fallback"))
	if err != nil {
		return Result{}, err
	}
	// The file must come back byte for byte from its decoded text, or a
	// rewrite would change bytes outside the edits.
	if back, err := encode(text); err != nil || !bytes.Equal(back, raw) {
		return Result{}, fmt.Errorf("its encoding (%s) does not convert back to the same bytes; fix it by hand", encoding)
	}
	slices.SortStableFunc(findings, func(a, b audit.Finding) int {
		return cmp.Compare(a.Fix.Edits[0].Offset, b.Fix.Edits[0].Offset)
	})
	type span struct{ from, to int64 }
	var taken []span
	overlaps := func(e audit.Edit) bool {
		s := span{e.Offset, e.Offset + e.Length}
		for _, t := range taken {
			if s.from < t.to && t.from < s.to || s.from == t.from && (s.from == s.to || t.from == t.to) {
				return true
			}
		}
		return false
	}
	var res Result
	var edits []audit.Edit
	for _, f := range findings {
		ch := Change{RuleID: f.RuleID, Line: f.Line, Col: f.Col, Description: f.Fix.Description}
		ok := true
		for _, e := range f.Fix.Edits {
			if e.Offset < 0 || e.Offset+e.Length > int64(len(text)) || string(text[e.Offset:e.Offset+e.Length]) != e.Old || overlaps(e) {
				ok = false
				break
			}
		}
		if !ok {
			res.Skipped = append(res.Skipped, ch)
			continue
		}
		for _, e := range f.Fix.Edits {
			taken = append(taken, span{e.Offset, e.Offset + e.Length})
			edits = append(edits, e)
		}
		res.Applied = append(res.Applied, ch)
	}
	if len(edits) == 0 {
		return res, ErrNoChange
	}
	slices.SortStableFunc(edits, func(a, b audit.Edit) int { return cmp.Compare(a.Offset, b.Offset) })
	var b bytes.Buffer
	b.Grow(len(text) + 64)
	at := int64(0)
	for _, e := range edits {
		b.Write(text[at:e.Offset])
		b.WriteString(e.Text)
		at = e.Offset + e.Length
	}
	b.Write(text[at:])
	out := b.Bytes()
	if bytes.Equal(out, text) {
		return res, ErrNoChange
	}
	if acc.KindOfName(name) == acc.KindXML || acc.KindOfName(name) == acc.KindUnknown {
		if _, err := xmltree.ParseBytes(out); err != nil {
			return Result{}, fmt.Errorf("the rewritten file would not parse (%v); left untouched", err)
		}
	}
	res.New, err = encode(out)
	if err != nil {
		return Result{}, fmt.Errorf("the rewrite cannot be written in %s: %v", encoding, err)
	}
	return res, nil
}
