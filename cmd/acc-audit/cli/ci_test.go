package cli

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// jsonReport is the part of the JSON report the tests read.
type jsonReport struct {
	Summary struct {
		Findings      int
		Suppressed    int
		Baselined     int
		BaselineFixed int
		Omitted       int
	}
	Findings []struct {
		Rule, Severity, File, Entity, Message, Fingerprint string
		Line, Column                                       int
	}
	Suppressed []struct {
		Rule         string
		Line         int
		Suppressions []struct{ Kind, Justification, Location, Expires string }
	}
}

func scanJSON(t *testing.T, args ...string) (jsonReport, run) {
	t.Helper()
	r := runCLI(t, "", nil, append([]string{"scan", "-f", "json"}, args...)...)
	var rep jsonReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("exit %d, invalid JSON: %v\nstdout: %s\nstderr: %s", r.code, err, r.stdout, r.stderr)
	}
	return rep, r
}

func rulesOf(rep jsonReport) string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.Rule)
	}
	return strings.Join(out, " ")
}

var sarifSchema = func() *jsonschema.Schema {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "audit", "report", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		panic(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		panic(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif.json", doc); err != nil {
		panic(err)
	}
	return c.MustCompile("sarif.json")
}()

func TestSeveralFormatsInOneRun(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "exports/Clients à relancer.xml", []byte(sqlDataFilter))
	clean := writeFile(t, dir, "exports/clean.xml", []byte(cleanFilter))
	out := filepath.Join(dir, "out")
	os.Mkdir(out, 0o755)
	r := runCLI(t, "", nil, "scan", "--base-dir", dir,
		"--format", "sarif="+filepath.Join(out, "a.sarif"), "--format", "junit="+filepath.Join(out, "junit.xml"),
		"-f", "gitlab="+filepath.Join(out, "gl.json"), "-f", "checkstyle="+filepath.Join(out, "cs.xml"),
		"--format", "text", bad, clean)
	if r.code != ExitFindings || !strings.Contains(r.stdout, "SQL-001") {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	data, err := os.ReadFile(filepath.Join(out, "a.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := sarifSchema.Validate(inst); err != nil {
		t.Fatalf("SARIF invalid: %v", err)
	}
	if !strings.Contains(string(data), `"uri": "exports/Clients%20%C3%A0%20relancer.xml"`) || !strings.Contains(string(data), `"uriBaseId": "SRCROOT"`) {
		t.Errorf("SARIF uri not relative to --base-dir and percent-encoded:\n%s", data)
	}

	var junit struct {
		Failures int `xml:"failures,attr"`
		Tests    int `xml:"tests,attr"`
	}
	data, _ = os.ReadFile(filepath.Join(out, "junit.xml"))
	if err := xml.Unmarshal(data, &junit); err != nil || junit.Failures != 1 || junit.Tests != 2 {
		t.Errorf("junit: %v %+v\n%s", err, junit, data)
	}
	var gl []map[string]any
	data, _ = os.ReadFile(filepath.Join(out, "gl.json"))
	if err := json.Unmarshal(data, &gl); err != nil || len(gl) != 1 || gl[0]["location"].(map[string]any)["path"] != "exports/Clients à relancer.xml" {
		t.Errorf("gitlab: %v %s", err, data)
	}
	data, _ = os.ReadFile(filepath.Join(out, "cs.xml"))
	if !bytes.Contains(data, []byte(`source="acc-audit.SQL-001"`)) {
		t.Errorf("checkstyle: %s", data)
	}

	// Only text to stdout: the summary is not repeated on stderr. With no
	// text on stdout, it is.
	if strings.Contains(r.stderr, "finding") {
		t.Errorf("summary on stderr although text went to stdout: %q", r.stderr)
	}
	r = runCLI(t, "", nil, "scan", "-f", "sarif="+filepath.Join(out, "b.sarif"), bad)
	if r.stdout != "" || !strings.Contains(r.stderr, "1 error") {
		t.Errorf("stdout %q stderr %q", r.stdout, r.stderr)
	}
}

func TestFormatFlagErrors(t *testing.T) {
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.xml", []byte(sqlDataFilter))
	for name, args := range map[string][]string{
		"two to stdout":        {"-f", "text", "-f", "json"},
		"unknown":              {"-f", "yaml=x.yaml"},
		"output without owner": {"-f", "sarif=" + filepath.Join(dir, "a.sarif"), "-o", filepath.Join(dir, "b")},
		"same file twice":      {"-f", "sarif=" + filepath.Join(dir, "a"), "-f", "json=" + filepath.Join(dir, "a")},
		"over an input":        {"-f", "sarif=" + bad},
	} {
		r := runCLI(t, "", nil, append(append([]string{"scan"}, args...), bad)...)
		if r.code != ExitUsage {
			t.Errorf("%s: exit %d\n%s", name, r.code, r.stderr)
		}
	}
	if data, _ := os.ReadFile(bad); string(data) != sqlDataFilter {
		t.Fatal("input modified")
	}
	// Commas list formats too; "-" is standard output.
	r := runCLI(t, "", nil, "scan", "-f", "json=-,sarif="+filepath.Join(dir, "c.sarif"), bad)
	if r.code != ExitFindings || !strings.HasPrefix(r.stdout, "{") {
		t.Errorf("exit %d stdout %q", r.code, r.stdout)
	}
}

const threeFindings = `<queryFilter name="f" schema="nms:recipient">
  <filter><where>
    <condition expr="@id IN ([SQLDATA[SELECT 1]])"/>
    <condition sql="iId = 1"/>
    <condition expr="count(*) > 1"/>
  </where></filter>
</queryFilter>
`

func TestConfigFile(t *testing.T) {
	root := t.TempDir()
	writeFile(t, root, ".acc-audit.yaml", []byte(`# team settings
fail-on: none
disable: [SQL-002]
severity:
  SQL-004: info
`))
	bad := writeFile(t, root, "exports/sub/bad.xml", []byte(threeFindings))

	// Found by walking up from the scanned file.
	rep, r := scanJSON(t, bad)
	if r.code != ExitOK || rulesOf(rep) != "SQL-001 SQL-004" || rep.Findings[1].Severity != "info" {
		t.Errorf("config not applied: exit %d, %s %+v", r.code, rulesOf(rep), rep.Findings)
	}
	// Flags win over the file.
	rep, r = scanJSON(t, "--fail-on", "error", "--disable", "SQL-004", "--severity", "SQL-001=warning", bad)
	if r.code != ExitFindings || rulesOf(rep) != "SQL-001 SQL-002" || rep.Findings[0].Severity != "warning" {
		t.Errorf("flags did not win: exit %d, %s %+v", r.code, rulesOf(rep), rep.Findings)
	}
	rep, r = scanJSON(t, "--fail-on", "info", bad)
	if r.code != ExitFindings {
		t.Errorf("--fail-on info over fail-on none: exit %d", r.code)
	}
	// --no-config and --config.
	rep, r = scanJSON(t, "--no-config", bad)
	if r.code != ExitFindings || rulesOf(rep) != "SQL-001 SQL-002 SQL-004" {
		t.Errorf("--no-config: exit %d, %s", r.code, rulesOf(rep))
	}
	other := writeFile(t, t.TempDir(), "strict.yaml", []byte("fail-on: info\nenable: [SQL-004]\n"))
	rep, r = scanJSON(t, "--config", other, bad)
	if r.code != ExitFindings || rulesOf(rep) != "SQL-004" {
		t.Errorf("--config: exit %d, %s", r.code, rulesOf(rep))
	}
	if r := runCLI(t, "", nil, "scan", "--config", filepath.Join(root, "missing.yaml"), bad); r.code != ExitUsage {
		t.Errorf("missing --config: exit %d", r.code)
	}
}

func TestConfigErrorsHavePositions(t *testing.T) {
	tests := []struct{ yaml, want string }{
		{"fail-on: none\nmax-findngs: 3\n", `.acc-audit.yaml:2:1: unknown key "max-findngs"`},
		{"fail-on: fatal\n", `.acc-audit.yaml:1:10: fail-on must be error, warning, info or none, not "fatal"`},
		{"enable:\n  - SQL-001\n  - SQL-999\n", `.acc-audit.yaml:3:5: enable: unknown rule "SQL-999"`},
		{"severity:\n  sqldata: info\n", `.acc-audit.yaml:2:3: severity: unknown rule "sqldata"`},
		{"max-findings: many\n", `.acc-audit.yaml:1:15: expected a whole number, not "many"`},
		{"custom-rules: [nope.yaml]\n", "nope.yaml"},
		{"suppressions: nope.yaml\n", "nope.yaml not found"},
		{"baseline: nope.json\n", "baseline "},
	}
	for _, tt := range tests {
		root := t.TempDir()
		writeFile(t, root, ".acc-audit.yaml", []byte(tt.yaml))
		bad := writeFile(t, root, "bad.xml", []byte(sqlDataFilter))
		r := runCLI(t, "", nil, "scan", bad)
		if r.code != ExitUsage || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%q: exit %d, stderr %q, want %q", tt.yaml, r.code, r.stderr, tt.want)
		}
	}
}

const suppressedExport = `<package name="p" namespace="cus" buildVersion="6.1">
  <entities schema="xtk:queryFilter">
    <queryFilter name="f" schema="nms:recipient">
      <!-- acc-audit:ignore SQL-001 validated with the DBA, see ticket MIG-12 -->
      <filter><where><condition expr="@id IN ([SQLDATA[SELECT 1]])"/></where></filter>
      <filter><where><condition sql="iId = 1"/></where></filter> <!-- acc-audit:ignore SQL-002 -->
      <!-- acc-audit:ignore SQL-004 count(*) was rewritten -->
      <filter><where><condition expr="@id > 0"/></where></filter>
    </queryFilter>
  </entities>
  <entities schema="xtk:workflow">
    <workflow internalName="WKF_a">
      <activities><js name="js1"><script><![CDATA[
var q = <queryDef><select><node expr="count(*)"/></select></queryDef>; // acc-audit:ignore SQL-004 legacy, removed in v2
var r = <queryDef><select><node expr="count(*)"/></select></queryDef>;
]]></script></js></activities>
    </workflow>
    <workflow internalName="WKF_b">
      <activities><js name="js1"><script><![CDATA[var q = <queryDef><select><node expr="count(*)"/></select></queryDef>;]]></script></js></activities>
    </workflow>
    <workflow internalName="WKF_c">
      <activities><js name="js1"><script><![CDATA[var q = <queryDef><select><node expr="count(*)"/></select></queryDef>;]]></script></js></activities>
    </workflow>
  </entities>
</package>
`

func TestSuppressionsEndToEnd(t *testing.T) {
	root := t.TempDir()
	pkg := writeFile(t, root, "exports/pkg.xml", []byte(suppressedExport))
	writeFile(t, root, ".acc-audit-suppressions.yaml", []byte(`suppressions:
  - rule: SQL-004
    entity: xtk:workflow WKF_b
    reason: WKF_b is retired with the migration
    expires: 2999-12-31
  - rule: count-star
    entity: xtk:workflow WKF_c
    reason: was accepted until 2000
    expires: 2000-01-31
  - rule: SQL-001
    entity: xtk:workflow WKF_gone
    reason: the workflow was deleted from this export
  - rule: SQL
    entity: xtk:queryFilter f
    place: nowhere
    reason: stale entry
`))
	rep, r := scanJSON(t, pkg)
	// Active: SQL-002 (its directive has no reason, reported as SUP-002),
	// SUP-001 for the unused inline SQL-004 directive and the stale file
	// entry, the second count(*) of WKF_a, WKF_c's (expired entry) and
	// SUP-003 for the expired entry; SUP-001 too for the entry naming
	// WKF_gone, no entity of the scan.
	got := map[string]int{}
	for _, f := range rep.Findings {
		got[f.Rule]++
	}
	want := map[string]int{"SQL-002": 1, "SUP-002": 1, "SUP-001": 3, "SQL-004": 2, "SUP-003": 1}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %d findings, want %d (all: %v)", k, got[k], v, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("findings %v, want %v", got, want)
	}
	kinds := map[string]string{}
	for _, s := range rep.Suppressed {
		kinds[s.Rule+"/"+s.Suppressions[0].Kind] = s.Suppressions[0].Justification
	}
	if len(rep.Suppressed) != 3 || kinds["SQL-001/inSource"] != "validated with the DBA, see ticket MIG-12" ||
		kinds["SQL-004/inSource"] != "legacy, removed in v2" || kinds["SQL-004/external"] != "WKF_b is retired with the migration" {
		t.Errorf("suppressed %+v", rep.Suppressed)
	}
	if rep.Summary.Suppressed != 3 {
		t.Errorf("summary %+v", rep.Summary)
	}
	for _, f := range rep.Findings {
		if f.Rule == "SUP-003" && (!strings.HasSuffix(f.File, ".acc-audit-suppressions.yaml") || f.Line != 6) {
			t.Errorf("SUP-003 at %s:%d, want the entry of the suppression file", f.File, f.Line)
		}
	}
	// Exit code: the suppressed SQL-001 error does not fail the build, the
	// unsuppressed SQL-002 does.
	if r.code != ExitFindings {
		t.Errorf("exit %d", r.code)
	}
	// The text report says how many were suppressed.
	if r := runCLI(t, "", nil, "scan", pkg); !strings.Contains(r.stdout, "3 suppressed") {
		t.Errorf("text summary: %s", r.stdout)
	}
	// --no-suppress shows everything and reports no suppression finding.
	rep, _ = scanJSON(t, "--no-suppress", pkg)
	if len(rep.Suppressed) != 0 || strings.Contains(rulesOf(rep), "SUP") || strings.Count(rulesOf(rep), "SQL-004") != 4 {
		t.Errorf("--no-suppress: %s, suppressed %d", rulesOf(rep), len(rep.Suppressed))
	}
	// --disable SUP drops the pseudo-rules, not the suppressions.
	rep, _ = scanJSON(t, "--disable", "SUP", pkg)
	if strings.Contains(rulesOf(rep), "SUP") || len(rep.Suppressed) != 3 {
		t.Errorf("--disable SUP: %s, suppressed %d", rulesOf(rep), len(rep.Suppressed))
	}
	// SARIF keeps suppressed results with their kind and justification.
	sarif := filepath.Join(root, "out.sarif")
	runCLI(t, "", nil, "scan", "--base-dir", root, "-f", "sarif="+sarif, pkg)
	data, _ := os.ReadFile(sarif)
	for _, w := range []string{`"kind": "inSource"`, `"kind": "external"`, `"justification": "WKF_b is retired with the migration"`} {
		if !strings.Contains(string(data), w) {
			t.Errorf("SARIF lacks %s", w)
		}
	}
	inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err := sarifSchema.Validate(inst); err != nil {
		t.Errorf("SARIF invalid: %v", err)
	}
}

