package suppress_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/suppress"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// badElement reports every <bad> element; badToken every BAD in code;
// later reports <late> elements as deferred findings.
var (
	badElement = &audit.Rule{ID: "TST-001", Name: "bad-element", Title: "Bad element", Severity: audit.SeverityError, Category: "Test",
		Run: func(p *audit.Pass) {
			p.Entity.Root.Walk(func(el *xmltree.Element) bool {
				if el.LocalName() == "bad" {
					p.ReportElement(el, "bad element")
				}
				return true
			})
		}}
	badToken = &audit.Rule{ID: "TST-002", Name: "bad-token", Title: "Bad token", Severity: audit.SeverityWarning, Category: "Test",
		Run: func(p *audit.Pass) {
			for _, c := range p.Code() {
				for i := 0; ; {
					k := strings.Index(c.Text[i:], "BAD")
					if k < 0 {
						break
					}
					p.ReportValue(c.Span, i+k, i+k+3, "BAD token")
					i += k + 3
				}
			}
		}}
	late = &audit.Rule{ID: "OTH-001", Name: "late", Title: "Late", Severity: audit.SeverityInfo, Category: "Test",
		Run: func(p *audit.Pass) {
			p.Entity.Root.Walk(func(el *xmltree.Element) bool {
				if el.LocalName() == "late" {
					f := p.Newf(el.Start, el.Start+5, "late element")
					p.Defer(f, func(*audit.Index, *audit.Finding) bool { return true })
				}
				return true
			})
		}}
	registry = []*audit.Rule{badElement, badToken, late}
)

// scan runs the rules on files (name, content pairs) with the directive
// hook, then applies suppressions.
func scan(t *testing.T, file *suppress.File, ran []*audit.Rule, files ...string) *driver.Result {
	t.Helper()
	var inputs []*source.Input
	for i := 0; i < len(files); i += 2 {
		inputs = append(inputs, source.NewInput(files[i], []byte(files[i+1])))
	}
	sc := suppress.NewScanner(file)
	res := driver.Run(context.Background(), inputs, driver.Options{Rules: ran, Directives: sc.Directives, Workers: 2})
	for _, p := range res.Problems {
		t.Fatalf("problem: %s", p)
	}
	suppress.Apply(res, suppress.Options{Registry: registry, File: file, Scanner: sc,
		Now: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)})
	return res
}

