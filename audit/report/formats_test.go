package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/report"
	"github.com/acc-audit/acc-audit/audit/suppress"
)

// updateGolden is the package's -update flag, shared with the other golden
// tests of the package (one test binary can define a flag only once).
func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata")
	}
}

var (
	sqlRule = &audit.Rule{ID: "SQL-001", Name: "sqldata-in-expression", Title: "SQLData in an expression",
		Severity: audit.SeverityError, Category: "SQLData and raw SQL",
		Doc: audit.Doc{Rationale: "v7 rejects [SQLDATA[ unless allowSQLInjection is set.", Remediation: "Rewrite with sub-queries.",
			Bad: `<condition expr="[SQLDATA[x]]"/>`, Good: `<condition expr="@id > 0"/>`, URL: "https://example.com/sqldata"}}
	zoneRule = &audit.Rule{ID: "CONF-002", Name: "zone-allows-sql-injection", Title: `Security zone left with allowSQLInjection="true"`,
		Severity: audit.SeverityWarning, Category: "Server configuration",
		Doc: audit.Doc{Rationale: "Re-opens SQL injection.", Remediation: "Set it to false.",
			Bad: `<securityZone allowSQLInjection="true"/>`, Good: `<securityZone allowSQLInjection="false"/>`, URL: "https://example.com/zones"}}
	cusRule = &audit.Rule{ID: "CUS-001", Name: "test-sender", Title: "Test sender address", Severity: audit.SeverityInfo,
		Category: "Custom rules", Doc: audit.Doc{Rationale: "Test addresses must not reach production.", Remediation: "Use the brand address."}}
)

