package mc

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

var mcMapping = regexp.MustCompile(`(?i)^map(?:rt|batch)event`)

// mcTemplate tells whether a delivery entity is a transactional message
// template, and returns what shows it.
func mcTemplate(u *audit.Unit) (bool, string) {
	root := u.Entity.Root
	if root.LocalName() != "delivery" {
		return false, ""
	}
	if m := root.Child("mapping"); m != nil {
		if v := m.AttrValue("name"); mcMapping.MatchString(v) {
			return true, "target mapping " + v
		}
		// A console export names the mapping by its label and schema.
		if v := m.AttrValue("_cs"); walk.HasFold(v, "nms:rtevent", "nms:batchevent") {
			return true, "target mapping " + v
		}
	}
	for _, s := range u.Scripts() {
		if src := s.Src(); !strings.Contains(src, "rtEvent") && !strings.Contains(src, "batchEvent") {
			continue // the tokens only for a script that names the event
		}
		code := s.JS().Code()
		for i := 0; i+2 < len(code); i++ {
			if code[i].Kind == jsscan.Ident && (code[i].Text == "rtEvent" || code[i].Text == "batchEvent") &&
				code[i+1].Text == "." && code[i+2].Text == "ctx" {
				return true, "personalised from the event context " + code[i].Text + ".ctx"
			}
		}
	}
	return false, ""
}

// publishedSuffix matches the suffix execution instances give a
// published template: _rt for real-time events, _bt for batch events.
var publishedSuffix = regexp.MustCompile(`_(?:rt|bt)$`)

// MessageCenterTemplateRepublish flags transactional message templates,
// which must be republished after a control-instance migration.
var MessageCenterTemplateRepublish = &audit.Rule{
	ID:        "MC-001",
	Name:      "mc-template-republish",
	Title:     "Transactional message template to republish after the migration",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.MessageCtr,
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
		URL: docs.MessageCtr,
	},
	Effort:  0.5,
	Schemas: []string{"nms:delivery"},
	Run:     runMessageCenterTemplateRepublish,
}

func runMessageCenterTemplateRepublish(p *audit.Pass) {
	ok, why := mcTemplate(p.Unit)
	if !ok {
		return
	}
	name := p.Entity.Root.AttrValue("internalName")
	msg := "%s is a transactional message template (%s): republish it after migrating the control instance, then test its event type"
	if publishedSuffix.MatchString(name) {
		msg = "%s is a transactional message template published on an execution instance (%s): the republication from the " +
			"migrated control instance replaces it under a new name"
	}
	root := p.Entity.Root
	if a := root.AttrNode("internalName"); a != nil {
		p.ReportAttr(a, msg, walk.MessageName(p), why)
		return
	}
	p.ReportElement(root, msg, walk.MessageName(p), why)
}
