package driver_test

import (
	"context"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// spanRule reports, on every <node>, its whole start tag, its id
// attribute, and each "TODO" of its text: the shapes of report a rule can
// make.
var spanRule = &audit.Rule{ID: "TST-001", Name: "spans", Title: "Spans", Severity: audit.SeverityInfo, Category: "Test",
	Run: func(p *audit.Pass) {
		p.Entity.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() != "node" {
				return true
			}
			p.Reportf(el.Start, el.StartTagEnd, "node")
			if a := el.AttrNode("id"); a != nil {
				p.ReportAttr(a, "internal id")
			}
			if text, span, ok := el.Text(); ok {
				for i := 0; ; {
					k := strings.Index(text[i:], "TODO")
					if k < 0 {
						break
					}
					p.ReportValue(span, i+k, i+k+4, "todo")
					i += k + 4
				}
			}
			return true
		})
	}}

func fingerprints(t *testing.T, name, doc string) map[string]bool {
	t.Helper()
	res := driver.Run(context.Background(), []*source.Input{source.NewInput(name, []byte(doc))}, driver.Options{Rules: []*audit.Rule{spanRule}})
	if len(res.Problems) > 0 {
		t.Fatal(res.Problems)
	}
	out := map[string]bool{}
	for _, f := range res.Findings.Slice() {
		out[f.Fingerprint] = true
	}
	if len(out) != res.Findings.Len() {
		t.Fatalf("%d findings share %d fingerprints", res.Findings.Len(), len(out))
	}
	return out
}

const fpDoc = `<package name="p" namespace="cus" buildDate="2020-01-01 00:00:00.000Z">
  <entities schema="xtk:workflow">
    <workflow internalName="W" lastModified="2020-01-01 00:00:00.000Z">
      <node id="17" name="a" created="2020-01-01 00:00:00.000Z" md5="AAAA" kind="x">TODO one &amp; TODO two</node>
      <node name="b" kind="y"><![CDATA[TODO three]]></node>
    </workflow>
  </entities>
</package>
`

func TestFingerprintsIgnoreReexportNoise(t *testing.T) {
	want := fingerprints(t, "a.xml", fpDoc)
	if len(want) != 6 {
		t.Fatalf("%d findings", len(want))
	}
	variants := map[string]string{
		"timestamps, md5, ids": strings.NewReplacer("2020-01-01 00:00:00.000Z", "2026-05-05 10:10:10.000Z", `md5="AAAA"`, `md5="BBBB"`, `id="17"`, `id="90210"`).Replace(fpDoc),
		"attribute order":      strings.Replace(fpDoc, `<node id="17" name="a" created="2020-01-01 00:00:00.000Z" md5="AAAA" kind="x">`, `<node kind="x" md5="AAAA" name="a" id="17" created="2020-01-01 00:00:00.000Z">`, 1),
		"line shifts":          strings.Replace(fpDoc, "<entities", "\n\n<!-- moved -->\n  <entities", 1),
		"CRLF":                 strings.ReplaceAll(fpDoc, "\n", "\r\n"),
		"indentation":          strings.ReplaceAll(fpDoc, "      <node", "\t\t<node"),
		"escaping":             strings.Replace(fpDoc, "TODO one &amp; TODO two", "<![CDATA[TODO one & TODO two]]>", 1),
		"package renamed":      strings.Replace(fpDoc, `name="p"`, `name="p2"`, 1),
	}
	for name, doc := range variants {
		got := fingerprints(t, "renamed/elsewhere.xml", doc)
		for fp := range want {
			if !got[fp] {
				t.Errorf("%s: fingerprint %s lost (now %v)", name, fp, got)
			}
		}
	}
	// A real change to an element changes its fingerprints, not the
	// others'.
	got := fingerprints(t, "a.xml", strings.Replace(fpDoc, `kind="y"`, `kind="z"`, 1))
	kept := 0
	for fp := range want {
		if got[fp] {
			kept++
		}
	}
	if kept != 5 {
		t.Errorf("changing one attribute of node b kept %d fingerprints of 6, want 5", kept)
	}
}