func TestSuppressionFileErrorsAreConfigErrors(t *testing.T) {
	root := t.TempDir()
	pkg := writeFile(t, root, "pkg.xml", []byte(sqlDataFilter))
	sup := writeFile(t, root, "sup.yaml", []byte("suppressions:\n  - rule: SQL-001\n    entity: xtk:queryFilter f\n"))
	r := runCLI(t, "", nil, "scan", "--suppressions", sup, pkg)
	if r.code != ExitUsage || !strings.Contains(r.stderr, sup+":2:11: suppression of SQL-001 on xtk:queryFilter f: reason is required") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
	writeFile(t, root, "sup.yaml", []byte("suppressions:\n  - rule: SQL-001\n    entity: xtk:queryFilter f\n    reason: ok\n"))
	if r := runCLI(t, "", nil, "scan", "--suppressions", sup, pkg); r.code != ExitOK {
		t.Errorf("valid suppression file: exit %d %s", r.code, r.stdout+r.stderr)
	}
}

// export is a package export as Campaign writes it: timestamps, checksums
// and database ids that change from one export to the next.
const export = `<?xml version="1.0" encoding="UTF-8"?>
<package author="Marc (mlefebvre)" buildDate="2019-06-04 14:02:11.530Z" buildNumber="8977" buildVersion="6.1"
         label="CRM customisations" name="crmCustom" namespace="cus" vendor="Acme">
  <entities schema="xtk:srcSchema">
    <srcSchema created="2016-02-11 09:12:44.000Z" extendedSchema="nms:recipient" label="Recipients" lastModified="2019-05-28 16:40:02.000Z"
               mappingType="sql" md5="6F2B4A1D0E3C5B7A9D8E1F2C3B4A5D6E" name="recipient" namespace="cus" xtkschema="xtk:srcSchema">
      <element name="recipient">
        <attribute name="orderCount" type="long" expr="count(*)"/>
        <attribute expr="[SQLDATA[(SELECT 1)]]" name="hasOpen" type="boolean"/>
      </element>
    </srcSchema>
  </entities>
  <entities schema="xtk:queryFilter">
    <queryFilter folder-id="77" id="1234" label="Gold" lastModified="2019-05-28 16:40:02.000Z" name="goldRecent" schema="nms:recipient">
      <filter><where>
        <condition expr="@tier = 'GOLD'" internalId="1"/>
        <condition internalId="2" sql="iRecipientId IN (SELECT 1)"/>
        <condition expr="@id IN ([SQLDATA[SELECT 2]])" internalId="3"/>
        <condition expr="@id IN ([SQLDATA[SELECT 2]])" internalId="4"/>
      </where></filter>
    </queryFilter>
  </entities>
  <entities schema="xtk:workflow">
    <workflow created="2017-01-01 00:00:00.000Z" id="5555" internalName="WKF_loyalty" label="Loyalty" lastModified="2019-05-28 16:40:02.000Z">
      <activities>
        <js label="Flag" name="js1">
          <script><![CDATA[
var q = xtk.queryDef.create(<queryDef schema="nms:recipient" operation="select"><select><node expr="count(*)"/></select></queryDef>);
]]></script>
        </js>
      </activities>
    </workflow>
  </entities>
</package>
`

