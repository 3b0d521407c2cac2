package interaction

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// offerContent are the v6.02 representation fields holding offer
// content.
var offerContent = srcschema.Set("htmlSource", "textSource", "htmlSource_jst", "textSource_jst")

// OfferContentInRepresentation flags offer content still stored in the
// v6.02 representation schemas.
var OfferContentInRepresentation = &audit.Rule{
	ID:        "INT-002",
	Name:      "offer-content-in-representation",
	Title:     "Offer content stored in a v6.02 representation",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.Interaction,
	From:      []string{audit.V602},
	Doc: audit.Doc{
		Rationale: "\"In v6.02 the content was in each representation schema (nms:emailOfferView). In v7, the content " +
			"is now in the offer schema. After the postupgrade, the content will therefore not be visible in the " +
			"interface.\" The rule reports representation records holding content (htmlSource, textSource and their " +
			"_jst scripts): entities of the removed schemas, and representations exported inside an nms:offer " +
			"(own-copy link), which v7 stores in the offer's <view> element.",
		Remediation: "Recreate the content in the offer (`<offer><view><htmlSource_jst>…</htmlSource_jst></view></offer>`), " +
			"or adapt the documented script interactionTo610_full_XX.js (Migration folder) that moves NmsEmailOfferView " +
			"content to NmsOffer, before deleting the representation schemas.",
		Bad: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="nms:offer">
    <offer label="Spring sale" name="OFFER12">
      <emailOfferView label="Email">
        <htmlSource_jst><![CDATA[<p>Spring sale: -20%</p>]]></htmlSource_jst>
      </emailOfferView>
    </offer>
  </entities>
</package>`,
		Good: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="nms:offer">
    <offer label="Spring sale" name="OFFER12">
      <view>
        <htmlSource_jst><![CDATA[<p>Spring sale: -20%</p>]]></htmlSource_jst>
      </view>
    </offer>
  </entities>
</package>`,
		URL: docs.IntContent,
	},
	Effort:  1,
	Schemas: append([]string{"nms:offer"}, srcschema.RemovedInV7...),
	Run:     runOfferContentInRepresentation,
}

func runOfferContentInRepresentation(p *audit.Pass) {
	e := p.Entity
	if srcschema.Deleted(e.Root) {
		return
	}
	if srcschema.IsRemoved(e.Schema) {
		if f := firstContent(e.Root); f != nil {
			p.ReportElement(f, "offer content (%s) stored in %s: v7 no longer shows it; move it to the <view> of the offer before the postupgrade", f.LocalName(), e.Schema)
		}
		return
	}
	if e.Schema != "nms:offer" {
		return
	}
	offer := srcschema.Or(e.Key, "the offer")
	e.Root.Walk(func(el *xmltree.Element) bool {
		if el == e.Root {
			return true
		}
		id := "nms:" + el.LocalName()
		if !srcschema.IsRemoved(id) {
			return true
		}
		if !srcschema.Deleted(el) {
			if f := firstContent(el); f != nil {
				p.ReportElement(el, "offer %s keeps its content (%s) in its %s representation: v7 no longer shows it; move it to the offer's <view> before the postupgrade", offer, f.LocalName(), removedName(id))
			}
		}
		return false
	})
}

// firstContent returns the first non-empty content field under el.
func firstContent(el *xmltree.Element) *xmltree.Element {
	var found *xmltree.Element
	el.Walk(func(c *xmltree.Element) bool {
		if found != nil {
			return false
		}
		if offerContent[strings.ToLower(c.LocalName())] {
			if t, _, ok := c.Text(); ok && strings.TrimSpace(t) != "" {
				found = c
			}
			return false
		}
		return true
	})
	return found
}
