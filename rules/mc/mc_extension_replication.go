package mc

import (
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// mcSchemas are the schemas that Message Center's technical workflows
// move between the control and the execution instances: the real-time
// and batch events, and the event history archived on the control
// instance.
var mcSchemas = map[string]bool{"nms:rtevent": true, "nms:batchevent": true, "nms:eventhisto": true}

// MessageCenterExtensionReplication flags extensions of the Message Center
// event schemas, which must exist identically on the control and on every
// execution instance.
var MessageCenterExtensionReplication = &audit.Rule{
	ID:        "MC-004",
	Name:      "mc-extension-replication",
	Title:     "Extension of a Message Center event schema to replicate on every instance",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.MessageCtr,
	Doc: audit.Doc{
		Rationale: "Message Center's technical workflows copy events between the execution instances and the control " +
			"instance; an extension of the event schemas (nms:rtEvent, nms:batchEvent, and the archived " +
			"nms:eventHisto) present on one side only breaks the synchronisation after the migration. The rule " +
			"reports each such extension. When the scan holds the exports of several instances (several files), " +
			"an extension found with the same fields in another file is considered replicated and not reported, " +
			"and one whose fields differ is reported with the difference.",
		Remediation: "Deploy the same extension (same fields, same SQL names) on the control instance and on every " +
			"execution instance, for example through one package imported everywhere, and update the database " +
			"structure on each; or keep event-specific data in the event context (`ctx`) instead of extending the " +
			"schema.",
		Bad: `<srcSchema extendedSchema="nms:rtEvent" name="rtEvent" namespace="cus" xtkschema="xtk:srcSchema">
  <element name="rtEvent"><attribute name="orderId" type="string" length="40"/></element>
</srcSchema>`,
		Good: `<delivery internalName="orderConfirmation" isModel="1" label="Order confirmation" xtkschema="nms:delivery">
  <content><html><source><![CDATA[Order <%= rtEvent.ctx.@orderId %>]]></source></html></content>
</delivery>`,
		URL: docs.MCInstances,
	},
	Effort:   2,
	Schemas:  []string{"xtk:srcSchema"},
	Requires: []*audit.Collector{ExtensionCollector},
	Run:      runMessageCenterExtensionReplication,
}

// mcExtension returns the extended event schema and the sorted field
// names an extension adds, or "" when the entity extends no event schema.
func mcExtension(root *xmltree.Element) (string, []string) {
	ext := strings.TrimSpace(root.AttrValue("extendedSchema"))
	if !mcSchemas[strings.ToLower(ext)] {
		return "", nil
	}
	var fields []string
	root.Walk(func(el *xmltree.Element) bool {
		if el == root {
			return true
		}
		switch el.LocalName() {
		case "attribute", "element":
			if n := el.AttrValue("name"); n != "" && el.Parent != root {
				fields = append(fields, n)
			}
		case "dbindex", "key":
			fields = append(fields, el.LocalName()+":"+el.AttrValue("name"))
			return false
		}
		return true
	})
	slices.Sort(fields)
	return ext, slices.Compact(fields)
}

func runMessageCenterExtensionReplication(p *audit.Pass) {
	root := p.Entity.Root
	ext, fields := mcExtension(root)
	if ext == "" {
		return
	}
	mine := strings.Join(fields, ",")
	file := p.File
	a := root.AttrNode("extendedSchema")
	s, e := audit.AttrRange(a)
	f := p.Newf(s, e, "%s extends the Message Center schema %s (%s): the control instance and every execution instance "+
		"need the same extension", p.Entity.ID(), ext, fieldList(fields))
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		var differ []string
		for _, v := range extensions.Values(ix, strings.ToLower(ext)) {
			other, set := v.File, v.Fields
			if other == file {
				continue
			}
			if set == mine {
				return false // replicated in another instance's export
			}
			differ = append(differ, other+" ("+fieldList(strings.Split(set, ","))+")")
		}
		if len(differ) > 0 {
			f.Message += "; the extension differs in " + strings.Join(differ, ", ")
		} else {
			f.Message += "; deploy it on the other instances too"
		}
		return true
	})
}

// fieldList names the fields of an extension for a message.
func fieldList(fields []string) string {
	var out []string
	for _, f := range fields {
		if f != "" {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		return "no field"
	}
	return strings.Join(out, ", ")
}
