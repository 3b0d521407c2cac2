package acc

import "testing"

// FuzzSourceEntity: any bytes under any name give an entity whose code
// offsets stay inside the file, or a reason not to read it; never a panic.
func FuzzSourceEntity(f *testing.F) {
	for _, s := range []string{
		"/*!\nAdobe Campaign metadata:\nSchema: xtk:javascript\nName: a:b.js\n!*/\nx();",
		"<%--!\nAdobe Campaign metadata:\nSchema: nms:includeView\nName: f\n!--%>\nt<%---- text above, html below ----%>h",
		"<%--!\r\nAdobe Campaign metadata:\r\nSchema: xtk:option\r\n--%>",
		"\uFEFFvar a;\r\n", "/*! jQuery v3.7.1 | (c) x */", "",
	} {
		f.Add("Campaign files/xtk_javascript/cus/a.js", s)
		f.Add("x/Resources/Campaign Management/Personalization blocks/p.txt", s)
		f.Add("page.jssp", s)
	}
	f.Fuzz(func(t *testing.T, name, text string) {
		kind := KindOfName(name)
		if kind == KindUnknown || kind == KindXML {
			kind = KindJS
		}
		e, notes, skip := NewSourceEntity(name, []byte(text), kind)
		for _, n := range notes {
			if n.Offset < 0 || n.Offset > len(text) {
				t.Fatalf("note offset %d outside %d bytes", n.Offset, len(text))
			}
		}
		if e == nil {
			if skip == "" {
				t.Fatal("no entity and no reason")
			}
			return
		}
		for _, c := range CodeOf(e) {
			for i := 0; i <= len(c.Text); i++ {
				if off := c.Span.File(i); off < 0 || off > int64(len(text)) {
					t.Fatalf("code index %d maps to %d outside %d bytes", i, off, len(text))
				}
			}
		}
	})
}
