package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"html"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/inventory"
	"github.com/acc-audit/acc-audit/audit/source"
)

// hostile are strings that would run script, load resources or break out of
// a context if an export could inject them into the report.
var hostile = []string{
	`</script><script>alert(1)</script>`,
	`"><img src=x onerror=alert(1)>`,
	`javascript:alert(1)`,
	`{{.}}{{template "report"}}`,
	"sep\u2028arated\u2029",
	`</style><style>*{display:none}</style>`,
	`<svg onload=alert(1)>`,
	`'><a href='javascript:alert(1)'>x</a>`,
	`<!-- -->`,
}

var hostilePayload = strings.Join(hostile, " ")

// hostileExport holds the payload in every place an export can: package
// header, identities, labels, attribute values (hence messages), and a CDATA
// script whose raw line becomes an excerpt.
func hostileExport() string {
	a := html.EscapeString(hostilePayload)
	return `<?xml version="1.0" encoding="UTF-8"?>
<package name="` + a + `" namespace="cus" label="` + a + `" vendor="` + a + `" author="` + a + `" buildVersion="6.1" buildNumber="` + a + `">
  <entities schema="xtk:srcSchema">
    <srcSchema name="` + a + `" namespace="cus" label="` + a + `">
      <element name="x"><attribute name="` + a + `" flag="bad" label="` + a + `" note="` + a + `"/></element>
    </srcSchema>
    <srcSchema name="` + a + `" namespace="` + a + `" extendedSchema="` + a + `"/>
  </entities>
  <entities schema="xtk:workflow">
    <workflow internalName="` + a + `" label="` + a + `">
      <activities>
        <js name="` + a + `"><danger/><script><![CDATA[var s = "` + strings.ReplaceAll(hostilePayload, "]]>", "") + `";]]></script></js>
      </activities>
    </workflow>
  </entities>
</package>
`
}

// hostileMigration scans the hostile export under a hostile file name, then
// adds a finding, a rule and a problem whose every field is hostile.
func hostileMigration(t *testing.T) *Migration {
	t.Helper()
	inv := inventory.New()
	rule := &audit.Rule{ID: "TST-666", Name: "evil", Title: hostilePayload, Severity: audit.SeverityError, Category: hostilePayload,
		Compat: []string{hostilePayload},
		Doc: audit.Doc{Rationale: hostilePayload + " `" + hostilePayload + "`", Remediation: "`" + hostilePayload + "` " + hostilePayload,
			URL: "javascript:alert(1)"}}
	rules := append(append([]*audit.Rule{}, testRules...), rule)
	in := source.NewInput(hostilePayload+".xml", []byte(hostileExport()))
	res := driver.Run(context.Background(), []*source.Input{in}, driver.Options{Rules: rules, OnUnit: inv.Add})
	if res.Findings.Len() < 3 {
		t.Fatalf("the hostile export gave %d findings, want at least 3: %v", res.Findings.Len(), res.Problems)
	}
	res.Findings = audit.SortedFindingList(append(res.Findings.Slice(), audit.Finding{
		RuleID: rule.ID, Severity: audit.SeverityError, File: hostilePayload, Line: 1, Col: 1,
		Entity: hostilePayload, EntitySchema: hostilePayload, EntityKey: hostilePayload, Place: hostilePayload,
		Compat: []string{hostilePayload}, Message: hostilePayload, Excerpt: hostilePayload, Fingerprint: hostilePayload,
	}))
	res.Problems = append(res.Problems, audit.Problem{File: hostilePayload, Line: 2, Col: 3, Severity: audit.SeverityError, Message: hostilePayload})
	return NewMigration(res, inv.Inventory(res), MigrationOptions{ToolName: "acc-audit", ToolVersion: hostilePayload,
		Title: hostilePayload, Inputs: []string{hostilePayload}})
}

// allowedTags are the elements the report template writes. Anything else
// in the output came from the data.
var allowedTags = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`html head meta title style body a header div p h1 h2 h3 h4 h5 dl dt dd code nav ol li
		main section strong ul span figure figcaption svg desc circle text table caption thead tbody tr th td rect br em
		details summary article form label input fieldset legend select option button pre footer script`) {
		allowedTags[n] = true
	}
}

type htmlTag struct {
	name  string
	end   bool
	attrs [][2]string // name, raw value
}

