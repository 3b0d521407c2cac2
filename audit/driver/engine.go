package driver

import (
	"cmp"
	"context"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/internal/hook"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Options configure a scan.
type Options struct {
	Rules []*audit.Rule
	// From forces the source version ("v5.11", "v6.02", "v6.1"); when empty
	// it is read from each package header, and rules for every version run
	// when the header does not tell.
	From string
	// Workers bounds parallelism; 0 means GOMAXPROCS.
	Workers int
	// Facts, when set, records the facts that come from the configuration
	// rather than from the inputs (the SQL functions --allow-function
	// declares), before any entity is read.
	Facts func(*audit.Recorder)
	// OnUnit, when set, sees every unit before its rules run (inventories).
	// It is called concurrently from several goroutines.
	OnUnit func(*audit.Unit)
	// OnRead, when set, receives the number of input bytes read since its
	// previous call (about every megabyte), for progress on large files.
	// It is called concurrently from several goroutines.
	OnRead func(n int64)
	// Limits bound each entity (source bytes, nodes, one text or script);
	// zero fields take DefaultLimits. An entity past a limit is not checked
	// and is reported as an input problem with its position.
	Limits xmltree.Limits
	// OnFile, when set, is called after each input file is read.
	OnFile func(done, total int)
	// OnChecked, when set, is called once every entity is checked, before
	// the deferred findings are decided and the findings unpacked: what
	// follows allocates mostly what it keeps (a command may collect its
	// garbage more often from there on).
	OnChecked func()
	// Directives, when set, lists the inline suppression directives of a
	// unit (see audit/suppress). It runs while the entity's tree is alive,
	// concurrently from several goroutines; the directives land in
	// Result.Directives, and matching them to findings is left to the
	// caller, after deferred findings are decided.
	Directives func(*audit.Unit) []audit.Directive
}

// A Result is the outcome of a scan.
type Result struct {
	// Findings are the findings reported, sorted by audit.SortFindings.
	Findings audit.FindingList
	Files    []FileInfo
	Problems []audit.Problem
	// NotRead lists the inputs that hold no Campaign export or code, with
	// the reason, sorted by file.
	NotRead  []NotRead
	Rules    []*audit.Rule // the rules that ran: Options.Rules but those that gave up (Pass.Fail)
	Entities int
	Bytes    int64

	// Suppressed holds the findings silenced by a suppression (each has
	// Suppressions set), kept for the reports that can show them (JSON,
	// SARIF, JUnit). They never count toward the exit code.
	Suppressed audit.FindingList
	// Directives are the inline suppression directives read (when
	// Options.Directives is set), sorted by file and position.
	Directives []audit.Directive
	// Baselined counts the findings left out because the baseline lists
	// them; BaselineFixed counts baseline entries no finding matched any
	// more (fixed since the baseline was written).
	Baselined     int
	BaselineFixed int
	// Omitted counts the findings left out of Findings by a cap on the
	// report's size (--max-findings); they still count toward the exit code.
	Omitted int
}

// FileInfo describes one input.
type FileInfo struct {
	Name     string `json:"name"`
	Encoding string `json:"encoding,omitempty"`
	Entities int    `json:"entities"`
	Bytes    int64  `json:"bytes"`
	Failed   bool   `json:"failed,omitempty"` // could not be read or parsed to the end
}

// HasInternalErrors reports whether a rule, collector or hook failed, so
// that findings may be missing.
func (r *Result) HasInternalErrors() bool {
	for _, p := range r.Problems {
		if p.Internal {
			return true
		}
	}
	return false
}

// HasErrors reports whether some input could not be read or parsed, or a
// rule failed (HasInternalErrors).
func (r *Result) HasErrors() bool {
	for _, p := range r.Problems {
		if p.Severity == audit.SeverityError {
			return true
		}
	}
	return false
}

// hk opens to the driver what package audit keeps from rules.
var hk = hook.Driver()

// A deferred finding waits for the scan-wide Index before it is kept.
type deferred struct {
	f      audit.Finding
	decide func(ix *audit.Index, f *audit.Finding) bool
}

type scan struct {
	opt   Options
	index *audit.Index
	units chan *audit.Unit
	// inFlight bounds the source bytes of the units queued or checked.
	inFlight *byteBudget
	mu       sync.Mutex
	// kept holds the findings reported, packed, until every input is
	// read; later holds the deferred findings, and decides their
	// decisions, in the same order.
	kept    audit.FindingListBuilder
	later   audit.FindingListBuilder
	decides []func(*audit.Index, *audit.Finding) bool
	intern  *interner
	probs   []audit.Problem
	files   []FileInfo
	dirs    []audit.Directive
	skipped []NotRead
	byID    map[string]*audit.Rule
	limits  xmltree.Limits
	nUnits  atomic.Int64
	nFiles  atomic.Int64
	ruleSet []*audit.Rule
	// collectors are those the rules require; recorders[i] records for
	// collectors[i].
	collectors []*audit.Collector
	recorders  []*audit.Recorder
	// stopped holds the rules that gave up (Pass.Fail): they run on no
	// further entity, and all their findings are left out. nStopped
	// counts them, so that a scan where none gave up never reads the map.
	stopped  sync.Map // *Rule → struct{}
	nStopped atomic.Int32
	// keywords holds the word sets of the rules that declare keywords.
	keywords map[*audit.Rule]*audit.KeywordSet
}

// Run scans the inputs with the configured rules.
func Run(ctx context.Context, inputs []*source.Input, opt Options) *Result {
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	s := &scan{opt: opt, index: audit.NewIndex(hk), units: make(chan *audit.Unit, queuedPerWorker*workers), inFlight: newByteBudget(inFlightBytes), ruleSet: opt.Rules, intern: newInterner()}
	s.limits = opt.Limits.WithDefaults()
	s.kept.SpillAfter, s.later.SpillAfter = spillAfter, spillAfter
	s.byID = make(map[string]*audit.Rule, len(opt.Rules))
	s.keywords = map[*audit.Rule]*audit.KeywordSet{}
	var words []string
	for _, r := range opt.Rules {
		s.byID[r.ID] = r
		if len(r.Keywords) > 0 {
			s.keywords[r] = audit.NewKeywordSet(r.Keywords)
			words = append(words, r.Keywords...)
		}
	}
	audit.RegisterMentions(words)
	s.collectors = collectors(opt.Rules)
	s.recorders = make([]*audit.Recorder, len(s.collectors))
	for i, c := range s.collectors {
		s.recorders[i] = audit.NewRecorder(hk, s.index, c)
	}
	if opt.Facts != nil {
		opt.Facts(audit.NewRecorder(hk, s.index, nil))
	}
	s.files = make([]FileInfo, len(inputs))

	var consumers sync.WaitGroup
	for range workers {
		consumers.Add(1)
		go func() {
			defer consumers.Done()
			w := &worker{plans: rulePlans{}}
			for u := range s.units {
				s.check(u, w)
			}
		}()
	}
	var producers sync.WaitGroup
	next := atomic.Int64{}
	for range workers {
		producers.Add(1)
		go func() {
			defer producers.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(inputs) || ctx.Err() != nil {
					return
				}
				s.files[i] = s.readSafe(ctx, inputs[i])
				if opt.OnFile != nil {
					opt.OnFile(int(s.nFiles.Add(1)), len(inputs))
				}
			}
		}()
	}
	producers.Wait()
	close(s.units)
	consumers.Wait()

	if opt.OnChecked != nil {
		opt.OnChecked()
	}
	// Every entity is indexed: decisions that depend on other entities
	// can be taken now, and only now.
	audit.SealIndex(hk, s.index)
	stopped := s.stoppedIDs()
	findings := s.results(stopped)
	// Problems arrive in the order the workers meet them: the sort must
	// be total for the report not to depend on it.
	slices.SortStableFunc(s.probs, func(a, b audit.Problem) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col),
			cmp.Compare(b.Severity, a.Severity), strings.Compare(a.Message, b.Message))
	})
	slices.SortStableFunc(s.dirs, func(a, b audit.Directive) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	ran := opt.Rules
	if len(stopped) > 0 {
		// A rule that gave up checked nothing: suppressions of it are not
		// unused, and reports do not count it as checked.
		ran = slices.DeleteFunc(slices.Clone(ran), func(r *audit.Rule) bool { return stopped[r.ID] })
	}
	slices.SortFunc(s.skipped, func(a, b NotRead) int { return strings.Compare(a.File, b.File) })
	res := &Result{Findings: findings, Files: s.files, Problems: s.probs, NotRead: s.skipped, Rules: ran, Entities: int(s.nUnits.Load()), Directives: s.dirs}
	for _, f := range s.files {
		res.Bytes += f.Bytes
	}
	return res
}

