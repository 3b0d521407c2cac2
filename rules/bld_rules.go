package rules

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Facts about the schemas defined by the scan, for queries that must
// name existing fields and sort on the primary key.
const (
	factSchemaDefined = "js.schema.defined" // ns:name → "1" when its own definition is in the scan
	factSchemaOpen    = "js.schema.open"    // ns:name → path prefixes whose content is not known ("" = all)
	factSchemaField   = "js.schema.field"   // ns:name → "@a", "sub/@b", "link", ...
	factSchemaLink    = "js.schema.link"    // ns:name → paths of links
	factSchemaKey     = "js.schema.key"     // ns:name → key fields ("@id")
)

var jsSchemaCollector = audit.Collector{
	Name:    "js-schema-fields",
	Schemas: []string{"xtk:srcSchema"},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		e := u.Entity
		if e.Key == "" || !strings.Contains(e.Key, ":") {
			return
		}
		target := e.Key
		ext := strings.TrimSpace(e.Root.AttrValue("extendedSchema"))
		if ext != "" {
			target = ext
		}
		// Built-in schemas are never wholly in an export: their fields
		// cannot be checked, and recording them would only cost memory.
		if ns, _, _ := strings.Cut(target, ":"); jsReservedNamespaces[ns] {
			return
		}
		if ext == "" {
			rec.Record(factSchemaDefined, target, "1")
		}
		_, rootName, _ := strings.Cut(target, ":")
		var main *xmltree.Element
		for _, el := range e.Root.Elements() {
			if n := el.AttrValue("name"); el.LocalName() == "element" && (n == e.Name || n == rootName) {
				main = el
			}
		}
		if main == nil {
			rec.Record(factSchemaOpen, target, "")
			return
		}
		if main.AttrValue("autopk") == "true" {
			rec.Record(factSchemaField, target, "@id")
			rec.Record(factSchemaKey, target, "@id")
		}
		var walk func(el *xmltree.Element, prefix string)
		walk = func(el *xmltree.Element, prefix string) {
			if el.AttrValue("template") != "" || el.AttrValue("ref") != "" {
				rec.Record(factSchemaOpen, target, prefix)
			}
			for _, c := range el.Elements() {
				name := c.AttrValue("name")
				switch c.LocalName() {
				case "attribute":
					if name != "" {
						rec.Record(factSchemaField, target, prefix+"@"+name)
					}
					if c.AttrValue("ref") != "" {
						rec.Record(factSchemaOpen, target, prefix)
					}
				case "element":
					if name == "" {
						if c.AttrValue("ref") != "" {
							rec.Record(factSchemaOpen, target, prefix)
						}
						continue
					}
					rec.Record(factSchemaField, target, prefix+name)
					if c.AttrValue("type") == "link" {
						rec.Record(factSchemaLink, target, prefix+name)
						continue
					}
					walk(c, prefix+name+"/")
				case "key":
					if c.AttrValue("internal") == "true" {
						for _, kf := range c.Elements() {
							if x := kf.AttrValue("xpath"); x != "" {
								rec.Record(factSchemaKey, target, x)
							}
						}
					}
				}
			}
		}
		walk(main, "")
	},
}

// BuildOrderByKey flags paged queries sorted without the primary key.
var BuildOrderByKey = &audit.Rule{
	ID:        "BLD-005",
	Name:      "orderby-without-primary-key",
	Title:     "Paged query sorted without the primary key",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  jsCatBuild,
	Doc: audit.Doc{
		Rationale: "Build 18.4: \"Before the change, the primary key … would implicitly be added to the orderBy " +
			"clauses … If you were dependent of this behavior, you will have to explicitly add the primary key.\" " +
			"A query that reads a page (`lineCount`, `startLine`) sorted on a non-unique field now returns ties in " +
			"any order: rows are skipped or repeated from one page to the next. The rule reports select " +
			"queries (stored or written as E4X) with an `<orderBy>` and paging whose sort nodes do not include " +
			"the primary key: `@id`, or the internal key of a schema defined in the scan. A query paged by a key " +
			"pointer (`lineCount` without `startLine`, its condition comparing the sort field with the last value " +
			"read, `@date > …`) moves no row between pages: it is not reported.",
		Remediation: "Add the key as the last sort node: `<orderBy><node expr=\"@lastName\"/><node expr=\"@id\"/></orderBy>`.",
		Bad: `<workflow internalName="WKF_pages" label="Paged export" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var res = xtk.queryDef.create(&lt;queryDef schema="nms:recipient" operation="select" lineCount="500" startLine={vars.start}&gt;
  &lt;select&gt;&lt;node expr="@email"/&gt;&lt;/select&gt;&lt;orderBy&gt;&lt;node expr="@lastName"/&gt;&lt;/orderBy&gt;
&lt;/queryDef&gt;).ExecuteQuery();</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_pages" label="Paged export" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var res = xtk.queryDef.create(&lt;queryDef schema="nms:recipient" operation="select" lineCount="500" startLine={vars.start}&gt;
  &lt;select&gt;&lt;node expr="@email"/&gt;&lt;/select&gt;&lt;orderBy&gt;&lt;node expr="@lastName"/&gt;&lt;node expr="@id"/&gt;&lt;/orderBy&gt;
&lt;/queryDef&gt;).ExecuteQuery();</script></js>
  </activities>
</workflow>`,
		URL: jsDocOldRN + "release-18_4---build-8931.md",
	},
	Effort: 0.5,
	Run:    runBuildOrderByKey,
}

