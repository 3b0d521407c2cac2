// Package webapp models web applications and JSSP for the WEB, SEC, JSSP and
// JS rules: their texts, identity, calls and writes.
package webapp

import (
	"bytes"
	"regexp"
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// This file holds what the WEB, SEC and JSSP rules share about web
// applications and JSSP pages: the texts that can carry links, the
// classification of a page as identified (operator session) or anonymous,
// and the server calls whose rights v7 restricts.

// A Text is one piece of text visited by srvTexts. Its description
// and file positions are computed only when a rule reports on it: most
// texts of most entities match nothing.
type Text struct {
	Text    string
	span    xmltree.Span // maps span indices to file offsets
	off     int          // span index of text[0]
	kind    uint8
	el      *xmltree.Element
	attr    string
	browser bool
}

const (
	textAttr = iota
	textElement
	textMarkup
	textString
	textE4XAttr
	textE4XElement
)

// Where names the text for a message.
func (t *Text) Where() string {
	switch t.kind {
	case textAttr:
		return t.attr + " of <" + t.el.Name + ">"
	case textElement:
		return "the text of <" + t.el.Name + ">"
	case textMarkup:
		return "the markup of <" + t.el.Name + ">"
	case textE4XAttr:
		return t.attr + " of <" + t.el.Name + "> in an E4X literal"
	case textE4XElement:
		return "the text of <" + t.el.Name + "> in an E4X literal"
	}
	if t.browser {
		return "a JavaScript string of browser code"
	}
	return "a JavaScript string"
}

// Rng returns the file range of text[i:j].
func (t *Text) Rng(i, j int) (int64, int64) { return audit.ValueRange(t.span, t.off+i, t.off+j) }

// Texts calls fn for every piece of text of an entity that can hold a
// URL or an XML snippet: attribute values and texts of the stored XML
// (labels, descriptions and help excluded), the markup of pages without
// its <% %> code, HTML comments and <script> bodies, the string literals
// of every script (server and browser), and the attributes and texts of
// E4X literals. Comments of scripts are not visited. fn must not keep t.
func Texts(p *audit.Pass, fn func(t *Text)) {
	code := map[*xmltree.Element]*acc.Code{}
	for _, c := range p.Code() {
		if c.Attr == nil {
			code[c.Elem] = c
		}
	}
	var t Text
	visit := func(text string, span xmltree.Span, off int, kind uint8, el *xmltree.Element, attr string, browser bool) {
		t = Text{Text: text, span: span, off: off, kind: kind, el: el, attr: attr, browser: browser}
		fn(&t)
	}
	elementTexts := func(el *xmltree.Element, attrKind, textKind uint8) {
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if !a.Expr && !acc.IsDescriptiveAttr(a.Name) {
				visit(a.Value, a.ValueSpan, 0, attrKind, el, a.Name, false)
			}
		}
		if textKind == textElement && code[el] != nil {
			return
		}
		for _, ch := range el.Children {
			if tx, ok := ch.(*xmltree.Text); ok && !tx.Expr {
				visit(tx.Data, tx.Span, 0, textKind, el, "", false)
			}
		}
	}
	for _, el := range p.Elements() {
		elementTexts(el, textAttr, textElement)
		if c := code[el]; c != nil && c.Lang == acc.Template {
			visit(MarkupCode(c), c.Span, 0, textMarkup, el, "", false)
		}
	}
	for _, s := range p.Scripts() {
		for _, tok := range s.JS().Tokens {
			switch tok.Kind {
			case jsscan.String:
				if len(tok.Text) >= 2 {
					visit(tok.Text[1:len(tok.Text)-1], s.JS().Span, tok.Start+1, textString, nil, "", !s.Server)
				}
			case jsscan.XML:
				if tok.XML != nil {
					tok.XML.Walk(func(el *xmltree.Element) bool {
						elementTexts(el, textE4XAttr, textE4XElement)
						return true
					})
				}
			}
		}
	}
}