func TestMaxFindings(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "f.xml", []byte(threeFindings))
	rep, r := scanJSON(t, "--max-findings", "1", "--severity", "SQL-002=warning,SQL-004=info", f)
	if r.code != ExitFindings || len(rep.Findings) != 1 || rep.Findings[0].Rule != "SQL-001" || rep.Summary.Omitted != 2 {
		t.Errorf("exit %d findings %+v summary %+v", r.code, rep.Findings, rep.Summary)
	}
	// The most severe are kept: truncation never hides the error that
	// fails the build.
	rep, _ = scanJSON(t, "--max-findings", "2", "--severity", "SQL-001=info", f)
	if rulesOf(rep) != "SQL-002 SQL-004" {
		t.Errorf("kept %s", rulesOf(rep))
	}
	r = runCLI(t, "", nil, "scan", "--max-findings", "1", f)
	if !strings.Contains(r.stdout, "2 more not shown (--max-findings)") {
		t.Errorf("text summary: %s", r.stdout)
	}
	// Truncation changes no exit code.
	if r := runCLI(t, "", nil, "scan", "--max-findings", "1", "--severity", "SQL-001=info", "--fail-on", "warning", f); r.code != ExitFindings {
		t.Errorf("exit %d", r.code)
	}
	if r := runCLI(t, "", nil, "scan", "--max-findings", "-1", f); r.code != ExitUsage {
		t.Errorf("negative: exit %d", r.code)
	}
}

