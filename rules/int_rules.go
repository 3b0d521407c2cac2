package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// References to the Interaction representation schemas of v6.02: schema
// ids and the JavaScript API (nms:emailOfferView, nms.emailOfferView; the
// namespace is case-sensitive), tables and NLWS objects
// (NmsEmailOfferView, NLWS.nmsEmailOfferView).
var (
	schRemovedRef   = regexp.MustCompile(`\bnms[:.]((?i:email|web|callcenter|mobile|paper)(?i:offerview))\b`)
	schRemovedTable = regexp.MustCompile(`(?i)\bnms(email|web|callcenter|mobile|paper)offerview\b`)
)

// RemovedOfferViewReference flags references to the offer representation
// schemas removed in v7.
var RemovedOfferViewReference = &audit.Rule{
	ID:        "INT-001",
	Name:      "removed-offer-view-reference",
	Title:     "Reference to an offer representation schema removed in v7",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  schCatInteraction,
	From:      []string{audit.V602},
	Doc: audit.Doc{
		Rationale: "v7 moved offer content into nms:offer and dropped the v6.02 representation schemas " +
			"nms:emailOfferView, nms:webOfferView, nms:callCenterOfferView, nms:mobileOfferView and " +
			"nms:paperOfferView: \"Before the postupgrade, you must delete all schema references from 6.02 that will " +
			"no longer exist in v7.\" The rule finds them anywhere — extendedSchema, link targets, templates, " +
			"queries, <entities schema>, scripts (strings, E4X, nms.emailOfferView, NLWS.nmsEmailOfferView), SQL " +
			"(NmsEmailOfferView) — and entities of those schemas. nms:offerView still exists; the xmlOfferView " +
			"element of proposition output, the temporary nlmig:emailOfferView of the migration script, " +
			"deletions of the schemas (the documented prerequisite), strings a script compares with, labels and " +
			"comments are not references.",
		Remediation: "Move the content to the offer (INT-002), then delete the references and the schemas before " +
			"the postupgrade: `<srcSchema _operation=\"delete\" namespace=\"nms\" name=\"emailOfferView\"/>`, and rewrite " +
			"queries on nms:offer (`<queryDef schema=\"nms:offer\"><select><node expr=\"[view/htmlSource]\"/></select></queryDef>`).",
		Bad: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="xtk:srcSchema">
    <srcSchema name="emailOfferView" namespace="cus" extendedSchema="nms:emailOfferView">
      <element name="emailOfferView">
        <attribute name="banner" type="string"/>
      </element>
    </srcSchema>
  </entities>
</package>`,
		Good: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="xtk:srcSchema">
    <srcSchema name="offer" namespace="cus" extendedSchema="nms:offer">
      <element name="offer">
        <element name="view">
          <element name="banner" type="string" xml="true"/>
        </element>
      </element>
    </srcSchema>
  </entities>
</package>`,
		URL: schDocIntPrereq,
	},
	Effort: 1,
	Run:    runRemovedOfferViewReference,
}

func runRemovedOfferViewReference(p *audit.Pass) {
	if schIsHeader(p) {
		return
	}
	e := p.Entity
	root := e.Root
	if schDeleted(root) {
		return
	}
	if schIsRemoved(e.Schema) {
		p.ReportElement(root, "entity of %s, an Interaction schema removed in v7: move its content to nms:offer and delete it before the postupgrade", e.Schema)
		return
	}
	if schIsRemoved(e.Namespace + ":" + e.Name) {
		p.ReportElement(root, "%s %s:%s is a v6.02 Interaction schema removed in v7: delete it before the postupgrade", e.Schema, e.Namespace, e.Name)
		return
	}
	patterns := schPatternStrings(p)
	schSites(p, func(s schSite) {
		if !schContainsFold(s.text, "offerview") || schInDeletion(s.el) {
			return
		}
		seen := map[int]bool{}
		for _, re := range []*regexp.Regexp{schRemovedRef, schRemovedTable} {
			for _, m := range re.FindAllStringIndex(s.text, -1) {
				if seen[m[0]] || s.skipped(m[0]) || (s.code != nil && schInRanges(patterns[s.code], m[0])) {
					continue
				}
				seen[m[0]] = true
				p.ReportValue(s.span, m[0], m[1], "reference to %s, an Interaction schema removed in v7, in %s: delete it before the postupgrade and use nms:offer (view/…) instead",
					schRemovedName(s.text[m[0]:m[1]]), s.where())
			}
		}
	})
}

// schRemovedName turns a matched reference into the schema id it names.
func schRemovedName(ref string) string {
	lower := strings.ToLower(ref)
	for _, id := range schRemovedInV7 {
		if strings.HasSuffix(lower, strings.ToLower(strings.TrimPrefix(id, "nms:"))) {
			return id
		}
	}
	return ref
}

