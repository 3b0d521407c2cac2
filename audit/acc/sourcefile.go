package acc

import (
	"bytes"
	"path"
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// A FileKind is the kind of input a file holds, as its extension says.
type FileKind uint8

const (
	// KindUnknown is a file the tool does not read by its name.
	KindUnknown FileKind = iota
	// KindXML is a package export, a single entity or serverConf.xml.
	KindXML
	// KindJS is server JavaScript: an xtk:javascript body or an activity script.
	KindJS
	// KindJSSP is a JSSP page (HTML with <% %> and <%@ page %> directives).
	KindJSSP
	// KindJST is a JavaScript template (xtk:jst).
	KindJST
	// KindSQL is an SQL script (xtk:sql).
	KindSQL
	// KindText is a text body: an option value, a personalisation block, the
	// HTML or text content of a delivery.
	KindText
)

func (k FileKind) String() string {
	switch k {
	case KindXML:
		return "XML"
	case KindJS:
		return "JavaScript"
	case KindJSSP:
		return "JSSP"
	case KindJST:
		return "JavaScript template"
	case KindSQL:
		return "SQL"
	case KindText:
		return "text"
	}
	return "unknown"
}

// fileKinds maps extensions to kinds. Sync tools save JSSP pages as .jsp
// too, and a template's code as .js under a templates folder (the layout
// decides there).
var fileKinds = map[string]FileKind{
	".xml": KindXML, ".xsl": KindXML,
	".js": KindJS, ".jssp": KindJSSP, ".jsp": KindJSSP, ".jst": KindJST, ".sql": KindSQL,
	".txt": KindText, ".html": KindText, ".htm": KindText,
}

// KindOfName returns the kind of a file from its name.
func KindOfName(name string) FileKind {
	return fileKinds[strings.ToLower(path.Ext(strings.ReplaceAll(name, "\\", "/")))]
}

// SourcePatterns are the directory include globs of every kind the tool
// reads.
func SourcePatterns() []string {
	exts := make([]string, 0, len(fileKinds))
	for e := range fileKinds {
		exts = append(exts, e)
	}
	slices.Sort(exts)
	out := make([]string, len(exts))
	for i, e := range exts {
		out[i] = "**/*" + e
	}
	return out
}

// Identity origins, as the inventory names them.
const (
	OriginHeader   = "metadata header"
	OriginPath     = "path"
	OriginFileName = "file name"
)

// shapes say how an entity of each schema holds the code of a plain file:
// the element path from the root (the root's own name first).
var shapes = map[string][]string{
	"xtk:javascript":  {"javascript", "data"},
	"xtk:jssp":        {"jssp", "data"},
	"xtk:jst":         {"jst", "code"},
	"xtk:sql":         {"sql", "data"},
	"xtk:option":      {"option", "memoValue"},
	"nms:includeView": {"includeView", "source", "html"},
	"nms:delivery":    {"delivery", "content", "html", "source"},
}

// kindSchemas are the schemas a file is taken for when neither a header nor
// the path names one.
var kindSchemas = map[FileKind]string{
	KindJS: "xtk:javascript", KindJSSP: "xtk:jssp", KindJST: "xtk:jst", KindSQL: "xtk:sql",
}

// A SourceNote is something worth telling the user about how a plain file
// was read (a header that contradicts the path), at a byte offset.
type SourceNote struct {
	Offset int
	Msg    string
}

// NewSourceEntity builds the entity held by a plain code file (JavaScript,
// JSSP, template, SQL, option value or personalisation block): the same
// element shape as the entity inside a package export, whose code element
// holds the file's text after its metadata header, with offsets into the
// file, so that every rule runs on it as on the exported entity. skip is
// set, and the entity nil, when the file is not Campaign code.
func NewSourceEntity(fileName string, text []byte, kind FileKind) (e *Entity, notes []SourceNote, skip string) {
	h := ParseHeader(string(text[:min(len(text), maxHeader+64)]))
	pid, fromPath := IdentityFromPath(fileName)

	schema, origin := h.Get("Schema"), OriginHeader
	switch {
	case schema != "":
		if fromPath && pid.Schema != schema {
			notes = append(notes, SourceNote{Offset: h.Field("Schema").Offset,
				Msg: "the metadata header names schema " + schema + " but the path says " + pid.Schema + "; the header is used"})
		}
	case fromPath:
		schema, origin = pid.Schema, OriginPath
	default:
		schema, origin = kindSchemas[kind], OriginFileName
	}
	bodyStart := 0
	if h != nil {
		bodyStart = h.End
	} else if len(text) >= 3 && string(text[:3]) == "\uFEFF" {
		bodyStart = 3
	}
	body := text[bodyStart:]
	if h == nil && !fromPath {
		if reason := notCampaignCode(fileName, body, kind); reason != "" {
			return nil, nil, reason
		}
	}
	shape := shapes[schema]
	if pid.Part != "" && schema == pid.Schema {
		shape = append([]string{shape[0]}, strings.Split(pid.Part, "/")...)
	}
	if schema == "nms:includeView" && pid.Part == "" && !strings.EqualFold(path.Ext(fileName), ".html") && !strings.EqualFold(path.Ext(fileName), ".htm") {
		// The text part (the sync tool's .jssp holds it first), unless the
		// file is HTML.
		shape = []string{"includeView", "source", "text"}
	}
	if shape == nil {
		if schema == "" {
			return nil, nil, "not a Campaign export or code file"
		}
		return nil, nil, "a " + schema + " entity is not read from a " + kind.String() + " file"
	}

	e = &Entity{Schema: schema, Origin: origin}
	nameField := h.Field("Name")
	switch {
	case nameField != nil && nameField.Value != "":
		e.Name = nameField.Value
		if namespacedSchemas[schema] {
			if ns, n, ok := strings.Cut(e.Name, ":"); ok {
				e.Namespace, e.Name = ns, n
			}
		}
		if e.Namespace == "" && fromPath && namespacedSchemas[schema] {
			e.Namespace = pid.Namespace
			e.Origin = OriginHeader + " and " + OriginPath
		}
	case fromPath && pid.Schema == schema:
		e.Namespace, e.Name = pid.Namespace, pid.Name
		if origin == OriginHeader {
			e.Origin = OriginHeader + " and " + OriginPath
		}
	default:
		base := path.Base(strings.ReplaceAll(fileName, "\\", "/"))
		if i := strings.LastIndex(base, "!/"); i >= 0 {
			base = base[i+2:]
		}
		e.Name = entityName(schema, base)
		if origin == OriginHeader {
			e.Origin = OriginHeader + " and " + OriginFileName
		} else {
			e.Origin = OriginFileName
		}
	}
	e.Label = h.Get("Label")
	if e.Namespace != "" {
		e.Key = e.Namespace + ":" + e.Name
	} else {
		e.Key = e.Name
	}
	e.Root = sourceTree(shape, e, h, text, bodyStart)
	return e, notes, ""
}

// sourceTree builds the elements of shape around the file's body, with the
// identity as attributes of the root (placed on the header's fields when
// the header gives them).
func sourceTree(shape []string, e *Entity, h *Header, text []byte, bodyStart int) *xmltree.Element {
	end := int64(len(text))
	root := &xmltree.Element{Name: shape[0], Start: 0, StartTagEnd: int64(bodyStart), End: end}
	attr := func(name, value, field string) {
		if value == "" {
			return
		}
		off := int64(0)
		if f := h.Field(field); f != nil {
			off = int64(f.Offset)
		}
		root.Attrs = append(root.Attrs, xmltree.Attr{Name: name, Value: value, NameOff: off, ValueSpan: xmltree.Identity(off)})
	}
	switch e.Schema {
	case "xtk:workflow", "nms:delivery", "nms:webApp", "nms:operation", "xtk:formRendering":
		attr("internalName", e.Name, "Name")
	default:
		attr("name", e.Name, "Name")
		attr("namespace", e.Namespace, "Name")
	}
	attr("label", e.Label, "Label")
	// A personalisation block that varies by format is kept by the sync
	// tool as its text part, a separator line, and its HTML part.
	if e.Schema == "nms:includeView" && len(shape) == 3 {
		if i := bytes.Index(text[bodyStart:], []byte(includeViewSeparator)); i >= 0 {
			src := &xmltree.Element{Name: "source", Parent: root, Start: int64(bodyStart), StartTagEnd: int64(bodyStart), End: end}
			root.Children = append(root.Children, src)
			cut := bodyStart + i
			leaf(src, "text", text, bodyStart, cut)
			leaf(src, "html", text, cut+len(includeViewSeparator), len(text))
			return root
		}
	}
	parent := root
	for _, name := range shape[1 : len(shape)-1] {
		el := &xmltree.Element{Name: name, Parent: parent, Start: int64(bodyStart), StartTagEnd: int64(bodyStart), End: end}
		parent.Children = append(parent.Children, el)
		parent = el
	}
	leaf(parent, shape[len(shape)-1], text, bodyStart, len(text))
	return root
}

// includeViewSeparator is the line the sync tool writes between the text
// and the HTML of a personalisation block.
const includeViewSeparator = "<%---- text above, html below ----%>"

// leaf adds to parent an element holding text[from:to], with offsets into
// the file. The text is written as is, like CDATA: an edit goes in
// unescaped.
func leaf(parent *xmltree.Element, name string, text []byte, from, to int) {
	el := &xmltree.Element{Name: name, Parent: parent, Start: int64(from), StartTagEnd: int64(from), End: int64(to)}
	parent.Children = append(parent.Children, el)
	data, span := xmltree.NormalizeNewlines(text[from:to], int64(from))
	el.Children = append(el.Children, &xmltree.Text{Data: data, CDATA: true, Start: int64(from), Span: span, Parent: el})
}

// CompleteIdentity fills in the identity of a single-entity XML file whose
// root lacks it (sync tools move name and namespace into a metadata header
// and the path): from the header h (nil when there is none), else from the
// path. Attributes the root holds are never overridden.
func CompleteIdentity(e *Entity, h *Header, fileName string) []SourceNote {
	var notes []SourceNote
	if s := h.Get("Schema"); s != "" && s != e.Schema {
		if strings.HasPrefix(e.Schema, "?:") || e.Root.AttrValue("xtkschema") == "" {
			if !strings.HasPrefix(e.Schema, "?:") {
				notes = append(notes, SourceNote{Offset: h.Field("Schema").Offset,
					Msg: "the metadata header names schema " + s + " but the root element <" + e.Root.Name + "> says " + e.Schema + "; the header is used"})
			}
			e.Schema = s
			e.Origin = OriginHeader
		}
	}
	if e.Key != "" {
		return notes
	}
	if n := h.Get("Name"); n != "" {
		e.Name = n
		if namespacedSchemas[e.Schema] {
			if ns, name, ok := strings.Cut(n, ":"); ok {
				e.Namespace, e.Name = ns, name
			}
		}
		e.Origin = OriginHeader
	} else if pid, ok := IdentityFromPath(fileName); ok && (pid.Schema == e.Schema || strings.HasPrefix(e.Schema, "?:")) {
		e.Schema, e.Namespace, e.Name = pid.Schema, pid.Namespace, pid.Name
		e.Origin = OriginPath
	} else {
		return notes
	}
	if e.Label == "" {
		e.Label = h.Get("Label")
	}
	e.Key = e.Name
	if e.Namespace != "" {
		e.Key = e.Namespace + ":" + e.Name
	}
	return notes
}

// HeaderOfComment reads a metadata header written as an XML comment
// (`<!--! … !-->`), with offsets in the file; nil when c is not one.
func HeaderOfComment(c *xmltree.Comment) *Header {
	if c == nil || !strings.HasPrefix(c.Data, "!") {
		return nil
	}
	h := ParseHeader("<!--" + c.Data + "-->")
	if h == nil {
		return nil
	}
	for i := range h.Fields {
		h.Fields[i].Offset = int(c.Span.File(h.Fields[i].Offset - len("<!--")))
	}
	h.Start, h.End = int(c.Start), int(c.Start)+len("<!--")+len(c.Data)+len("-->")
	return h
}
