package acc

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

func parse(t *testing.T, src string) *xmltree.Element {
	t.Helper()
	doc, err := xmltree.ParseBytes([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return doc.Root
}

func TestSourceVersion(t *testing.T) {
	for v, want := range map[string]string{
		"5.11": "v5.11", "5.10": "v5.11", "6.0": "v6.02", "6.02": "v6.02", "6.1": "v6.1", "6.1.1": "v6.1",
		"6.7": "", "7.0": "", "": "", "*": "",
	} {
		if got := (&Package{BuildVersion: v}).SourceVersion(); got != want {
			t.Errorf("buildVersion %q: %q, want %q", v, got, want)
		}
	}
	if (*Package)(nil).SourceVersion() != "" {
		t.Error("a single-entity file has no source version")
	}
}

func TestIdentity(t *testing.T) {
	tests := []struct {
		src, schema, file, wantSchema, wantKey string
	}{
		{`<workflow internalName="WKF1" name="x"/>`, "xtk:workflow", "a.xml", "xtk:workflow", "WKF1"},
		{`<srcSchema namespace="cus" name="recipient"/>`, "", "a.xml", "xtk:srcSchema", "cus:recipient"},
		{`<webApp internalName="prefs" xtkschema="nms:webApp"/>`, "", "a.xml", "nms:webApp", "prefs"},
		{`<serverconf/>`, "", "conf/config-prod.xml", SchemaServerConf, "config-prod.xml"},
		{`<option name="XtkAcceptOldPasswords"/>`, "", "a.xml", "xtk:option", "XtkAcceptOldPasswords"},
		{`<enum name="securityZone"/>`, "", "a.xml", "xtk:enum", "securityZone"},
		{`<unknownThing/>`, "", "a.xml", "?:unknownThing", ""},
	}
	for _, tt := range tests {
		e := NewEntity(parse(t, tt.src), tt.schema, nil, tt.file)
		if e.Schema != tt.wantSchema || e.Key != tt.wantKey {
			t.Errorf("%s: %s %q, want %s %q", tt.src, e.Schema, e.Key, tt.wantSchema, tt.wantKey)
		}
	}
}

func TestSplitPackages(t *testing.T) {
	src := `<package buildVersion="6.1" name="p" namespace="cus"><entities schema="xtk:option"><option name="a"/><option name="b"/></entities></package>`
	var got []string
	_, err := xmltree.Parse(strings.NewReader(src), xmltree.Options{Split: Split, OnSubtree: func(st xmltree.Subtree) error {
		pkg := PackageOf(st.Ancestors)
		e := NewEntity(st.Root, GroupSchema(st.Ancestors), pkg, "p.xml")
		got = append(got, e.ID()+"@"+pkg.SourceVersion())
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "xtk:option a@v6.1,xtk:option b@v6.1" {
		t.Fatalf("entities %v", got)
	}
}

func TestPlaceOf(t *testing.T) {
	root := parse(t, `<workflow internalName="w"><activities><js name="js1"><script>x</script></js></activities></workflow>`)
	var script *xmltree.Element
	root.Walk(func(el *xmltree.Element) bool {
		if el.LocalName() == "script" {
			script = el
		}
		return true
	})
	if got := PlaceOf(root, script); got != "activities/js[@name='js1']/script" {
		t.Errorf("PlaceOf = %q", got)
	}
	if a := ActivityOf(script); a == nil || a.AttrValue("name") != "js1" {
		t.Errorf("ActivityOf = %v", a)
	}
}

func TestCodeOf(t *testing.T) {
	root := parse(t, `<workflow internalName="w"><activities>
<js name="js1"><script>var a = 1;</script></js>
<sql name="s"><script>DELETE FROM T</script></sql>
<js name="d"><desc>var not = "code";</desc></js>
</activities></workflow>`)
	e := NewEntity(root, "xtk:workflow", nil, "w.xml")
	var got []string
	for _, c := range CodeOf(e) {
		got = append(got, c.Lang.String()+":"+c.Text)
	}
	if strings.Join(got, "|") != "JavaScript:var a = 1;|SQL:DELETE FROM T" {
		t.Errorf("CodeOf = %q", got)
	}
	lib := NewEntity(parse(t, `<javascript name="l.js" namespace="cus"><data><![CDATA[function f(){}]]></data></javascript>`), "", nil, "l.xml")
	if cs := CodeOf(lib); len(cs) != 1 || cs[0].Lang != JS {
		t.Errorf("library code %v", cs)
	}
}

// HasScriptTag answers as the lower-cased search it replaces.
func TestHasScriptTag(t *testing.T) {
	r := rand.New(rand.NewSource(9))
	pieces := []string{"<", "script", "SCRIPT", "Script", "<scr", "ipt", "\u0130", "\u212a", "x", " ", "<<", "sCrIpT", "é"}
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for n := r.Intn(8); n > 0; n-- {
			b.WriteString(pieces[r.Intn(len(pieces))])
		}
		s := b.String()
		if got, want := HasScriptTag(s), strings.Contains(strings.ToLower(s), "<script"); got != want {
			t.Fatalf("HasScriptTag(%q) = %v, want %v", s, got, want)
		}
	}
}
