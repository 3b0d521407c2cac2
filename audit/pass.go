package audit

import (
	"bytes"
	"fmt"
	"sync/atomic"

	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// A Unit is one entity ready for rules: the entity, the text needed to
// locate findings in it, and lazily computed views shared by all rules.
// Rules for one unit run on one goroutine, so the caches need no lock.
type Unit struct {
	File    string
	Entity  *acc.Entity
	Loc     *xmltree.Locator
	Version string // source version the rules should assume ("" = unknown)

	code    []*acc.Code
	scripts []*acc.Script
	done    uint8
	memo    acc.Memo
	// The two views every entity builds and dozens of rules ask for (each
	// rule with keywords asks for mentions) are fields, not memo entries:
	// a map look-up per rule and entity was 2% of a scan.
	mentions mentionsSeen
	elements *elementIndex
}

// Memo returns the value stored under key, building it on first use: views
// derived from the entity that several rules need (the query elements, the
// SQL expressions) are computed once per entity.
func (u *Unit) Memo(key any, build func() any) any { return u.memo.Get(key, build) }

const (
	codeDone = 1 << iota
	scriptsDone
)

// Code returns the entity's code blocks.
func (u *Unit) Code() []*acc.Code {
	if u.done&codeDone == 0 {
		u.code = acc.CodeIn(u.Entity, u.Elements())
		u.done |= codeDone
	}
	return u.code
}

// Scripts returns the entity's JavaScript, scanned, server and client side.
func (u *Unit) Scripts() []*acc.Script {
	if u.done&scriptsDone == 0 {
		u.scripts = acc.ScriptsOf(u.Code())
		u.done |= scriptsDone
	}
	return u.scripts
}

// release hands the token slices of the unit's scripts back for reuse,
// once its rules have run: nothing may read them afterwards (deferred
// findings capture no script, see Pass.Defer).
func (u *Unit) release() {
	for _, s := range u.scripts {
		s.Release()
	}
	u.scripts = nil
}

// Mentions reports whether the entity's source may contain one of words
// (lower-case ASCII), ignoring case. Rules that look for a literal name use
// it to skip, in one pass over the bytes, entities that cannot hold it: a
// word escaped as a character reference (&#83;QLDATA) cannot be excluded,
// so a source holding "&#" always answers true, and so does one holding a
// character that case folding turns into a letter of ASCII (U+0130,
// U+212A, the long s U+017F): a rule may compare with strings.EqualFold or
// a (?i) regexp.
func (u *Unit) Mentions(words ...string) bool {
	// The usual case, once the first entities have registered every word:
	// the entity was scanned with the current automaton, which knows the
	// words; one map lookup per word.
	m := &u.mentions
	if m.d != nil {
		if mask, ok := m.d.mask(words); ok {
			return m.bits&(mask|mentionsSpecialBits) != 0
		}
	}
	plain := true
	for _, w := range words {
		plain = plain && mentionsPlain(w)
	}
	var d *mentionsDFA
	if plain {
		d = mentionsAutomaton(words)
	}
	if d == nil {
		return u.mentionsSlow(words)
	}
	m.d, m.bits = d, d.scan(u.Loc.Window().Data)
	mask, _ := d.mask(words)
	return m.bits&(mask|mentionsSpecialBits) != 0
}

// A KeywordSet is a list of words asked of many entities (Rule.Keywords):
// it keeps their bits in the current automaton, so that asking costs no
// lookup of each word. It is safe for concurrent use.
type KeywordSet struct {
	words []string
	bits  atomic.Pointer[keywordBits]
}

type keywordBits struct {
	d    *mentionsDFA
	mask uint64
}

// NewKeywordSet returns the set of words (lower-case ASCII).
func NewKeywordSet(words []string) *KeywordSet { return &KeywordSet{words: words} }

// MentionsAny is Mentions(k's words...).
func (u *Unit) MentionsAny(k *KeywordSet) bool {
	m := &u.mentions
	if m.d != nil {
		if b := k.bits.Load(); b != nil && b.d == m.d {
			return m.bits&(b.mask|mentionsSpecialBits) != 0
		}
		if mask, ok := m.d.mask(k.words); ok {
			k.bits.Store(&keywordBits{d: m.d, mask: mask})
			return m.bits&(mask|mentionsSpecialBits) != 0
		}
	}
	return u.Mentions(k.words...)
}

// mentionsSlow is Mentions for words the automaton does not take: the
// source lower-cased and searched once per word.
func (u *Unit) mentionsSlow(words []string) bool {
	lower := u.Memo(mentionsSlowKey{}, func() any {
		return bytes.ToLower(u.Loc.Window().Data)
	}).([]byte)
	if bytes.Contains(lower, []byte("&#")) || bytes.Contains(lower, []byte("\u017f")) {
		return true
	}
	for _, w := range words {
		if bytes.Contains(lower, []byte(w)) {
			return true
		}
	}
	return false
}

type mentionsSlowKey struct{}

// A Pass is what a rule's Run receives for one entity.
type Pass struct {
	Rule *Rule
	*Unit
	emit    func(Finding)
	deferFn func(Finding, func(*Index, *Finding) bool)
	failFn  func(Problem)
}

// Newf builds a finding covering the file offsets [start, end) with the
// rule's default severity, without reporting it.
func (p *Pass) Newf(start, end int64, format string, args ...any) Finding {
	if end < start {
		end = start
	}
	e := p.Entity
	f := Finding{
		RuleID:       p.Rule.ID,
		Severity:     p.Rule.Severity,
		File:         p.File,
		Entity:       e.ID(),
		EntitySchema: e.Schema,
		EntityKey:    e.Key,
		Message:      fmt.Sprintf(format, args...),
		Compat:       p.Rule.Compat,
		offset:       start,
	}
	f.Line, f.Col = p.Loc.Position(start)
	f.EndLine, f.EndCol = p.Loc.Position(end)
	line, at := p.Loc.LineAt(start)
	f.Excerpt = makeExcerpt(line, at)
	f.st.Matched = p.Loc.Slice(start, min(end, start+200))
	f.Place = acc.PlaceOf(e.Root, e.Root.Innermost(start))
	return f
}

// AddRelated records the file range [start, end) of the unit as another
// place of f's problem, described by msg.
func (p *Pass) AddRelated(f *Finding, start, end int64, msg string) {
	r := Related{Message: msg}
	r.Line, r.Col = p.Loc.Position(start)
	r.EndLine, r.EndCol = p.Loc.Position(max(start, end))
	f.Related = append(f.Related, r)
}

// EmitAdvisory reports f as an advisory reported once per scope (see
// Rule.Scope), for rules whose other findings are reported at every place;
// kind tells apart the advisories of one rule.
func (p *Pass) EmitAdvisory(f Finding, scope Scope, kind string) {
	f.st.Scope, f.st.Kind = uint8(scope), kind
	p.emit(f)
}

// EmitContainer reports f, built with Newf, as the container of the file
// range from its start to end, for a rule with RootCauses whose finding
// sits on a statement (a call, an expression) rather than on an element:
// the root-cause findings inside that range fold into it, and those
// elsewhere in the entity do not.
func (p *Pass) EmitContainer(f Finding, end int64) {
	f.st.Within = max(end, f.offset+1)
	p.emit(f)
}

// Emit reports a finding built with Newf (possibly with its severity
// changed).
func (p *Pass) Emit(f Finding) { p.emit(f) }

// Reportf reports a finding covering the file offsets [start, end).
func (p *Pass) Reportf(start, end int64, format string, args ...any) {
	p.emit(p.Newf(start, end, format, args...))
}

// ReportElement reports at the start tag name of el.
func (p *Pass) ReportElement(el *xmltree.Element, format string, args ...any) {
	p.Reportf(el.Start, el.Start+1+int64(len(el.Name)), format, args...)
}

// AttrRange returns the file range of an attribute from its name to the end
// of its value.
func AttrRange(a *xmltree.Attr) (int64, int64) {
	return a.NameOff, a.ValueSpan.File(len(a.Value)) + 1
}

// ReportAttr reports a whole attribute, name and value.
func (p *Pass) ReportAttr(a *xmltree.Attr, format string, args ...any) {
	s, e := AttrRange(a)
	p.Reportf(s, e, format, args...)
}

// ValueRange returns the file range of bytes [i, j) of a decoded value.
func ValueRange(sp xmltree.Span, i, j int) (int64, int64) {
	if j <= i {
		return sp.File(i), sp.File(i)
	}
	return sp.File(i), sp.File(j-1) + 1
}

// ReportValue reports bytes [i, j) of a decoded value (attribute value,
// text, script).
func (p *Pass) ReportValue(sp xmltree.Span, i, j int, format string, args ...any) {
	s, e := ValueRange(sp, i, j)
	p.Reportf(s, e, format, args...)
}

// ReportToken reports a JavaScript token of a script.
func (p *Pass) ReportToken(s *acc.Script, t jsscan.Token, format string, args ...any) {
	p.ReportValue(s.JS().Span, t.Start, t.End, format, args...)
}

// Fail gives the rule up for the rest of the scan, when it cannot be run to
// the end (a custom rule past its budget): prob is reported once as an
// internal problem, the rule runs on no further entity, and every finding
// it gave in the scan is left out, so that the report does not depend on
// which entities the workers had reached. prob must therefore not name
// the entity at hand; it usually points at the rule's definition.
func (p *Pass) Fail(prob Problem) { p.failFn(prob) }

// Defer reports f only if decide, called once the whole scan is indexed,
// returns true. decide may adjust the finding (its severity, its message).
// The closure must capture only small values, never the entity tree nor
// substrings of its text (strings.Clone them), which would keep the tree
// or a whole script alive until the end of the scan.
func (p *Pass) Defer(f Finding, decide func(ix *Index, f *Finding) bool) {
	p.deferFn(f, decide)
}

// DeferWith is Defer for a decision that needs a few values of the
// entity: args travel with the finding, packed and compressed like it,
// and decide reads them with DeferredArgs, so that decide is one function
// for every finding rather than a closure per finding. A rule that
// defers thousands of findings keeps its memory flat this way.
func (p *Pass) DeferWith(f Finding, decide func(ix *Index, f *Finding) bool, args ...string) {
	f.st.Args = args
	p.deferFn(f, decide)
}

// DeferredArgs returns the values given to DeferWith, for its decide
// function.
func (f *Finding) DeferredArgs() []string { return f.st.Args }