// HasFold reports whether s contains the lower-case ASCII needle in any
// case; it is the cheap test run before the regular expressions on every
// text of every entity.
func HasFold(s, needle string) bool {
	first := needle[0]
	set := string([]byte{first, first - 'a' + 'A'})
	if first < 'a' || first > 'z' {
		set = string(first)
	}
	for i := 0; ; {
		k := strings.IndexAny(s[i:], set)
		if k < 0 || i+k+len(needle) > len(s) {
			return false
		}
		i += k
		if strings.EqualFold(s[i:i+len(needle)], needle) {
			return true
		}
		i++
	}
}

// MarkupText returns the markup of a template with its server code,
// HTML comments and script bodies blanked, every remaining byte at its
// offset.
func MarkupText(src string) string {
	var parts []jsscan.Part
	if jsscan.HasTemplate(src) {
		parts = jsscan.SplitTemplate(src)
	}
	return markupText(src, parts)
}

// MarkupCode is MarkupText of a code block, whose parts are split once.
func MarkupCode(c *acc.Code) string { return markupText(c.Text, c.Parts()) }

func markupText(src string, parts []jsscan.Part) string {
	b := []byte(src)
	blank := func(i, j int) {
		for k := i; k < j; k++ {
			if b[k] != '\n' && b[k] != '\r' {
				b[k] = ' '
			}
		}
	}
	for _, part := range parts {
		if part.Kind != jsscan.TextPart {
			blank(part.Start, part.End)
		}
	}
	for pos := 0; ; {
		i := bytes.Index(b[pos:], []byte("<!--"))
		if i < 0 {
			break
		}
		i += pos
		j := bytes.Index(b[i+4:], []byte("-->"))
		if j < 0 {
			break // no comment ends: none after this one either
		}
		pos = i + 4 + j + 3
		blank(i, pos)
	}
	if acc.HasScriptTag(src) {
		client := jsscan.ClientJSOf(src, parts)
		for i := 0; i < len(client); i++ {
			if client[i] != ' ' && client[i] != '\n' && client[i] != '\r' && client[i] != '\t' {
				b[i] = ' '
			}
		}
	}
	return string(b)
}

// CodeCalls calls fn for every call `name(` (name an identifier,
// possibly a member: x.name() of a script's code.
func CodeCalls(s *acc.Script, names map[string]bool, fn func(t jsscan.Token, i int, code []jsscan.Token)) {
	code := s.JS().Code()
	for i, t := range code {
		if t.Kind == jsscan.Ident && names[t.Text] && i+1 < len(code) && code[i+1].Kind == jsscan.Punct && code[i+1].Text == "(" {
			fn(t, i, code)
		}
	}
}

// member reports whether code[i:] reads a.b (identifiers a then b).
func member(code []jsscan.Token, i int, a, b string) bool {
	return i+2 < len(code) && code[i].Kind == jsscan.Ident && code[i].Text == a &&
		code[i+1].Text == "." && code[i+2].Kind == jsscan.Ident && code[i+2].Text == b
}

// reservedNamespaces hold Adobe's own objects.
var reservedNamespaces = map[string]bool{
	"xtk": true, "nl": true, "nms": true, "ncm": true, "temp": true, "ncl": true, "crm": true, "xxl": true,
}

// OverviewApps are the built-in v6.02 overview web applications that
// the migration guide names in its PU-0006 logs, which removeOldWebApp.js
// deletes.
var OverviewApps = map[string]bool{"taskOverview": true, "lastTasks": true}

