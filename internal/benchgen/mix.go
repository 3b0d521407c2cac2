package benchgen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

// Mix writes a package export of about size bytes shaped like a real
// instance rather than like Package's stress test: few schema extensions,
// many workflows, deliveries, web applications, JavaScript libraries, JSSP
// pages and options, with sizes drawn at random and legacy constructs at
// the low rates a maintained instance shows. The output depends only on
// size and seed.
func Mix(w io.Writer, size int64, seed uint64) (Stats, error) {
	m := &mixer{
		cw:  &countWriter{w: bufio.NewWriterSize(w, 1<<16)},
		rnd: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
	}
	m.put("<?xml version='1.0'?>\n<package author=\"Marketing IT (mkt)\" buildDate=\"2024-03-01 09:30:00.000Z\" buildNumber=\"9032\" buildVersion=\"6.1\" label=\"Production configuration\" name=\"prod\" namespace=\"cus\" vendor=\"Acme\">\n")
	var st Stats
	for m.cw.n < size {
		k := m.pickKind()
		m.put("  <entities schema=\"" + k.schema + "\">\n")
		n := 1 + m.rnd.IntN(k.block)
		for j := 0; j < n && m.cw.n < size; j++ {
			m.seq++
			k.write(m, m.seq)
			st.Entities++
		}
		m.put("  </entities>\n")
	}
	m.put("</package>\n")
	st.Bytes = m.cw.n
	return st, m.cw.w.Flush()
}

type mixer struct {
	cw  *countWriter
	rnd *rand.Rand
	seq int
}

// A mixKind is one entity type of the mix: its weight among the entities
// and the largest run of it inside one <entities> block.
type mixKind struct {
	schema string
	weight int
	block  int
	write  func(m *mixer, i int)
}

// mixKinds are weighted after the inventories of real instances: schema
// extensions are a small minority, workflows and deliveries dominate.
var mixKinds = []mixKind{
	{"xtk:workflow", 26, 20, (*mixer).workflow},
	{"nms:delivery", 26, 20, (*mixer).delivery},
	{"xtk:option", 14, 40, (*mixer).option},
	{"xtk:javascript", 10, 10, (*mixer).library},
	{"nms:webApp", 8, 6, (*mixer).webApp},
	{"xtk:queryFilter", 6, 10, (*mixer).queryFilter},
	{"xtk:jssp", 3, 4, (*mixer).jssp},
	{"xtk:form", 2, 3, (*mixer).form},
	{"xtk:srcSchema", 1, 2, (*mixer).srcSchema},
}

var mixTotal = func() int {
	t := 0
	for _, k := range mixKinds {
		t += k.weight
	}
	return t
}()

func (m *mixer) pickKind() mixKind {
	r := m.rnd.IntN(mixTotal)
	for _, k := range mixKinds {
		if r < k.weight {
			return k
		}
		r -= k.weight
	}
	return mixKinds[0]
}

func (m *mixer) put(s string) { m.cw.WriteString(s) }

func (m *mixer) putf(format string, args ...any) { m.cw.WriteString(fmt.Sprintf(format, args...)) }

// one reports true once in n draws: the rate of a legacy construct.
func (m *mixer) one(n int) bool { return m.rnd.IntN(n) == 0 }

func (m *mixer) between(lo, hi int) int { return lo + m.rnd.IntN(hi-lo+1) }

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

func pick[T any](m *mixer, xs []T) T { return xs[m.rnd.IntN(len(xs))] }

var (
	targetSchemas = []string{"nms:recipient", "nms:recipient", "nms:broadLogRcp", "nms:trackingLogRcp", "cus:order", "cus:contract", "nms:delivery"}
	fieldNames    = []string{"@email", "@firstName", "@lastName", "@birthDate", "@created", "@lastModified", "@blackList", "@account", "@city", "@zipCode"}
	folders       = []string{"nmsTechnicalWorkflow", "nmsCampaignWorkflow", "nmsImportWorkflow", "cusDataSync"}
	words         = []string{"order", "loyalty", "welcome", "reminder", "cart", "newsletter", "birthday", "survey", "renewal", "winback", "promo", "event"}
)

// condition writes one filter condition, now and then a legacy one.
func (m *mixer) condition(indent string) {
	switch {
	case m.one(120):
		m.put(indent + `<condition expr="@id IN ([SQLDATA[SELECT iRecipientId FROM CusOptin WHERE iStatus = 1]])"/>` + "\n")
	case m.one(150):
		m.put(indent + `<condition expr="count(*) &gt; 1" setOperator="EXISTS"/>` + "\n")
	default:
		m.putf(indent+`<condition expr="%s %s '%s%d'" boolOperator="AND"/>`+"\n",
			pick(m, fieldNames), pick(m, []string{"=", "&lt;&gt;", "LIKE"}), pick(m, words), m.rnd.IntN(1000))
	}
}

