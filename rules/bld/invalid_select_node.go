package bld

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
	"github.com/acc-audit/acc-audit/rules/internal/query"
)

// BuildInvalidSelectNode flags select nodes naming fields that the schema
// does not have.
var BuildInvalidSelectNode = &audit.Rule{
	ID:        "BLD-011",
	Name:      "invalid-select-node",
	Title:     "Query selects a field that its schema does not define",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  area.Build,
	Doc: audit.Doc{
		Rationale: "Build 20.3: \"selectAll queries with invalid nodes are now rejected\" (unless " +
			"XtkSecurity_Disable_QueryCheck is set); older builds silently returned nothing for them. The rule " +
			"checks the `<select><node expr>` of queryDefs, stored or written as E4X, against the custom schemas " +
			"whose definition is part of the scan together with their extensions: each path (`@a`, `[link/@b]`, " +
			"`sub/@c`, `@link-id`, inside functions too) must name an attribute, element or link of the schema. " +
			"Built-in and temporary schemas (reserved namespaces), templates and references (`template=`, `ref=`), paths " +
			"through links, temporary schemas, string literals and parameters cannot be checked and are left alone. " +
			"Reverse links count as fields of the schema they point to (named by revLink, else after the linking " +
			"schema), and aggregated elements bring their fields (xtk:common:auditTrail's are known, others are not " +
			"checked). An unknown element step may still be the reverse link of a schema outside the scan: that " +
			"finding is a warning and says so.",
		Remediation: "Fix the xpath to an existing field, or add the field to the schema (or its extension) and " +
			"update the database structure.",
		Bad: `<package namespace="cus" name="orders" buildVersion="7.1" buildNumber="9356">
  <entities schema="xtk:srcSchema">
    <srcSchema name="order" namespace="cus" label="Orders">
      <element name="order" autopk="true"><attribute name="amount" type="double"/></element>
    </srcSchema>
  </entities>
  <entities schema="xtk:javascript">
    <javascript name="orders.js" namespace="cus">
      <data><![CDATA[var r = xtk.queryDef.create(<queryDef schema="cus:order" operation="select"><select><node expr="@total"/></select></queryDef>).ExecuteQuery();]]></data>
    </javascript>
  </entities>
</package>`,
		Good: `<package namespace="cus" name="orders" buildVersion="7.1" buildNumber="9356">
  <entities schema="xtk:srcSchema">
    <srcSchema name="order" namespace="cus" label="Orders">
      <element name="order" autopk="true"><attribute name="amount" type="double"/></element>
    </srcSchema>
  </entities>
  <entities schema="xtk:javascript">
    <javascript name="orders.js" namespace="cus">
      <data><![CDATA[var r = xtk.queryDef.create(<queryDef schema="cus:order" operation="select"><select><node expr="@amount"/></select></queryDef>).ExecuteQuery();]]></data>
    </javascript>
  </entities>
</package>`,
		URL: docs.OldRN + "release--2020.md",
	},
	Effort:   1,
	Requires: []*audit.Collector{SchemaCollector},
	Run:      runBuildInvalidSelectNode,
}

var (
	bracketPathRE = regexp.MustCompile(`\[([^\[\]]+)\]`)
	barePathRE    = regexp.MustCompile(`(?:^|[^\w@/\]\[.:$-])((?:[A-Za-z_][\w-]*/)*@[A-Za-z_][\w-]*)`)
	pathRE        = regexp.MustCompile(`^(?:[A-Za-z_][\w-]*/)*(?:@?[A-Za-z_][\w-]*)$`)
)