// jsBuiltinKeys are the keys of built-in schemas without an @id primary key.
var jsBuiltinKeys = map[string][]string{
	"xtk:option": {"@name"}, "xtk:javascript": {"@namespace", "@name"}, "xtk:jssp": {"@namespace", "@name"},
	"xtk:jst": {"@namespace", "@name"}, "xtk:srcSchema": {"@namespace", "@name"}, "xtk:form": {"@namespace", "@name"},
	"xtk:navtree": {"@namespace", "@name"}, "xtk:sql": {"@namespace", "@name"}, "xtk:funcList": {"@namespace", "@name"},
}

func jsNormPath(x string) string {
	x = strings.TrimSpace(x)
	if strings.HasPrefix(x, "[") && strings.HasSuffix(x, "]") {
		x = strings.TrimSpace(x[1 : len(x)-1])
	}
	return x
}

func runBuildOrderByKey(p *audit.Pass) {
	queryElements(p, func(el *xmltree.Element, inE4X bool) {
		if el.LocalName() != "queryDef" {
			return
		}
		if op := el.AttrValue("operation"); op != "" && op != "select" {
			return
		}
		_, offsetPaged := el.Attr("startLine")
		if _, ok := el.Attr("lineCount"); !ok && !offsetPaged {
			return
		}
		ob := el.Child("orderBy")
		if ob == nil {
			return
		}
		var sorted []string
		for _, n := range ob.Elements() {
			if n.LocalName() == "node" {
				sorted = append(sorted, jsNormPath(n.AttrValue("expr")))
			}
		}
		if len(sorted) == 0 {
			return
		}
		has := func(keys []string) bool {
			for _, k := range keys {
				found := false
				for _, s := range sorted {
					if s == jsNormPath(k) {
						found = true
					}
				}
				if !found {
					return false
				}
			}
			return len(keys) > 0
		}
		if has([]string{"@id"}) {
			return
		}
		// A query paged by a key pointer (no startLine; its condition
		// compares the sort value with the last one read) moves no row
		// between pages.
		if !offsetPaged && keyPointerPaged(el, sorted) {
			return
		}
		schema := el.AttrValue("schema")
		if a := el.AttrNode("schema"); a != nil && a.Expr {
			schema = ""
		}
		if has(jsBuiltinKeys[schema]) {
			return
		}
		f := p.Newf(ob.Start, ob.Start+1+int64(len(ob.Name)), "paged query on %s sorted by %s without its primary key: since build 18.4 the key is no longer added, so rows with equal values move between pages; add <node expr=\"@id\"/> (or the schema's key) last",
			jsOr(schema, "a schema set at run time"), strings.Join(sorted, ", "))
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			keys := ix.Facts(factSchemaKey, schema)
			return schema == "" || len(keys) == 0 || !has(keys)
		})
	})
}

var (
	jsSortField  = regexp.MustCompile(`@[\w-]+`)
	jsComparison = regexp.MustCompile(`^\s*(?:>=?|<=?|&gt;=?|&lt;=?)`)
)

