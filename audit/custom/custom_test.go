package custom_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/audittest"
	"github.com/acc-audit/acc-audit/audit/custom"
)

// builtin stands for the built-in rules a custom rule must not collide
// with.
var builtin = []*audit.Rule{{ID: "SQL-001", Name: "sqldata-in-expression"}, {ID: "SUP-001", Name: "unused-suppression"}}

const examples = "../../examples/custom-rules.yaml"

// TestExampleRulesFixtures runs the documented example rules over fixtures
// written like the built-in rules' ones: every bad_ file must fire where
// its want comments say, every good_ file must stay silent.
func TestExampleRulesFixtures(t *testing.T) {
	rules, err := custom.Load([]string{examples}, builtin)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 4 {
		t.Fatalf("%d rules", len(rules))
	}
	for _, r := range rules {
		t.Run(r.ID, func(t *testing.T) {
			dir := filepath.Join("testdata", "fixtures", r.ID)
			out := audittest.Run(t, dir, r, rules)
			fires, silent := false, false
			for name, o := range out {
				fires = fires || strings.HasPrefix(name, "bad_") && o.Findings > 0
				silent = silent || strings.HasPrefix(name, "good_") && o.Findings == 0
			}
			if !fires || !silent {
				t.Errorf("%s needs a bad_ fixture that fires and a good_ one that stays silent", r.ID)
			}
		})
	}
}

func TestExactPositions(t *testing.T) {
	rules, err := custom.Load([]string{examples}, builtin)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile("testdata/fixtures/CUS-002/bad_escaped_script.xml")
	_, _, data, err = audittest.Parse("x.xml", data) // blank the want comments
	if err != nil {
		t.Fatal(err)
	}
	res := audittest.Check("x.xml", string(data), rules[1])
	if res.Findings.Len() != 2 {
		t.Fatalf("findings %+v", res.Findings.Slice())
	}
	// The match sits after "&amp;&amp;" in escaped text: the column is the
	// one in the file, not in the decoded value.
	line := strings.Split(string(data), "\n")[3]
	f := res.Findings.Slice()[0]
	if want := strings.Index(line, "https://") + 1; f.Line != 4 || f.Col != want || f.EndCol != want+len("https://acme-prod1.campaign.adobe.com/nl/jsp/soaprouter.jsp") {
		t.Errorf("finding at %d:%d-%d, want 4:%d", f.Line, f.Col, f.EndCol, want)
	}
	if f.Place != "activities/js[@name='js1']/script" || f.Entity != "xtk:workflow WKF_urls" {
		t.Errorf("place %q entity %q", f.Place, f.Entity)
	}
}

func TestLoadErrors(t *testing.T) {
	valid := `  - id: CUS-010
    name: ok-rule
    title: A rule
    severity: info
    xpath: //x
    message: found {{.Name}}
    rationale: because
    remediation: Do it.
`
	tests := []struct{ src, want string }{
		{"rules:\n" + strings.Replace(valid, "//x", "//x[", 1), "r.yaml:6:12: bad xpath"},
		{"rules:\n" + strings.Replace(valid, "    message", "    pattern: '(unclosed'\n    message", 1), "r.yaml:7:14: bad pattern: missing closing )"},
		{"rules:\n" + strings.Replace(valid, "    message", "    not-pattern: '*'\n    message", 1), "r.yaml:7:18: bad not-pattern"},
		{"rules:\n" + strings.Replace(valid, "    message", "    severty: info\n    message", 1), `r.yaml:7:5: unknown key "severty"`},
		{"rules:\n" + valid + strings.Replace(valid, "ok-rule", "other-rule", 1), "r.yaml:10:9: id CUS-010 is already used"},
		{"rules:\n" + valid + strings.Replace(valid, "CUS-010", "CUS-011", 1), "r.yaml:11:11: name ok-rule is already used"},
		{"rules:\n" + strings.Replace(valid, "CUS-010", "SQL-001", 1), "r.yaml:2:9: id SQL-001 is already used"},
		{"rules:\n" + strings.Replace(valid, "CUS-010", "SQL-900", 1), "r.yaml:2:9: id SQL-900 is in the built-in family SQL"},
		{"rules:\n" + strings.Replace(valid, "CUS-010", "cus-1", 1), `r.yaml:2:9: id "cus-1" must look like CUS-001`},
		{"rules:\n" + strings.Replace(valid, "{{.Name}}", "{{.Nme}}", 1), "r.yaml:7:14: bad message template"},
		{"rules:\n" + strings.Replace(valid, "//x", "count(//x)", 1), "r.yaml:6:12: xpath \"count(//x)\" gives a number"},
		{"rules:\n" + strings.Replace(valid, "    rationale: because\n", "", 1), "r.yaml:2:9: rule 1: rationale is required"},
		{"rules:\n" + strings.Replace(valid, "severity: info", "severity: high", 1), `r.yaml:5:15: severity must be error, warning or info, not "high"`},
		{"rules:\n" + strings.Replace(valid, "    message", "    schemas: [workflow]\n    message", 1), `r.yaml:7:15: schemas: "workflow" is not an entity schema`},
		{"rules:\n" + strings.Replace(valid, "    message", "    bad: <y/>\n    message", 1), "r.yaml:7:10: the bad example of CUS-010 does not trigger it"},
		{"rules:\n" + strings.Replace(valid, "    message", "    good: <workflow><x/></workflow>\n    message", 1), "r.yaml:7:11: the good example of CUS-010 triggers it at 1:11"},
		{"rules: []\n", "no rules"},
	}
	for _, tt := range tests {
		_, err := custom.Parse("r.yaml", []byte(tt.src), builtin, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v\nwant %s\nin:\n%s", err, tt.want, tt.src)
		}
	}
}

func TestBooleanAndNodeKinds(t *testing.T) {
	src := `rules:
  - id: CUS-020
    name: kinds
    title: Kinds
    severity: info
    xpath: //@flag | //comment() | //note/text() | //empty
    message: '{{.Name}}={{.Value}}'
    rationale: r
    remediation: R.
  - id: CUS-021
    name: no-label
    title: No label
    severity: warning
    schemas: [xtk:workflow]
    xpath: not(/workflow/@label)
    message: 'workflow {{.Key}} has no label'
    rationale: r
    remediation: R.
`
	rules, err := custom.Parse("r.yaml", []byte(src), builtin, nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := `<workflow internalName="W" flag="on">
  <!-- a comment -->
  <note>some text</note>
  <empty/>
</workflow>
`
	res := audittest.Check("w.xml", doc, rules...)
	var got []string
	for _, f := range res.Findings.Slice() {
		got = append(got, f.RuleID+" "+f.Message)
	}
	want := "CUS-021 workflow W has no label|CUS-020 flag=on|CUS-020 =a comment|CUS-020 =some text|CUS-020 empty="
	if strings.Join(got, "|") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
}