// WebAppIdentity tells an identified web application (operators log on
// and it runs with their session) from an anonymous one (the default: it
// runs as the webApp operator). The export format does not document the
// access-control flag, so the decision rests on what only an operator
// session provides: the operator's session token
// (document.controller.getSessionToken(), documented for overviews), the
// logged operator (application.operator), or a redirection to the
// operator logon page. It returns a short description of the evidence.
func WebAppIdentity(p *audit.Pass) (evidence string, identified bool) {
	for _, s := range p.Scripts() {
		code := s.JS().Code()
		for i, t := range code {
			if t.Kind != jsscan.Ident {
				continue
			}
			switch {
			case t.Text == "getSessionToken" && i+1 < len(code) && code[i+1].Text == "(":
				return "it uses the operator's session token (getSessionToken())", true
			case member(code, i, "application", "operator") && s.Server:
				return "it reads the logged operator (application.operator)", true
			}
		}
	}
	found := ""
	Texts(p, func(t *Text) {
		if found == "" && strings.Contains(t.Text, "/nl/jsp/logon.jsp") {
			found = "it sends users to the operator logon page (/nl/jsp/logon.jsp)"
		}
	})
	if found != "" {
		return found, true
	}
	return "", false
}

// jsspAuthCalls are the calls by which a JSSP requires an operator
// session.
var jsspAuthCalls = map[string]bool{"checkAuthentication": true, "hasNamedRight": true, "hasRight": true}

// JSSPAnonymous reports whether a custom JSSP serves anonymous visitors:
// it never checks that an operator is logged on. Pages of Adobe's
// namespaces are not custom. Console dashboards (NL.Dashboard.init, or the
// xtk:dashboard.js library imported) open in the client console with the
// operator's session: they are not public pages.
func JSSPAnonymous(p *audit.Pass) bool {
	if reservedNamespaces[strings.ToLower(p.Entity.Namespace)] {
		return false
	}
	for _, s := range p.Scripts() {
		if !s.Server {
			continue
		}
		hit := false
		CodeCalls(s, jsspAuthCalls, func(jsscan.Token, int, []jsscan.Token) { hit = true })
		code := s.JS().Code()
		for i := range code {
			if member(code, i, "NL", "Dashboard") && i+4 < len(code) && code[i+3].Text == "." && code[i+4].Text == "init" {
				hit = true
			}
		}
		if hit {
			return false
		}
	}
	for _, c := range p.Code() {
		if c.Lang == acc.Template && jsscan.HasTemplate(c.Text) {
			for _, part := range c.Parts() {
				if part.Kind == jsscan.DirectivePart && part.Directive != nil && part.Directive.Name == "page" &&
					slices.Contains(PageImports(part.Directive.Attrs["import"]), "xtk:dashboard.js") {
					return false
				}
			}
		}
	}
	return true
}