// tokenize reads HTML the way a browser's tokenizer does for the subset the
// template writes: tags with quoted or bare attributes, comments, the
// doctype, and raw text inside script and style. It fails on any "<" in
// text that is not a tag, which escaped output never holds.
func tokenize(t *testing.T, s string) (tags []htmlTag, raw map[string][]string, text string) {
	t.Helper()
	raw = map[string][]string{}
	var tb strings.Builder
	i := 0
	for i < len(s) {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			tb.WriteString(s[i:])
			break
		}
		tb.WriteString(s[i : i+j])
		i += j
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			k := strings.Index(rest, "-->")
			if k < 0 {
				t.Fatalf("unterminated comment at %d", i)
			}
			i += k + 3
			continue
		case strings.HasPrefix(rest, "<!"):
			i += strings.IndexByte(rest, '>') + 1
			continue
		case len(rest) < 2 || !(isASCIILetter(rest[1]) || rest[1] == '/'):
			t.Fatalf("unescaped < in text at offset %d: %q", i, rest[:min(40, len(rest))])
		}
		tag := htmlTag{}
		p := 1
		if rest[p] == '/' {
			tag.end = true
			p++
		}
		start := p
		for p < len(rest) && (isASCIILetter(rest[p]) || (rest[p] >= '0' && rest[p] <= '9') || rest[p] == '-' || rest[p] == ':') {
			p++
		}
		tag.name = strings.ToLower(rest[start:p])
		for {
			for p < len(rest) && strings.IndexByte(" \t\n\r\f/", rest[p]) >= 0 {
				p++
			}
			if p >= len(rest) {
				t.Fatalf("unterminated tag %q", tag.name)
			}
			if rest[p] == '>' {
				p++
				break
			}
			ns := p
			for p < len(rest) && strings.IndexByte(" \t\n\r\f/=>", rest[p]) < 0 {
				p++
			}
			name := strings.ToLower(rest[ns:p])
			value := ""
			if p < len(rest) && rest[p] == '=' {
				p++
				if q := rest[p]; q == '"' || q == '\'' {
					k := strings.IndexByte(rest[p+1:], q)
					if k < 0 {
						t.Fatalf("unterminated attribute %s", name)
					}
					value = rest[p+1 : p+1+k]
					p += k + 2
				} else {
					vs := p
					for p < len(rest) && strings.IndexByte(" \t\n\r\f>", rest[p]) < 0 {
						p++
					}
					value = rest[vs:p]
				}
			}
			tag.attrs = append(tag.attrs, [2]string{name, value})
		}
		i += p
		tags = append(tags, tag)
		if !tag.end && (tag.name == "script" || tag.name == "style") {
			k := strings.Index(strings.ToLower(s[i:]), "</"+tag.name)
			if k < 0 {
				t.Fatalf("unterminated %s", tag.name)
			}
			raw[tag.name] = append(raw[tag.name], s[i:i+k])
			i += k
		}
	}
	return tags, raw, tb.String()
}

func isASCIILetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

func TestHTMLHostileContentIsInert(t *testing.T) {
	m := hostileMigration(t)
	var b bytes.Buffer
	if err := HTML(&b, m); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	res, err := htmlPage()
	if err != nil {
		t.Fatal(err)
	}
	tags, raw, text := tokenize(t, out)

	// One script runs, the report's own; the other is the data island,
	// which browsers do not execute.
	var scripts []string
	k := 0
	for _, tag := range tags {
		if tag.name != "script" || tag.end {
			continue
		}
		if len(tag.attrs) == 2 && tag.attrs[0] == [2]string{"type", "application/json"} && tag.attrs[1] == [2]string{"id", "report-data"} {
			k++
			continue
		}
		scripts = append(scripts, raw["script"][k])
		k++
	}
	if len(scripts) != 1 || scripts[0] != res.js || len(raw["script"]) != 2 {
		t.Errorf("want exactly one script element, holding the report's own script, and the data island; got %d and %d", len(scripts), len(raw["script"]))
	}
	style := res.css + pageCSS(m)
	if len(raw["style"]) != 1 || raw["style"][0] != style {
		t.Errorf("want exactly one style element, holding the report's own style sheet; got %d", len(raw["style"]))
	}
	// The page header and footer quote the title and version, hostile here:
	// every character that could end the string, the rule or the element is
	// escaped.
	if page := pageCSS(m); strings.ContainsAny(strings.ReplaceAll(page, `"Page " counter(page) " of " counter(pages)`, ""), "<>'`") ||
		strings.Count(page, `"`) != 2*3+4 {
		t.Errorf("page header and footer let text through unescaped: %s", page)
	}
	csp := ""
	for _, tag := range tags {
		if !allowedTags[tag.name] {
			t.Errorf("element <%s> is not written by the template: injected", tag.name)
		}
		for _, a := range tag.attrs {
			name, value := a[0], html.UnescapeString(a[1])
			if strings.HasPrefix(name, "on") {
				t.Errorf("event handler attribute %s=%q on <%s>", name, value, tag.name)
			}
			if name == "style" {
				t.Errorf("style attribute on <%s>: the policy allows none", tag.name)
			}
			switch name {
			case "href", "src", "action", "formaction", "xlink:href", "data", "poster":
				v := strings.ToLower(strings.TrimSpace(value))
				if !strings.HasPrefix(v, "#") && !strings.HasPrefix(v, "https://") && !strings.HasPrefix(v, "http://") {
					t.Errorf("<%s %s=%q>: only anchors and web links may be linked", tag.name, name, value)
				}
			}
			if tag.name == "meta" && name == "content" && strings.Contains(value, "default-src") {
				csp = value
			}
		}
	}

	// The policy names the script and style by hash, and nothing else runs.
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	for _, want := range []string{"default-src 'none'", "script-src " + hash(res.js), "style-src " + hash(style), "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("Content-Security-Policy allows unsafe code: %q", csp)
	}

	// Every payload is shown as text: escaped, not dropped, in the page
	// or in the findings' data the script writes as text.
	island, findings := dataIsland(t, out)
	var data strings.Builder
	for _, f := range findings {
		data.WriteString(strings.Join([]string{f.Message, f.Place, f.Excerpt, f.Entity, f.File, f.Label}, " "))
	}
	shown := html.UnescapeString(text) + " " + data.String()
	if strings.Contains(island, "<") {
		t.Error("markup in the data island")
	}
	for _, h := range hostile {
		if !strings.Contains(shown, h) {
			t.Errorf("payload %q does not show as text", h)
		}
	}
	if strings.Count(shown, hostilePayload) < 10 {
		t.Errorf("the hostile strings should show in many places, found %d", strings.Count(shown, hostilePayload))
	}
	if strings.ContainsAny(strings.Join(raw["script"], ""), "\u2028\u2029") {
		t.Error("line separators inside the script")
	}
}