// lines lists findings as "RULE@line" (active) and "~RULE@line" (suppressed).
func lines(res *driver.Result) string {
	var out []string
	for _, f := range res.Findings.Slice() {
		out = append(out, fmt.Sprintf("%s@%d", f.RuleID, f.Line))
	}
	for _, f := range res.Suppressed.Slice() {
		out = append(out, fmt.Sprintf("~%s@%d", f.RuleID, f.Line))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func check(t *testing.T, res *driver.Result, want string) {
	t.Helper()
	w := strings.Fields(want)
	sort.Strings(w)
	if got := lines(res); got != strings.Join(w, " ") {
		t.Errorf("findings:\n got %s\nwant %s", got, strings.Join(w, " "))
		for _, f := range res.Findings.Slice() {
			t.Logf("  %s %d:%d %s", f.RuleID, f.Line, f.Col, f.Message)
		}
	}
}

func TestXMLCommentBeforeElementCoversItsSubtree(t *testing.T) {
	doc := `<queryFilter name="f">
  <!-- acc-audit:ignore TST-001 legacy block, rewritten in Q3 -->
  <group>
    <bad/>
    <inner><bad/></inner>
  </group>
  <bad/>
</queryFilter>
`
	res := scan(t, nil, registry, "a.xml", doc)
	check(t, res, "~TST-001@4 ~TST-001@5 TST-001@7")
	s := res.Suppressed.Slice()[0].Suppressions[0]
	if s.Kind != audit.SuppressInSource || s.Justification != "legacy block, rewritten in Q3" || s.Location != "a.xml:2" {
		t.Errorf("suppression %+v", s)
	}
}

func TestXMLCommentAtEndOfLineCoversTheLine(t *testing.T) {
	doc := `<queryFilter name="f">
  <bad/> <!-- acc-audit:ignore bad-element: kept for the v6 client -->
  <bad/>
  <group><bad/></group> <!-- acc-audit:ignore TST: whole family -->
</queryFilter>
`
	check(t, scan(t, nil, registry, "a.xml", doc), "~TST-001@2 TST-001@3 ~TST-001@4")
}

func TestCommentBeforeEntityCoversIt(t *testing.T) {
	doc := `<package name="p" namespace="cus" buildVersion="6.1">
  <entities schema="xtk:queryFilter">
    <!-- acc-audit:ignore TST-001 this filter is dropped before go-live -->
    <queryFilter name="f">
      <bad/>
    </queryFilter>
    <queryFilter name="g">
      <bad/>
    </queryFilter>
  </entities>
</package>
`
	res := scan(t, nil, registry, "pkg.xml", doc)
	check(t, res, "~TST-001@5 TST-001@8")
	if loc := res.Suppressed.Slice()[0].Suppressions[0].Location; loc != "pkg.xml:3" {
		t.Errorf("location of a leading directive: %s", loc)
	}
}

func TestScriptDirectives(t *testing.T) {
	doc := `<workflow internalName="WKF1">
  <activities>
    <js name="js1">
      <script><![CDATA[
// acc-audit:ignore TST-002 reviewed with the team
var a = BAD;
var b = BAD; // acc-audit:ignore TST-002 end of line
var c = BAD;
/* acc-audit:ignore bad-token reason in a block comment */

var d = BAD;
var e = BAD; /* acc-audit:ignore TST-002 */
]]></script>
    </js>
  </activities>
</workflow>
`
	res := scan(t, nil, registry, "wkf.xml", doc)
	check(t, res, "~TST-002@6 ~TST-002@7 TST-002@8 ~TST-002@11 TST-002@12 SUP-002@12")
}

func TestTemplateHTMLComment(t *testing.T) {
	doc := `<jssp name="page" namespace="cus">
  <data><![CDATA[<html>
<!-- acc-audit:ignore TST-002 a static page -->
<% var x = BAD; %>
<% var y = BAD; %>
</html>]]></data>
</jssp>
`
	check(t, scan(t, nil, registry, "page.xml", doc), "~TST-002@4 TST-002@5")
}

func TestInvalidDirectives(t *testing.T) {
	doc := `<queryFilter name="f">
  <!-- acc-audit:ignore TST-001 -->
  <bad/>
  <!-- acc-audit:ignore -->
  <bad/>
  <!-- acc-audit:ignore NOPE-001 typo in the rule -->
  <bad/>
</queryFilter>
`
	res := scan(t, nil, registry, "a.xml", doc)
	check(t, res, "SUP-002@2 TST-001@3 SUP-002@4 TST-001@5 SUP-002@6 TST-001@7")
	var msgs []string
	for _, f := range res.Findings.Slice() {
		if f.RuleID == "SUP-002" {
			msgs = append(msgs, f.Message)
		}
	}
	for i, w := range []string{"gives no reason", "names no rule", `names unknown rule "NOPE-001"`} {
		if !strings.Contains(msgs[i], w) {
			t.Errorf("message %q lacks %q", msgs[i], w)
		}
	}
}

func TestUnusedDirectives(t *testing.T) {
	doc := `<queryFilter name="f">
  <!-- acc-audit:ignore TST-001 nothing bad below any more -->
  <fine/>
  <!-- acc-audit:ignore TST-002 only reported when TST-002 ran -->
  <fine/>
</queryFilter>
`
	check(t, scan(t, nil, registry, "a.xml", doc), "SUP-001@2 SUP-001@4")
	// A directive naming a rule that did not run is not known to be unused.
	check(t, scan(t, nil, []*audit.Rule{badElement}, "a.xml", doc), "SUP-001@2")
}

func TestDeferredFindingsAreSuppressed(t *testing.T) {
	doc := `<queryFilter name="f">
  <!-- acc-audit:ignore OTH-001 decided after the scan, still suppressed -->
  <late/>
  <late/>
</queryFilter>
`
	check(t, scan(t, nil, registry, "a.xml", doc), "~OTH-001@3 OTH-001@4")
}

const fileDoc = `<package name="p" namespace="cus">
  <entities schema="xtk:workflow">
    <workflow internalName="WKF_a">
      <activities><js name="js1"><bad/></js><js name="js2"><bad/></js></activities>
    </workflow>
    <workflow internalName="WKF_b"><bad/></workflow>
    <workflow internalName="WKF_c"><bad/></workflow>
  </entities>
</package>
`

func knownRule(n string) bool {
	for _, r := range registry {
		if strings.EqualFold(r.ID, n) || strings.EqualFold(r.Name, n) || strings.HasPrefix(r.ID, strings.ToUpper(n)+"-") {
			return true
		}
	}
	return false
}

func TestSuppressionFile(t *testing.T) {
	// Fingerprints come from a first scan.
	plain := scan(t, nil, registry, "pkg.xml", fileDoc)
	fpC := ""
	for _, f := range plain.Findings.Slice() {
		if f.EntityKey == "WKF_c" {
			fpC = f.Fingerprint
		}
	}
	yaml := fmt.Sprintf(`suppressions:
  - rule: TST-001
    entity: xtk:workflow WKF_a
    place: "activities/js[@name='js1']*"
    reason: js1 is replaced by the new import
  - rule: bad-element
    entity: "xtk:workflow WKF_b"
    reason: WKF_b is decommissioned
    expires: 2025-12-31
  - rule: TST
    entity: xtk:workflow WKF_*
    fingerprint: %q
    reason: one finding only
    expires: 2026-06-01
  - rule: TST-001
    entity: xtk:workflow WKF_gone
    reason: about an entity that does not exist
  - rule: TST-001
    entity: xtk:workflow WKF_b
    place: nowhere
    reason: matches nothing
`, fpC)
	f, err := suppress.Parse(".acc-audit-suppressions.yaml", []byte(yaml), knownRule, nil)
	if err != nil {
		t.Fatal(err)
	}
	res := scan(t, f, registry, "pkg.xml", fileDoc)
	// js1 suppressed; js2 kept; WKF_b reported again (expired entry) with
	// SUP-003 at the entry; WKF_c suppressed by fingerprint (expires
	// today: still valid); the last entry is unused; WKF_gone is no
	// entity of the scan, which is reported too (a typo would otherwise
	// leave its findings unsuppressed without a word).
	check(t, res, "~TST-001@4 TST-001@4 TST-001@6 ~TST-001@7 SUP-003@6 SUP-001@15 SUP-001@18")
	gone := false
	for _, fd := range res.Findings.Slice() {
		if fd.RuleID == "SUP-001" && fd.Line == 15 && strings.Contains(fd.Message, "WKF_gone names no entity of the scan") {
			gone = true
		}
	}
	if !gone {
		t.Error("the entry naming a missing entity is not reported as such")
	}
	// The entry about a scanned entity says so, not that the entity is
	// missing: the scanner saw WKF_b.
	unused := false
	for _, fd := range res.Findings.Slice() {
		if fd.RuleID == "SUP-001" && fd.Line == 18 && strings.Contains(fd.Message, "WKF_b matches no finding: remove it from the suppression file") {
			unused = true
		}
	}
	if !unused {
		t.Error("the unused entry about a scanned entity is not reported as unused")
	}
	for _, fd := range res.Findings.Slice() {
		if strings.HasPrefix(fd.RuleID, "SUP") && fd.File != ".acc-audit-suppressions.yaml" {
			t.Errorf("%s is not located in the suppression file: %s", fd.RuleID, fd.File)
		}
	}
	for _, s := range res.Suppressed.Slice() {
		if s.Suppressions[0].Kind != audit.SuppressExternal {
			t.Errorf("kind %s", s.Suppressions[0].Kind)
		}
	}
}

func TestSuppressionFileErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"suppressions:\n  - rule: TST-001\n    entity: x y\n", "s.yaml:2:11: suppression of TST-001 on x y: reason is required"},
		{"suppressions:\n  - rule: TST-001\n    reason: r\n", "s.yaml:2:11: suppression of TST-001: entity is required"},
		{"suppressions:\n  - rule: NOPE-009\n    entity: x y\n    reason: r\n", `s.yaml:2:11: unknown rule "NOPE-009"`},
		{"suppressions:\n  - rule: TST-001\n    entity: x y\n    reason: r\n    expires: 31/01/2027\n", "s.yaml:5:14: expires must be a date written YYYY-MM-DD"},
		{"suppressions:\n  - rule: TST-001\n    entity: x y\n    reason: r\n    expire: 2027-01-31\n", `s.yaml:5:5: unknown key "expire"`},
		{"suppression:\n  - rule: TST-001\n", `s.yaml:1:1: unknown key "suppression"`},
	}
	for _, tt := range tests {
		_, err := suppress.Parse("s.yaml", []byte(tt.src), knownRule, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q:\n got %v\nwant %s", tt.src, err, tt.want)
		}
	}
}
