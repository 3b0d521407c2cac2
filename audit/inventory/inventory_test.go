package inventory

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

const export = `<?xml version="1.0" encoding="UTF-8"?>
<package author="A (a)" buildNumber="8977" buildVersion="6.1" label="L" name="p" namespace="cus" vendor="V">
  <version buildDate="2013-01-09 10:30:18.954Z"/>
  <entities schema="xtk:srcSchema">
    <srcSchema name="order" namespace="cus"><element name="order"/></srcSchema>
    <srcSchema name="recipient" namespace="nms"><element name="recipient"/></srcSchema>
    <srcSchema name="recipient" namespace="cus" extendedSchema="nms:recipient"><element name="recipient"/></srcSchema>
    <srcSchema name="orderLine" namespace="cus" extendedSchema="cus:order"><element name="orderLine"/></srcSchema>
  </entities>
  <entities schema="xtk:workflow">
    <workflow internalName="wkfA">
      <activities>
        <start name="start"/>
        <js name="js1"><script>// comment only
var a = 1;

logInfo("a" + a); /* trailing */</script></js>
        <js name="js2"><script>var b = 2;</script></js>
        <sql name="sql"><script>UPDATE CusOrder SET iFlag = 1
WHERE iId = &lt;%= vars.id %&gt;</script></sql>
        <end name="end"/>
      </activities>
    </workflow>
    <workflow internalName="cleanup"><activities><start name="start"/><end name="end"/></activities></workflow>
  </entities>
  <entities schema="nms:operation">
    <operation internalName="OP1">
      <workflow internalName="OP1_wkf"><activities><query name="query"/><end name="end"/></activities></workflow>
    </operation>
  </entities>
  <entities schema="xtk:jssp">
    <jssp name="page.jssp" namespace="cus"><data><![CDATA[<%@ page import="/nl/core/shared/nl.js" %>
<% var x = request.getParameter("x"); %>
<html><body><%= x %>
<script>
  document.title = "t";
</script>
</body></html>]]></data></jssp>
  </entities>
  <entities schema="xtk:option">
    <option name="NmsServer_URL" stringValue="http://localhost"/>
    <option name="cusDebug" stringValue="1"/>
  </entities>
</package>
`

const serverConf = `<serverConf><shared><dataStore hosts="*"/></shared></serverConf>`

func take(t *testing.T, workers int) *Inventory {
	t.Helper()
	c := New()
	inputs := []*source.Input{source.NewInput("a/package.xml", []byte(export)), source.NewInput("conf/serverConf.xml", []byte(serverConf))}
	res := driver.Run(context.Background(), inputs, driver.Options{OnUnit: c.Add, Workers: workers})
	if len(res.Problems) > 0 {
		t.Fatal(res.Problems)
	}
	return c.Inventory(res)
}