func TestHTMLExample(t *testing.T) {
	m := scanTestdata(t, 2, "export.xml")
	var b bytes.Buffer
	if err := HTML(&b, m); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	tags, _, text := tokenize(t, out)
	areas := 0
	ids := map[string]bool{}
	// The findings are data; the script draws each entity's findings
	// under its anchor, and draws it when a link leads there.
	_, data := dataIsland(t, out)
	findings := len(data)
	for _, f := range data {
		ids[f.Anchor] = true
	}
	for _, tag := range tags {
		for _, a := range tag.attrs {
			if a[0] == "class" && strings.HasPrefix(a[1], "finding ") && tag.name == "li" {
				t.Error("a finding written as markup: findings are data, drawn by the script")
			}
			if a[0] == "class" && a[1] == "area" {
				areas++
			}
			if a[0] == "id" {
				if ids[a[1]] {
					t.Errorf("duplicate id %q", a[1])
				}
				ids[a[1]] = true
			}
		}
	}
	if findings != m.Result.Findings.Len() || areas != len(m.Areas) {
		t.Errorf("%d findings in %d areas rendered, want %d in %d", findings, areas, m.Result.Findings.Len(), len(m.Areas))
	}
	for _, tag := range tags {
		for _, a := range tag.attrs {
			if a[0] == "href" && strings.HasPrefix(a[1], "#") && !ids[strings.TrimPrefix(a[1], "#")] {
				t.Errorf("link to missing anchor %s", a[1])
			}
		}
	}
	shown := html.UnescapeString(text)
	for _, want := range []string{
		"Executive summary", "Effort estimate and complexity", "Inventory of the export", "Checks performed",
		"Top 4 entities at risk", "8 h", "1 person-day", "cus:reportTest", "Acme & Co", "nms:recipient",
		"modified built-in", "Never fires", "Remove flag=\"bad\" and keep *the rest*.",
	} {
		if !strings.Contains(shown, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Remediation backticks become code elements.
	if !strings.Contains(out, "<code>flag=&#34;bad&#34;</code>") {
		t.Error("remediation code spans are not rendered as <code>")
	}
	if !strings.Contains(out, `<svg viewBox="0 0 42 42" role="img"`) {
		t.Error("no severity donut")
	}
	if strings.Contains(out, "javascript:") {
		t.Error("a javascript: URL from rule documentation reached the report")
	}
}

func TestDonutAndBars(t *testing.T) {
	segs := donut(Counts{Error: 1, Warning: 1, Info: 2})
	if len(segs) != 3 || segs[0].Len != 25 || segs[2].Len != 50 || segs[1].Offset != 0 || segs[2].Offset != -25 {
		t.Errorf("donut = %+v", segs)
	}
	if donut(Counts{}) != nil {
		t.Error("an empty donut has no segments")
	}
	bars := sevBar(Counts{Error: 2, Info: 2}, 8)
	if len(bars) != 2 || bars[0].W != 25 || bars[1].X != 25 || bars[1].Class != "info" {
		t.Errorf("bars = %+v", bars)
	}
	for in, want := range map[string]string{
		"https://example.com/a?b=c#d": "https://example.com/a?b=c#d", "javascript:alert(1)": "", "data:text/html,x": "",
		"//evil.example/x": "", " JAVASCRIPT:alert(1)": "", "http://x": "http://x", "https://": "",
	} {
		if got := httpURL(in); got != want {
			t.Errorf("httpURL(%q) = %q, want %q", in, got, want)
		}
	}
}
