package acc

import (
	"strings"
	"testing"
)

func TestParseHeader(t *testing.T) {
	tests := []struct {
		name, text     string
		schema, nameF  string
		bodyStartsWith string
		wantNil        bool
	}{
		{"js", "/*!\nAdobe Campaign metadata:\nSchema: xtk:javascript\nName: zon:common.js\nLabel: Common\n!*/\n\"use strict\";", "xtk:javascript", "zon:common.js", "\"use strict\"", false},
		{"js crlf", "/*!\r\nAdobe Campaign metadata:\r\nSchema: xtk:javascript\r\nName: a:b.js\r\n!*/\r\nx();", "xtk:javascript", "a:b.js", "x();", false},
		{"xml", "<!--!\nAdobe Campaign metadata:\nSchema: xtk:srcSchema\nName: zon:persist\n!-->\n<srcSchema/>", "xtk:srcSchema", "zon:persist", "<srcSchema/>", false},
		{"jssp", "<%--!\nAdobe Campaign metadata:\nSchema: xtk:option\nName: zon_Dir\nDataType: String\n!--%>\nC:\\x", "xtk:option", "zon_Dir", "C:\\x", false},
		{"plain closer", "<%--!\nAdobe Campaign metadata:\nSchema: xtk:jssp\n--%>\nbody", "xtk:jssp", "", "body", false},
		{"bom and blank lines", "\uFEFF\n\n/*!\nAdobe Campaign metadata:\nName: n\n!*/\nbody", "", "n", "body", false},
		{"licence banner", "/*! jQuery v3.7.1 | (c) OpenJS */\n!function(){}", "", "", "", true},
		{"unclosed", "/*!\nAdobe Campaign metadata:\nSchema: xtk:javascript\n", "", "", "", true},
		{"not at the top", "var x;\n/*!\nAdobe Campaign metadata:\nSchema: xtk:javascript\n!*/", "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := ParseHeader(tt.text)
			if tt.wantNil {
				if h != nil {
					t.Fatalf("got header %+v", h)
				}
				return
			}
			if h == nil {
				t.Fatal("no header")
			}
			if h.Get("Schema") != tt.schema || h.Get("name") != tt.nameF {
				t.Errorf("schema %q name %q", h.Get("Schema"), h.Get("Name"))
			}
			if !strings.HasPrefix(tt.text[h.End:], tt.bodyStartsWith) {
				t.Errorf("body starts with %q", tt.text[h.End:])
			}
			for _, f := range h.Fields {
				if !strings.HasPrefix(tt.text[f.Offset:], f.Value) {
					t.Errorf("field %s at %d reads %q", f.Key, f.Offset, tt.text[f.Offset:min(len(tt.text), f.Offset+10)])
				}
			}
		})
	}
}

func TestIdentityFromPath(t *testing.T) {
	tests := []struct {
		path, schema, key, part string
	}{
		{"repo/Campaign files/xtk_javascript/zon/common.js", "xtk:javascript", "zon:common.js", ""},
		{`C:\work\Campaign files\xtk_srcSchema\zon\persist.xml`, "xtk:srcSchema", "zon:persist", ""},
		{"Campaign files/xtk_option/zon_UploadDirectory.jssp", "xtk:option", "zon_UploadDirectory", ""},
		{"Campaign files/xtk_jssp/cus/page.jssp", "xtk:jssp", "cus:page.jssp", ""},
		{"x/Administration/Configuration/JavaScript codes/cus/tools.js.js", "xtk:javascript", "cus:tools.js", ""},
		{"x/Administration/Configuration/Dynamic JavaScript pages/cus/page.jssp.jsp", "xtk:jssp", "cus:page.jssp", ""},
		{"x/Administration/Configuration/JavaScript templates/cus/mail.js", "xtk:jst", "cus:mail", ""},
		{"x/Campaign Management/Deliveries/DM1.txt", "nms:delivery", "DM1", "content/text/source"},
		{"x/Resources/Campaign Management/Personalization blocks/footer.html", "nms:includeView", "footer", "source/html"},
		{"exports/nms/delivery/DM554.xml", "nms:delivery", "DM554", ""},
		{"exports/xtk/sql/cus/cleanup.sql", "xtk:sql", "cus:cleanup.sql", ""},
		{"archive.zip!/Campaign files/xtk_javascript/cus/a.js", "xtk:javascript", "cus:a.js", ""},
	}
	for _, tt := range tests {
		id, ok := IdentityFromPath(tt.path)
		if !ok || id.Schema != tt.schema || id.Key() != tt.key || id.Part != tt.part {
			t.Errorf("%s: got %+v %v, want %s %s %s", tt.path, id, ok, tt.schema, tt.key, tt.part)
		}
	}
	for _, p := range []string{"src/lib/common.js", "Campaign files/unknown_thing/x.js", "Campaign files/xtk_javascript/a/b/c.js", "nms/delivery", "deliveries/a/b.html"} {
		if id, ok := IdentityFromPath(p); ok {
			t.Errorf("%s: no layout expected, got %+v", p, id)
		}
	}
}

func TestNotCampaignCode(t *testing.T) {
	tests := []struct {
		name, body string
		skip       bool
	}{
		{"lib/app.js", "function f() { return 1; }", false},
		{"vendor/x.js", "function f() { return 1; }", true},
		{"node_modules/x/index.js", "function f() { return 1; }", true},
		{"js/jquery.min.js", "!function(){}", true},
		{"js/chart.js", "/*!\n * Chart.js v4.4.1\n * (c) 2023 Chart.js Contributors\n */\n", true},
		{"js/mod.js", "import x from 'y';\nexport default x;", true},
		{"js/mocha.js", "eval(xtk.javascript.load('util:common.js').data);\nmodule.exports = 1;", false},
		{"js/min.js", strings.Repeat("a=1;", 1000), true},
		{"vendor/cus.js", "logInfo('ours, in a vendor folder');", false},
	}
	for _, tt := range tests {
		if got := notCampaignCode(tt.name, []byte(tt.body), KindJS); (got != "") != tt.skip {
			t.Errorf("%s: %q, want skip=%v", tt.name, got, tt.skip)
		}
	}
}

func TestSourceEntityPositions(t *testing.T) {
	text := "/*!\r\nAdobe Campaign metadata:\r\nSchema: xtk:javascript\r\nName: cus:a.js\r\n!*/\r\nvar a;\r\nvar b;\r\n"
	e, notes, skip := NewSourceEntity("Campaign files/xtk_javascript/cus/a.js", []byte(text), KindJS)
	if e == nil || skip != "" || len(notes) != 0 {
		t.Fatalf("entity %v skip %q notes %v", e, skip, notes)
	}
	if e.Key != "cus:a.js" || e.Origin != OriginHeader || e.Root.LocalName() != "javascript" {
		t.Fatalf("identity %+v", e)
	}
	codes := CodeOf(e)
	if len(codes) != 1 || codes[0].Lang != JS {
		t.Fatalf("code blocks %+v", codes)
	}
	c := codes[0]
	if strings.Contains(c.Text, "\r") {
		t.Error("CRLF not normalised")
	}
	i := strings.Index(c.Text, "var b")
	if off := c.Span.File(i); text[off:off+5] != "var b" {
		t.Errorf("span maps to %q", text[off:off+5])
	}
}