// selectPaths extracts the xpaths an expression reads, with their
// offsets.
func selectPaths(expr string) [][3]int {
	m := query.XTKMask(expr)
	var out [][3]int
	covered := map[int]bool{}
	for _, b := range bracketPathRE.FindAllStringSubmatchIndex(m, -1) {
		s := strings.TrimSpace(m[b[2]:b[3]])
		if pathRE.MatchString(s) {
			out = append(out, [3]int{b[2], b[3], 0})
		}
		for k := b[0]; k < b[1]; k++ {
			covered[k] = true
		}
	}
	for _, b := range barePathRE.FindAllStringSubmatchIndex(m, -1) {
		if !covered[b[2]] {
			out = append(out, [3]int{b[2], b[3], 0})
		}
	}
	if len(out) == 0 {
		if s := strings.TrimSpace(m); pathRE.MatchString(s) && !strings.Contains(s, "(") {
			k := strings.Index(m, s)
			out = append(out, [3]int{k, k + len(s), 0})
		}
	}
	return out
}

func runBuildInvalidSelectNode(p *audit.Pass) {
	query.QueryElements(p, func(el *xmltree.Element, inE4X bool) {
		if el.LocalName() != "queryDef" {
			return
		}
		sa := el.AttrNode("schema")
		if sa == nil || sa.Expr || !strings.Contains(sa.Value, ":") {
			return
		}
		if ns, _, _ := strings.Cut(sa.Value, ":"); jsflow.ReservedNamespaces[ns] {
			return // built-in (or temporary) schemas are not wholly in an export
		}
		schema := sa.Value
		sel := el.Child("select")
		if sel == nil {
			return
		}
		for _, n := range sel.Elements() {
			a := n.AttrNode("expr")
			if n.LocalName() != "node" || a == nil || a.Expr {
				continue
			}
			for _, r := range selectPaths(a.Value) {
				pth := strings.TrimSpace(a.Value[r[0]:r[1]])
				s, e := audit.ValueRange(a.ValueSpan, r[0], r[1])
				f := p.Newf(s, e, "select node %s of a query on %s", pth, schema)
				// An export holds hundreds of thousands of select nodes:
				// the schema and path travel packed with the finding (a
				// copy: nothing of the tree outlives it).
				p.DeferWith(f, decideSelectNode, schema, pth)
			}
		}
	})
}

// decideSelectNode keeps the finding on a select node (DeferredArgs:
// schema, path) when the scan's schemas do not define its path.
func decideSelectNode(ix *audit.Index, f *audit.Finding) bool {
	args := f.DeferredArgs()
	schema, pth := args[0], args[1]
	bad := invalidPath(ix, schema, pth)
	if bad == "" {
		return false
	}
	step := bad[strings.LastIndex(bad, "/")+1:]
	if strings.HasPrefix(step, "@") {
		f.Message += " names " + bad + ", which " + schema + " does not define (its definition and extensions are in the scan): build 20.3 rejects the query; fix the xpath"
		return true
	}
	// An element step may be the reverse link of a schema the scan does
	// not hold: the export cannot tell.
	f.Severity = audit.SeverityWarning
	f.Message += " names " + bad + ", which " + schema + " and the schemas of the scan do not define: unless a schema outside the scan links to " +
		schema + " with this reverse link, build 20.3 rejects the query; fix the xpath"
	return true
}

// invalidPath returns the first step of pth that schema does not
// define, or "" when the path is valid or cannot be checked.
func invalidPath(ix *audit.Index, schema, pth string) string {
	if !schemaDefined.Has(ix, schema) {
		return ""
	}
	open := schemaOpen.Values(ix, schema)
	fields := map[string]bool{}
	for _, f := range schemaFields.Values(ix, schema) {
		fields[f] = true
	}
	links := map[string]bool{}
	for _, l := range schemaLinks.Values(ix, schema) {
		links[l] = true
	}
	steps := strings.Split(pth, "/")
	prefix := ""
	for k, st := range steps {
		for _, o := range open {
			if o == prefix {
				return ""
			}
		}
		full := prefix + st
		if fields[full] {
			if links[full] {
				return "" // the rest lies in the target schema
			}
			prefix = full + "/"
			continue
		}
		if k == len(steps)-1 && strings.HasPrefix(st, "@") && strings.HasSuffix(st, "-id") && links[prefix+strings.TrimSuffix(st[1:], "-id")] {
			return ""
		}
		return full
	}
	return ""
}
