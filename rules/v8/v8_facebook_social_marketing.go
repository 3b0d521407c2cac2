package v8

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// V8Facebook flags Social Marketing with Facebook, removed in v8.
var V8Facebook = &audit.Rule{
	ID:        "V8-008",
	Name:      "v8-facebook-social-marketing",
	Title:     "Social Marketing with Facebook: external account or social schema extension",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  area.V8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "Campaign v8 lists \"Social Marketing with Facebook\" among the capabilities removed from v7 (it was " +
			"already deprecated in v7). The export shows it through an external account that connects to Facebook " +
			"(a facebook.com server or Facebook parameters) and through extensions of the schemas of the social " +
			"marketing package (nms:friendshipRel, nms:interest, nms:visitorInterestRel, nms:visitorSub; " +
			"nms:visitor alone is not reported, Interaction and LINE use it too). How the account stores its " +
			"Facebook application is inferred from the documented fields, hence the medium precision.",
		Remediation: "Stop the Facebook deliveries and applications, export what must be kept, then remove the " +
			"account and the extensions; use the X (Twitter) channel or a custom channel where a social channel is needed.",
		Bad:  `<extAccount label="Facebook page" name="fbAcme" server="https://graph.facebook.com" type="9" xtkschema="nms:extAccount"/>`,
		Good: `<extAccount label="SFTP exports" name="sftpExports" server="sftp.acme.com" type="4" xtkschema="nms:extAccount"/>`,
		URL:  docs.V7toV8 + "#gs-removed",
	},
	Effort:  8,
	Schemas: []string{"nms:extAccount", "xtk:srcSchema"},
	Run:     runV8Facebook,
}

var (
	v8FacebookHost    = regexp.MustCompile(`(?i)\b(?:[a-z0-9-]+\.)*facebook\.com\b`)
	v8SocialSchemas   = map[string]bool{"nms:friendshiprel": true, "nms:interest": true, "nms:visitorinterestrel": true, "nms:visitorsub": true}
	v8FacebookParams  = map[string]bool{"facebook": true, "fbapp": true}
	v8FacebookMessage = ": Social Marketing with Facebook was removed in Campaign v8; retire it before the move or use another channel"
)

func runV8Facebook(p *audit.Pass) {
	if !v8Live(p) {
		return
	}
	if p.Entity.Schema == "xtk:srcSchema" {
		if target, a := v8Extension(p); v8SocialSchemas[target] {
			p.ReportAttr(a, "%s extends %s, a schema of Social Marketing with Facebook%s", p.Entity.ID(), a.Value, v8FacebookMessage)
		}
		return
	}
	if !p.Mentions("facebook") {
		return
	}
	reported := false
	p.Entity.Root.Walk(func(el *xmltree.Element) bool {
		if reported || el != p.Entity.Root && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if acc.IsDescriptiveAttr(a.Name) || a.Name == "name" {
				continue
			}
			if m := v8FacebookHost.FindStringIndex(a.Value); m != nil {
				p.ReportValue(a.ValueSpan, m[0], m[1], "%s connects to Facebook (%s)%s", walk.AccountName(p), a.Value[m[0]:m[1]], v8FacebookMessage)
				reported = true
				return false
			}
		}
		if el.Parent != nil && el.Parent.LocalName() == "params" && v8FacebookParams[strings.ToLower(el.LocalName())] {
			p.ReportElement(el, "%s holds Facebook parameters%s", walk.AccountName(p), v8FacebookMessage)
			reported = true
			return false
		}
		return true
	})
}