// keyPointerPaged reports whether a query's conditions compare a field of
// its sort with a value (`@date > last`): paging by key pointer.
func keyPointerPaged(q *xmltree.Element, sorted []string) bool {
	fields := map[string]bool{}
	for _, s := range sorted {
		for _, f := range jsSortField.FindAllString(s, -1) {
			fields[f] = true
		}
	}
	found := false
	if w := q.Child("where"); w != nil {
		w.Walk(func(c *xmltree.Element) bool {
			v := c.AttrValue("expr")
			for _, m := range jsSortField.FindAllStringIndex(v, -1) {
				if fields[v[m[0]:m[1]]] && jsComparison.MatchString(v[m[1]:]) {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

func jsOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// BuildURLEncode flags urlEncode calls whose argument may hold non-ASCII
// text.
var BuildURLEncode = &audit.Rule{
	ID:        "BLD-006",
	Name:      "urlencode-non-ascii",
	Title:     "urlEncode on text that may hold non-ASCII characters",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  jsCatBuild,
	Doc: audit.Doc{
		Rationale: "Build 18.4 corrected `urlEncode` for non-ASCII characters: \"If you were relying on the " +
			"'urlEncode' behavior for non ASCII character, you will have to adapt your code\". Code that built " +
			"URLs, signatures or keys from encoded names, labels or free text produces different strings after " +
			"the upgrade. Calls on ASCII literals, numbers and identifiers (`…id`, `cryptedId`), and on " +
			"concatenations of these only, are not reported.",
		Remediation: "Re-test what consumes the encoded value (links, signatures, partner APIs) with accented input; " +
			"prefer `encodeURIComponent()` when a standard UTF-8 percent-encoding is expected.",
		Bad: `<workflow internalName="WKF_links" label="Links" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>vars.link = "https://shop.example.com/search?q=" + urlEncode(vars.productLabel);</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_links" label="Links" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>vars.link = "https://shop.example.com/item?id=" + urlEncode(vars.productId);</script></js>
  </activities>
</workflow>`,
		URL: jsDocOldRN + "release-18_4---build-8931.md",
	},
	Effort: 0.5,
	Run: func(p *audit.Pass) {
		for _, c := range jsCodes(p, false, "urlEncode") {
			c.calls("urlEncode", func(i, open int, member bool) {
				if !member && c.declaresFunction("urlEncode") {
					return
				}
				args := c.args(open)
				if len(args) == 0 {
					return
				}
				// A concatenation of ASCII-only parts ("page=" + 12) is ASCII too.
				ascii := true
				for _, part := range c.concatParts(args[0]) {
					ascii = ascii && part[0] < part[1] && c.jsASCIIOnly(part)
				}
				if ascii {
					return
				}
				start, end := c.span(i, c.m(open))
				p.Reportf(start, end, "urlEncode(%s) encodes non-ASCII characters differently since build 18.4: re-test what consumes the result", c.text(args[0][0], args[0][1]))
			})
		}
	},
}

// jsASCIIOnly reports whether an argument is known to hold ASCII only: a
// literal without non-ASCII characters, a number, or an identifier.
func (c *jsCode) jsASCIIOnly(r [2]int) bool {
	if v, ok := c.literal(r); ok {
		for i := 0; i < len(v); i++ {
			if v[i] >= utf8.RuneSelf {
				return false
			}
		}
		return true
	}
	last := c.t[r[1]-1]
	if c.end(r[0]) == r[1] && c.t[r[0]].Kind == jsscan.Number {
		return true
	}
	if last.Kind == jsscan.Ident {
		n := last.Text
		return n == "id" || strings.HasSuffix(n, "Id") || strings.HasSuffix(n, "_id") || strings.HasSuffix(n, "-id")
	}
	return false
}

// BuildFileSandbox flags file API paths outside the folders the JavaScript
// sandbox allows.
var BuildFileSandbox = &audit.Rule{
	ID:        "BLD-008",
	Name:      "file-api-outside-sandbox",
	Title:     "JavaScript file access outside the var, sftp and temporary folders",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  jsCatBuild,
	Doc: audit.Doc{
		Rationale: "Build 18.6 sandboxes the JavaScript file APIs: \"file APIs can no longer access the conf folder\", " +
			"new installations are limited to the Campaign var, sftp and temporary folders, and existing instances " +
			"get XtkSecurity_Disable_JSFileSandboxing from the postupgrade until they are hardened. The rule reads " +
			"the path given to `new File(…)`, `File.list(…)` and `loadFile(…)` (literal, literal start, or a " +
			"variable holding one; `getEnv(\"XTK_INSTALL_DIR\")` counts as the installation folder): the conf " +
			"folder is an error, another absolute folder a warning (info when the scan exports the sandbox as " +
			"disabled). Paths under var (`$(XTK_INSTALL_DIR)/var/…`, upload and export folders), sftp and " +
			"temporary folders, relative paths and paths built entirely at run time are not reported.",
		Remediation: "Read and write files under the instance's var folder (`$(XTK_INSTALL_DIR)/var/<instance>/export/`) " +
			"or the sftp folder, and read configuration through options instead of the conf folder.",
		Bad: `<workflow internalName="WKF_conf" label="Read conf" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var f = new File("/usr/local/neolane/nl6/conf/serverConf.xml");
f.open("r");</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_conf" label="Read export" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var f = new File("/usr/local/neolane/nl6/var/prod/export/recipients.csv");
f.open("r");</script></js>
  </activities>
</workflow>`,
		URL: jsDocOldRN + "release-18_6---build-8947.md",
	},
	Effort: 1,
	Run:    runBuildFileSandbox,
}

const optDisableSandbox = "XtkSecurity_Disable_JSFileSandboxing"

func runBuildFileSandbox(p *audit.Pass) {
	for _, c := range jsCodes(p, false, "File", "loadFile") {
		check := func(i, open int, api string) {
			args := c.args(open)
			if len(args) == 0 {
				return
			}
			pth := c.jsPathText(args[0], open)
			verdict := jsClassifyPath(pth)
			if verdict == "" {
				return
			}
			start, end := c.span(args[0][0], c.prev(args[0][1]))
			if verdict == "conf" {
				p.Emit(jsWithSeverity(p.Newf(start, end, "%s reads %s in the conf folder: since build 18.6 the JavaScript file APIs cannot access it; read the setting from an option instead", api, pth), audit.SeverityError))
				return
			}
			f := p.Newf(start, end, "%s uses %s, outside the var, sftp and temporary folders that the JavaScript file sandbox of build 18.6 allows", api, pth)
			p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
				if v, ok := ix.Option(optDisableSandbox); ok && optionEnabled(v) {
					f.Severity = audit.SeverityInfo
					f.Message += "; it works while " + optDisableSandbox + " is enabled, move the files under var before hardening"
				} else {
					f.Message += "; move the files under the instance's var or sftp folder"
				}
				return true
			})
		}
		for i := range c.t {
			if c.isKeyword(i, "new") {
				if ch := c.chain(i, -1); ch != nil && ch.steps[0].kind == stepNew && ch.steps[0].name == "File" && ch.steps[0].open >= 0 {
					check(i, ch.steps[0].open, "new File()")
				}
			}
		}
		c.calls("list", func(i, open int, member bool) {
			if q := c.prev(c.prev(i)); member && q >= 0 && c.t[q].Text == "File" {
				check(i, open, "File.list()")
			}
		})
		c.calls("loadFile", func(i, open int, member bool) {
			if !member && !c.declaresFunction("loadFile") {
				check(i, open, "loadFile()")
			}
		})
	}
}

func jsWithSeverity(f audit.Finding, s audit.Severity) audit.Finding {
	f.Severity = s
	return f
}

// jsPathText renders a path argument: literal pieces as written, the
// installation folder as $(XTK_INSTALL_DIR), anything else as "*".
func (c *jsCode) jsPathText(r [2]int, at int) string {
	var b strings.Builder
	for _, part := range c.concatParts(r) {
		if v, ok := c.literal(part); ok {
			b.WriteString(v)
			continue
		}
		txt := c.text(part[0], part[1])
		if strings.Contains(txt, "XTK_INSTALL_DIR") {
			b.WriteString("$(XTK_INSTALL_DIR)")
			continue
		}
		if c.isName(part[0]) && c.end(part[0]) == part[1] {
			if a, _ := c.lastAssign(c.t[part[0]].Text, at); a != nil && a.kind == assignValue && a.lo < at {
				if inner := c.jsPathText([2]int{a.lo, a.hi}, a.lo); inner != "" && !strings.HasPrefix(inner, "*") {
					b.WriteString(inner)
					continue
				}
			}
		}
		b.WriteString("*")
	}
	return b.String()
}

// jsClassifyPath returns "conf", "outside" or "" (allowed or unknown).
func jsClassifyPath(pth string) string {
	n := strings.ToLower(strings.ReplaceAll(pth, "\\", "/"))
	if strings.Contains(n, "/conf/") || strings.HasSuffix(n, "/conf") {
		if strings.HasPrefix(n, "$(xtk_install_dir)") || strings.Contains(n, "neolane") || strings.Contains(n, "/nl6/") || strings.Contains(n, "campaign") {
			return "conf"
		}
	}
	if strings.HasPrefix(n, "*") || n == "" {
		return ""
	}
	abs := strings.HasPrefix(n, "/") || strings.HasPrefix(n, "$(xtk_install_dir)") || len(n) > 2 && n[1] == ':' && n[2] == '/'
	if !abs {
		return ""
	}
	segs := strings.Split(strings.TrimPrefix(n, "/"), "/")
	for k, s := range segs {
		switch {
		case s == "var" && k > 0 && (k != 1 || !strings.HasPrefix(n, "/var")):
			return ""
		case s == "var" && k == 0 && strings.HasPrefix(n, "$(xtk_install_dir)"):
			return ""
		case s == "sftp" || strings.HasSuffix(s, "sftp"):
			return ""
		case s == "tmp" || s == "temp":
			return ""
		}
	}
	if strings.HasPrefix(n, "$(xtk_install_dir)/var") {
		return ""
	}
	return "outside"
}

// BuildGetSetEnv flags getEnv and setEnv.
var BuildGetSetEnv = &audit.Rule{
	ID:        "BLD-010",
	Name:      "getenv-setenv",
	Title:     "getEnv or setEnv, which XtkSecurity_Disable_GetSetEnv blocks",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  jsCatBuild,
	Doc: audit.Doc{
		Rationale: "Build 19.1 added the option XtkSecurity_Disable_GetSetEnv: when it is set, `getEnv()` and " +
			"`setEnv()` are refused, and hardened or hosted instances set it. Every call is a dependency on a " +
			"setting the target may not allow; when the scan exports the option enabled, the call fails (error).",
		Remediation: "Pass values through options (`getOption(\"cusExportDir\")`), workflow variables or external " +
			"accounts instead of process environment variables.",
		Bad: `<workflow internalName="WKF_env" label="Env" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>vars.dir = getEnv("XTK_INSTALL_DIR") + "/var/prod/export/";</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_env" label="Env" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>vars.dir = getOption("cusExportDir");</script></js>
  </activities>
</workflow>`,
		URL: jsDocOldRN + "release-19_1---build-9026.md",
	},
	Effort: 1,
	Run: func(p *audit.Pass) {
		for _, c := range jsCodes(p, false, "Env") {
			for _, name := range []string{"getEnv", "setEnv"} {
				c.calls(name, func(i, open int, member bool) {
					if member || c.declaresFunction(name) {
						return
					}
					start, end := c.span(i, c.m(open))
					f := p.Newf(start, end, "%s", c.text(i, c.m(open)+1))
					p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
						if v, ok := ix.Option("XtkSecurity_Disable_GetSetEnv"); ok && optionEnabled(v) {
							f.Severity = audit.SeverityError
							f.Message += " fails: the scan enables XtkSecurity_Disable_GetSetEnv; pass the value through an option or a variable"
						} else {
							f.Message += " is refused where XtkSecurity_Disable_GetSetEnv is set (build 19.1+); pass the value through an option or a variable"
						}
						return true
					})
				})
			}
		}
	},
}

// BuildInvalidSelectNode flags select nodes naming fields that the schema
// does not have.
var BuildInvalidSelectNode = &audit.Rule{
	ID:        "BLD-011",
	Name:      "invalid-select-node",
	Title:     "Query selects a field that its schema does not define",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  jsCatBuild,
	Doc: audit.Doc{
		Rationale: "Build 20.3: \"selectAll queries with invalid nodes are now rejected\" (unless " +
			"XtkSecurity_Disable_QueryCheck is set); older builds silently returned nothing for them. The rule " +
			"checks the `<select><node expr>` of queryDefs, stored or written as E4X, against the custom schemas " +
			"whose definition is part of the scan together with their extensions: each path (`@a`, `[link/@b]`, " +
			"`sub/@c`, `@link-id`, inside functions too) must name an attribute, element or link of the schema. " +
			"Built-in and temporary schemas (reserved namespaces), templates and references (`template=`, `ref=`), paths " +
			"through links, temporary schemas, string literals and parameters cannot be checked and are left alone.",
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
		URL: jsDocOldRN + "release--2020.md",
	},
	Effort: 1,
	Run:    runBuildInvalidSelectNode,
}

var (
	jsBracketPathRE = regexp.MustCompile(`\[([^\[\]]+)\]`)
	jsBarePathRE    = regexp.MustCompile(`(?:^|[^\w@/\]\[.:$-])((?:[A-Za-z_][\w-]*/)*@[A-Za-z_][\w-]*)`)
	jsPathRE        = regexp.MustCompile(`^(?:[A-Za-z_][\w-]*/)*(?:@?[A-Za-z_][\w-]*)$`)
)

// jsSelectPaths extracts the xpaths an expression reads, with their
// offsets.
func jsSelectPaths(expr string) [][3]int {
	m := jsXTKMask(expr)
	var out [][3]int
	covered := map[int]bool{}
	for _, b := range jsBracketPathRE.FindAllStringSubmatchIndex(m, -1) {
		s := strings.TrimSpace(m[b[2]:b[3]])
		if jsPathRE.MatchString(s) {
			out = append(out, [3]int{b[2], b[3], 0})
		}
		for k := b[0]; k < b[1]; k++ {
			covered[k] = true
		}
	}
	for _, b := range jsBarePathRE.FindAllStringSubmatchIndex(m, -1) {
		if !covered[b[2]] {
			out = append(out, [3]int{b[2], b[3], 0})
		}
	}
	if len(out) == 0 {
		if s := strings.TrimSpace(m); jsPathRE.MatchString(s) && !strings.Contains(s, "(") {
			k := strings.Index(m, s)
			out = append(out, [3]int{k, k + len(s), 0})
		}
	}
	return out
}

func runBuildInvalidSelectNode(p *audit.Pass) {
	queryElements(p, func(el *xmltree.Element, inE4X bool) {
		if el.LocalName() != "queryDef" {
			return
		}
		sa := el.AttrNode("schema")
		if sa == nil || sa.Expr || !strings.Contains(sa.Value, ":") {
			return
		}
		if ns, _, _ := strings.Cut(sa.Value, ":"); jsReservedNamespaces[ns] {
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
			for _, r := range jsSelectPaths(a.Value) {
				pth := strings.TrimSpace(a.Value[r[0]:r[1]])
				s, e := audit.ValueRange(a.ValueSpan, r[0], r[1])
				f := p.Newf(s, e, "select node %s of a query on %s", pth, schema)
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					bad := jsInvalidPath(ix, schema, pth)
					if bad == "" {
						return false
					}
					f.Message += " names " + bad + ", which " + schema + " does not define (its definition and extensions are in the scan): build 20.3 rejects the query; fix the xpath"
					return true
				})
			}
		}
	})
}

