package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// A tracking formula (click or open) is a template kept in an option
// (NmsTracking_ClickFormula, NmsTracking_OpenFormula) and, per delivery,
// in tracking/clickFormula and tracking/openFormula, whose default merely
// includes the option: <%@ include option='NmsTracking_ClickFormula' %>.

// opsFormula is one tracking formula found in an entity.
type opsFormula struct {
	text   string
	span   xmltree.Span
	option string // the option it is, or the option a delivery formula defaults to
	inOpt  bool   // the formula is the option itself
	at     func() (int64, int64)
}

var opsFormulaOptions = map[string]string{
	"NmsTracking_ClickFormula": "click", "NmsTracking_OpenFormula": "open",
}

// opsFormulas lists the tracking formulas of an option or a delivery.
func opsFormulas(p *audit.Pass) []opsFormula {
	root := p.Entity.Root
	var out []opsFormula
	switch p.Entity.Schema {
	case "xtk:option":
		name := root.AttrValue("name")
		if opsFormulaOptions[name] == "" {
			return nil
		}
		for _, an := range []string{"stringValue", "memoValue"} {
			if a := root.AttrNode(an); a != nil {
				out = append(out, opsFormula{text: a.Value, span: a.ValueSpan, option: name, inOpt: true,
					at: func() (int64, int64) { return audit.AttrRange(a) }})
			}
		}
		if m := root.Child("memoValue"); m != nil {
			if t, sp, ok := m.Text(); ok {
				out = append(out, opsFormula{text: t, span: sp, option: name, inOpt: true,
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
					out = append(out, opsFormula{text: t, span: sp, option: opt,
						at: func() (int64, int64) { return c.Start, c.Start + 1 + int64(len(c.Name)) }})
				}
			}
			return false
		})
	}
	return out
}

// opsDirective reports whether parts hold <%@ name attr='value' %>.
func opsDirective(parts []jsscan.Part, name, attr, value string) bool {
	for _, part := range parts {
		if part.Kind == jsscan.DirectivePart && part.Directive != nil && part.Directive.Name == name &&
			strings.EqualFold(strings.TrimSpace(part.Directive.Attrs[attr]), value) {
			return true
		}
	}
	return false
}

// DeliveryCustomTrackingFormula flags tracking formulas customised away
// from the built-in formula, which the migration replaces or the upgrade
// puts in conflict.
var DeliveryCustomTrackingFormula = &audit.Rule{
	ID:        "DLV-003",
	Name:      "custom-tracking-formula",
	Title:     "Customised click or open tracking formula",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  opsCatDeliveries,
	Doc: audit.Doc{
		Rationale: "\"When migrating, the old formula (v5) is replaced by the new one (v7). If you use a personalized " +
			"formula in Adobe Campaign v5, this configuration has to be adapted\" (options NmsTracking_ClickFormula " +
			"and NmsTracking_OpenFormula). From v5.11, every exported formula option is reported as a warning: the " +
			"export holds the v5 formula that the migration overwrites. From other versions the rule reports, as " +
			"info, the formulas that visibly depart from the built-in one: an option whose tracking server no " +
			"longer comes from NmsTracking_ServerUrl (hard-coded host, or the Message Center multi-brand " +
			"`<%@ value object=\"provider\" xpath=\"@trackingURL\" %>` which the documentation warns may conflict " +
			"at upgrade), and a delivery or template whose own formula no longer includes the option, so that it " +
			"keeps an old formula instead of following the v7 one. A delivery formula that includes the option " +
			"and appends parameters (the documented Adobe Analytics case) is fine.",
		Remediation: "After the migration, re-apply the customisation on top of the v7 formula rather than restoring " +
			"the old one; in deliveries and templates keep `<%@ include option='NmsTracking_ClickFormula' %>` and " +
			"append parameters after it, e.g. `<%@ include option='NmsTracking_ClickFormula' %>&cid=<%= " +
			"message.delivery.internalName %>`.",
		Bad: `<delivery internalName="DM_news" isModel="1" label="Newsletter" xtkschema="nms:delivery">
  <tracking enabled="true">
    <clickFormula><![CDATA[http://t.acme.com/r/?id=h<%= message.id.toString(16) %>,<%= delivery.id.toString(16) %>,<%= urlId %>]]></clickFormula>
  </tracking>
</delivery>`,
		Good: `<delivery internalName="DM_news" isModel="1" label="Newsletter" xtkschema="nms:delivery">
  <tracking enabled="true">
    <clickFormula><![CDATA[<%@ include option='NmsTracking_ClickFormula' %>&cid=<%= message.delivery.internalName %>]]></clickFormula>
  </tracking>
</delivery>`,
		URL: opsDocTrackingMig,
	},
	Effort:  2,
	Schemas: []string{"xtk:option", "nms:delivery"},
	Run:     runDeliveryCustomTrackingFormula,
}

