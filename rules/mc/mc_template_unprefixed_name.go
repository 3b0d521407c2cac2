package mc

import (
	"regexp"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// MessageCenterTemplateNames flags references to the v6 names of the
// templates published on execution instances.
var MessageCenterTemplateNames = &audit.Rule{
	ID:        "MC-002",
	Name:      "mc-template-unprefixed-name",
	Title:     "Reference to a published template under its v6 name",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.MessageCtr,
	From:      []string{audit.V602},
	Doc: audit.Doc{
		Rationale: "\"In v7, the names of transactional message templates on execution instances have changed. They are " +
			"currently prefixed by the operator name that corresponds to the control instance, thus creating a " +
			"unique identifier (for example control1_template1_rt).\" Code, queries and SOAP calls that look up " +
			"a published template as template1_rt or template1_bt no longer find it. The rule reports such " +
			"names in attributes, expressions, SQL and JavaScript strings of any entity, when the scan also holds " +
			"the control instance's template (template1): names already prefixed, and names that match no " +
			"template of the scan, are not reported. Labels, descriptions and comments are ignored.",
		Remediation: "Use the v7 name of the published template, prefixed by the control instance's operator " +
			"(`control1_template1_rt`), or better look the template up by its event type rather than by name.",
		Bad: `<package buildNumber="7974" buildVersion="6.02">
  <entities schema="nms:delivery">
    <delivery internalName="orderConfirmation" isModel="1" label="Order confirmation">
      <mapping _operation="none" name="mapRtEvent"/>
    </delivery>
  </entities>
  <entities schema="xtk:workflow">
    <workflow internalName="wkfResend" label="Resend">
      <activities>
        <js label="Find template" name="js">
          <script>var tpl = nms.delivery.load("orderConfirmation_rt");</script>
        </js>
      </activities>
    </workflow>
  </entities>
</package>`,
		Good: `<package buildNumber="7974" buildVersion="6.02">
  <entities schema="nms:delivery">
    <delivery internalName="orderConfirmation" isModel="1" label="Order confirmation">
      <mapping _operation="none" name="mapRtEvent"/>
    </delivery>
  </entities>
  <entities schema="xtk:workflow">
    <workflow internalName="wkfResend" label="Resend">
      <activities>
        <js label="Find template" name="js">
          <script>var tpl = nms.delivery.load("mc1_orderConfirmation_rt");</script>
        </js>
      </activities>
    </workflow>
  </entities>
</package>`,
		URL: docs.MessageCtr,
	},
	Effort:   1,
	Requires: []*audit.Collector{TemplateCollector},
	Keywords: []string{"_rt", "_bt"},
	Run:      runMessageCenterTemplateNames,
}

// publishedName finds a published template name; group 1 is the
// control template's name, which a v7 prefix would extend to the left.
var publishedName = regexp.MustCompile(`(?:^|[^A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]*)_(?:rt|bt)\b`)

func runMessageCenterTemplateNames(p *audit.Pass) {
	if p.Entity.Schema == audit.SchemaPackage {
		return
	}
	root := p.Entity.Root
	walk.LiteralSites(p, nil, func(s walk.Site) {
		if s.Attr != nil && s.Elem == root && s.Attr.Name == "internalName" {
			return // the published template itself: MC-001
		}
		if !walk.HasFold(s.Text, "_rt", "_bt") {
			return
		}
		for _, m := range publishedName.FindAllStringSubmatchIndex(s.Text, -1) {
			base := s.Text[m[2]:m[3]]
			full := s.Text[m[2]:m[1]]
			f := p.Newf(s.Span.File(m[2]), s.Span.File(m[1]-1)+1, "%s refers to the published template %s (%s): v7 names it "+
				"<control operator>_%s on execution instances; use the prefixed name or look the template up by event type",
				walk.PlaceOf(p, s.Elem), full, s.Where, full)
			p.DeferWith(f, decidePublishedTemplate, base)
		}
	})
}

// decidePublishedTemplate keeps the finding on a reference to a published
// template (DeferredArgs: its name without the _rt or _bt suffix) when the
// scan holds that template.
func decidePublishedTemplate(ix *audit.Index, f *audit.Finding) bool {
	return templates.Has(ix, f.DeferredArgs()[0])
}
