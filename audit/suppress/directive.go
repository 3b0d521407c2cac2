// Package suppress silences findings on purpose, with a reason, in three
// ways:
//
//   - an XML comment `<!-- acc-audit:ignore RULE[,RULE2] reason -->` alone
//     on its line covers the element that follows it (its whole subtree);
//     written at the end of a line, it covers the findings on that line;
//   - inside scripts, templates and SQL, `// acc-audit:ignore RULE reason`,
//     `/* acc-audit:ignore RULE reason */` or an HTML comment covers the
//     next line when alone on its line, or its own line when it follows
//     code;
//   - a suppression file (.acc-audit-suppressions.yaml) lists rule and
//     entity pairs (`xtk:workflow wkfNightly`), optionally narrowed to a
//     place inside the entity or to one fingerprint, with a reason and an
//     optional expiry date, so that suppressions survive re-exports that
//     move lines or rename files.
//
// RULE is a rule id, name or family, as for --disable. An inline directive
// may end its rule list with `expires=YYYY-MM-DD` (the last day it applies):
// `<!-- acc-audit:ignore SQL-001 expires=2027-03-31 rewritten in CAMP-42 -->`. Suppressed findings
// are kept, marked, in Result.Suppressed. Suppressions that no longer
// match anything, cannot be applied or have expired are reported as
// findings of the pseudo-rules SUP-001, SUP-002 and SUP-003, so that every
// report format shows them and CI can act on them.
package suppress

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Marker starts every inline directive.
const Marker = "acc-audit:ignore"

// directiveRE reads the text after the marker: the rule list, then the
// reason, optionally introduced by "--", "-" or ":".
var directiveRE = regexp.MustCompile(`^(?:\s+([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*))?\s*(?:(?:--|-|:)\s*)?(.*)$`)

// parseBody fills the rules and reason of d from the text that follows the
// marker, up to the end of the comment.
func parseBody(d *audit.Directive, body string) {
	body = strings.TrimSpace(strings.ReplaceAll(body, "\n", " "))
	if body != "" && !strings.HasPrefix(body, " ") {
		body = " " + body
	}
	m := directiveRE.FindStringSubmatch(body)
	if m == nil || m[1] == "" {
		d.Invalid = "names no rule: write " + Marker + " RULE reason"
		return
	}
	for _, r := range strings.Split(m[1], ",") {
		d.Rules = append(d.Rules, strings.TrimSpace(r))
	}
	d.Reason = strings.TrimSpace(m[2])
	if rest, ok := strings.CutPrefix(d.Reason, "expires="); ok {
		date, reason, _ := strings.Cut(rest, " ")
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			d.Invalid = fmt.Sprintf("has an invalid expiry %q: write expires=YYYY-MM-DD", date)
			return
		}
		d.Expires = date
		d.Reason = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(reason), "-:"))
	}
	if d.Reason == "" {
		d.Invalid = "gives no reason: write " + Marker + " " + strings.Join(d.Rules, ",") + " followed by why the finding is acceptable"
	}
}

// A Scanner reads the inline directives of each unit (its Directives
// method is the engine hook) and records which entries of the suppression
// file name an entity the scan saw, to tell an unused entry from one about
// an entity that was not scanned. It keeps no list of the entities: an
// export holds hundreds of thousands, a suppression file a few entries.
type Scanner struct {
	mu      sync.Mutex
	entries []*Entry
	seen    []bool // by entry
	left    int    // entries that named no entity seen yet
}

// NewScanner returns a scanner for the entries of the suppression file f
// (nil when there is none).
func NewScanner(f *File) *Scanner {
	s := &Scanner{}
	if f != nil {
		s.entries = f.Entries
		s.seen = make([]bool, len(f.Entries))
		s.left = len(f.Entries)
	}
	return s
}

// saw records that an entity with this ID was scanned.
func (s *Scanner) saw(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.left == 0 {
		return
	}
	for i, e := range s.entries {
		if !s.seen[i] && e.entity != nil && e.entity.MatchString(id) {
			s.seen[i] = true
			s.left--
		}
	}
}

// named reports whether the entry names an entity that was scanned.
func (s *Scanner) named(e *Entry) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, x := range s.entries {
		if x == e {
			return s.seen[i]
		}
	}
	return false
}

