package rules

import (
	"bytes"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Families of this file: workflows, CRM connectors, reports, deliveries,
// Message Center, and the integrations that v7 builds removed or changed.
var (
	wfRules = append([]*audit.Rule{
		WorkflowNL5Path, WorkflowCRMv1Activity, WorkflowActivitySQLData, WorkflowSQLCode, WorkflowChangedTechnical,
	}, opsBldRules...)
	crmRules = []*audit.Rule{CRMDeprecatedDeployment, CRMUnsupportedAPIVersion, CRMOracleOnDemand}
	rptRules = []*audit.Rule{ReportJavaScript, ReportOpenOfficeExport, ReportGaugeFlash, ReportBuiltinConflict}
	dlvRules = []*audit.Rule{
		DeliveryV5MirrorPage, DeliveryCustomTrackingFormula, DeliveryTrackingFormulaLineFeed,
		DeliveryPersonalisedURLHost, DeliveryLeadsPackage,
	}
	mcRules       = []*audit.Rule{MessageCenterTemplateRepublish, MessageCenterTemplateNames, MessageCenterExtensionReplication}
	opsCollectors = []audit.Collector{opsSQLFilterCollector, opsMCTemplateCollector, opsMCExtensionCollector}
)

// Risk areas of these families.
const (
	opsCatWorkflows  = "Workflows"
	opsCatCRM        = "CRM connectors and external accounts"
	opsCatReports    = "Reports"
	opsCatDeliveries = "Deliveries, personalization and tracking"
	opsCatMessageCtr = "Message Center"
)

// Documentation pages cited by these families.
const (
	opsDocWorkflows    = docBase + "migration/using/configuring-your-platform.md#workflows"
	opsDocCheck        = docBase + "migration/using/testing-the-migration.md#verification-process"
	opsDocReports      = docBase + "migration/using/general-configurations.md#personalized-reports"
	opsDocConflicts    = docBase + "migration/using/general-configurations.md#conflicts"
	opsDocRemoved      = docBase + "rn/using/deprecated-features.md#removed-features"
	opsDocRelease2021  = docBase + "rn/using/release-2021.md"
	opsDocMessageCtr   = docBase + "migration/using/configuring-your-platform.md#message-center"
	opsDocTrackingMig  = docBase + "migration/using/configuring-your-platform.md#tracking"
	opsDocMsgTracking  = docBase + "delivery/using/about-message-tracking.md"
	opsDocURLPerso     = docBase + "installation/using/privacy.md#url-personalization"
	opsDocMirrorPage   = docBase + "migration/using/configuring-your-platform.md#after-the-migration"
	opsDocMCInstances  = docBase + "message-center/using/configuring-instances.md"
	opsDocMSDynamics   = docBase + "platform/using/crm-ms-dynamics.md#configure-acc-for-microsoft"
	opsDocCRMDeprec    = docBase + "rn/using/deprecated-features.md#crm-connectors"
	opsDocTriggers     = docBase + "technotes/using/acc-config-updates.md#acc-triggers-updates"
	opsDocRelease184   = "https://github.com/AdobeDocs/campaign-classic.en/blob/579329d9/help/rn/using/release-18_4---build-8931.md"
	opsDocWorkflowsSQL = docBase + "workflow/using/sql-code-and-javascript-code.md"
)

// opsReservedNamespaces are the namespaces of Campaign's own entities.
var opsReservedNamespaces = map[string]bool{
	"xtk": true, "nl": true, "nms": true, "ncm": true, "temp": true, "ncl": true, "crm": true, "xxl": true,
}

// opsIsActivity reports whether el is a workflow activity: a child of the
// <activities> of a <workflow>, whether the workflow is the entity or is
// nested in a campaign (nms:operation).
func opsIsActivity(el *xmltree.Element) bool {
	p := el.Parent
	return p != nil && p.LocalName() == "activities" && p.Parent != nil && p.Parent.LocalName() == "workflow"
}

// opsActivities lists the workflow activities below root, in document
// order.
func opsActivities(root *xmltree.Element) []*xmltree.Element {
	var out []*xmltree.Element
	root.Walk(func(el *xmltree.Element) bool {
		if opsIsActivity(el) {
			out = append(out, el)
			return false
		}
		return !acc.IsDescriptiveElement(el.LocalName()) || el == root
	})
	return out
}

// opsActivityOf returns the activity (workflow, web application or report)
// holding el, or nil.
func opsActivityOf(el *xmltree.Element) *xmltree.Element {
	if el == nil {
		return nil
	}
	return acc.ActivityOf(el)
}

// opsDescribeActivity names an activity the way an operator finds it in
// the console: its type, its name and its label.
func opsDescribeActivity(a *xmltree.Element) string {
	s := a.LocalName() + " activity"
	if n := a.AttrValue("name"); n != "" {
		s += " \"" + n + "\""
	}
	if l := strings.TrimSpace(a.AttrValue("label")); l != "" {
		s += " (" + opsShorten(l, 60) + ")"
	}
	return s
}

// opsPlaceOf describes where el sits for a message: its activity, or the
// entity.
func opsPlaceOf(p *audit.Pass, el *xmltree.Element) string {
	if a := opsActivityOf(el); a != nil {
		return opsDescribeActivity(a)
	}
	return p.Entity.ID()
}

// opsShorten cuts s to n runes for a message.
func opsShorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// An opsSite is a piece of an entity where a literal value is written: an
// attribute value, the text of an element, the literal text of a template,
// SQL outside its comments, the inside of a JavaScript string literal, or
// an attribute or text of an E4X literal. Code itself (identifiers,
// comments) is never a site, so that a variable named nl5 or a comment
// mentioning OpenOffice is not mistaken for a value.
type opsSite struct {
	text  string // code parts and comments blanked
	raw   string // the same bytes as written, for messages
	span  xmltree.Span
	elem  *xmltree.Element // element of the entity holding the site
	attr  *xmltree.Attr    // attribute holding the site, when it is one
	where string           // how to name the site in a message
}

// opsLiteralSites calls fn for every literal site of the entity inside
// within (the whole entity when nil). Descriptive attributes and elements
// (labels, descriptions, generated human-readable filters) are skipped.
// Template text and SQL keep their length, code parts blanked, so that
// offsets still map to the file.
func opsLiteralSites(p *audit.Pass, within *xmltree.Element, fn func(opsSite)) {
	root := p.Entity.Root
	if within == nil {
		within = root
	}
	codeElems := map[*xmltree.Element]*acc.Code{}
	codeAttrs := map[*xmltree.Attr]*acc.Code{}
	for _, c := range p.Code() {
		if c.Attr != nil {
			codeAttrs[c.Attr] = c
		} else {
			codeElems[c.Elem] = c
		}
	}
	within.Walk(func(el *xmltree.Element) bool {
		if el != within && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if acc.IsDescriptiveAttr(a.Name) || a.Expr {
				continue
			}
			s := opsSite{text: a.Value, raw: a.Value, span: a.ValueSpan, elem: el, attr: a, where: "attribute " + a.Name + " of <" + el.Name + ">"}
			if codeAttrs[a] != nil {
				s.text = opsTemplateText(a.Value)
			}
			fn(s)
		}
		if c := codeElems[el]; c != nil {
			switch c.Lang {
			case acc.SQL:
				fn(opsSite{text: opsBlankSQLComments(opsTemplateText(c.Text)), raw: c.Text, span: c.Span, elem: el, where: "the SQL of <" + el.Name + ">"})
			case acc.Template:
				fn(opsSite{text: opsMarkupText(c.Text), raw: c.Text, span: c.Span, elem: el, where: "the text of <" + el.Name + ">"})
			}
			return true
		}
		if t, sp, ok := el.Text(); ok && strings.TrimSpace(t) != "" {
			fn(opsSite{text: t, raw: t, span: sp, elem: el, where: "the text of <" + el.Name + ">"})
		}
		return true
	})
	for _, s := range p.Scripts() {
		el := s.Code.Elem
		if el == nil || !within.Contains(el.Start) {
			continue
		}
		for _, t := range s.JS.Tokens {
			switch t.Kind {
			case jsscan.String:
				if len(t.Text) >= 2 {
					fn(opsSite{text: t.Text[1 : len(t.Text)-1], raw: t.Text[1 : len(t.Text)-1], span: s.JS.Span.Slice(t.Start + 1), elem: el, where: "a JavaScript string"})
				}
			case jsscan.XML:
				if t.XML == nil {
					continue
				}
				t.XML.Walk(func(x *xmltree.Element) bool {
					for i := range x.Attrs {
						a := &x.Attrs[i]
						if !a.Expr && !acc.IsDescriptiveAttr(a.Name) {
							fn(opsSite{text: a.Value, raw: a.Value, span: a.ValueSpan, elem: el, where: "attribute " + a.Name + " of <" + x.Name + "> in an E4X literal"})
						}
					}
					for _, c := range x.Children {
						if tx, ok := c.(*xmltree.Text); ok && !tx.Expr && strings.TrimSpace(tx.Data) != "" {
							fn(opsSite{text: tx.Data, raw: tx.Data, span: tx.Span, elem: el, where: "the text of <" + x.Name + "> in an E4X literal"})
						}
					}
					return true
				})
			}
		}
	}
}

