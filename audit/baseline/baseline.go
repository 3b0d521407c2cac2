// Package baseline records the findings of a scan so that later scans
// report only new ones: a team adopting acc-audit on a large export fixes
// the existing findings at its own pace while CI fails on any new one.
//
// Findings are matched by fingerprint (see audit.Finding), which ignores
// what a re-export changes: file names, line numbers, timestamps, ids and
// attribute order. The rule, entity and message are written beside each
// fingerprint for the humans who review the file in version control; the
// file is sorted and holds no date, so regenerating it on an unchanged
// export gives the same bytes.
package baseline

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/acc-audit/acc-audit/audit"
)

// Version is the format version written in the file.
const Version = 1

// DefaultFile is the baseline file name used when none is configured.
const DefaultFile = "acc-audit-baseline.json"

// A File is a baseline.
type File struct {
	Tool     string  `json:"tool"`
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// An Entry is one baselined finding.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	Rule        string `json:"rule"`
	Entity      string `json:"entity"`
	Place       string `json:"place,omitempty"`
	Message     string `json:"message"`
}

// New builds the baseline of a list of findings.
func New(fs audit.FindingList) *File {
	b := &File{Tool: "acc-audit", Version: Version, Findings: make([]Entry, 0, fs.Len())}
	for f := range fs.All() {
		b.Findings = append(b.Findings, Entry{Fingerprint: f.Fingerprint, Rule: f.RuleID, Entity: f.Entity, Place: f.Place, Message: f.Message})
	}
	slices.SortFunc(b.Findings, func(a, b Entry) int {
		return cmp.Or(strings.Compare(a.Rule, b.Rule), strings.Compare(a.Entity, b.Entity),
			strings.Compare(a.Place, b.Place), strings.Compare(a.Fingerprint, b.Fingerprint))
	})
	return b
}

// Marshal returns the file's bytes: indented JSON, one entry per finding.
func (b *File) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(b); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Load reads a baseline file.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse decodes a baseline read from file.
func Parse(file string, data []byte) (*File, error) {
	var b File
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		// A position tells where the file went wrong: the offset of a
		// syntax or type error, else where the decoder stopped.
		off := dec.InputOffset()
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			off = se.Offset - 1 // the offending character was read
		case errors.As(err, &te):
			off = te.Offset
		}
		line, col := lineCol(data, off)
		return nil, fmt.Errorf("%s:%d:%d: not an acc-audit baseline: %v", file, line, col, err)
	}
	if b.Version != Version {
		return nil, fmt.Errorf("%s: baseline format version %d, this acc-audit reads version %d: regenerate it with acc-audit baseline", file, b.Version, Version)
	}
	for i, e := range b.Findings {
		if e.Fingerprint == "" {
			return nil, fmt.Errorf("%s: finding %d has no fingerprint", file, i+1)
		}
	}
	return &b, nil
}

// lineCol turns a byte offset of data into a 1-based line and column
// (in characters).
func lineCol(data []byte, off int64) (int, int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	return line, utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:]) + 1
}

// Filter returns the findings the baseline does not list, the number it
// left out, and the number of baseline entries that matched nothing
// (findings fixed since). Each entry absorbs one finding.
func (b *File) Filter(fs []audit.Finding) (kept []audit.Finding, baselined, fixed int) {
	k, listed, fixed := b.Split(audit.NewFindingList(fs))
	return k.Slice(), listed.Len(), fixed
}

// Split is Filter over a list, returning the findings the baseline lists
// too, for the reports that keep them marked as such (SARIF).
func (b *File) Split(fs audit.FindingList) (kept, listed audit.FindingList, fixed int) {
	left := make(map[string]int, len(b.Findings))
	for _, e := range b.Findings {
		left[e.Fingerprint]++
	}
	var k, l audit.FindingListBuilder
	for f := range fs.All() {
		if left[f.Fingerprint] > 0 {
			left[f.Fingerprint]--
			l.Add(f)
			continue
		}
		k.Add(f)
	}
	for _, n := range left {
		fixed += n
	}
	return k.List(), l.List(), fixed
}