// script writes the body of a JavaScript activity or function: several
// statements of the kinds found in workflow code.
func (m *mixer) script(lines int) {
	for i := 0; i < lines; i++ {
		switch m.rnd.IntN(8) {
		case 0:
			m.putf("var q%[1]d = xtk.queryDef.create(<queryDef schema=%[2]q operation=\"select\" lineCount=\"%[3]d\"><select><node expr=\"@id\"/><node expr=%[4]q/></select></queryDef>);\nvar res%[1]d = q%[1]d.ExecuteQuery();\n",
				i, pick(m, targetSchemas), m.between(10, 5000), pick(m, fieldNames))
		case 1:
			m.putf("for each (var r in res.recipient) {\n  total += parseInt(r.@id, 10) %% %d;\n}\n", m.between(2, 97))
		case 2:
			m.putf("logInfo(\"step %d of \" + vars.name + \": \" + instance.vars.count);\n", i)
		case 3:
			m.putf("vars.%s = getOption(\"cus%sThreshold\") || %d;\n", pick(m, words), title(pick(m, words)), m.rnd.IntN(100))
		case 4:
			m.putf("if (vars.recCount > %d) {\n  task.setCompleted();\n} else {\n  instance.vars.retry = (instance.vars.retry || 0) + 1;\n}\n", m.rnd.IntN(10000))
		case 5:
			m.putf("var d%d = formatDate(new Date(), \"%%4Y-%%2M-%%2D\");\n", i)
		case 6:
			m.putf("// %s batch %d: keep the counters of the %s campaign\nvar list%d = [];\n", pick(m, words), i, pick(m, words), i)
		case 7:
			if m.one(6) {
				m.putf("sqlExec(\"UPDATE CusOrder SET iStatus = %d WHERE iOrderId = \" + vars.orderId);\n", m.rnd.IntN(5))
			} else {
				m.putf("vars.processed = (vars.processed || 0) + %d;\n", m.between(1, 500))
			}
		}
	}
	switch {
	case m.one(200):
		m.put("var out = execCommand(\"ls /usr/local/neolane/nl5/var\", true);\n")
	case m.one(200):
		m.put("var enc = cryptString(vars.secret);\n")
	case m.one(300):
		m.put("loadLibrary(\"xtk:common.js\");\n")
	}
}

func (m *mixer) workflow(i int) {
	schema := pick(m, targetSchemas)
	word := pick(m, words)
	m.putf(`    <workflow form="xtk:workflow" internalName="WKF%06d" label="%s %s n°%d" modelName="newWorkflow" schema="%s" scenario-cs="Default">
      <activities>
        <start label="Start" name="start" x="48" y="48">
          <transitions><initial name="initial" target="act1"/></transitions>
        </start>
`, i, title(word), pick(m, []string{"import", "export", "targeting", "cleanup", "sync"}), i, schema)
	acts := m.between(3, 14)
	for a := 1; a <= acts; a++ {
		next := fmt.Sprintf("act%d", a+1)
		if a == acts {
			next = "end"
		}
		x := 48 + 150*a
		switch m.rnd.IntN(6) {
		case 0, 1:
			m.putf("        <query label=\"Target\" name=\"act%d\" schema=\"%s\" x=\"%d\" y=\"48\">\n          <where displayFilter=\"Filtered population\">\n", a, schema, x)
			for c := m.between(1, 5); c > 0; c-- {
				m.condition("            ")
			}
			m.putf("          </where>\n          <transitions><result name=\"result\" target=%q/></transitions>\n        </query>\n", next)
		case 2, 3:
			m.putf("        <js label=\"Script\" name=\"act%d\" x=\"%d\" y=\"48\">\n          <script><![CDATA[", a, x)
			m.script(m.between(3, 30))
			m.putf("]]></script>\n          <transitions><done name=\"done\" target=%q/></transitions>\n        </js>\n", next)
		case 4:
			path := "/var/cus/import/" + pick(m, words) + ".csv"
			if m.one(150) {
				path = "/usr/local/neolane/nl5/var/import.csv"
			}
			m.putf("        <fileImport label=\"Import\" name=\"act%d\" x=\"%d\" y=\"48\" fileName=%q>\n          <dataSourceConfig codepage=\"1252\" separator=\";\"/>\n          <transitions><result name=\"result\" target=%q/></transitions>\n        </fileImport>\n", a, x, path, next)
		default:
			m.putf("        <delivery label=\"Send\" name=\"act%d\" x=\"%d\" y=\"48\" scenario-id=\"0\">\n          <scenario _operation=\"none\" internalName=\"DM%06d\"/>\n          <transitions><done name=\"done\" target=%q/></transitions>\n        </delivery>\n", a, x, m.rnd.IntN(i+1), next)
		}
	}
	m.putf("        <end label=\"End\" name=\"end\" x=\"%d\" y=\"48\"/>\n      </activities>\n      <variables/>\n      <desc>%s workflow of the %s programme.</desc>\n      <folder _operation=\"none\" name=%q/>\n    </workflow>\n",
		48+150*(acts+1), word, pick(m, words), pick(m, folders))
}

