package jsflow

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/acc"
)

func testCode(src string, k kind) *Code {
	return newCode(acc.NewScript(&acc.Code{}, src, true), k)
}

// checkMayBeObject fails when TypeOf finds an Object in a range
// MayBeObject ruled out: every range from the start of each chain.
func checkMayBeObject(t *testing.T, src string) {
	t.Helper()
	c := testCode(src, KindWorkflow)
	may := c.MayBeObject()
	if may == nil {
		t.Fatalf("no test for %q", src)
	}
	for lo := range c.T {
		for hi := lo + 1; hi <= len(c.T) && hi <= lo+16; hi++ {
			if c.TypeOf(lo, hi, 0).Kind == Object && !may(lo, hi) {
				t.Fatalf("%q: %q is %s, MayBeObject says it cannot be an object",
					src, c.Text(lo, hi), c.TypeOf(lo, hi, 0).What)
			}
		}
	}
}

func TestMayBeObjectCoversTypeOf(t *testing.T) {
	for _, src := range []string{
		`var e = nms.recipient.load(1); e.@email; var f = e; f.@id`,
		`for (var k in o) k.@x; for each (var r in q.ExecuteQuery().x) r.@id`,
		`function g() {} g.@a; var h = function n() {}; n.@b; h.@c`,
		`var a = b; var b = a; a.@x; b = [1]; a.@y`,
		`var s = "x", n = 1, re = /x/g; s.@a; n.@b; re.@c; var o = {a: 1}; o.@d`,
		`var x = new Object(); x.@a; var y = new XML("<a/>"); y.@b; var z = (x); z.@c`,
		`var t = v.toString(); t.@a; var p = parseInt(q); p.@b; var w = String(1); w.@c`,
		`function f(a) { var a = nms.recipient.get(a); return a.@id } a.@x`,
		`x = y; y += 1; y.@a; try {} catch (e) { e.@b } x.@c`,
		`var l = <a b="1"/>; l.@b; var m = l.copy(); m.@c; var q = l.text(); q.@d`,
		`for (k in o) { k.@a } var i = each; for each (i in l) i.@b`,
	} {
		checkMayBeObject(t, src)
	}
}

// Random scripts from pieces that make and pass on values of every kind.
func TestMayBeObjectCoversTypeOfRandom(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	names := []string{"a", "b", "c"}
	values := []string{"a", "b", "c", "(a)", "nms.recipient.load(1)", "x.ExecuteQuery()", "<x/>", "new XML(s)",
		"new Date()", "'s'", "1", "[a]", "{}", "a.toString()", "a.b", "a[0]", "a.@b", "String(a)", "f()", "function () {}"}
	forms := []string{"var %n = %v;", "%n = %v;", "for (var %n in %v) {}", "for each (var %n in %v) {}",
		"function %n() {}", "%n += %v;", "function f(%n) { %n = %v; %n.@x; }", "%n.@y;", "var %n = %v, %n = %v;",
		"if (%n) { %n = %v }", "try {} catch (%n) {}"}
	pick := func(l []string) string { return l[r.Intn(len(l))] }
	for i := 0; i < 300; i++ {
		var b strings.Builder
		for n := 1 + r.Intn(6); n > 0; n-- {
			f := pick(forms)
			for strings.Contains(f, "%n") || strings.Contains(f, "%v") {
				f = strings.Replace(f, "%n", pick(names), 1)
				f = strings.Replace(f, "%v", pick(values), 1)
			}
			b.WriteString(f + "\n")
		}
		checkMayBeObject(t, b.String())
	}
}

// The test decides what the uses of the benchmark exports need: XML read
// through a loop, members and indexes of query results.
func TestMayBeObjectRulesOutXML(t *testing.T) {
	src := "var res = query.ExecuteQuery();\nfor each (var r in res.recipient) { r.@id; res.order[i].@id }"
	c := testCode(src, KindWorkflow)
	may := c.MayBeObject()
	for _, recv := range []string{"r", "res.order[i]"} {
		at := strings.LastIndex(src, recv+".@")
		lo, hi := -1, -1
		for i, tk := range c.T {
			if tk.Start == at {
				lo = i
			}
			if tk.Start == at+len(recv) {
				hi = i
			}
		}
		if may(lo, hi) {
			t.Errorf("%s may be an object", recv)
		}
	}
	if testCode(src, KindDelivery).MayBeObject() != nil {
		t.Error("a test in delivery personalisation, where personalisation data is deep")
	}
	if testCode(src+"; JSON.parse(s)", KindWorkflow).MayBeObject() != nil {
		t.Error("a test in a script naming JSON")
	}
}
