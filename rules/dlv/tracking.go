package dlv

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// A tracking formula (click or open) is a template kept in an option
// (NmsTracking_ClickFormula, NmsTracking_OpenFormula) and, per delivery,
// in tracking/clickFormula and tracking/openFormula, whose default merely
// includes the option: <%@ include option='NmsTracking_ClickFormula' %>.

// formula is one tracking formula found in an entity.
type formula struct {
	text   string
	span   xmltree.Span
	option string // the option it is, or the option a delivery formula defaults to
	inOpt  bool   // the formula is the option itself
	at     func() (int64, int64)
}

var formulaOptions = map[string]string{
	"NmsTracking_ClickFormula": "click", "NmsTracking_OpenFormula": "open",
}

// formulas lists the tracking formulas of an option or a delivery.
func formulas(p *audit.Pass) []formula {
	root := p.Entity.Root
	var out []formula
	switch p.Entity.Schema {
	case "xtk:option":
		name := root.AttrValue("name")
		if formulaOptions[name] == "" {
			return nil
		}
		for _, an := range []string{"stringValue", "memoValue"} {
			if a := root.AttrNode(an); a != nil {
				out = append(out, formula{text: a.Value, span: a.ValueSpan, option: name, inOpt: true,
					at: func() (int64, int64) { return audit.AttrRange(a) }})
			}
		}
		if m := root.Child("memoValue"); m != nil {
			if t, sp, ok := m.Text(); ok {
				out = append(out, formula{text: t, span: sp, option: name, inOpt: true,
					at: func() (int64, int64) { return m.Start, m.Start + 1 + int64(len(m.Name)) }})
			}
		}
	case "nms:delivery":
		root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() != "tracking" {
				return true
			}
			for _, c := range el.Elements() {
				opt := ""
				switch c.LocalName() {
				case "clickFormula":
					opt = "NmsTracking_ClickFormula"
				case "openFormula":
					opt = "NmsTracking_OpenFormula"
				default:
					continue
				}
				if t, sp, ok := c.Text(); ok && strings.TrimSpace(t) != "" {
					out = append(out, formula{text: t, span: sp, option: opt,
						at: func() (int64, int64) { return c.Start, c.Start + 1 + int64(len(c.Name)) }})
				}
			}
			return false
		})
	}
	return out
}