func TestInventory(t *testing.T) {
	inv := take(t, 4)
	if inv.Files != 2 || inv.Entities != 11 || inv.FailedFiles != 0 {
		t.Errorf("files %d, entities %d, failed %d", inv.Files, inv.Entities, inv.FailedFiles)
	}
	want := ClassCounts{Custom: 5, Extension: 2, BuiltInModified: 2, BuiltIn: 2}
	if inv.Classes != want {
		t.Errorf("classes = %+v, want %+v", inv.Classes, want)
	}
	classes := map[string]Class{}
	for _, it := range inv.Items {
		classes[it.ID()] = it.Class
	}
	for id, c := range map[string]Class{
		"xtk:srcSchema cus:order": Custom, "xtk:srcSchema nms:recipient": BuiltInModified, "xtk:srcSchema cus:recipient": Extension,
		"xtk:workflow wkfA": Custom, "xtk:workflow cleanup": BuiltInModified, "xtk:option NmsServer_URL": BuiltIn,
		"xtk:option cusDebug": Custom, "serverConf serverConf.xml": BuiltIn, "nms:operation OP1": Custom,
	} {
		if classes[id] != c {
			t.Errorf("%s: %q, want %q", id, classes[id], c)
		}
	}
	if it := inv.Lookup("xtk:srcSchema cus:recipient"); it == nil || it.Extends != "nms:recipient" {
		t.Errorf("Lookup of the extension = %+v", it)
	}

	exts := []SchemaExtension{
		{Schema: "cus:orderLine", Extends: "cus:order", File: "a/package.xml"},
		{Schema: "cus:recipient", Extends: "nms:recipient", ExtendsBuiltIn: true, File: "a/package.xml"},
	}
	if !reflect.DeepEqual(inv.Extensions, exts) {
		t.Errorf("extensions = %+v", inv.Extensions)
	}

	if len(inv.Activities) != 1 || inv.Activities[0].Kind != "workflow" {
		t.Fatalf("activities = %+v", inv.Activities)
	}
	wf := inv.Activities[0]
	if wf.Containers != 3 || wf.Activities != 9 {
		t.Errorf("workflows %d (nested campaign workflow included), activities %d; want 3 and 9", wf.Containers, wf.Activities)
	}
	got := map[string][2]int{}
	for _, a := range wf.Types {
		got[a.Type] = [2]int{a.Count, a.Containers}
	}
	wantTypes := map[string][2]int{"end": {3, 3}, "start": {2, 2}, "js": {2, 1}, "sql": {1, 1}, "query": {1, 1}}
	if !reflect.DeepEqual(got, wantTypes) {
		t.Errorf("activity types = %v, want %v", got, wantTypes)
	}
	if wf.Types[0].Type != "end" {
		t.Errorf("activity types are not sorted by count: %+v", wf.Types)
	}

	code := map[string]CodeCount{}
	for _, c := range inv.Code {
		code[c.Schema] = c
	}
	// Workflow: two JS lines in js1 (the comment line and the blank line
	// are not code), one in js2, one in the template block of the SQL.
	if c := code["xtk:workflow"]; c.ServerJS != 4 || c.SQL != 2 || c.Blocks != 3 || c.Entities != 1 {
		t.Errorf("workflow code = %+v", c)
	}
	// JSSP: the directive line holds no code, the two server blocks do;
	// one browser line; seven non-blank template lines.
	if c := code["xtk:jssp"]; c.ServerJS != 2 || c.BrowserJS != 1 || c.Template != 7 {
		t.Errorf("jssp code = %+v", c)
	}
	if inv.CodeTotal.JS() != 7 || inv.CodeTotal.Entities != 2 {
		t.Errorf("code total = %+v", inv.CodeTotal)
	}
	if it := inv.Lookup("xtk:workflow wkfA"); it == nil || it.Lines != 6 {
		t.Errorf("lines of wkfA = %+v", it)
	}

	if len(inv.Packages) != 1 {
		t.Fatalf("packages = %+v", inv.Packages)
	}
	p := inv.Packages[0]
	if p.ID() != "cus:p" || p.Vendor != "V" || p.Author != "A (a)" || p.Date != "2013-01-09 10:30:18.954Z" ||
		p.BuildNumber != "8977" || p.SourceVersion != "v6.1" || p.Entities != 10 || p.File != "a/package.xml" {
		t.Errorf("package = %+v", p)
	}
	if p.Contents[0] != (NameCount{Name: "xtk:srcSchema", Count: 4}) {
		t.Errorf("contents = %+v", p.Contents)
	}
	if !reflect.DeepEqual(inv.Versions, []string{"v6.1"}) {
		t.Errorf("versions = %v", inv.Versions)
	}

	ns := map[string]int{}
	for _, n := range inv.Namespaces {
		ns[n.Namespace] = n.Total
		if n.Reserved != (n.Namespace == "nms") {
			t.Errorf("namespace %q reserved = %v", n.Namespace, n.Reserved)
		}
	}
	if !reflect.DeepEqual(ns, map[string]int{"cus": 4, "nms": 1, "": 6}) {
		t.Errorf("namespaces = %v", ns)
	}
	if inv.Types[0].Schema != "xtk:srcSchema" || inv.Types[0].Label != "Data schemas" || inv.Types[0].Total != 4 {
		t.Errorf("types = %+v", inv.Types[0])
	}
}

