package crm

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// The Microsoft Dynamics settings of an external account live in
// params/mscrm (crmDeploymentType, crmApiVersion), as a SOAP read of a v7
// account shows: <params><mscrm crmApiVersion="'auto'"
// crmDeploymentType="webapi" crmGrantType="0"/></params>.

// crmDeployment classifies a crmDeploymentType value: "" when it is
// the Web API (or unset), otherwise the name of the deprecated type.
func crmDeployment(v string) string {
	n := strings.ToLower(walk.Unquote(v))
	n = strings.NewReplacer(" ", "", "-", "", "_", "").Replace(n)
	switch n {
	case "", "webapi":
		return ""
	case "onpremise", "onpremises", "onprem":
		return "On-premise"
	case "office365", "o365", "online", "crmonline":
		return "Office 365"
	}
	return "\"" + walk.Unquote(v) + "\" (not the Web API)"
}

// eachAttr calls fn for the attributes named name (case-insensitive)
// of the entity, outside prose.
func eachAttr(root *xmltree.Element, name string, fn func(el *xmltree.Element, a *xmltree.Attr)) {
	root.Walk(func(el *xmltree.Element) bool {
		if el != root && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		for i := range el.Attrs {
			if strings.EqualFold(el.Attrs[i].Name, name) {
				fn(el, &el.Attrs[i])
			}
		}
		return true
	})
}