func TestQuietLinesForCILogs(t *testing.T) {
	f := writeFile(t, t.TempDir(), "f.xml", []byte(threeFindings))
	r := runCLI(t, "", nil, "scan", "-q", f)
	line := regexp.MustCompile(`^` + regexp.QuoteMeta(f) + `:\d+:\d+: (error|warning|info) +.+ \[[A-Z]+-\d{3}\]$`)
	n := 0
	for _, l := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		if line.MatchString(l) {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d finding lines:\n%s", n, r.stdout)
	}
}

const customRules = `rules:
  - id: CUS-001
    name: gold-tier
    title: Gold tier hard-coded
    severity: error
    xpath: //condition/@expr
    pattern: "'GOLD'"
    message: 'tier {{.Match}} hard-coded in {{.Entity}}'
    rationale: Tiers move to an enumeration in v7.
    remediation: Use the enumeration value.
`

func TestCustomRules(t *testing.T) {
	root := t.TempDir()
	rulesFile := writeFile(t, root, "rules/custom.yaml", []byte(customRules))
	f := writeFile(t, root, "x/f.xml", []byte(`<queryFilter name="g" schema="nms:recipient">
  <filter><where><condition expr="@tier = 'GOLD'"/></where></filter>
</queryFilter>
`))
	rep, r := scanJSON(t, "--rules-file", rulesFile, f)
	if r.code != ExitFindings || len(rep.Findings) != 1 || rep.Findings[0].Rule != "CUS-001" || rep.Findings[0].Column != 43 ||
		rep.Findings[0].Message != "tier 'GOLD' hard-coded in xtk:queryFilter g" {
		t.Errorf("exit %d %+v", r.code, rep.Findings)
	}
	// From the configuration, relative to it; listed and explained.
	writeFile(t, root, ".acc-audit.yaml", []byte("custom-rules: [rules/custom.yaml]\n"))
	if rep, _ := scanJSON(t, f); rulesOf(rep) != "CUS-001" {
		t.Errorf("custom-rules of the configuration: %s", rulesOf(rep))
	}
	if rep, _ := scanJSON(t, "--disable", "CUS", f); rulesOf(rep) != "" {
		t.Errorf("--disable CUS: %s", rulesOf(rep))
	}
	if r := runCLI(t, "", nil, "rules", "--rules-file", rulesFile); !strings.Contains(r.stdout, "CUS-001") || !strings.Contains(r.stdout, "SUP-001") {
		t.Errorf("rules: %s", r.stdout)
	}
	if r := runCLI(t, "", nil, "explain", "--rules-file", rulesFile, "gold-tier"); r.code != ExitOK || !strings.Contains(r.stdout, "enumeration") {
		t.Errorf("explain: %d %s", r.code, r.stdout)
	}
	broken := writeFile(t, root, "rules/broken.yaml", []byte(strings.Replace(customRules, "//condition/@expr", "//condition[@expr", 1)))
	if r := runCLI(t, "", nil, "scan", "--rules-file", broken, f); r.code != ExitUsage || !strings.Contains(r.stderr, broken+":6:12: bad xpath") {
		t.Errorf("broken rule file: exit %d %s", r.code, r.stderr)
	}
}