func (m *mixer) delivery(i int) {
	word := pick(m, words)
	m.putf(`    <delivery internalName="DM%06d" isModel="%d" label="%s %d" messageType="0">
      <mailParameters senderAddress="news@acme.com" senderName="Acme"/>
      <content>
        <html><source><![CDATA[<html><head><title>%s</title></head><body>
<p>Hello <%%= recipient.firstName %%>,</p>
`, i, m.rnd.IntN(2), word, i, word)
	for p := m.between(4, 40); p > 0; p-- {
		switch m.rnd.IntN(5) {
		case 0:
			host := "www.acme.com"
			if m.one(80) {
				host = "<%= recipient.country %>.acme.com"
			}
			m.putf("<p><a href=\"https://%s/%s/%d?utm_campaign=<%%= delivery.internalName %%>\" _label=\"%s\">See the %s offer</a></p>\n", host, word, m.rnd.IntN(1000), word, pick(m, words))
		case 1:
			m.putf("<%% if (recipient.%s != '') { %%><p>Your %s: <%%= recipient.%s %%></p><%% } %%>\n", strings.TrimPrefix(pick(m, fieldNames), "@"), pick(m, words), strings.TrimPrefix(pick(m, fieldNames), "@"))
		case 2:
			m.putf("<table width=\"600\" cellpadding=\"0\"><tr><td><img src=\"https://img.acme.com/%s%d.png\" alt=\"%s\"/></td></tr></table>\n", word, m.rnd.IntN(50), pick(m, words))
		default:
			m.putf("<p>Lorem ipsum dolor sit amet, %s consectetur adipiscing elit, sed do eiusmod tempor %d incididunt ut labore et dolore magna aliqua.</p>\n", pick(m, words), m.rnd.IntN(100))
		}
	}
	if m.one(150) {
		m.put("<p><a href=\"<%@ include option='NmsServer_URL' %>/m/?id=<%= escapeUrl(recipient.cryptedId) %>\">View it online</a></p>\n")
	}
	m.put("<p><a href=\"<%@ include view='UnsubscriptionLink' %>\">Unsubscribe</a></p>\n</body></html>]]></source></html>\n")
	m.putf("        <text><source><![CDATA[Hello <%%= recipient.firstName %%>, see https://www.acme.com/%s]]></source></text>\n      </content>\n", word)
	if m.one(200) {
		m.put("      <tracking enabled=\"true\"><clickFormula><![CDATA[https://t.acme.com/r/?id=h<%= message.id.toString(16) %>,<%= urlId %>]]></clickFormula></tracking>\n")
	}
	m.putf("      <folder _operation=\"none\" name=%q/>\n    </delivery>\n", pick(m, []string{"nmsDeliveryModel", "cusNewsletters", "cusTransactional"}))
}

func (m *mixer) option(i int) {
	switch {
	case m.one(600):
		m.put("    <option dataType=\"3\" longValue=\"1\" name=\"XtkPassUnknownSQLFunctionsToRDBMS\"/>\n")
	case m.one(600):
		m.put("    <option dataType=\"3\" longValue=\"1\" name=\"XtkSecurity_Unsafe_DecryptString\"/>\n")
	case m.one(3):
		m.putf("    <option dataType=\"12\" name=\"cus%sConfig%d\">\n      <memoValue><![CDATA[{\"enabled\": true, \"batch\": %d, \"label\": \"%s\"}]]></memoValue>\n    </option>\n", pick(m, words), i, m.rnd.IntN(5000), pick(m, words))
	default:
		m.putf("    <option dataType=\"6\" name=\"cus%s%d\" stringValue=\"%s-%d\"/>\n", pick(m, words), i, pick(m, words), m.rnd.IntN(100))
	}
}