func runDeliveryCustomTrackingFormula(p *audit.Pass) {
	fromV5 := p.Version == audit.V511
	for _, f := range opsFormulas(p) {
		parts := jsscan.SplitTemplate(f.text)
		kind := opsFormulaOptions[f.option]
		var msg string
		switch {
		case f.inOpt && fromV5:
			msg = "option " + f.option + " carries the v5 " + kind + " formula, which the migration replaces by the v7 one: " +
				"if it was customised, re-apply the changes on top of the v7 formula"
		case f.inOpt && opsDirective(parts, "value", "object", "provider"):
			msg = "option " + f.option + " takes the tracking server from the routing account (Message Center multi-brand " +
				"customisation): the upgrade may put it in conflict with the new formula; merge it into the new version"
		case f.inOpt && !opsDirective(parts, "include", "option", "NmsTracking_ServerUrl"):
			msg = "option " + f.option + " no longer takes the tracking server from NmsTracking_ServerUrl: the " + kind +
				" formula is customised; merge it into the formula of the new version"
		case !f.inOpt && !opsDirective(parts, "include", "option", f.option):
			msg = opsMessageName(p) + " has its own " + kind + " formula instead of including " + f.option +
				": it keeps this formula after the migration instead of the v7 one (signed tracking links); " +
				"include the option and append your parameters after it"
		default:
			continue
		}
		s, e := f.at()
		fd := p.Newf(s, e, "%s", msg)
		if !fromV5 {
			fd.Severity = audit.SeverityInfo
		}
		p.Emit(fd)
	}
}

// DeliveryTrackingFormulaLineFeed flags line breaks left outside the
// <% %> blocks of a tracking formula.
var DeliveryTrackingFormulaLineFeed = &audit.Rule{
	ID:        "DLV-004",
	Name:      "tracking-formula-line-feed",
	Title:     "Line break outside <% %> in a tracking formula",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  opsCatDeliveries,
	Doc: audit.Doc{
		Rationale: "\"All linefeed characters present outside of the JavaScript expression will be present in the final " +
			"formula\": a formula that closes a block with `%>` and continues on the next line puts a line break " +
			"in every tracked URL, and some webmails (AOL, Gmail...) break such links. The rule reads the click " +
			"and open formulas of the tracking options and of deliveries and templates, and reports each piece " +
			"of literal text between blocks that holds a line break. Line breaks inside <% %> are harmless.",
		Remediation: "Keep `%>` and the text that follows on the same line, e.g. `{ %>&cid=<%= " +
			"message.delivery.internalName %>`, and do not end the formula with a line break.",
		Bad: `<delivery internalName="DM_news" isModel="1" label="Newsletter" xtkschema="nms:delivery">
  <tracking enabled="true">
    <clickFormula><![CDATA[<%@ include option='NmsTracking_ClickFormula' %><% if (delivery.FCP == false) { %>
&cid=<%= message.delivery.internalName %><% } %>]]></clickFormula>
  </tracking>
</delivery>`,
		Good: `<delivery internalName="DM_news" isModel="1" label="Newsletter" xtkschema="nms:delivery">
  <tracking enabled="true">
    <clickFormula><![CDATA[<%@ include option='NmsTracking_ClickFormula' %><% if (delivery.FCP == false) {
%>&cid=<%= message.delivery.internalName %><% } %>]]></clickFormula>
  </tracking>
</delivery>`,
		URL: opsDocMsgTracking,
	},
	Effort:  0.25,
	Schemas: []string{"xtk:option", "nms:delivery"},
	Run:     runDeliveryTrackingFormulaLineFeed,
}

func runDeliveryTrackingFormulaLineFeed(p *audit.Pass) {
	for _, f := range opsFormulas(p) {
		kind := opsFormulaOptions[f.option]
		where := "option " + f.option
		if !f.inOpt {
			where = "the " + kind + " formula of " + opsMessageName(p)
		}
		for _, part := range jsscan.SplitTemplate(f.text) {
			if part.Kind != jsscan.TextPart {
				continue
			}
			i := strings.IndexAny(part.Content, "\r\n")
			if i < 0 {
				continue
			}
			at := part.Start + i
			p.ReportValue(f.span, at, at+1, "line break outside <%% %%> in %s: it ends up in every tracked URL and breaks links "+
				"in some webmails; keep %%> and the following text on the same line", where)
		}
	}
}