// sample is a result exercising every part of the formats: findings of
// each severity, a security rule, paths under and outside the base, an
// archive entry with a space, standard input, non-ASCII text, characters
// that need escaping, suppressed findings of both kinds, a pseudo-rule
// finding, input problems, baseline and truncation counts.
func sample() *driver.Result {
	return &driver.Result{
		Rules:    []*audit.Rule{zoneRule, sqlRule, cusRule},
		Entities: 4,
		Bytes:    4096,
		Files: []driver.FileInfo{
			{Name: "/src/export/pkg.xml", Encoding: "UTF-8", Entities: 2, Bytes: 2048},
			{Name: "/src/export/clean.xml", Encoding: "UTF-8", Entities: 1, Bytes: 512},
			{Name: "/src/archive.zip!/dir/a b.xml", Encoding: "ISO-8859-1", Entities: 1, Bytes: 1024},
			{Name: "/src/export/broken.xml", Encoding: "UTF-8", Bytes: 512, Failed: true},
			{Name: "/elsewhere/conf/serverConf.xml", Encoding: "UTF-8", Entities: 1, Bytes: 256},
		},
		Findings: audit.NewFindingList([]audit.Finding{
			{RuleID: "CONF-002", Severity: audit.SeverityWarning, File: "/elsewhere/conf/serverConf.xml", Line: 4, Col: 17, EndLine: 4, EndCol: 41,
				Entity: "serverConf serverConf.xml", EntitySchema: "serverConf", EntityKey: "serverConf.xml", Place: "securityZone[@name='public']",
				Message: `allowSQLInjection="true" on zone public`, Excerpt: `<securityZone allowSQLInjection="true" name="public">`, Fingerprint: "0c0ffee00000000000000001:0"},
			{RuleID: "CUS-001", Severity: audit.SeverityInfo, File: "/src/archive.zip!/dir/a b.xml", Line: 2, Col: 30, EndLine: 2, EndCol: 46,
				Entity: "nms:delivery DM42", EntitySchema: "nms:delivery", EntityKey: "DM42", Place: "mailParameters",
				Message: "test sender qa@example.com in « Relance été »", Excerpt: `<mailParameters senderAddress="qa@example.com"/>`, Fingerprint: "0c0ffee00000000000000002:0"},
			{RuleID: "SQL-001", Severity: audit.SeverityError, File: "/src/export/pkg.xml", Line: 12, Col: 26, EndLine: 12, EndCol: 35,
				Entity: "xtk:queryFilter goldRecent", EntitySchema: "xtk:queryFilter", EntityKey: "goldRecent", Place: "filter/where/condition",
				Message: "raw SQL fragment [SQLDATA[ in expr of <condition> & more", Excerpt: `<condition expr="@id IN ([SQLDATA[SELECT 1]])"/>`,
				Compat: []string{"PU-0006"}, Fingerprint: "0c0ffee00000000000000003:0"},
			{RuleID: "SUP-001", Severity: audit.SeverityInfo, File: "/src/export/pkg.xml", Line: 20, Col: 3, EndLine: 20, EndCol: 19,
				Entity: "xtk:queryFilter goldRecent", EntitySchema: "xtk:queryFilter", EntityKey: "goldRecent",
				Message: "suppression of SQL-002 matches no finding: remove it", Fingerprint: "0c0ffee00000000000000004:0"},
		}),
		Suppressed: audit.NewFindingList([]audit.Finding{
			{RuleID: "SQL-001", Severity: audit.SeverityError, File: "/src/export/pkg.xml", Line: 15, Col: 26, EndLine: 15, EndCol: 35,
				Entity: "xtk:queryFilter goldRecent", EntitySchema: "xtk:queryFilter", EntityKey: "goldRecent", Place: "filter/where/condition",
				Message: "raw SQL fragment [SQLDATA[ in expr of <condition>", Fingerprint: "0c0ffee00000000000000003:1",
				Suppressions: []audit.Suppression{{Kind: audit.SuppressInSource, Justification: "checked with the DBA", Location: "/src/export/pkg.xml:14"}}},
			{RuleID: "SQL-001", Severity: audit.SeverityError, File: "/src/export/pkg.xml", Line: 18, Col: 26, EndLine: 18, EndCol: 35,
				Entity: "xtk:queryFilter goldRecent", EntitySchema: "xtk:queryFilter", EntityKey: "goldRecent", Place: "filter/where/condition",
				Message: "raw SQL fragment [SQLDATA[ in expr of <condition>", Fingerprint: "0c0ffee00000000000000003:2",
				Suppressions: []audit.Suppression{{Kind: audit.SuppressExternal, Justification: "rewritten in sprint 12", Location: ".acc-audit-suppressions.yaml:3", Expires: "2099-01-31"}}},
		}),
		Problems: []audit.Problem{
			{File: "/src/export/broken.xml", Line: 3, Col: 5, Severity: audit.SeverityError, Message: "XML: element <filter> closed by </queryFilter>"},
			{File: "/src/archive.zip!/dir/a b.xml", Line: 1, Col: 1, Severity: audit.SeverityWarning, Message: "read as windows-1252"},
		},
		Baselined:     2,
		BaselineFixed: 1,
		Omitted:       1,
	}
}

func sampleOptions() report.Options {
	return report.Options{ToolName: "acc-audit", ToolVersion: "1.2.3", BaseDir: "/src", WorkDir: "/src",
		FailOn: "warning", Rules: suppress.Rules(), Baseline: "acc-audit-baseline.json"}
}

// render runs a formatter twice and checks that the output is stable.
func render(t *testing.T, name string, res *driver.Result, opt report.Options) []byte {
	t.Helper()
	f, ok := report.Lookup(name)
	if !ok {
		t.Fatalf("format %s not registered", name)
	}
	var a, b bytes.Buffer
	if err := f(&a, res, opt); err != nil {
		t.Fatal(err)
	}
	if err := f(&b, res, opt); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatalf("%s output differs between two runs", name)
	}
	return a.Bytes()
}

// golden compares out with testdata/NAME.golden, or rewrites it with
// -update.
func golden(t *testing.T, name string, out []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if updateGolden() {
		if err := os.WriteFile(path, out, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./audit/report -update to create it)", err)
	}
	if !bytes.Equal(out, want) {
		gl, wl := strings.Split(string(out), "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from %s at line %d:\n got: %q\nwant: %q\n(run go test ./audit/report -update if the change is intended)", name, path, i+1, g, w)
			}
		}
	}
}

func TestGoldenFormats(t *testing.T) {
	for _, f := range []string{"text", "json", "sarif", "junit", "gitlab", "checkstyle"} {
		t.Run(f, func(t *testing.T) {
			golden(t, "formats."+f, render(t, f, sample(), sampleOptions()))
		})
	}
	t.Run("text-quiet", func(t *testing.T) {
		opt := sampleOptions()
		opt.Quiet = true
		golden(t, "formats.text-quiet", render(t, "text", sample(), opt))
	})
}

