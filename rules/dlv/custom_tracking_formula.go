package dlv

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// directive reports whether parts hold <%@ name attr='value' %>.
func directive(parts []jsscan.Part, name, attr, value string) bool {
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
	Category:  area.Deliveries,
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
		URL: docs.TrackingMig,
	},
	Effort:  2,
	Schemas: []string{"xtk:option", "nms:delivery"},
	Run:     runDeliveryCustomTrackingFormula,
}

func runDeliveryCustomTrackingFormula(p *audit.Pass) {
	fromV5 := p.Version == audit.V511
	for _, f := range formulas(p) {
		parts := jsscan.SplitTemplate(f.text)
		kind := formulaOptions[f.option]
		var msg string
		switch {
		case f.inOpt && fromV5:
			msg = "option " + f.option + " carries the v5 " + kind + " formula, which the migration replaces by the v7 one: " +
				"if it was customised, re-apply the changes on top of the v7 formula"
		case f.inOpt && directive(parts, "value", "object", "provider"):
			msg = "option " + f.option + " takes the tracking server from the routing account (Message Center multi-brand " +
				"customisation): the upgrade may put it in conflict with the new formula; merge it into the new version"
		case f.inOpt && !directive(parts, "include", "option", "NmsTracking_ServerUrl"):
			msg = "option " + f.option + " no longer takes the tracking server from NmsTracking_ServerUrl: the " + kind +
				" formula is customised; merge it into the formula of the new version"
		case !f.inOpt && !directive(parts, "include", "option", f.option):
			msg = walk.MessageName(p) + " has its own " + kind + " formula instead of including " + f.option +
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
