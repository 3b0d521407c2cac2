package js

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// JSAdminSchemaWrite flags writes to the built-in schemas that v7 reserves
// to administrators.
var JSAdminSchemaWrite = &audit.Rule{
	ID:        "JS-006",
	Name:      "admin-only-schema-write",
	Title:     "Write to an admin-only built-in schema from code that may not run as an administrator",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.JS,
	Doc: audit.Doc{
		Rationale: "\"Certain out-of-the-box schemas have been modified and are now by default only accessible with " +
			"write access for operators with the admin permission\": ncm:publishing, nl:monitoring, nms:calendar " +
			"and 27 xtk schemas (xtk:javascript, xtk:jssp, xtk:srcSchema, xtk:form, xtk:operatorGroup, " +
			"xtk:queryDef, …). The rule finds write documents for those schemas in scripts — E4X literals " +
			"passed to `xtk.session.Write()`/`WriteCollection()` or carrying `_operation=\"insert|update|" +
			"insertOrUpdate|delete\"` with an `xtkschema` of the list — and `.save()` on entities loaded or " +
			"created with `xtk.javascript.load()` and the like. A document whose `_operation=\"none\"` only " +
			"reconciles the record, with no write below it, writes nothing and is not reported. Writes from web applications, reports, JSSP " +
			"pages, browser code, and libraries loaded by them or implementing non-admin SOAP methods are " +
			"warnings; elsewhere (workflows, package imports) an administrator usually runs them: info.",
		Remediation: "Run the write under an administrator or a technical operator with the admin right (for example " +
			"in a technical workflow or a SOAP method declared `access=\"admin\"`), or redesign so that application " +
			"code does not modify configuration entities.",
		Bad: `<webApp internalName="groupJoin" label="Join a group" xtkschema="nms:webApp">
  <activities>
    <script name="script"><script>xtk.session.Write(&lt;operatorGroup xtkschema="xtk:operatorGroup" _operation="insert" operator-id={ctx.vars.operatorId} group-id={ctx.vars.groupId}/&gt;);</script></script>
  </activities>
</webApp>`,
		Good: `<webApp internalName="groupJoin" label="Join a group" xtkschema="nms:webApp">
  <activities>
    <script name="script"><script>xtk.session.Write(&lt;rcpGrpRel xtkschema="nms:rcpGrpRel" _operation="insert" rcpGroup-id={ctx.vars.groupId} recipient-id={ctx.recipient.@id}/&gt;);</script></script>
  </activities>
</webApp>`,
		URL: docs.NewFeatures,
	},
	Effort:   3,
	Requires: []*audit.Collector{jsflow.LibraryCollector},
	Keywords: []string{"write", "save", "_operation"},
	Run:      runJSAdminSchemaWrite,
}

// jsAdminOnlySchemas is Appendix B.2: the built-in schemas only
// administrators may write in v7.
var jsAdminOnlySchemas = map[string]bool{
	"ncm:publishing": true, "nl:monitoring": true, "nms:calendar": true, "xtk:builder": true,
	"xtk:connections": true, "xtk:dbInit": true, "xtk:entityBackupNew": true, "xtk:entityBackupOriginal": true,
	"xtk:entityOriginal": true, "xtk:form": true, "xtk:funcList": true, "xtk:fusion": true, "xtk:image": true,
	"xtk:javascript": true, "xtk:jssp": true, "xtk:jst": true, "xtk:navtree": true, "xtk:operatorGroup": true,
	"xtk:package": true, "xtk:queryDef": true, "xtk:resourceMenu": true, "xtk:rights": true, "xtk:schema": true,
	"xtk:scriptContext": true, "xtk:specFile": true, "xtk:sql": true, "xtk:sqlSchema": true, "xtk:srcSchema": true,
	"xtk:strings": true, "xtk:xslt": true,
}

var jsWriteOperations = map[string]bool{"insert": true, "update": true, "insertOrUpdate": true, "delete": true}

