package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHostileInputs feeds broken and hostile files: each is reported with
// file, line and column, the scan goes on, nothing panics, and the inputs
// are left untouched.
func TestHostileInputs(t *testing.T) {
	dir := t.TempDir()
	deep := strings.Repeat("<a>", 100000) + strings.Repeat("</a>", 100000)
	cases := []struct {
		name, data, want string
	}{
		{"empty.xml", "", "empty.xml:1:1: XML: no root element"},
		{"truncated.xml", "<package>\n  <entities schema=\"xtk:workflow\">\n    <workflow internalName=\"w\"", "truncated.xml:3:"},
		{"nul.xml", "<a>\x00</a>", "nul.xml:1:4: XML: illegal character U+0000"},
		{"entities.xml", `<!DOCTYPE a [<!ENTITY x "xx"><!ENTITY y "&x;&x;">]>` + "\n<a>&y;</a>", "entities.xml:2:4: XML: undefined entity &y;"},
		{"external.xml", `<!DOCTYPE a SYSTEM "file:///etc/passwd">` + "\n<a>&ext;</a>", "external.xml:2:4: XML: undefined entity"},
		{"deep.xml", deep, "deep.xml:1:"},
		{"two-roots.xml", "<a/>\n<b/>", "two-roots.xml:2:1:"},
		{"mismatch.xml", "<a>\n  <b></c>\n</a>", "mismatch.xml:2:"},
		{"utf32.xml", "\x00\x00\xFE\xFF\x00\x00\x00<", "utf32.xml: UTF-32 is not supported"},
	}
	var paths []string
	for _, c := range cases {
		paths = append(paths, writeFile(t, dir, c.name, []byte(c.data)))
	}
	good := writeFile(t, dir, "zz_good.xml", []byte(sqlDataFilter))
	before := map[string][]byte{}
	for _, p := range append(paths, good) {
		before[p], _ = os.ReadFile(p)
	}
	r := runCLI(t, "", nil, append([]string{"scan", "--no-color"}, append(paths, good)...)...)
	if r.code != ExitInput {
		t.Fatalf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	out := r.stdout + r.stderr
	for _, c := range cases {
		if !strings.Contains(out, filepath.Join(dir, c.want)) {
			t.Errorf("%s: want %q in\n%s", c.name, c.want, out)
		}
	}
	if !strings.Contains(out, "SQL-001") {
		t.Error("the well-formed file after the broken ones was not scanned")
	}
	for p, data := range before {
		if now, _ := os.ReadFile(p); !bytes.Equal(now, data) {
			t.Errorf("%s was modified", p)
		}
	}
}

// TestInlineSuppressionExpiry: an inline suppression applies until its
// expiry date, then its findings come back with an expired-suppression
// warning.
func TestInlineSuppressionExpiry(t *testing.T) {
	dir := t.TempDir()
	doc := func(date string) []byte {
		return []byte(`<queryFilter name="f" schema="nms:recipient">
  <filter><where>
    <!-- acc-audit:ignore SQL-001 expires=` + date + ` rewritten in CAMP-42 -->
    <condition expr="@id IN ([SQLDATA[SELECT 1]])"/>
  </where></filter>
</queryFilter>
`)
	}
	future := writeFile(t, dir, "future.xml", doc("2999-12-31"))
	if r := runCLI(t, "", nil, "scan", "-q", "--no-color", future); r.code != ExitOK || strings.Contains(r.stdout, "SQL-001") {
		t.Errorf("a live suppression did not apply: exit %d\n%s", r.code, r.stdout)
	}
	past := writeFile(t, dir, "past.xml", doc("2020-01-31"))
	r := runCLI(t, "", nil, "scan", "-q", "--no-color", past)
	if r.code != ExitFindings || !strings.Contains(r.stdout, "[SQL-001]") || !strings.Contains(r.stdout, "expired on 2020-01-31") {
		t.Errorf("an expired suppression still applies: exit %d\n%s", r.code, r.stdout)
	}
	bad := writeFile(t, dir, "bad.xml", doc("next-year"))
	if r := runCLI(t, "", nil, "scan", "-q", "--no-color", bad); !strings.Contains(r.stdout, "invalid expiry") {
		t.Errorf("an invalid date is not reported:\n%s", r.stdout)
	}
}