func TestSeverityFlagErrors(t *testing.T) {
	f := writeFile(t, t.TempDir(), "f.xml", []byte(sqlDataFilter))
	for _, v := range []string{"SQL-001", "SQL-001=fatal", "NOPE-001=info"} {
		if r := runCLI(t, "", nil, "scan", "--severity", v, f); r.code != ExitUsage {
			t.Errorf("--severity %s: exit %d", v, r.code)
		}
	}
	// A rule id wins over its family, whatever the order.
	rep, _ := scanJSON(t, "--severity", "SQL-001=warning", "--severity", "SQL=info", f)
	if rep.Findings[0].Severity != "warning" {
		t.Errorf("severity %s", rep.Findings[0].Severity)
	}
}

func TestScanHelpDocumentsExitCodes(t *testing.T) {
	r := runCLI(t, "", nil, "scan", "--help")
	for _, w := range []string{"--fail-on", "--baseline", "--max-findings", "--config", "--no-suppress", "Exit codes:", "3  an input could not be read"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("scan --help lacks %q", w)
		}
	}
}

// TestExamples runs the example configuration, suppression file and custom
// rules shipped in examples/ on the example export.
func TestExamples(t *testing.T) {
	example := filepath.Join("..", "..", "..", "fixtures", "_example")
	rep, r := scanJSON(t, "--config", filepath.Join("..", "..", "..", "examples", "acc-audit.yaml"), example)
	if r.code == ExitUsage || r.code == ExitInput {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if len(rep.Suppressed) == 0 {
		t.Errorf("the example suppressions suppress nothing on the example export")
	}
	if strings.Contains(rulesOf(rep), "SUP-00") {
		t.Errorf("the example suppressions raise %s", rulesOf(rep))
	}
}