func TestFormatsOfAnEmptyResult(t *testing.T) {
	for _, f := range report.Names() {
		out := render(t, f, &driver.Result{}, sampleOptions())
		if len(out) == 0 {
			t.Errorf("%s: empty output", f)
		}
		switch f {
		case "sarif":
			validateSARIF(t, out)
		case "gitlab":
			if strings.TrimSpace(string(out)) != "[]" {
				t.Errorf("gitlab: %s", out)
			}
		case "junit", "checkstyle":
			if err := xml.Unmarshal(out, new(struct{})); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}

var schema = func() *jsonschema.Schema {
	data, err := os.ReadFile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		panic(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		panic(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		panic(err)
	}
	return c.MustCompile("sarif-schema-2.1.0.json")
}()

// uriRef matches an RFC 3986 URI-reference made of allowed characters
// only: the schema's uri-reference format check accepts raw spaces.
var uriRef = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9+.-]*:)?([A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$`)

// validateSARIF checks a log against the official SARIF 2.1.0 schema and
// the rules GitHub code scanning adds.
func validateSARIF(t *testing.T, out []byte) map[string]any {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Fatalf("SARIF does not validate against the 2.1.0 schema: %v", err)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct {
						ID, Name         string
						ShortDescription struct{ Text string }
						FullDescription  struct{ Text string }
						Help             struct{ Text, Markdown string }
						HelpURI          string
						Properties       map[string]any
					}
				}
			}
			OriginalURIBaseIDs map[string]struct{ URI string } `json:"originalUriBaseIds"`
			Results            []struct {
				RuleID              string
				RuleIndex           int
				Level               string
				Locations           []sarifLoc
				PartialFingerprints map[string]string
				Suppressions        []struct{ Kind, Justification string }
			}
		}
	}
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("%d runs", len(log.Runs))
	}
	run := log.Runs[0]
	for base, loc := range run.OriginalURIBaseIDs {
		if !strings.HasPrefix(loc.URI, "file:///") || !strings.HasSuffix(loc.URI, "/") || !uriRef.MatchString(loc.URI) {
			t.Errorf("originalUriBaseIds.%s = %q: want an absolute file URI ending with /", base, loc.URI)
		}
	}
	rules := run.Tool.Driver.Rules
	for _, r := range rules {
		if r.ID == "" || r.Name == "" || r.ShortDescription.Text == "" || r.FullDescription.Text == "" || r.Help.Text == "" || r.Help.Markdown == "" {
			t.Errorf("rule %s lacks id, name, descriptions or help text and markdown", r.ID)
		}
		if sev, ok := r.Properties["security-severity"]; ok {
			tags, _ := r.Properties["tags"].([]any)
			if s, _ := sev.(string); !regexp.MustCompile(`^\d+\.\d$`).MatchString(s) || !containsAny(tags, "security") {
				t.Errorf("rule %s: security-severity %v needs a number as a string and the security tag (tags %v)", r.ID, sev, tags)
			}
		}
	}
	for _, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(rules) || rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s has ruleIndex %d pointing elsewhere", res.RuleID, res.RuleIndex)
		}
		if res.PartialFingerprints["accAudit/v1"] == "" {
			t.Errorf("result %s has no partial fingerprint", res.RuleID)
		}
		if len(res.Locations) == 0 {
			t.Errorf("result %s has no location", res.RuleID)
		}
		for _, l := range res.Locations {
			checkLocation(t, l)
		}
		for _, s := range res.Suppressions {
			if s.Kind != "inSource" && s.Kind != "external" || s.Justification == "" {
				t.Errorf("result %s: suppression %+v", res.RuleID, s)
			}
		}
	}
	var generic map[string]any
	json.Unmarshal(out, &generic)
	return generic
}

type sarifLoc struct {
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI       string
			URIBaseID string `json:"uriBaseId"`
		}
		Region *struct{ StartLine, StartColumn, EndLine, EndColumn int }
	}
	LogicalLocations []struct{ Name, FullyQualifiedName, Kind string }
}

func checkLocation(t *testing.T, l sarifLoc) {
	t.Helper()
	a := l.PhysicalLocation.ArtifactLocation
	if !uriRef.MatchString(a.URI) {
		t.Errorf("uri %q is not a valid URI reference", a.URI)
	}
	if a.URIBaseID != "" && (strings.HasPrefix(a.URI, "/") || strings.Contains(a.URI, "://")) {
		t.Errorf("uri %q with uriBaseId %s must be relative", a.URI, a.URIBaseID)
	}
	if r := l.PhysicalLocation.Region; r != nil {
		if r.StartLine < 1 || r.StartColumn < 1 || r.EndLine != 0 && (r.EndLine < r.StartLine || r.EndColumn < 1) {
			t.Errorf("region %+v of %s: lines and columns start at 1", *r, a.URI)
		}
	}
	if len(l.LogicalLocations) == 0 {
		t.Errorf("%s: no logical location", a.URI)
	}
}

func containsAny(list []any, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestSARIFIsValidAndGitHubReady(t *testing.T) {
	out := render(t, "sarif", sample(), sampleOptions())
	doc := validateSARIF(t, out)
	run := doc["runs"].([]any)[0].(map[string]any)
	results := run["results"].([]any)
	if len(results) != 6 {
		t.Fatalf("%d results, want the 4 findings and the 2 suppressed ones", len(results))
	}
	uris := map[string]string{}
	suppressed := 0
	for _, r := range results {
		r := r.(map[string]any)
		loc := r["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)
		base, _ := loc["uriBaseId"].(string)
		uris[loc["uri"].(string)] = base
		if s, ok := r["suppressions"]; ok && len(s.([]any)) > 0 {
			suppressed++
		} else if r["baselineState"] != "new" {
			t.Errorf("result %v: with a baseline, unsuppressed results are new", r["ruleId"])
		}
	}
	want := map[string]string{
		"export/pkg.xml":                        "SRCROOT",
		"archive.zip!/dir/a%20b.xml":            "SRCROOT",
		"file:///elsewhere/conf/serverConf.xml": "",
	}
	for uri, base := range want {
		if got, ok := uris[uri]; !ok || got != base {
			t.Errorf("uri %q (base %q) missing; got %v", uri, base, uris)
		}
	}
	if suppressed != 2 {
		t.Errorf("%d suppressed results, want 2", suppressed)
	}
	inv := run["invocations"].([]any)[0].(map[string]any)
	if inv["executionSuccessful"] != false {
		t.Error("an input failed to parse: executionSuccessful must be false")
	}
	notes := inv["toolExecutionNotifications"].([]any)
	if len(notes) != 3 {
		t.Errorf("%d notifications, want the parse error, the encoding warning and the omitted findings", len(notes))
	}
	var sec bool
	for _, r := range run["tool"].(map[string]any)["driver"].(map[string]any)["rules"].([]any) {
		r := r.(map[string]any)
		if r["id"] == "CONF-002" {
			_, sec = r["properties"].(map[string]any)["security-severity"]
		}
	}
	if !sec {
		t.Error("the server configuration rule carries no security-severity")
	}
}

type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Name      string `xml:"name,attr"`
			Classname string `xml:"classname,attr"`
			Failure   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
				Body    string `xml:",chardata"`
			} `xml:"failure"`
			Error *struct {
				Message string `xml:"message,attr"`
			} `xml:"error"`
			Skipped *struct {
				Text string `xml:",chardata"`
			} `xml:"skipped"`
			SystemOut string `xml:"system-out"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

func TestJUnitParsesBack(t *testing.T) {
	out := render(t, "junit", sample(), sampleOptions())
	var doc junitDoc
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("JUnit does not parse: %v\n%s", err, out)
	}
	tests, failures, errs, skipped := 0, 0, 0, 0
	suites := map[string]bool{}
	for _, s := range doc.Suites {
		suites[s.Name] = true
		f, e, k := 0, 0, 0
		for _, c := range s.Cases {
			if c.Name == "" || c.Classname == "" {
				t.Errorf("suite %s: test case without name or classname", s.Name)
			}
			if c.Failure != nil {
				f++
				if !regexp.MustCompile(`^` + regexp.QuoteMeta(s.Name) + `:\d+:\d+: `).MatchString(c.Failure.Body) {
					t.Errorf("failure body does not start with file:line:col: %q", c.Failure.Body)
				}
			}
			if c.Error != nil {
				e++
			}
			if c.Skipped != nil {
				k++
			}
		}
		if s.Tests != len(s.Cases) || s.Failures != f || s.Errors != e || s.Skipped != k {
			t.Errorf("suite %s counts %d/%d/%d/%d, cases say %d/%d/%d/%d", s.Name, s.Tests, s.Failures, s.Errors, s.Skipped, len(s.Cases), f, e, k)
		}
		tests, failures, errs, skipped = tests+len(s.Cases), failures+f, errs+e, skipped+k
	}
	if doc.Tests != tests || doc.Failures != failures || doc.Errors != errs {
		t.Errorf("totals %d/%d/%d, suites say %d/%d/%d", doc.Tests, doc.Failures, doc.Errors, tests, failures, errs)
	}
	// --fail-on warning: the error and the warning fail, the info passes.
	if failures != 2 || errs != 1 || skipped != 2 {
		t.Errorf("failures %d, errors %d, skipped %d; want 2, 1, 2", failures, errs, skipped)
	}
	for _, want := range []string{"export/pkg.xml", "export/clean.xml", "archive.zip!/dir/a b.xml", "export/broken.xml", "/elsewhere/conf/serverConf.xml"} {
		if !suites[want] {
			t.Errorf("no test suite for %s (suites %v)", want, suites)
		}
	}
	opt := sampleOptions()
	opt.FailOn = "none"
	if err := xml.Unmarshal(render(t, "junit", sample(), opt), &doc); err != nil || doc.Failures != 0 {
		t.Errorf("--fail-on none: %d failures (%v)", doc.Failures, err)
	}
}

func TestGitLabHasRequiredFields(t *testing.T) {
	out := render(t, "gitlab", sample(), sampleOptions())
	var issues []map[string]any
	if err := json.Unmarshal(out, &issues); err != nil {
		t.Fatal(err)
	}
	if len(issues) != 6 {
		t.Fatalf("%d issues, want the 4 findings and the 2 input problems", len(issues))
	}
	prints := map[string]bool{}
	severities := map[string]bool{"info": true, "minor": true, "major": true, "critical": true, "blocker": true}
	for _, is := range issues {
		for _, k := range []string{"description", "check_name", "fingerprint", "severity"} {
			if s, _ := is[k].(string); s == "" {
				t.Errorf("issue without %s: %v", k, is)
			}
		}
		if !severities[is["severity"].(string)] {
			t.Errorf("severity %v", is["severity"])
		}
		fp := is["fingerprint"].(string)
		if prints[fp] {
			t.Errorf("duplicate fingerprint %s", fp)
		}
		prints[fp] = true
		loc, _ := is["location"].(map[string]any)
		path, _ := loc["path"].(string)
		lines, _ := loc["lines"].(map[string]any)
		begin, _ := lines["begin"].(float64)
		if path == "" || begin < 1 {
			t.Errorf("issue %v: location.path and location.lines.begin are required", is)
		}
		if strings.HasPrefix(path, "/src/") {
			t.Errorf("path %s is not relative to the base directory", path)
		}
	}
}

func TestCheckstyleParsesBack(t *testing.T) {
	out := render(t, "checkstyle", sample(), sampleOptions())
	var doc struct {
		XMLName xml.Name `xml:"checkstyle"`
		Files   []struct {
			Name   string `xml:"name,attr"`
			Errors []struct {
				Line     int    `xml:"line,attr"`
				Column   int    `xml:"column,attr"`
				Severity string `xml:"severity,attr"`
				Message  string `xml:"message,attr"`
				Source   string `xml:"source,attr"`
			} `xml:"error"`
		} `xml:"file"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range doc.Files {
		for _, e := range f.Errors {
			n++
			if e.Line < 1 || e.Message == "" || !strings.HasPrefix(e.Source, "acc-audit.") {
				t.Errorf("%s: error %+v", f.Name, e)
			}
		}
	}
	if len(doc.Files) != 5 || n != 6 {
		t.Errorf("%d files and %d errors, want 5 and 6", len(doc.Files), n)
	}
}