func (s *scan) problem(p audit.Problem) {
	s.mu.Lock()
	s.probs = append(s.probs, p)
	s.mu.Unlock()
}

// rulePlans lists, per schema and source version, the rules that apply
// to a unit, in rule order: a scan meets a few dozen of these pairs, and
// testing each rule's schemas and versions for every entity was a few
// per cent of a scan. Each worker keeps its own, unlocked.
type rulePlans map[[2]string][]planned

// A planned rule is a rule with its keywords, if it declares any.
type planned struct {
	rule     *audit.Rule
	keywords *audit.KeywordSet
}

func (s *scan) plan(plans rulePlans, schema, version string) []planned {
	key := [2]string{schema, version}
	rs, ok := plans[key]
	if !ok {
		for _, r := range s.ruleSet {
			if r.AppliesTo(schema) && r.AppliesFrom(version) {
				rs = append(rs, planned{rule: r, keywords: s.keywords[r]})
			}
		}
		plans[key] = rs
	}
	return rs
}

// check runs the rules of one unit.
// A worker is what one consumer goroutine reuses from entity to entity.
type worker struct {
	plans rulePlans
	// kept, packed and scratch hold an entity's packed findings until the
	// logs copy them.
	kept, packed, scratch []byte
}

func (s *scan) check(u *audit.Unit, w *worker) {
	s.collect(u)
	if s.opt.OnUnit != nil {
		s.guard(u, "listing the entity", func() { s.opt.OnUnit(u) })
	}
	var found []audit.Finding
	var later []deferred
	dirs := s.directives(u)
	// One Pass serves every rule of the unit: a Pass and its closures per
	// rule and entity were a fifth of a scan's allocations.
	var p *audit.Pass
	p = audit.NewPass(hk, u,
		func(f audit.Finding) { found = append(found, canonical(u, f)) },
		func(f audit.Finding, decide func(*audit.Index, *audit.Finding) bool) {
			later = append(later, deferred{f: canonical(u, f), decide: decide})
		},
		func(pr audit.Problem) { s.stop(p.Rule, pr) })
	// One recover frame serves the rules of the unit: after a panic the
	// next rule resumes in a new one.
	plan := s.plan(w.plans, u.Entity.Schema, u.Version)
	for next := 0; next < len(plan); {
		err := protect(func() {
			for next < len(plan) {
				r, kw := plan[next].rule, plan[next].keywords
				next++
				if kw != nil && !u.MentionsAny(kw) {
					continue // the entity holds none of the rule's words
				}
				if !s.isStopped(r) {
					p.Rule = r
					r.Run(p)
				}
			}
		})
		if err != nil {
			s.internal(u, "in rule "+p.Rule.ID, err)
		}
	}
	found, later = mergeRootCauses(u, found, later, s.byID)
	kept, packed, scratch := w.kept[:0], w.packed[:0], w.scratch
	for i := range found {
		kept = audit.AppendPacked(kept, &found[i], &scratch)
	}
	decides := make([]func(*audit.Index, *audit.Finding) bool, len(later))
	for i := range later {
		packed = audit.AppendPacked(packed, &later[i].f, &scratch)
		decides[i] = later[i].decide
	}
	s.mu.Lock()
	s.kept.AddPacked(kept, len(found))
	s.later.AddPacked(packed, len(decides))
	s.decides = append(s.decides, decides...)
	s.dirs = append(s.dirs, dirs...)
	s.mu.Unlock()
	// The logs copied the records: the buffers serve the next entity,
	// unless one entity's findings made them large.
	if cap(kept)+cap(packed) <= 1<<20 {
		w.kept, w.packed, w.scratch = kept, packed, scratch
	}
	audit.ReleaseUnit(hk, u)
	data := u.Loc.Window().Data
	s.inFlight.release(len(data))
	releaseWindow(data)
}