// schInDeletion reports whether el or an ancestor is deleted by the
// package (_operation="delete"): removing a reference is the fix.
func schInDeletion(el *xmltree.Element) bool {
	for cur := el; cur != nil; cur = cur.Parent {
		if schDeleted(cur) {
			return true
		}
	}
	return false
}

// schPatternStrings returns, per code block, the string literals that a
// script searches for or compares with: data, not references.
func schPatternStrings(p *audit.Pass) map[*acc.Code][][2]int {
	out := map[*acc.Code][][2]int{}
	for _, s := range p.Scripts() {
		for _, t := range s.JS.Tokens {
			if t.Kind == jsscan.String && isPatternArgument(s.JS.Tokens, t) {
				out[s.Code] = append(out[s.Code], [2]int{t.Start, t.End})
			}
		}
	}
	return out
}

// schOfferContent are the v6.02 representation fields holding offer
// content.
var schOfferContent = schSet("htmlSource", "textSource", "htmlSource_jst", "textSource_jst")

// OfferContentInRepresentation flags offer content still stored in the
// v6.02 representation schemas.
var OfferContentInRepresentation = &audit.Rule{
	ID:        "INT-002",
	Name:      "offer-content-in-representation",
	Title:     "Offer content stored in a v6.02 representation",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  schCatInteraction,
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
		URL: schDocIntContent,
	},
	Effort:  1,
	Schemas: append([]string{"nms:offer"}, schRemovedInV7...),
	Run:     runOfferContentInRepresentation,
}

func runOfferContentInRepresentation(p *audit.Pass) {
	e := p.Entity
	if schDeleted(e.Root) {
		return
	}
	if schIsRemoved(e.Schema) {
		if f := schFirstContent(e.Root); f != nil {
			p.ReportElement(f, "offer content (%s) stored in %s: v7 no longer shows it; move it to the <view> of the offer before the postupgrade", f.LocalName(), e.Schema)
		}
		return
	}
	if e.Schema != "nms:offer" {
		return
	}
	offer := schOr(e.Key, "the offer")
	e.Root.Walk(func(el *xmltree.Element) bool {
		if el == e.Root {
			return true
		}
		id := "nms:" + el.LocalName()
		if !schIsRemoved(id) {
			return true
		}
		if !schDeleted(el) {
			if f := schFirstContent(el); f != nil {
				p.ReportElement(el, "offer %s keeps its content (%s) in its %s representation: v7 no longer shows it; move it to the offer's <view> before the postupgrade", offer, f.LocalName(), schRemovedName(id))
			}
		}
		return false
	})
}

// schFirstContent returns the first non-empty content field under el.
func schFirstContent(el *xmltree.Element) *xmltree.Element {
	var found *xmltree.Element
	el.Walk(func(c *xmltree.Element) bool {
		if found != nil {
			return false
		}
		if schOfferContent[strings.ToLower(c.LocalName())] {
			if t, _, ok := c.Text(); ok && strings.TrimSpace(t) != "" {
				found = c
			}
			return false
		}
		return true
	})
	return found
}

// schContentField matches a representation field named without the view/
// prefix of v7.
var schContentField = regexp.MustCompile(`(?i)(?:^|[^/\w])@?((?:html|text)Source(?:_jst)?)\b`)

// OfferSpaceFieldList flags offer spaces whose field list misses the v7
// view/ paths.
var OfferSpaceFieldList = &audit.Rule{
	ID:        "INT-003",
	Name:      "offer-space-field-list",
	Title:     "Offer space field list without the view/ prefix",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  schCatInteraction,
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
		URL: schDocIntTests,
	},
	Effort:  0.5,
	Schemas: []string{"nms:offerSpace"},
	Run:     runOfferSpaceFieldList,
}

