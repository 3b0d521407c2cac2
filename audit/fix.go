package audit

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// A Fix is a rewrite that resolves a finding: edits of the file's text,
// and whether applying them needs no review (Safe) or is a suggestion
// (applied by `acc-audit fix --unsafe` only).
type Fix struct {
	Description string `json:"description"`
	Safe        bool   `json:"safe"`
	Edits       []Edit `json:"edits"`
}

// An Edit replaces a range of the file's text. Offset and Length count
// bytes of the file as read in UTF-8 (the file's own bytes when it is
// UTF-8); Text is written as is, already escaped for the place it goes to
// (an attribute value, escaped element text, CDATA or a plain code file).
type Edit struct {
	Line    int    `json:"line"`
	Col     int    `json:"column"`
	EndLine int    `json:"endLine"`
	EndCol  int    `json:"endColumn"`
	Offset  int64  `json:"offset"`
	Length  int64  `json:"length"`
	Text    string `json:"text"`
	Old     string `json:"old"` // the text replaced, as written in the file
}

// Edit builds an edit replacing the file range [start, end) of the unit
// with text, given as code (unescaped): it is escaped for the context of
// the range, so that `&`, `<` and quotes stay what they mean. The range
// must sit in one attribute value or one text node.
func (p *Pass) Edit(start, end int64, text string) Edit {
	e := Edit{Offset: start, Length: end - start, Text: escapeFor(p.Unit, start, text), Old: p.Loc.Slice(start, end)}
	e.Line, e.Col = p.Loc.Position(start)
	e.EndLine, e.EndCol = p.Loc.Position(end)
	return e
}

// SuggestFix attaches a fix to f. A safe fix is applied by `acc-audit fix`
// as it is; an unsafe one is a suggestion, applied with --unsafe only.
func (p *Pass) SuggestFix(f *Finding, description string, safe bool, edits ...Edit) {
	f.Fix = &Fix{Description: description, Safe: safe, Edits: edits}
}

// escapeFor escapes text for the markup context at file offset off: an
// attribute value, escaped element text, or raw text (CDATA, plain files).
func escapeFor(u *Unit, off int64, text string) string {
	if !strings.ContainsAny(text, `&<>"'`) {
		return text
	}
	el := u.Entity.Root.Innermost(off)
	if el == nil {
		return text
	}
	if off < el.StartTagEnd {
		return attrEscaper.Replace(text)
	}
	for _, c := range el.Children {
		t, ok := c.(*xmltree.Text)
		if !ok || t.Data == "" {
			continue
		}
		if off >= t.Span.File(0) && off <= t.Span.File(len(t.Data)) {
			if t.CDATA {
				return text
			}
			return textEscaper.Replace(text)
		}
	}
	return textEscaper.Replace(text)
}

var (
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
)