// directives runs the Options.Directives hook on a unit, isolated like a
// rule: a panic on a hostile input becomes a problem, not a crash.
func (s *scan) directives(u *audit.Unit) (out []audit.Directive) {
	if s.opt.Directives == nil {
		return nil
	}
	s.guard(u, "reading the suppression comments", func() { out = s.opt.Directives(u) })
	return out
}

// canonical rewrites the text a finding's fingerprint depends on, while
// the tree is still there to read: the matched text alone is often short
// ("[SQLDATA[") and would leave identical findings of one element to be
// told apart by rank only, so that a new one inserted before the others
// would take an old one's identity. The fingerprint gets the whole
// attribute holding the finding, or its decoded line of text (of script),
// or the element's canonical start tag; never what a re-export changes
// (see assignFingerprints).
func canonical(u *audit.Unit, f audit.Finding) audit.Finding {
	st := audit.State(hk, &f)
	el := u.Entity.Root.Innermost(f.Offset())
	if el == nil {
		return f
	}
	if f.Offset() == el.Start {
		st.Matched = canonicalTag(el)
		return f
	}
	if f.Offset() < el.StartTagEnd {
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if start, end := audit.AttrRange(a); f.Offset() >= start && f.Offset() < end {
				if audit.IsNoiseAttr(a.Name) {
					// A finding about an id or a timestamp: its value is
					// the noise.
					st.Matched = "@" + a.Name
				} else {
					st.Matched += "\x00@" + a.Name + "=" + a.Value
				}
				return f
			}
		}
	}
	if line, ok := textLine(el, f.Offset()); ok {
		st.Matched += "\x00" + line
		return f
	}
	line, _ := u.Loc.LineAt(f.Offset())
	st.Matched += "\x00" + line
	return f
}