func (m *mixer) library(i int) {
	m.putf("    <javascript entitySchema=\"xtk:javascript\" label=\"%[1]s%[2]d.js\" name=\"%[1]s%[2]d.js\" namespace=\"cus\">\n      <data><![CDATA[", pick(m, words), i)
	for f := m.between(2, 15); f > 0; f-- {
		m.putf("/** %s helper */\nfunction cus_%s_%d_%d(ctx, n) {\n", pick(m, words), pick(m, words), i, f)
		m.script(m.between(2, 12))
		m.put("  return ctx;\n}\n")
	}
	if m.one(100) {
		m.put("var cnx = xtk.session.GetCnxInfo();\n")
	}
	m.put("]]></data>\n    </javascript>\n")
}

func (m *mixer) webApp(i int) {
	anon := m.rnd.IntN(2)
	m.putf("    <webApp appType=\"%d\" internalName=\"WEBAPP%05d\" label=\"%s form\" schema=\"nms:recipient\">\n      <activities>\n", anon, i, pick(m, words))
	for p := m.between(1, 6); p > 0; p-- {
		m.putf("        <page label=\"Page %d\" name=\"page%d\">\n          <html><![CDATA[<div class=\"form\">\n", p, p)
		for k := m.between(3, 20); k > 0; k-- {
			m.putf("<label for=\"f%[1]d\">%[2]s</label><input id=\"f%[1]d\" name=\"%[2]s\" value=\"<%%= ctx.recipient.@%[2]s %%>\"/>\n", k, pick(m, words))
		}
		if m.one(60) {
			m.put("<a href=\"/view/home?__sessiontoken=<%= document.controller.getSessionToken() %>\">Console</a>\n")
		}
		m.put("<script>\n  document.getElementById('f1').focus();\n</script>\n</div>]]></html>\n        </page>\n")
	}
	if m.one(2) {
		m.put("        <script label=\"Save\" name=\"save\">\n          <script><![CDATA[")
		m.script(m.between(2, 10))
		m.put("]]></script>\n        </script>\n")
	}
	m.put("      </activities>\n    </webApp>\n")
}

func (m *mixer) queryFilter(i int) {
	m.putf("    <queryFilter label=\"%[1]s %[2]d\" name=\"%[1]s%[2]d\" schema=%[3]q>\n      <where displayFilter=\"%[1]s segment\">\n", pick(m, words), i, pick(m, targetSchemas))
	for c := m.between(1, 4); c > 0; c-- {
		m.condition("        ")
	}
	m.put("      </where>\n      <folder _operation=\"none\" name=\"nmsSegment\"/>\n    </queryFilter>\n")
}

func (m *mixer) jssp(i int) {
	m.putf("    <jssp label=\"%[1]s%[2]d.jssp\" name=\"%[1]s%[2]d.jssp\" namespace=\"cus\">\n      <data><![CDATA[<%%@ page import=\"xtk:shared/nl.js\" %%><%%\n  NL.require(\"/nl/core/shared/nl.js\");\n  var id = request.getParameter(\"id\");\n", pick(m, words), i)
	m.script(m.between(2, 10))
	m.put("%><html><body><p>Done.</p></body></html>]]></data>\n    </jssp>\n")
}

func (m *mixer) form(i int) {
	m.putf("    <form entitySchema=\"xtk:form\" img=\"xtk:form.png\" label=\"%[1]s %[2]d\" name=\"%[1]s%[2]d\" namespace=\"cus\" type=\"notebook\">\n", pick(m, words), i)
	for k := m.between(2, 10); k > 0; k-- {
		m.putf("      <input xpath=%q/>\n", pick(m, fieldNames))
	}
	m.put("    </form>\n")
}

func (m *mixer) srcSchema(i int) {
	if m.one(3) {
		m.putf("    <srcSchema entitySchema=\"xtk:srcSchema\" extendedSchema=\"nms:recipient\" label=\"Recipients\" mappingType=\"sql\" name=\"recipient\" namespace=\"cus%d\">\n      <element name=\"recipient\">\n        <attribute name=\"loyalty\" type=\"long\" label=\"Loyalty\"/>\n        <attribute name=\"segment\" type=\"string\" length=\"20\" label=\"Segment\"/>\n      </element>\n    </srcSchema>\n", i)
		return
	}
	m.putf("    <srcSchema entitySchema=\"xtk:srcSchema\" label=\"%[1]s %[2]d\" mappingType=\"sql\" name=\"%[1]s%[2]d\" namespace=\"cus\">\n      <element name=\"%[1]s%[2]d\" autopk=\"true\">\n", pick(m, words), i)
	for k := m.between(3, 15); k > 0; k-- {
		m.putf("        <attribute name=\"%s%d\" type=%q label=\"%s\"/>\n", pick(m, words), k, pick(m, []string{"string", "long", "datetime", "double"}), pick(m, words))
	}
	m.put("        <element name=\"recipient\" type=\"link\" target=\"nms:recipient\"/>\n      </element>\n    </srcSchema>\n")
}
