package jsscan

import (
	"testing"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// TestMayHoldXML: a source for which MayHoldXML answers false scans to no
// XML token, so a reader of XML tokens may skip its tokenization.
func TestMayHoldXML(t *testing.T) {
	for _, src := range []string{
		"var q = xtk.queryDef.create(<queryDef schema='nms:recipient'/>);",
		"var l = <>{x}</>;",
		"if (a < b && c <d) x = 1;",
		"for (var i = 0; i < 10; i++) {}",
		"var s = '<notXML/>'; // <b/>",
		"x = <!-- c -->;",
		"x = 1 <",
		"",
	} {
		hasXML := false
		for _, tok := range Scan(src, xmltree.Span{}).Tokens {
			if tok.Kind == XML {
				hasXML = true
			}
		}
		if hasXML && !MayHoldXML(src) {
			t.Errorf("MayHoldXML(%q) = false, but it scans to an XML token", src)
		}
	}
	if MayHoldXML("for (var i = 0; i < 10; i++) {}") || MayHoldXML("no angle") {
		t.Error("MayHoldXML answers true for a source with no '<' that can open XML")
	}
	if !MayHoldXML("a = <x/>") {
		t.Error("MayHoldXML misses <x/>")
	}
}