// lineReach bounds the part of a line that textLine reads around a
// finding.
const lineReach = 4096

// textLine returns the decoded line of el's text that holds file offset
// off: the code around a finding, without the markup that may share its
// source line and without the escaping, which both change with re-exports.
func textLine(el *xmltree.Element, off int64) (string, bool) {
	for _, c := range el.Children {
		t, ok := c.(*xmltree.Text)
		if !ok || t.Data == "" || off < t.Span.File(0) || off > t.Span.File(len(t.Data)-1) {
			continue
		}
		// Lines are bounded as excerpts are: a script written on one line
		// must not be copied whole for each finding.
		i := spanIndex(t.Span, off, len(t.Data))
		lo := max(0, i-lineReach)
		start := strings.LastIndexByte(t.Data[lo:i], '\n') + 1 + lo
		if start == lo {
			for start < i && !utf8.RuneStart(t.Data[start]) {
				start++
			}
		}
		hi := min(len(t.Data), i+lineReach)
		end := strings.IndexByte(t.Data[i:hi], '\n')
		if end < 0 {
			end = hi
			for end > i && end < len(t.Data) && !utf8.RuneStart(t.Data[end]) {
				end--
			}
		} else {
			end += i
		}
		return t.Data[start:end], true
	}
	return "", false
}

// spanIndex inverts a span: the index of the decoded string whose byte
// sits at file offset off (the nearest one before it inside an escape).
func spanIndex(sp xmltree.Span, off int64, n int) int {
	if sp.Segs == nil {
		return min(max(int(off-sp.Base), 0), n)
	}
	i := 0
	for _, sg := range sp.Segs {
		if sg.File > off {
			break
		}
		i = sg.At + int(off-sg.File)
	}
	return min(max(i, 0), n)
}

// canonicalTag is the form of an element's start tag that fingerprints
// use: its name and its attributes but the noisy ones, sorted, so that
// attribute order, timestamps and ids do not matter.
func canonicalTag(el *xmltree.Element) string {
	parts := make([]string, 0, len(el.Attrs))
	for _, a := range el.Attrs {
		if !audit.IsNoiseAttr(a.Name) {
			parts = append(parts, a.Name+"="+strconv.Quote(a.Value))
		}
	}
	slices.Sort(parts)
	return "<" + el.Name + " " + strings.Join(parts, " ")
}
