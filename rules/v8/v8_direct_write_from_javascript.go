package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// V8DirectWrite flags writes from JavaScript that v8 Enterprise wants
// batched through staging.
var V8DirectWrite = &audit.Rule{
	ID:        "V8-014",
	Name:      "v8-direct-write-from-javascript",
	Title:     "JavaScript writing records with xtk.session.Write",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.V8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "\"If you use Adobe Campaign v8, we recommend that you use the staging mechanism with the " +
			"**Ingestion** and **Data update/delete** APIs for the `Write` method in a Snowflake table\"; unitary " +
			"writes are slow on the cloud database (\"blasting unitary calls is not recommended\"). The rule reports " +
			"each `xtk.session.Write(…)`, `WriteCollection(…)` and `NLWS.xtkSession.Write(…)` call. Writes to tables " +
			"that stay local are fine, which the script alone does not tell: medium precision. When the document " +
			"written is not an E4X literal of the script (a parameter, a query result), its schema is decided at run " +
			"time: the finding is info and says so. The object form of Write ({fileRes: {xtkschema: \"xtk:fileRes\"}}) " +
			"names its schema like an E4X literal.",
		Remediation: "For Snowflake tables, enable staging on the schema (`autoStg=\"true\"`) and call " +
			"`xtk.session.Ingest(…)` (insert) or `xtk.session.IngestExt(…)` (update, delete), or use an Update data activity.",
		Bad: `<workflow internalName="WKF_score" label="Score" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>xtk.session.Write(&lt;score xtkschema="cus:score" _operation="insert" value="1"/&gt;);</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_score" label="Score" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>xtk.session.Ingest(&lt;score xtkschema="cus:score" value="1"/&gt;);</script></js>
  </activities>
</workflow>`,
		URL: docs.WfJS,
	},
	Effort: 2,
	Run: func(p *audit.Pass) {
		for _, c := range jsflow.Codes(p, false, "Write") {
			for _, m := range []string{"Write", "WriteCollection"} {
				c.Calls(m, func(i, open int, member bool) {
					if !member || !v8SessionReceivers[v8Receiver(c, i)] || v8LocalWrite(c, open) {
						return
					}
					if !v8KnownDocument(c, open) {
						// The table written is decided at run time: the
						// script cannot tell a Snowflake table from a local one.
						start, end := audit.ValueRange(c.S.JS().Span, c.T[i].Start, c.T[i].End)
						f := p.Newf(start, end, "%s.%s() writes a document built at run time (not a literal naming its schema), so the script cannot tell which table it goes to: if it is a Snowflake table of Campaign v8 Enterprise, write through staging and the Ingest APIs rather than one call at a time", v8Receiver(c, i), m)
						f.Severity = audit.SeverityInfo
						p.Emit(f)
						return
					}
					p.ReportToken(c.S, c.T[i], "%s.%s() writes records one call at a time: on Campaign v8 Enterprise use staging and the Ingest APIs for Snowflake tables", v8Receiver(c, i), m)
				})
			}
		}
	},
}

// v8WrittenSchemas returns the schemas the document of the write whose "("
// is at open names: the xtkschema attributes of an E4X literal (held
// directly or through its last assignment), or the xtkschema properties
// of an object literal ({fileRes: {xtkschema: "xtk:fileRes", ...}}). It
// returns nil when the document is built at run time.
func v8WrittenSchemas(c *jsflow.Code, open int) []string {
	args := c.Args(open)
	if len(args) == 0 {
		return nil
	}
	var out []string
	if x := c.XMLArgument(args[0]); x >= 0 && c.T[x].XML != nil {
		for _, d := range jsflow.WriteDocuments(c.T[x].XML) {
			if v := strings.TrimSpace(d.AttrValue("xtkschema")); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	r := args[0]
	if r[0] < 0 || !c.Is(r[0], "{") {
		return nil
	}
	for k := r[0]; k+2 < r[1] && k+2 < len(c.T); k++ {
		t := c.T[k]
		name := t.Text
		if t.Kind == jsscan.String {
			name = t.Value
		}
		if name == "xtkschema" && c.T[k+1].Text == ":" && c.T[k+2].Kind == jsscan.String {
			out = append(out, strings.TrimSpace(c.T[k+2].Value))
		}
	}
	return out
}

// v8KnownDocument reports whether the write whose "(" is at open stores a
// document whose schema the script names.
func v8KnownDocument(c *jsflow.Code, open int) bool {
	return len(v8WrittenSchemas(c, open)) > 0
}

// v8LocalWrite reports whether the write whose "(" is at open stores only
// xtk documents (options, folders, operators, file resources), which v8
// Enterprise keeps in the local database.
func v8LocalWrite(c *jsflow.Code, open int) bool {
	schemas := v8WrittenSchemas(c, open)
	for _, v := range schemas {
		if ns, _, _ := strings.Cut(v, ":"); !strings.EqualFold(strings.TrimSpace(ns), "xtk") {
			return false
		}
	}
	return len(schemas) > 0
}