// The inventory is computed concurrently; its output must not depend on
// the scheduling.
func TestInventoryDeterministic(t *testing.T) {
	a, _ := json.Marshal(take(t, 1))
	for _, w := range []int{2, 8} {
		b, _ := json.Marshal(take(t, w))
		if string(a) != string(b) {
			t.Fatalf("inventory with %d workers differs from one worker", w)
		}
	}
}

func TestEmptyInventoryJSON(t *testing.T) {
	b, err := json.Marshal(New().Inventory(nil))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "null") {
		t.Errorf("empty lists must be [] in JSON: %s", b)
	}
}

func TestClassify(t *testing.T) {
	el := func(attrs string) *xmltree.Element {
		e := &xmltree.Element{Name: "x"}
		for _, kv := range strings.Fields(attrs) {
			k, v, _ := strings.Cut(kv, "=")
			e.Attrs = append(e.Attrs, xmltree.Attr{Name: k, Value: v})
		}
		return e
	}
	tests := []struct {
		schema, ns, key, attrs string
		want                   Class
	}{
		{"xtk:srcSchema", "cus", "cus:order", "", Custom},
		{"xtk:srcSchema", "nms", "nms:recipient", "", BuiltInModified},
		{"xtk:srcSchema", "NMS", "NMS:recipient", "", BuiltInModified},
		{"xtk:srcSchema", "cus", "cus:recipient", "extendedSchema=nms:recipient", Extension},
		{"xtk:schema", "nms", "nms:recipient", "", BuiltIn},
		{"xtk:javascript", "xtk", "xtk:common.js", "", BuiltInModified},
		{"xtk:form", "crm", "crm:x", "", BuiltInModified},
		{"xtk:jssp", "acx", "acx:page.jssp", "", Custom},
		{"xtk:option", "", "XtkPassUnknownSQLFunctionsToRDBMS", "", BuiltIn},
		{"xtk:option", "", "WdbcTimeZone", "", BuiltIn},
		{"xtk:option", "", "acxCustomerName", "", Custom},
		{"xtk:option", "", "nmsx", "", Custom},
		{"xtk:folder", "", "nmsRootFolder", "", BuiltInModified},
		{"xtk:folder", "", "unofficialAccViews", "", Custom},
		{"nms:webApp", "", "deliveryValidation", "", BuiltInModified},
		{"nms:webApp", "", "myForm", "", Custom},
		{"xtk:workflow", "", "WKF5673433", "", Custom},
		{acc.SchemaServerConf, "", "serverConf.xml", "", BuiltIn},
	}
	for _, tt := range tests {
		e := &acc.Entity{Schema: tt.schema, Namespace: tt.ns, Key: tt.key, Root: el(tt.attrs)}
		got, _ := Classify(e)
		if got != tt.want {
			t.Errorf("%s %s: %q, want %q", tt.schema, tt.key, got, tt.want)
		}
	}
}

func BenchmarkCollectorAdd(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<package name="p" namespace="cus"><entities schema="xtk:workflow">`)
	for i := range 200 {
		fmt.Fprintf(&sb, `<workflow internalName="w%d"><activities><js name="js"><script>var a = %d;
logInfo(a);</script></js><end name="end"/></activities></workflow>`, i, i)
	}
	sb.WriteString(`</entities></package>`)
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		c := New()
		res := driver.Run(context.Background(), []*source.Input{source.NewInput("p.xml", data)}, driver.Options{OnUnit: c.Add})
		c.Inventory(res)
	}
}