// jsInvalidPath returns the first step of pth that schema does not
// define, or "" when the path is valid or cannot be checked.
func jsInvalidPath(ix *audit.Index, schema, pth string) string {
	if !ix.HasFact(factSchemaDefined, schema) {
		return ""
	}
	open := ix.Facts(factSchemaOpen, schema)
	fields := map[string]bool{}
	for _, f := range ix.Facts(factSchemaField, schema) {
		fields[f] = true
	}
	links := map[string]bool{}
	for _, l := range ix.Facts(factSchemaLink, schema) {
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

// BuildLongScript flags JavaScript activities likely to exceed the
// execution time limit introduced by build 20.2.
var BuildLongScript = &audit.Rule{
	ID:        "BLD-013",
	Name:      "javascript-activity-time-limit",
	Title:     "JavaScript activity that may run past the one-hour execution limit",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionLow,
	Category:  jsCatBuild,
	Doc: audit.Doc{
		Rationale: "Build 20.2 stops JavaScript code and Advanced JavaScript code activities after a time limit, one " +
			"hour by default. The export cannot show how long a script runs, but it shows the loops that make " +
			"it long: unbounded loops (`while (true)`, `for (;;)`) and loops that page through query results " +
			"(`ExecuteQuery()` inside a loop that moves `startLine`). The rule reports those loops in the scripts " +
			"of `js` and `jsx` activities; an Advanced JavaScript activity that waits with " +
			"`task.setNextProcessingDate()` between calls is the recommended pattern and is not reported.",
		Remediation: "Raise the activity's execution limit, or split the processing: page in successive calls of an " +
			"Advanced JavaScript activity (`task.setNextProcessingDate(…)` then `return 0`), or move bulk work to " +
			"SQL or data management activities.",
		Bad: `<workflow internalName="WKF_batch" label="Batch" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var start = 0;
while (true) {
  var res = xtk.queryDef.create(&lt;queryDef schema="nms:recipient" operation="select" lineCount="1000" startLine={start}&gt;&lt;select&gt;&lt;node expr="@id"/&gt;&lt;/select&gt;&lt;/queryDef&gt;).ExecuteQuery();
  if (res.recipient.length() == 0) break;
  start += 1000;
}</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_batch" label="Batch" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var res = xtk.queryDef.create(&lt;queryDef schema="nms:recipient" operation="select" lineCount="1000"&gt;&lt;select&gt;&lt;node expr="@id"/&gt;&lt;/select&gt;&lt;/queryDef&gt;).ExecuteQuery();
vars.count = res.recipient.length();</script></js>
  </activities>
</workflow>`,
		URL: docBase + "workflow/using/sql-code-and-javascript-code.md",
	},
	Effort: 2,
	Run:    runBuildLongScript,
}

func runBuildLongScript(p *audit.Pass) {
	for _, s := range p.Scripts() {
		act := acc.ActivityOf(s.Code.Elem)
		if !s.Server || act == nil || act.LocalName() != "js" && act.LocalName() != "jsx" ||
			!strings.Contains(s.JS.Src, "while") && !strings.Contains(s.JS.Src, "for") {
			continue
		}
		c := jsCodeOf(s, jsKindOf(p.Entity, s.Code.Elem))
		if c.kind != kindWorkflow {
			continue
		}
		for i := range c.t {
			var why string
			var body [2]int
			switch {
			case c.isKeyword(i, "while") && c.is(c.next(i), "("):
				open := c.next(i)
				if c.is(c.prev(i), "}") && c.jsIsDoTail(i) {
					continue // the condition of a do … while, handled at "do"
				}
				body = c.jsLoopBody(c.m(open))
				if c.jsAlwaysTrue(open) {
					why = "an unbounded while (true) loop"
				}
			case c.isKeyword(i, "for") && c.is(c.next(i), "("):
				open := c.next(i)
				body = c.jsLoopBody(c.m(open))
				if c.jsEmptyFor(open) {
					why = "an unbounded for (;;) loop"
				}
			case c.isKeyword(i, "do") && c.is(c.next(i), "{"):
				b := c.next(i)
				body = [2]int{b, c.m(b)}
				if w := c.next(c.m(b)); c.isKeyword(w, "while") && c.is(c.next(w), "(") && c.jsAlwaysTrue(c.next(w)) {
					why = "an unbounded do … while (true) loop"
				}
			default:
				continue
			}
			if body[0] < 0 || body[1] <= body[0] {
				continue
			}
			if why == "" && c.jsPagedQueryIn(body) {
				why = "a loop paging through ExecuteQuery() results"
			}
			if why == "" {
				continue
			}
			start, end := c.span(i, i)
			p.Reportf(start, end, "%s in the %s activity %q: since build 20.2 JavaScript activities stop after a time limit (one hour by default); raise the limit or split the work across calls", why, act.LocalName(), act.AttrValue("name"))
		}
	}
}

func (c *jsCode) jsIsDoTail(w int) bool {
	b := c.prev(w)
	if b < 0 || c.m(b) < 0 {
		return false
	}
	return c.isKeyword(c.prev(c.m(b)), "do")
}

// jsLoopBody returns the token range of the statement after a loop
// header whose ")" is at close.
func (c *jsCode) jsLoopBody(close int) [2]int {
	b := c.next(close)
	if b < 0 {
		return [2]int{-1, -1}
	}
	if c.is(b, "{") && c.m(b) > b {
		return [2]int{b, c.m(b)}
	}
	return [2]int{b, c.exprEnd(b)}
}

func (c *jsCode) jsAlwaysTrue(open int) bool {
	in := c.next(open)
	if c.end(in) != c.m(open) {
		return false
	}
	return c.isKeyword(in, "true") || in >= 0 && c.t[in].Kind == jsscan.Number && c.t[in].Text == "1"
}

func (c *jsCode) jsEmptyFor(open int) bool {
	a := c.next(open)
	b := c.next(a)
	return c.is(a, ";") && c.is(b, ";") && c.next(b) == c.m(open)
}

// jsPagedQueryIn reports whether tokens of body run ExecuteQuery() and
// move a startLine.
func (c *jsCode) jsPagedQueryIn(body [2]int) bool {
	exec, paged := false, false
	for k := body[0]; k < body[1] && k < len(c.t); k++ {
		tk := c.t[k]
		switch tk.Kind {
		case jsscan.Ident:
			if tk.Text == "ExecuteQuery" {
				exec = true
			}
			if tk.Text == "startLine" {
				paged = true
			}
		case jsscan.XML:
			if tk.XML != nil {
				if _, ok := tk.XML.Attr("startLine"); ok {
					paged = true
				}
			}
		}
	}
	return exec && paged
}

// BuildMiscChanges flags the smaller 18.10 to 20.1 changes an export shows.
var BuildMiscChanges = &audit.Rule{
	ID:        "BLD-014",
	Name:      "build-misc-changes",
	Title:     "Smaller 18.10–20.1 changes: request.scheme, cookie domains, recipient indexes, report republishing",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  jsCatBuild,
	Doc: audit.Doc{
		Rationale: "Several changes of builds 18.10 to 20.1 show in an export: `request.scheme` is deprecated and " +
			"removed from the JSAPI documentation (18.10); tracking and web application domains under a " +
			"three-letter second-level domain such as `.com.au` need the `cookieDomain` setting of the " +
			"serverConf `redirection` node (18.10); the indexes of NmsRecipient were reworked, so an extension " +
			"of nms:recipient may declare an index that now duplicates a built-in one (18.10); reports must be " +
			"republished to get the clickjacking protection (20.1). The URL options (NmsTracking_ServerUrl, " +
			"NmsTracking_SecureServerUrl, NmsServer_URL) are compared with the cookie domains of the " +
			"serverConf files of the scan.",
		Remediation: "Read the scheme from the request URL instead of `request.scheme`; add the domain to " +
			"`<redirection cookieDomain=\"example.com.au\"/>`; drop extension indexes that duplicate the new " +
			"built-in ones; republish each report after the upgrade.",
		Bad: `<jssp name="redirect.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% var secure = request.scheme == "https"; %>]]></data>
</jssp>`,
		Good: `<jssp name="redirect.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% var secure = String(request.getHeader("X-Forwarded-Proto")) == "https"; %>]]></data>
</jssp>`,
		URL: jsDocOldRN + "release-18_10---build-8977.md",
	},
	Effort: 0.5,
	Run:    runBuildMiscChanges,
}

var jsTrackingURLOptions = map[string]bool{"NmsTracking_ServerUrl": true, "NmsTracking_SecureServerUrl": true, "NmsServer_URL": true}

func runBuildMiscChanges(p *audit.Pass) {
	e := p.Entity
	for _, c := range jsCodes(p, false, "scheme") {
		for i := range c.t {
			n := c.next(i)
			m := c.next(n)
			if c.isName(i) && c.t[i].Text == "request" && !c.isMember(i) && c.is(n, ".") && m >= 0 &&
				c.t[m].Kind == jsscan.Ident && c.t[m].Text == "scheme" && c.scopeOf("request", i) < 0 {
				start, end := c.span(i, m)
				p.Reportf(start, end, "request.scheme is deprecated since build 18.10: read the scheme from the request URL or a forwarding header")
			}
		}
	}
	switch e.Schema {
	case "xtk:option":
		if !jsTrackingURLOptions[e.Name] {
			return
		}
		url := audit.OptionValue(e)
		host, ok := jsURLHost(strings.TrimSpace(url), false)
		domain := jsComplexDomain(host)
		if !ok || domain == "" {
			return
		}
		f := p.Newf(e.Root.Start, e.Root.Start+1+int64(len(e.Root.Name)), "option %s points to %s, under the three-letter second-level domain of %s", e.Name, host, domain)
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			for _, d := range ix.Facts(factCookieDomain, "domain") {
				d = strings.TrimPrefix(d, ".")
				if d == host || strings.HasSuffix(host, "."+d) {
					return false
				}
			}
			f.Message += ": since build 18.10 cookies of such domains need <redirection cookieDomain=\"" + domain + "\"/> in serverConf.xml"
			return true
		})
	case "xtk:srcSchema":
		if e.Root.AttrValue("extendedSchema") != "nms:recipient" {
			return
		}
		e.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() == "dbindex" {
				f := p.Newf(el.Start, el.Start+1+int64(len(el.Name)), "index %s extends nms:recipient, whose indexes were reworked in build 18.10: check that it does not duplicate a new built-in index", el.AttrValue("name"))
				p.EmitAdvisory(f, audit.ScopeExport, "recipient-index")
			}
			return true
		})
	case "xtk:report":
		f := p.Newf(e.Root.Start, e.Root.Start+1+int64(len(e.Root.Name)), "report %s must be republished after the upgrade to get the clickjacking protection of build 20.1", jsOr(e.Key, "without a name"))
		p.EmitAdvisory(f, audit.ScopeExport, "report-republish")
	}
}

// jsGenericSLD are the generic second-level labels of country domains
// (com.au, org.uk, gov.br...).
var jsGenericSLD = map[string]bool{
	"com": true, "net": true, "org": true, "gov": true, "edu": true, "asn": true, "ltd": true,
	"plc": true, "sch": true, "nic": true, "mil": true, "biz": true, "nom": true,
}

// jsComplexDomain returns the registrable domain of host when it sits
// under a second-level domain of three letters or more below a two-letter
// country domain (example.com.au), or "".
func jsComplexDomain(host string) string {
	labels := strings.Split(host, ".")
	n := len(labels)
	if n < 3 || len(labels[n-1]) != 2 || !jsGenericSLD[labels[n-2]] {
		return ""
	}
	for _, r := range labels[n-1] {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	return strings.Join(labels[n-3:], ".")
}