// opsTemplateText returns the literal text of a template, every <% %>
// block (code, expression or directive) replaced by spaces of the same
// length; line breaks are kept. Used for SQL and attribute values.
func opsTemplateText(src string) string {
	if !jsscan.HasTemplate(src) {
		return src
	}
	b := []byte(src)
	for _, part := range jsscan.SplitTemplate(src) {
		if part.Kind != jsscan.TextPart {
			opsBlank(b[part.Start:part.End])
		}
	}
	return string(b)
}

// opsMarkupText is opsTemplateText for page markup: HTML comments and the
// content of client-side <script> elements are blanked too, the scripts
// being read as JavaScript (their strings are sites of their own).
func opsMarkupText(src string) string {
	b := []byte(opsTemplateText(src))
	for i := 0; i < len(b); {
		k := bytes.Index(b[i:], []byte("<!--"))
		if k < 0 {
			break
		}
		start := i + k
		end := len(b)
		if e := bytes.Index(b[start+4:], []byte("-->")); e >= 0 {
			end = start + 4 + e + 3
		}
		opsBlank(b[start:end])
		i = end
	}
	if strings.Contains(strings.ToLower(src), "<script") {
		js := jsscan.ClientJS(src)
		for i := 0; i < len(js) && i < len(b); i++ {
			if c := js[i]; c != ' ' && c != '\t' && c != '\n' && c != '\r' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

// opsBlankSQLComments replaces SQL comments (-- to the end of the line,
// /* */) by spaces, leaving string literals alone.
func opsBlankSQLComments(src string) string {
	b := []byte(src)
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '\'':
			for i++; i < len(b); i++ {
				if b[i] == '\'' {
					if i+1 < len(b) && b[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case b[i] == '-' && i+1 < len(b) && b[i+1] == '-':
			j := i
			for j < len(b) && b[j] != '\n' {
				j++
			}
			opsBlank(b[i:j])
			i = j
		case b[i] == '/' && i+1 < len(b) && b[i+1] == '*':
			j := bytes.Index(b[i+2:], []byte("*/"))
			end := len(b)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			opsBlank(b[i:end])
			i = end - 1
		}
	}
	return string(b)
}

// opsBlank replaces bytes by spaces, keeping line breaks.
func opsBlank(b []byte) {
	for i := range b {
		if b[i] != '\n' && b[i] != '\r' {
			b[i] = ' '
		}
	}
}

// opsTemplates calls fn for every piece of entity text holding template
// code (<% %>): element texts and attribute values, with their parts.
func opsTemplates(p *audit.Pass, fn func(c *acc.Code, parts []jsscan.Part)) {
	for _, c := range p.Code() {
		if c.Lang == acc.JS || !jsscan.HasTemplate(c.Text) {
			continue
		}
		fn(c, jsscan.SplitTemplate(c.Text))
	}
}

// opsCodeRange returns the file range naming a code block: its attribute,
// or the start tag of its element.
func opsCodeRange(c *acc.Code) (int64, int64) {
	if c.Attr != nil {
		return audit.AttrRange(c.Attr)
	}
	return c.Elem.Start, c.Elem.Start + 1 + int64(len(c.Elem.Name))
}

// opsHasFold reports whether s contains one of the lower-case ASCII
// needles, ignoring case. Rules call it before their regular expressions:
// most values hold none of the words they look for.
func opsHasFold(s string, needles ...string) bool {
	for _, n := range needles {
		if len(n) == 0 || len(n) > len(s) {
			continue
		}
		first := n[0]
		for i := 0; i+len(n) <= len(s); i++ {
			if opsLower(s[i]) != first {
				continue
			}
			j := 1
			for j < len(n) && opsLower(s[i+j]) == n[j] {
				j++
			}
			if j == len(n) {
				return true
			}
		}
	}
	return false
}

func opsLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