func runOfferSpaceFieldList(p *audit.Pass) {
	type hit struct {
		s    schSite
		i, j int
	}
	bare := map[string]hit{}
	var order []string
	hasView := map[string]bool{}
	schSites(p, func(s schSite) {
		if s.code != nil || strings.Contains(s.text, "<%") {
			return
		}
		lower := strings.ToLower(s.text)
		for _, f := range []string{"htmlsource_jst", "textsource_jst", "htmlsource", "textsource"} {
			if k := strings.Index(lower, "view/"+f); k >= 0 && (k+5+len(f) == len(lower) || !schIsWordByte(lower[k+5+len(f)])) {
				hasView[f] = true
			}
		}
		for _, m := range schContentField.FindAllStringSubmatchIndex(s.text, -1) {
			f := strings.ToLower(s.text[m[2]:m[3]])
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
		field := h.s.text[h.i:h.j]
		p.ReportValue(h.s.span, h.i, h.j, "offer space %s uses %s without the v7 path view/%s: add view/%s to its fields, then redeploy the space",
			schOr(p.Entity.Key, "(unnamed)"), field, field, field)
	}
}

func schIsWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// schPropositionRef matches personalization that inserts propositions.
var schPropositionRef = regexp.MustCompile(`\btargetData\.proposition\w*`)

// DeliveryWithOffers flags deliveries still to send that insert offers.
var DeliveryWithOffers = &audit.Rule{
	ID:        "INT-004",
	Name:      "delivery-with-offers",
	Title:     "Delivery using offers to recreate in v7",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  schCatInteraction,
	From:      []string{audit.V602},
	Doc: audit.Doc{
		Rationale: "\"If some deliveries using configured offers were to be sent after the migration, you must delete and " +
			"recreate all these deliveries in v7\" (the alternative compatibility mode is not recommended). The rule " +
			"reports deliveries and delivery templates whose content inserts propositions " +
			"(`<%@ include proposition=\"targetData.proposition\" view=\"…\" %>`, `targetData.proposition…`) or that link " +
			"an offer space or environment. Deliveries already sent (state 85 stopped, 95 finished and later) are not " +
			"reported.",
		Remediation: "Recreate the delivery (or template) in v7 with the offer space of the new environment and the " +
			"v7 rendering (`<%@ include proposition=\"targetData.proposition\" view=\"rendering/html\" %>`), then delete the " +
			"v6.02 one.",
		Bad: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="nms:delivery">
    <delivery internalName="DM_spring" isModel="0" label="Spring newsletter" state="0">
      <content>
        <html><source><![CDATA[<html><body><%@ include proposition="targetData.proposition" view="htmlSource" %></body></html>]]></source></html>
      </content>
    </delivery>
  </entities>
</package>`,
		Good: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="nms:delivery">
    <delivery internalName="DM_winter" isModel="0" label="Winter newsletter" state="95">
      <content>
        <html><source><![CDATA[<html><body><%@ include proposition="targetData.proposition" view="htmlSource" %></body></html>]]></source></html>
      </content>
    </delivery>
  </entities>
</package>`,
		URL: schDocIntContent,
	},
	Effort:  3,
	Schemas: []string{"nms:delivery"},
	Run:     runDeliveryWithOffers,
}

func runDeliveryWithOffers(p *audit.Pass) {
	root := p.Entity.Root
	if schDeleted(root) {
		return
	}
	if st, err := strconv.Atoi(strings.TrimSpace(root.AttrValue("state"))); err == nil && st >= 85 {
		return
	}
	kind := "delivery"
	if schIsTrue(root.AttrValue("isModel")) {
		kind = "delivery template"
	}
	name := schOr(p.Entity.Key, "(unnamed)")
	reported := false
	schSites(p, func(s schSite) {
		if reported || !strings.Contains(s.text, "proposition") {
			return
		}
		if strings.Contains(s.text, "<%@") {
			for _, part := range jsscan.SplitTemplate(s.text) {
				if part.Kind == jsscan.DirectivePart && part.Directive != nil && part.Directive.Name == "include" &&
					part.Directive.Attrs["proposition"] != "" && !s.skipped(part.Start) {
					p.ReportValue(s.span, part.Start, part.End, "%s %s inserts offers (%s): deliveries using offers must be recreated in v7 before they are sent",
						kind, name, strings.TrimSpace(s.text[part.Start:part.End]))
					reported = true
					return
				}
			}
		}
		if m := schPropositionRef.FindStringIndex(s.text); m != nil && !s.skipped(m[0]) {
			p.ReportValue(s.span, m[0], m[1], "%s %s inserts offers (%s): deliveries using offers must be recreated in v7 before they are sent",
				kind, name, s.text[m[0]:m[1]])
			reported = true
		}
	})
	if reported {
		return
	}
	root.Walk(func(el *xmltree.Element) bool {
		if reported {
			return false
		}
		if ln := el.LocalName(); (ln == "offerSpace" || ln == "offerEnv") && el != root && el.AttrValue("name") != "" {
			p.ReportElement(el, "%s %s is configured with the %s %s: deliveries using offers must be recreated in v7 before they are sent",
				kind, name, ln, el.AttrValue("name"))
			reported = true
		}
		return true
	})
}

var (
	// schProposalCategories matches the c= (categories) parameter of a
	// call to the Interaction engine.
	schProposalCategories = regexp.MustCompile(`(?i)interactionProposal\.js(?:sp)?\?[^"'\s<>]*?\bc=([^&"'\s<>]+)`)
	// schOfferNameCond matches a condition on the internal name of an
	// offer or category.
	schOfferNameCond = regexp.MustCompile(`(?i)(?:^|[\s(\[/])@name\]?\s*(?:=|IN\s*\()\s*'([^']+)'`)
)

// HardCodedOfferNames flags inbound-channel code that names offers or
// categories.
var HardCodedOfferNames = &audit.Rule{
	ID:        "INT-005",
	Name:      "hard-coded-offer-names",
	Title:     "Offer or category internal names hard-coded on an inbound channel",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionLow,
	Category:  schCatInteraction,
	From:      []string{audit.V602},
	Doc: audit.Doc{
		Rationale: "After the v7 migration, offers are deployed from a design environment to the live one: \"The names of " +
			"categories and offers online are modified after going live. On the incoming channel, update all " +
			"references to offers and categories.\" The rule reports, in JSSP, web applications, JavaScript " +
			"libraries and templates: category lists written in the c= parameter of interactionProposal.js/.jssp " +
			"URLs, string literals passed as the categories argument of Propose(), and queries on nms:offer or " +
			"nms:offerCategory that select by @name. Values computed at run time are not reported.",
		Remediation: "After going live, replace the names by those of the live environment, or better, read them at run " +
			"time (an option, a request parameter: `var categories = request.getParameter(\"c\")`).",
		Bad: `<jssp name="offers.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<html><body>
<div id="i_SPC12"></div>
<script id="interactionProposalScript" src="https://shop.example.com/nl/interactionProposal.js?env=OE3&c=CAT_SUMMER" type="text/javascript"></script>
</body></html>]]></data>
</jssp>`,
		Good: `<jssp name="offers.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<html><body>
<div id="i_SPC12"></div>
<script id="interactionProposalScript" src="https://shop.example.com/nl/interactionProposal.js?env=OE3&c=<%= getOption('cusOfferCategories') %>" type="text/javascript"></script>
</body></html>]]></data>
</jssp>`,
		URL: schDocIntTests,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:jssp", "nms:webApp", "xtk:javascript", "xtk:jst"},
	Run:     runHardCodedOfferNames,
}

func runHardCodedOfferNames(p *audit.Pass) {
	schSites(p, func(s schSite) {
		for _, m := range schProposalCategories.FindAllStringSubmatchIndex(s.text, -1) {
			v := s.text[m[2]:m[3]]
			if s.skipped(m[2]) || strings.HasPrefix(v, "<%") || strings.HasPrefix(v, "{") {
				continue
			}
			p.ReportValue(s.span, m[2], m[3], "offer category names %q hard-coded in the c= parameter of an Interaction call: category names change when offers go live in v7", v)
		}
	})
	for _, s := range p.Scripts() {
		code := s.JS.Code()
		for i := 0; i+2 < len(code); i++ {
			if code[i].Kind != jsscan.Ident || code[i].Text != "Propose" || code[i+1].Text != "(" || i == 0 || code[i-1].Text != "." {
				continue
			}
			if t, ok := schNthArg(code, i+1, 2); ok && t.Kind == jsscan.String && strings.TrimSpace(t.Value) != "" {
				p.ReportToken(s, t, "offer category names %s hard-coded in the categories argument of Propose(): category names change when offers go live in v7", t.Text)
			}
		}
		for _, t := range s.JS.Tokens {
			if t.Kind != jsscan.XML || t.XML == nil {
				continue
			}
			t.XML.Walk(func(el *xmltree.Element) bool {
				if el.LocalName() != "queryDef" && el.LocalName() != "subQuery" {
					return true
				}
				schema := strings.TrimSpace(el.AttrValue("schema"))
				if schema != "nms:offer" && schema != "nms:offerCategory" {
					return true
				}
				el.Walk(func(c *xmltree.Element) bool {
					a := c.AttrNode("expr")
					if c.LocalName() != "condition" || a == nil || a.Expr {
						return true
					}
					for _, m := range schOfferNameCond.FindAllStringSubmatchIndex(a.Value, -1) {
						p.ReportValue(a.ValueSpan, m[2], m[3], "%s internal name %q hard-coded in a query on %s: names change when offers go live in v7",
							strings.TrimPrefix(schema, "nms:"), a.Value[m[2]:m[3]], schema)
					}
					return true
				})
				return false
			})
		}
	}
}

// schNthArg returns the argument n (0-based) of the call whose "(" is
// code[open], when that argument is a single token.
func schNthArg(code []jsscan.Token, open, n int) (jsscan.Token, bool) {
	depth, arg, start := 0, 0, open+1
	for i := open + 1; i < len(code); i++ {
		switch code[i].Text {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			if depth == 0 {
				if arg == n && i-start == 1 {
					return code[start], true
				}
				return jsscan.Token{}, false
			}
			depth--
		case ",":
			if depth == 0 {
				if arg == n {
					return code[start], i-start == 1
				}
				arg++
				start = i + 1
			}
		}
	}
	return jsscan.Token{}, false
}
