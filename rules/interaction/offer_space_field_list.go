package interaction

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// contentField matches a representation field named without the view/
// prefix of v7.
var contentField = regexp.MustCompile(`(?i)(?:^|[^/\w])@?((?:html|text)Source(?:_jst)?)\b`)

// OfferSpaceFieldList flags offer spaces whose field list misses the v7
// view/ paths.
var OfferSpaceFieldList = &audit.Rule{
	ID:        "INT-003",
	Name:      "offer-space-field-list",
	Title:     "Offer space field list without the view/ prefix",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.Interaction,
	From:      []string{audit.V602},
	Doc: audit.Doc{
		Rationale: "In v7 the offer content fields live under the offer's <view> element. \"In all ENV environment offer " +
			"spaces, update the list of fields used. For example, for an offer space that only uses the htmlSource, " +
			"you must add the view/htmlSource.\" The rule reports offer spaces naming htmlSource, textSource or their " +
			"_jst variants without the view/ path, unless the same space already lists the view/ path of that field. " +
			"Rendering-function scripts are not field lists and are not read.",
		Remediation: "Add the v7 path of each field to the space (`view/htmlSource`, `view/textSource`), then deploy the " +
			"spaces and offers from the design environment to the live one.",
		Bad: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="nms:offerSpace">
    <offerSpace label="Email - recipients" name="OSP_EMAIL">
      <fields>
        <field xpath="htmlSource"/>
      </fields>
    </offerSpace>
  </entities>
</package>`,
		Good: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="nms:offerSpace">
    <offerSpace label="Email - recipients" name="OSP_EMAIL">
      <fields>
        <field xpath="htmlSource"/>
        <field xpath="view/htmlSource"/>
      </fields>
    </offerSpace>
  </entities>
</package>`,
		URL: docs.IntTests,
	},
	Effort:  0.5,
	Schemas: []string{"nms:offerSpace"},
	Run:     runOfferSpaceFieldList,
}

func runOfferSpaceFieldList(p *audit.Pass) {
	type hit struct {
		s    srcschema.Site
		i, j int
	}
	bare := map[string]hit{}
	var order []string
	hasView := map[string]bool{}
	srcschema.Sites(p, func(s srcschema.Site) {
		if s.Code != nil || strings.Contains(s.Text, "<%") {
			return
		}
		lower := strings.ToLower(s.Text)
		for _, f := range []string{"htmlsource_jst", "textsource_jst", "htmlsource", "textsource"} {
			if k := strings.Index(lower, "view/"+f); k >= 0 && (k+5+len(f) == len(lower) || !srcschema.IsWordByte(lower[k+5+len(f)])) {
				hasView[f] = true
			}
		}
		for _, m := range contentField.FindAllStringSubmatchIndex(s.Text, -1) {
			f := strings.ToLower(s.Text[m[2]:m[3]])
			if _, ok := bare[f]; !ok {
				bare[f] = hit{s, m[2], m[3]}
				order = append(order, f)
			}
		}
	})
	for _, f := range order {
		if hasView[f] {
			continue
		}
		h := bare[f]
		field := h.s.Text[h.i:h.j]
		p.ReportValue(h.s.Span, h.i, h.j, "offer space %s uses %s without the v7 path view/%s: add view/%s to its fields, then redeploy the space",
			srcschema.Or(p.Entity.Key, "(unnamed)"), field, field, field)
	}
}
