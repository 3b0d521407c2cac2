package rules

import (
	"regexp"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
)

// Transactional message templates are nms:delivery records targeting the
// real-time or batch events of Message Center: their target mapping is an
// event mapping (mapRtEvent, mapBatchEvent, mapRtEventAppSubRcp...), and
// their content personalises from the event context (rtEvent.ctx).

var opsMCMapping = regexp.MustCompile(`(?i)^map(?:rt|batch)event`)

// opsMCTemplate tells whether a delivery entity is a transactional message
// template, and returns what shows it.
func opsMCTemplate(u *audit.Unit) (bool, string) {
	root := u.Entity.Root
	if root.LocalName() != "delivery" {
		return false, ""
	}
	if m := root.Child("mapping"); m != nil {
		if v := m.AttrValue("name"); opsMCMapping.MatchString(v) {
			return true, "target mapping " + v
		}
		// A console export names the mapping by its label and schema.
		if v := m.AttrValue("_cs"); opsHasFold(v, "nms:rtevent", "nms:batchevent") {
			return true, "target mapping " + v
		}
	}
	for _, s := range u.Scripts() {
		code := s.JS.Code()
		for i := 0; i+2 < len(code); i++ {
			if code[i].Kind == jsscan.Ident && (code[i].Text == "rtEvent" || code[i].Text == "batchEvent") &&
				code[i+1].Text == "." && code[i+2].Text == "ctx" {
				return true, "personalised from the event context " + code[i].Text + ".ctx"
			}
		}
	}
	return false, ""
}

// opsPublishedSuffix matches the suffix execution instances give a
// published template: _rt for real-time events, _bt for batch events.
var opsPublishedSuffix = regexp.MustCompile(`_(?:rt|bt)$`)

// MessageCenterTemplateRepublish flags transactional message templates,
// which must be republished after a control-instance migration.
var MessageCenterTemplateRepublish = &audit.Rule{
	ID:        "MC-001",
	Name:      "mc-template-republish",
	Title:     "Transactional message template to republish after the migration",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  opsCatMessageCtr,
	From:      []string{audit.V602},
	Doc: audit.Doc{
		Rationale: "\"After a Message Center control instance migration, you must republish the transactional message " +
			"templates for them to work.\" The published copies on the execution instances are rebuilt by the " +
			"publication, under new names (see MC-002). The rule reports each transactional message template of " +
			"the export: a delivery or delivery template whose target mapping is a Message Center event mapping " +
			"(mapRtEvent, mapBatchEvent...) or whose content personalises from the event context (rtEvent.ctx); " +
			"published copies found in an execution-instance export are reported too, since the publication " +
			"replaces them. Ordinary deliveries are not reported.",
		Remediation: "After the control instance is migrated, open Message Center > Transactional message templates " +
			"and publish every template again (Publish button), then send a test event for each event type.",
		Bad: `<delivery internalName="orderConfirmation" isModel="1" label="Order confirmation" xtkschema="nms:delivery">
  <mapping _operation="none" name="mapRtEvent"/>
  <content><html><source><![CDATA[Thank you for order <%= rtEvent.ctx.@orderId %>]]></source></html></content>
</delivery>`,
		Good: `<delivery internalName="newsletter" isModel="1" label="Newsletter" xtkschema="nms:delivery">
  <mapping _operation="none" name="mapRecipient"/>
  <content><html><source><![CDATA[Hello <%= recipient.firstName %>]]></source></html></content>
</delivery>`,
		URL: opsDocMessageCtr,
	},
	Effort:  0.5,
	Schemas: []string{"nms:delivery"},
	Run:     runMessageCenterTemplateRepublish,
}

func runMessageCenterTemplateRepublish(p *audit.Pass) {
	ok, why := opsMCTemplate(p.Unit)
	if !ok {
		return
	}
	name := p.Entity.Root.AttrValue("internalName")
	msg := "%s is a transactional message template (%s): republish it after migrating the control instance, then test its event type"
	if opsPublishedSuffix.MatchString(name) {
		msg = "%s is a transactional message template published on an execution instance (%s): the republication from the " +
			"migrated control instance replaces it under a new name"
	}
	root := p.Entity.Root
	if a := root.AttrNode("internalName"); a != nil {
		p.ReportAttr(a, msg, opsMessageName(p), why)
		return
	}
	p.ReportElement(root, msg, opsMessageName(p), why)
}

// opsFactMCTemplate records the internal names of the transactional
// message templates of the scan.
const opsFactMCTemplate = "ops.mcTemplate"

var opsMCTemplateCollector = audit.Collector{
	Name:    "ops.mcTemplate",
	Schemas: []string{"nms:delivery"},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		name := u.Entity.Root.AttrValue("internalName")
		if name == "" || opsPublishedSuffix.MatchString(name) {
			return
		}
		if ok, _ := opsMCTemplate(u); ok {
			rec.Record(opsFactMCTemplate, name, u.Entity.ID())
		}
	},
}

// MessageCenterTemplateNames flags references to the v6 names of the
// templates published on execution instances.
var MessageCenterTemplateNames = &audit.Rule{
	ID:        "MC-002",
	Name:      "mc-template-unprefixed-name",
	Title:     "Reference to a published template under its v6 name",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  opsCatMessageCtr,
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
		URL: opsDocMessageCtr,
	},
	Effort: 1,
	Run:    runMessageCenterTemplateNames,
}

// opsPublishedName finds a published template name; group 1 is the
// control template's name, which a v7 prefix would extend to the left.
var opsPublishedName = regexp.MustCompile(`(?:^|[^A-Za-z0-9_])([A-Za-z][A-Za-z0-9_]*)_(?:rt|bt)\b`)

func runMessageCenterTemplateNames(p *audit.Pass) {
	if p.Entity.Schema == audit.SchemaPackage {
		return
	}
	root := p.Entity.Root
	opsLiteralSites(p, nil, func(s opsSite) {
		if s.attr != nil && s.elem == root && s.attr.Name == "internalName" {
			return // the published template itself: MC-001
		}
		if !opsHasFold(s.text, "_rt", "_bt") {
			return
		}
		for _, m := range opsPublishedName.FindAllStringSubmatchIndex(s.text, -1) {
			base := s.text[m[2]:m[3]]
			full := s.text[m[2]:m[1]]
			f := p.Newf(s.span.File(m[2]), s.span.File(m[1]-1)+1, "%s refers to the published template %s (%s): v7 names it "+
				"<control operator>_%s on execution instances; use the prefixed name or look the template up by event type",
				opsPlaceOf(p, s.elem), full, s.where, full)
			p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
				return ix.HasFact(opsFactMCTemplate, base)
			})
		}
	})
}
