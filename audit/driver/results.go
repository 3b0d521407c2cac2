package driver

import (
	"iter"
	"sync"

	"github.com/acc-audit/acc-audit/audit"
)

// The end of a scan turns what the workers packed into the sorted,
// fingerprinted findings of the result without holding them all as
// Findings: it sorts them by runs of runLen in memory, packs each run,
// and merges the runs into the result's list, the way an external sort
// does. What the end holds at once is one run, one block of each run
// being merged, and the packed lists.

// results decides the deferred findings, then folds, sorts and
// fingerprints every finding the scan kept, into the result's list.
func (s *scan) results(stopped map[string]bool) audit.FindingList {
	kept, later := s.kept.List(), s.later.List()
	defer kept.Close()
	// The decided findings wait packed for the kept ones to go first:
	// ties in the sort keep that order.
	var decided audit.FindingListBuilder
	decided.SpillAfter = spillAfter
	nth := 0
	lost := later.Each(func(f *audit.Finding) bool {
		d := deferred{f: *f, decide: s.decides[nth]}
		s.decides[nth] = nil
		nth++
		if !stopped[f.RuleID] && s.decide(d, f) {
			decided.Add(f)
		}
		return true
	})
	later.Close()
	s.decides = nil
	late := decided.List()
	defer late.Close()
	// The index is not read any more: its memory goes before the
	// findings are sorted (the recorders point to it too).
	s.index, s.recorders = nil, nil
	// Advisories fold into one finding per group as they are read back:
	// only the findings reported at every place are sorted whole.
	advisories := newAdvisoryFolder(s.byID, s.intern)
	var runs sorter
	keep := func(f *audit.Finding) bool {
		if !stopped[f.RuleID] && !advisories.add(f) {
			runs.add(f)
		}
		return true
	}
	for _, l := range []audit.FindingList{kept, late} {
		if err := l.Each(keep); lost == nil {
			lost = err
		}
	}
	if lost != nil {
		s.probs = append(s.probs, audit.Problem{Severity: audit.SeverityError, Internal: true, Message: "internal error: findings are missing: " + lost.Error()})
	}
	runs.addRun(advisories.reps())
	var out audit.FindingListBuilder
	var fp audit.Fingerprinter
	for f := range runs.sorted() {
		advisories.finish(f)
		fp.Assign(f)
		out.Add(f)
	}
	return out.List()
}

// runLen is the number of findings a run sorts in memory: about 5 MB of
// findings, the size of a few entities' windows.
var runLen = 4096

// spillAfter is the compressed size of the findings logs held in memory
// before their blocks go to a temporary file; tests lower it.
var spillAfter = 512 << 10

// A sorter sorts findings by sortFindings in runs and merges them.
type sorter struct {
	run  []audit.Finding
	runs []audit.FindingList
}

func (s *sorter) add(f *audit.Finding) {
	s.run = append(s.run, *f)
	if len(s.run) >= runLen {
		s.flush()
	}
}

// addRun adds findings of their own run (the advisories' representatives).
func (s *sorter) addRun(fs []audit.Finding) {
	s.flush()
	s.run = fs
	s.flush()
}

func (s *sorter) flush() {
	if len(s.run) == 0 {
		return
	}
	sortFindings(s.run)
	s.runs = append(s.runs, audit.NewFindingList(s.run))
	clear(s.run)
	s.run = s.run[:0]
}

// sorted yields every finding added, in sortFindings order: the runs are
// merged with ties in run order, which is what one stable sort of all the
// findings in the order they were added gives.
func (s *sorter) sorted() iter.Seq[*audit.Finding] {
	s.flush()
	s.run = nil
	runs := s.runs
	s.runs = nil
	return audit.MergeFindingsFunc(compareSorted, runs...)
}

// internMax bounds the strings the interner keeps: the repeated ones are
// short (rule ids, entity ids, places, "sqlSelect() runs SQL here"); a
// long one is most likely unique, and keeping it would only cost.
const (
	internMax     = 256
	internEntries = 1 << 16
)

// An interner hands out one copy of strings that findings repeat: the
// places of an advisory that thousands of entities give. It is safe for
// concurrent use.
type interner struct {
	mu sync.Mutex
	m  map[string]string
}

func newInterner() *interner { return &interner{m: map[string]string{}} }

func (in *interner) str(s string) string {
	if len(s) > internMax || s == "" {
		return s
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if v, ok := in.m[s]; ok {
		return v
	}
	if len(in.m) < internEntries {
		// The copy detaches s from whatever it was cut from (a line of
		// the entity's window).
		v := string([]byte(s))
		in.m[v] = v
		return v
	}
	return s
}
