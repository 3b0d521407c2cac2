package sql

import (
	"path"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

const (
	funcListGroup = "aggregate string date numeric geomarketing other window"
)

// FuncListHygiene checks custom SQL function packages.
var FuncListHygiene = &audit.Rule{
	ID:        "SQL-007",
	Name:      "funclist-package-hygiene",
	Title:     "Custom xtk:funcList package that will not import or work as intended",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.SQL,
	Doc: audit.Doc{
		Rationale: "v7 only sends declared SQL functions to the database, so the xtk:funcList packages that declare " +
			"them must import cleanly: the funcList `name` and `namespace` are mandatory, the package header " +
			"needs `buildVersion` and `buildNumber`, each group is one of aggregate, string, date, numeric, " +
			"geomarketing, other, window or a new group with a label, each function needs a `providerPart` " +
			"with a `body`, a pass-through descriptor (no `provider`) must be the function's only part, and the " +
			"parts must cover the database of the target (read from the default data source of a " +
			"serverConf.xml of the scan). Importing two funcLists with the same namespace and name deletes the " +
			"functions of the first. Declared functions are only usable after the server restarts.",
		Remediation: "Complete the declaration (`<package namespace=\"cus\" name=\"funcs\" buildVersion=\"7.1\" " +
			"buildNumber=\"9356\"><entities schema=\"xtk:funcList\"><funcList name=\"myList\" namespace=\"cus\">" +
			"<group name=\"date\" label=\"Personalized date\"><function name=\"relativeMaturity\" type=\"long\" " +
			"minArgs=\"1\" maxArgs=\"1\"><providerPart provider=\"PostgreSQL\" body=\"extract(year from age($1))-18\"/>" +
			"</function></group></funcList></entities></package>`), give each list its own name, and restart " +
			"the server after the import.",
		Bad: `<package namespace="cus" name="funcs" label="Functions">
  <entities schema="xtk:funcList">
    <funcList name="myList" namespace="cus">
      <group name="date" label="Personalized date">
        <function name="relativeMaturity" type="long" minArgs="1" maxArgs="1">
          <providerPart provider="PostgreSQL" body="extract(year from age($1))-18"/>
        </function>
      </group>
    </funcList>
  </entities>
</package>`,
		Good: `<package namespace="cus" name="funcs" label="Functions" buildVersion="7.1" buildNumber="9356">
  <entities schema="xtk:funcList">
    <funcList name="myList" namespace="cus">
      <group name="date" label="Personalized date">
        <function name="relativeMaturity" type="long" minArgs="1" maxArgs="1">
          <providerPart provider="PostgreSQL" body="extract(year from age($1))-18"/>
        </function>
      </group>
    </funcList>
  </entities>
</package>`,
		URL: docs.FuncList,
	},
	Effort:   0.5,
	Schemas:  []string{"xtk:funcList"},
	Requires: []*audit.Collector{FuncListCollector, serverconf.Collector},
	Run:      runFuncListHygiene,
}

func runFuncListHygiene(p *audit.Pass) {
	e := p.Entity
	root := e.Root
	if root.LocalName() != "funcList" {
		return
	}
	var missing []string
	for _, a := range []string{"name", "namespace"} {
		if strings.TrimSpace(root.AttrValue(a)) == "" {
			missing = append(missing, a)
		}
	}
	if len(missing) > 0 {
		p.ReportElement(root, "<funcList> lacks the mandatory %s attribute(s): the package cannot be imported", strings.Join(missing, " and "))
	}
	if pkg := e.Package; pkg != nil && (strings.TrimSpace(pkg.BuildVersion) == "" || strings.TrimSpace(pkg.BuildNumber) == "") {
		p.ReportElement(root, "the package header of this funcList lacks buildVersion or buildNumber, which are mandatory and must match the target server")
	}
	for _, g := range root.Elements() {
		if g.LocalName() != "group" {
			continue
		}
		name := g.AttrValue("name")
		if !strings.Contains(" "+funcListGroup+" ", " "+name+" ") && strings.TrimSpace(g.AttrValue("label")) == "" {
			p.ReportElement(g, "group %q is neither a built-in group (%s) nor a new group with a label", name, strings.ReplaceAll(funcListGroup, " ", ", "))
		}
		for _, fn := range g.Elements() {
			if fn.LocalName() != "function" {
				continue
			}
			checkFunction(p, fn)
		}
	}
	if key := e.Key; strings.Contains(key, ":") {
		self := entityAt{p.File, e.Ordinal}
		f := p.Newf(root.Start, root.Start+1+int64(len(root.Name)), "funcList %s", key)
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			var others []string
			for _, v := range funcLists.Values(ix, key) {
				if v != self {
					others = append(others, path.Base(v.File))
				}
			}
			if len(others) == 0 {
				return false
			}
			f.Message += " is also declared in " + strings.Join(others, ", ") + ": importing one deletes the functions the other declared; give each list its own name"
			return true
		})
	}
}

// checkFunction checks the provider parts of one function.
func checkFunction(p *audit.Pass, fn *xmltree.Element) {
	name := fn.AttrValue("name")
	var parts []*xmltree.Element
	passThrough := false
	var providers []string
	for _, pp := range fn.Elements() {
		if pp.LocalName() != "providerPart" {
			continue
		}
		parts = append(parts, pp)
		if strings.TrimSpace(pp.AttrValue("body")) == "" {
			p.ReportElement(pp, "providerPart of function %s has no body", name)
		}
		if prov, ok := pp.Attr("provider"); !ok || strings.TrimSpace(prov) == "" {
			passThrough = true
		} else {
			for _, pr := range strings.Split(prov, ",") {
				providers = append(providers, strings.ToLower(strings.TrimSpace(pr)))
			}
		}
	}
	switch {
	case len(parts) == 0:
		p.ReportElement(fn, "function %s has no providerPart: it cannot be translated to SQL", name)
		return
	case passThrough && len(parts) > 1:
		p.ReportElement(fn, "function %s mixes a pass-through providerPart (no provider) with other parts: a pass-through descriptor must be the only part", name)
		return
	case passThrough:
		return
	}
	f := p.Newf(fn.Start, fn.Start+1+int64(len(fn.Name)), "function %s", name)
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		targets := serverconf.DBProvider.Values(ix, "default")
		if len(targets) == 0 {
			return false
		}
		for _, t := range targets {
			for _, pr := range providers {
				if strings.EqualFold(pr, t) {
					return false
				}
			}
		}
		f.Message += " has no providerPart for " + strings.Join(targets, ", ") + ", the database of the target (serverConf.xml): add one"
		return true
	})
}