// PageImports splits the import attribute of a <%@ page %> directive: one
// attribute lists several libraries, comma-separated.
func PageImports(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// AdminOnlySchemas are the built-in schemas that v7 opens for writing
// to operators with the admin right only.
var AdminOnlySchemas = map[string]bool{
	"ncm:publishing": true, "nl:monitoring": true, "nms:calendar": true, "xtk:builder": true,
	"xtk:connections": true, "xtk:dbInit": true, "xtk:entityBackupNew": true, "xtk:entityBackupOriginal": true,
	"xtk:entityOriginal": true, "xtk:form": true, "xtk:funcList": true, "xtk:fusion": true, "xtk:image": true,
	"xtk:javascript": true, "xtk:jssp": true, "xtk:jst": true, "xtk:navtree": true, "xtk:operatorGroup": true,
	"xtk:package": true, "xtk:queryDef": true, "xtk:resourceMenu": true, "xtk:rights": true, "xtk:schema": true,
	"xtk:scriptContext": true, "xtk:specFile": true, "xtk:sql": true, "xtk:sqlSchema": true, "xtk:srcSchema": true,
	"xtk:strings": true, "xtk:xslt": true,
}

// CodeSchemas hold code or definitions the server executes; JSSP-002
// reports writes to them, SEC-007 the writes to the other admin-only
// schemas.
var CodeSchemas = map[string]bool{
	"xtk:jssp": true, "xtk:javascript": true, "xtk:jst": true, "xtk:xslt": true, "xtk:sql": true,
	"xtk:srcSchema": true, "xtk:schema": true, "xtk:form": true, "xtk:navtree": true, "xtk:funcList": true,
}

// A write is code that writes an entity of a schema.
type write struct {
	Schema     string
	Start, End int64
	How        string
	Browser    bool
}

var xtkschemaInString = regexp.MustCompile(`(?:\bxtkschema|<entities\s+schema)\s*=\s*\\?["']([A-Za-z]+:[A-Za-z0-9_]+)`)

// Writes finds the writes of an entity's scripts to entities of the
// schemas accepted by want: E4X documents carrying xtkschema (the form
// xtk.session.Write takes), package documents with <entities schema>,
// XML built in strings, and objects loaded or created through the schema
// API (xtk.jssp.create(...)) and saved. Query documents (xtk:queryDef)
// read and are never writes.
func Writes(p *audit.Pass, want func(schema string) bool) []write {
	var out []write
	ok := func(schema string) bool { return schema != "xtk:queryDef" && want(schema) }
	for _, s := range p.Scripts() {
		for _, t := range s.JS().Tokens {
			switch t.Kind {
			case jsscan.XML:
				if t.XML == nil {
					continue
				}
				t.XML.Walk(func(el *xmltree.Element) bool {
					attr := "xtkschema"
					if el.LocalName() == "entities" {
						attr = "schema"
					}
					if a := el.AttrNode(attr); a != nil && !a.Expr && ok(a.Value) {
						start, end := audit.AttrRange(a)
						out = append(out, write{Schema: a.Value, Start: start, End: end,
							How: "an E4X document <" + el.Name + " " + attr + "=\"" + a.Value + "\">", Browser: !s.Server})
					}
					return true
				})
			case jsscan.String:
				if len(t.Text) < 2 {
					continue
				}
				inner := t.Text[1 : len(t.Text)-1]
				if !strings.Contains(inner, "<") {
					continue
				}
				sp := s.JS().Span.Slice(t.Start + 1)
				for _, m := range xtkschemaInString.FindAllStringSubmatchIndex(inner, -1) {
					schema := inner[m[2]:m[3]]
					if !ok(schema) {
						continue
					}
					start, end := audit.ValueRange(sp, m[0], m[1])
					out = append(out, write{Schema: schema, Start: start, End: end,
						How: "XML built in a string for " + schema, Browser: !s.Server})
				}
			}
		}
		out = append(out, apiWrites(s, ok)...)
	}
	return out
}

// apiWrites finds `v = xtk.jssp.create(...)` / `.load(` / `.get(`
// followed later by `v.save(`.
func apiWrites(s *acc.Script, ok func(string) bool) []write {
	var out []write
	code := s.JS().Code()
	for i := 0; i+5 < len(code); i++ {
		ns := code[i]
		if ns.Kind != jsscan.Ident || (ns.Text != "xtk" && ns.Text != "nms") || code[i+1].Text != "." ||
			code[i+2].Kind != jsscan.Ident || code[i+3].Text != "." || code[i+4].Kind != jsscan.Ident || code[i+5].Text != "(" {
			continue
		}
		switch code[i+4].Text {
		case "create", "load", "get":
		default:
			continue
		}
		schema := ns.Text + ":" + code[i+2].Text
		if !ok(schema) || i < 2 || code[i-1].Text != "=" || code[i-2].Kind != jsscan.Ident {
			continue
		}
		v := code[i-2].Text
		for j := i + 6; j+2 < len(code); j++ {
			if code[j].Kind == jsscan.Ident && code[j].Text == v && code[j+1].Text == "." && code[j+2].Text == "save" {
				sp := s.JS().Span
				start, end := audit.ValueRange(sp, ns.Start, code[i+4].End)
				out = append(out, write{Schema: schema, Start: start, End: end,
					How: ns.Text + "." + code[i+2].Text + "." + code[i+4].Text + "(…) then " + v + ".save()", Browser: !s.Server})
				break
			}
		}
	}
	return out
}