// Directives lists the directives of one unit.
func (s *Scanner) Directives(u *audit.Unit) []audit.Directive {
	e := u.Entity
	if len(s.entries) > 0 {
		s.saw(e.ID())
	}
	if e.Schema == audit.SchemaPackage {
		return nil
	}
	var out []audit.Directive
	for _, c := range e.Leading {
		if d, ok := leadingDirective(u, c); ok {
			out = append(out, d)
		}
	}
	// The pass that finds the rules' words in the entity finds the
	// marker too (in any case, a superset), instead of a search of its
	// own: "a" starts it, the commonest letter of a source.
	if !u.Mentions(Marker) {
		return out
	}
	e.Root.Walk(func(el *xmltree.Element) bool {
		for i, n := range el.Children {
			if c, ok := n.(*xmltree.Comment); ok {
				if d, ok := commentDirective(u, el, i, c); ok {
					out = append(out, d)
				}
			}
		}
		return true
	})
	for _, c := range u.Code() {
		if c.Attr == nil && strings.Contains(c.Text, Marker) {
			out = append(out, textDirectives(u, c.Text, c.Span)...)
		}
	}
	return out
}

// commentBody returns the text after the marker when the comment starts
// with it.
func commentBody(data string) (string, bool) {
	t := strings.TrimLeft(data, " \t\r\n")
	if !strings.HasPrefix(t, Marker) {
		return "", false
	}
	return t[len(Marker):], true
}

// leadingDirective reads a comment written just before the entity element:
// it covers the whole entity.
func leadingDirective(u *audit.Unit, c *xmltree.Comment) (audit.Directive, bool) {
	body, ok := commentBody(c.Data)
	if !ok {
		return audit.Directive{}, false
	}
	root := u.Entity.Root
	d := audit.NewDirective(u, c.Start)
	if !u.Loc.Contains(c.Start) {
		// The entity's text starts at its own line: a comment on the lines
		// above is outside it. Place it on the line before, at the entity's
		// indentation, which is where such comments are written.
		line, col := u.Loc.Position(root.Start)
		d.Line = max(line-1-strings.Count(c.Data, "\n"), 1)
		d.Col = col
	}
	d.Start, d.End = root.Start, root.End
	parseBody(&d, body)
	return d, true
}

// commentDirective reads a comment inside the entity, child i of parent.
func commentDirective(u *audit.Unit, parent *xmltree.Element, i int, c *xmltree.Comment) (audit.Directive, bool) {
	body, ok := commentBody(c.Data)
	if !ok {
		return audit.Directive{}, false
	}
	d := audit.NewDirective(u, c.Start)
	parseBody(&d, body)
	text, at := u.Loc.LineAt(c.Start)
	if strings.TrimSpace(text[:at]) != "" {
		d.OnLine = d.Line
		return d, true
	}
	for _, n := range parent.Children[i+1:] {
		switch n := n.(type) {
		case *xmltree.Comment, *xmltree.ProcInst:
			continue
		case *xmltree.Text:
			if strings.TrimSpace(n.Data) == "" && !n.Expr {
				continue
			}
		case *xmltree.Element:
			d.Start, d.End = n.Start, n.End
			return d, true
		}
		break
	}
	// Followed by text rather than an element: cover the next line.
	end := c.Start + int64(len("<!--")+len(c.Data)+len("-->"))
	line, _ := u.Loc.Position(end)
	d.OnLine = line + 1
	return d, true
}

// textDirectives reads the directives written as comments inside code:
// JavaScript line and block comments, and HTML comments of templates.
func textDirectives(u *audit.Unit, text string, span xmltree.Span) []audit.Directive {
	var out []audit.Directive
	for from := 0; ; {
		k := strings.Index(text[from:], Marker)
		if k < 0 {
			return out
		}
		at := from + k
		from = at + len(Marker)
		lineStart := strings.LastIndexByte(text[:at], '\n') + 1
		before := strings.TrimRight(text[lineStart:at], " \t")
		var opener, closer string
		for _, o := range []struct{ open, close string }{{"//", "\n"}, {"/*", "*/"}, {"<!--", "-->"}} {
			if strings.HasSuffix(before, o.open) {
				opener, closer = o.open, o.close
				break
			}
		}
		if opener == "" {
			continue // the marker inside a string or prose
		}
		open := len(before) - len(opener) + lineStart
		end := strings.Index(text[from:], closer)
		if end < 0 {
			end = len(text)
		} else {
			end += from
		}
		d := audit.NewDirective(u, span.File(open))
		parseBody(&d, text[from:end])
		if strings.TrimSpace(text[lineStart:open]) != "" {
			d.OnLine = d.Line
		} else if next := nextCode(text, end); next >= 0 {
			d.OnLine, _ = u.Loc.Position(span.File(next))
		} else if d.Invalid == "" {
			d.Invalid = "is followed by no code"
		}
		out = append(out, d)
		from = max(from, end)
	}
}

// nextCode returns the index of the first non-blank character on the lines
// after index i, or -1.
func nextCode(text string, i int) int {
	nl := strings.IndexByte(text[i:], '\n')
	if nl < 0 {
		return -1
	}
	for j := i + nl + 1; j < len(text); j++ {
		switch text[j] {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return j
	}
	return -1
}
