// Package benchgen writes large, realistic package exports for benchmarks:
// workflows with query and JavaScript activities (E4X queries, escaped and
// CDATA scripts), JavaScript libraries, schema extensions and filters, with
// a sprinkling of the legacy constructs the rules look for, so that the
// measured path includes reporting findings and not only parsing.
package benchgen

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Stats describes what was written.
type Stats struct {
	Bytes    int64
	Entities int
}

type countWriter struct {
	w *bufio.Writer
	n int64
}

func (c *countWriter) WriteString(s string) {
	n, _ := c.w.WriteString(s)
	c.n += int64(n)
}

// Package writes one package export of about size bytes to w. The output
// depends only on size.
func Package(w io.Writer, size int64) (Stats, error) {
	cw := &countWriter{w: bufio.NewWriterSize(w, 1<<16)}
	cw.WriteString("<?xml version='1.0'?>\n<package author=\"Bench (bench)\" buildDate=\"2024-01-01 00:00:00.000Z\" buildNumber=\"8977\" buildVersion=\"6.1\" name=\"bench\" namespace=\"cus\">\n")
	var st Stats
	groups := []struct {
		schema string
		write  func(i int)
	}{
		{"xtk:workflow", func(i int) { workflow(cw, i) }},
		{"xtk:javascript", func(i int) { library(cw, i) }},
		{"xtk:srcSchema", func(i int) { schema(cw, i) }},
		{"xtk:queryFilter", func(i int) { filter(cw, i) }},
	}
	for i := 0; cw.n < size; i++ {
		g := groups[i%len(groups)]
		cw.WriteString(fmt.Sprintf("  <entities schema=\"%s\">\n", g.schema))
		for k := 0; k < 25 && cw.n < size; k++ {
			g.write(i*25 + k)
			st.Entities++
		}
		cw.WriteString("  </entities>\n")
	}
	cw.WriteString("</package>\n")
	st.Bytes = cw.n
	return st, cw.w.Flush()
}

func workflow(w *countWriter, i int) {
	w.WriteString(fmt.Sprintf(`    <workflow form="xtk:workflow" internalName="WKF%06d" label="Nightly import n°%d" modelName="newWorkflow" schema="nms:recipient">
      <activities>
        <start label="Début" name="start" x="48" y="48"><initScript>vars.run = %d;</initScript>
          <transitions><initial name="initial" target="query"/></transitions></start>
        <query label="Active recipients" name="query" schema="nms:recipient" x="200" y="48">
          <select><node expr="@id"/><node expr="@email"/><node expr="Upper(@lastName)" alias="@name"/></select>
          <where displayFilter="Email domain is example.com">
            <condition expr="GetEmailDomain(@email) = 'example.com'"/>
            <condition expr="@created &gt; DaysAgo(30) AND [folder/@name] = 'nmsRootFolder'"/>
`, i, i, i))
	if i%7 == 0 {
		w.WriteString("            <condition expr=\"@id NOT IN ([SQLDATA[SELECT iRecipientId FROM CusBlackList]])\"/>\n")
	}
	w.WriteString(`          </where>
          <transitions><result name="result" target="js"/></transitions>
        </query>
        <js label="Enrich" name="js" x="400" y="48">
          <transitions><done name="done" target="end"/><error name="error"/></transitions>
          <script>// compute the statistics of the run
var query = xtk.queryDef.create(
  &lt;queryDef schema="nms:recipient" operation="select" lineCount="1000"&gt;
    &lt;select&gt;&lt;node expr="@id"/&gt;&lt;node expr="@email"/&gt;&lt;/select&gt;
    &lt;where&gt;&lt;condition expr={"@id &gt; " + vars.lastId}/&gt;&lt;/where&gt;
  &lt;/queryDef&gt;);
var res = query.ExecuteQuery();
for each (var r in res.recipient) {
  if (r.@email.toString().indexOf("@") &lt; 0) logWarning("bad email " + r.@id);
  vars.lastId = Math.max(vars.lastId, parseInt(r.@id, 10));
}
logInfo("done: " + vars.lastId);</script>
        </js>
        <end label="Fin" name="end" x="600" y="48"/>
      </activities>
      <variables/>
      <desc>Generated workflow for benchmarks.</desc>
      <folder _operation="none" name="nmsTechnicalWorkflow"/>
    </workflow>
`)
}

var libraryBody = strings.Repeat(`function cus_util_%[1]d_step(ctx, n) {
  /* process one batch */
  var sql = "SELECT iId FROM CusOrder WHERE iStatus = " + n;
  var res = sqlSelect("order,@id:long", sql);
  var out = <result count={res.order.length()}/>;
  for (var i = 0; i < res.order.length(); i++) {
    out.appendChild(<item id={res.order[i].@id}/>);
  }
  return out.toXMLString();
}
`, 6)

func library(w *countWriter, i int) {
	w.WriteString(fmt.Sprintf(`    <javascript entitySchema="xtk:javascript" img="xtk:javascript.png" label="util%[1]d.js" name="util%[1]d.js" namespace="cus">
      <data><![CDATA[`, i))
	w.WriteString(fmt.Sprintf(libraryBody, i))
	w.WriteString("]]></data>\n    </javascript>\n")
}

func schema(w *countWriter, i int) {
	w.WriteString(fmt.Sprintf(`    <srcSchema entitySchema="xtk:srcSchema" extendedSchema="nms:recipient" label="Recipients %[1]d" mappingType="sql" name="recipient%[1]d" namespace="cus">
      <element name="recipient">
        <attribute name="loyalty%[1]d" type="long" label="Loyalty" sqlname="iLoyalty%[1]d"/>
        <attribute name="segment%[1]d" type="string" length="20" label="Segment"/>
        <attribute name="score%[1]d" type="double" expr="Iif(@loyalty%[1]d &gt; 10, 1.5, 0.5)" label="Score"/>
        <element name="orders%[1]d" type="link" target="cus:order" revLink="recipient" unbound="true" integrity="own">
          <join xpath-dst="@recipient-id" xpath-src="@id"/>
        </element>
      </element>
    </srcSchema>
`, i))
}

func filter(w *countWriter, i int) {
	w.WriteString(fmt.Sprintf(`    <queryFilter label="Segment %[1]d" name="segment%[1]d" schema="nms:recipient">
      <where displayFilter="Segment equal to %[1]d">
        <condition expr="[cus:recipient/@segment%[1]d] = '%[1]d' AND Year(@birthDate) &lt; 2000"/>
      </where>
      <folder _operation="none" name="nmsSegment"/>
    </queryFilter>
`, i))
}