func runJSAdminSchemaWrite(p *audit.Pass) {
	for _, c := range jsflow.Codes(p, true, "Write", "save", "_operation") {
		written := map[int]bool{} // XML literals already reported
		reportDoc := func(x int) {
			if written[x] || c.T[x].XML == nil {
				return
			}
			written[x] = true
			for _, el := range jsflow.WriteDocuments(c.T[x].XML) {
				a := el.AttrNode("xtkschema")
				if a == nil || !jsAdminOnlySchemas[a.Value] || jsOnlyReconciles(el) {
					continue
				}
				s, e := audit.AttrRange(a)
				jsAdminOnlyWrite(p, c, s, e, "write of "+a.Value+" (<"+el.Name+">)")
			}
		}
		for _, m := range []string{"Write", "WriteCollection"} {
			c.Calls(m, func(i, open int, member bool) {
				args := c.Args(open)
				if !member || len(args) == 0 {
					return
				}
				if x := c.XMLArgument(args[0]); x >= 0 {
					reportDoc(x)
				}
			})
		}
		for x := range c.T {
			if c.T[x].Kind != jsscan.XML || c.T[x].XML == nil || written[x] {
				continue
			}
			if op := c.T[x].XML.AttrValue("_operation"); jsWriteOperations[op] {
				reportDoc(x)
			}
		}
		c.Calls("save", func(i, open int, member bool) {
			if !member {
				return
			}
			schema := jsEntityFactorySchema(c, c.Prev(c.Prev(i)))
			if !jsAdminOnlySchemas[schema] {
				return
			}
			lo := c.ChainStart(c.Prev(c.Prev(i)))
			if lo < 0 {
				lo = i
			}
			s, e := c.Span(lo, c.M(open))
			jsAdminOnlyWrite(p, c, s, e, "save() of a "+schema+" entity")
		})
	}
}

// jsEntityFactorySchema returns "ns:schema" when the expression ending at
// token k is, or is a variable holding, `ns.schema.load|create|get(...)`.
func jsEntityFactorySchema(c *jsflow.Code, k int) string {
	if k < 0 {
		return ""
	}
	lo := c.ChainStart(k)
	if lo < 0 {
		return ""
	}
	ch := c.Chain(lo, k+1)
	if ch == nil {
		return ""
	}
	if len(ch.Steps) == 1 && c.IsName(lo) {
		a, _ := c.LastAssign(c.T[lo].Text, lo)
		if a == nil || a.Kind != jsflow.AssignValue {
			return ""
		}
		ch = c.Chain(a.Lo, a.Hi)
		if ch == nil || ch.End != a.Hi {
			return ""
		}
	}
	st := ch.Steps
	if len(st) != 4 || st[0].Kind != jsflow.StepPrimary || st[1].Kind != jsflow.StepMember || st[2].Kind != jsflow.StepMember || st[3].Kind != jsflow.StepCall {
		return ""
	}
	switch st[2].Name {
	case "load", "create", "get", "getIfExists", "loadIfExists":
	default:
		return ""
	}
	ns := st[0].Name
	if ns == "NLWS" {
		name := st[1].Name
		for i := 1; i < len(name); i++ {
			if name[i] >= 'A' && name[i] <= 'Z' {
				return name[:i] + ":" + strings.ToLower(name[i:i+1]) + name[i+1:]
			}
		}
		return ""
	}
	if !jsflow.EntityNamespaces[ns] {
		return ""
	}
	return ns + ":" + st[1].Name
}

// jsAdminOnlyWrite reports a write to an admin-only schema by file range.
func jsAdminOnlyWrite(p *audit.Pass, c *jsflow.Code, start, end int64, what string) {
	jsflow.AdminOnly(p, c, start, end, what, "v7 lets only administrators write this schema; run it under an administrator or redesign")
}

// jsOnlyReconciles reports whether a write document leaves its entity
// unchanged: `_operation="none"` only looks the record up, and no element
// below asks for a write, so the server writes nothing in the schema.
func jsOnlyReconciles(el *xmltree.Element) bool {
	if strings.TrimSpace(el.AttrValue("_operation")) != "none" {
		return false
	}
	writes := false
	el.Walk(func(d *xmltree.Element) bool {
		if d != el && jsWriteOperations[strings.TrimSpace(d.AttrValue("_operation"))] {
			writes = true
		}
		return !writes
	})
	return !writes
}
