// Package acc is the Adobe Campaign Classic view of a parsed export: which
// elements are entities, what identifies them, and where code lives inside
// them. It knows the shapes described by real package exports (a <package>
// with <entities schema="..."> groups), single-entity files (with or without
// an xtkschema attribute) and serverConf.xml.
package acc

import (
	"path"
	"strings"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// SchemaServerConf is the pseudo-schema given to serverConf.xml and
// config-<instance>.xml documents, which are not entities.
const SchemaServerConf = "serverConf"

// A Package is the header of a package export.
type Package struct {
	Name, Namespace, Label string
	BuildVersion           string // e.g. "6.7" for a v7 build, "6.1", "5.11"
	BuildNumber            string
	Author                 string
	Root                   *xmltree.Element // the <package> element, without its entities
}

// SourceVersion returns the Campaign version the package was exported from,
// as one of the --from values ("v5.11", "v6.02", "v6.1"), or "" when the
// header does not tell or the package already comes from v7 (buildVersion
// 6.7 and later are v7 builds).
func (p *Package) SourceVersion() string {
	if p == nil {
		return ""
	}
	v := strings.TrimSpace(p.BuildVersion)
	switch {
	case strings.HasPrefix(v, "5."):
		return "v5.11"
	case v == "6.0" || v == "6.02" || strings.HasPrefix(v, "6.0."):
		return "v6.02"
	case v == "6.1" || strings.HasPrefix(v, "6.1."):
		return "v6.1"
	}
	return ""
}

// An Entity is one exported object: a schema, a workflow, a web application,
// an option, ... or a server configuration document.
type Entity struct {
	Schema    string // entity schema, e.g. "xtk:workflow", or SchemaServerConf
	Key       string // identity within the schema, e.g. "cus:recipient", "wkfNightlyImport"
	Namespace string // when the identity has one
	Name      string
	Label     string
	Root      *xmltree.Element
	Package   *Package           // nil for a single-entity file
	Leading   []*xmltree.Comment // comments just before the entity element
	Ordinal   int                // 0-based position of the entity in its file
	// Origin says where the identity was read when the entity's own
	// attributes do not hold it: OriginHeader, OriginPath or OriginFileName,
	// or a combination ("metadata header and path"); "" for attributes.
	Origin string
}

// ID is how findings name the entity: "xtk:workflow wkfNightlyImport".
func (e *Entity) ID() string {
	if e.Key == "" {
		return e.Schema
	}
	return e.Schema + " " + e.Key
}

// SchemaNamespace returns the namespace part of the entity schema ("xtk").
func (e *Entity) SchemaNamespace() string {
	ns, _, _ := strings.Cut(e.Schema, ":")
	return ns
}

// elementSchemas infers the schema of a bare entity root that carries no
// xtkschema attribute, as real exports cut out of packages do.
var elementSchemas = map[string]string{
	"srcSchema": "xtk:srcSchema", "schema": "xtk:schema", "workflow": "xtk:workflow",
	"queryFilter": "xtk:queryFilter", "javascript": "xtk:javascript", "jssp": "xtk:jssp",
	"jst": "xtk:jst", "sql": "xtk:sql", "form": "xtk:form", "navtree": "xtk:navtree",
	"folder": "xtk:folder", "option": "xtk:option", "funcList": "xtk:funcList",
	"report": "xtk:report", "specFile": "xtk:specFile", "operator": "xtk:operator",
	"xslt": "xtk:xslt", "formRendering": "xtk:formRendering", "queryDef": "xtk:queryDef",
	"webApp": "nms:webApp", "delivery": "nms:delivery", "includeView": "nms:includeView",
	"extAccount": "nms:extAccount", "operation": "nms:operation", "typology": "nms:typology",
	"typologyRule": "nms:typologyRule", "deliveryMapping": "nms:deliveryMapping",
	"offer": "nms:offer", "offerSpace": "nms:offerSpace", "trackingUrl": "nms:trackingUrl",
	"serverConf": SchemaServerConf, "enum": "xtk:enum",
}

// SchemaOfElement returns the schema inferred from an entity element's name,
// or "" when unknown.
func SchemaOfElement(localName string) string {
	// Instance files (config-<instance>.xml) in the documentation's samples
	// spell the root <serverconf>.
	if strings.EqualFold(localName, "serverConf") {
		return SchemaServerConf
	}
	return elementSchemas[localName]
}

// NewEntity builds the entity for root. schema comes from the enclosing
// <entities schema="..."> group; when empty it is taken from xtkschema or
// inferred from the element name. fileName is used to key documents that
// have no identity of their own (serverConf.xml).
func NewEntity(root *xmltree.Element, schema string, pkg *Package, fileName string) *Entity {
	if schema == "" {
		schema = root.AttrValue("xtkschema")
	}
	if schema == "" {
		schema = SchemaOfElement(root.LocalName())
	}
	if schema == "" {
		schema = "?:" + root.LocalName()
	}
	e := &Entity{Schema: schema, Root: root, Package: pkg}
	e.Namespace = root.AttrValue("namespace")
	e.Name = root.AttrValue("name")
	e.Label = root.AttrValue("label")
	e.Key = identity(e, root, fileName)
	return e
}

// identity computes the key a package import reconciles the entity on.
func identity(e *Entity, root *xmltree.Element, fileName string) string {
	switch e.Schema {
	case SchemaServerConf:
		return path.Base(strings.ReplaceAll(fileName, "\\", "/"))
	case "xtk:workflow", "nms:webApp", "nms:delivery", "nms:operation", "xtk:formRendering":
		if v := root.AttrValue("internalName"); v != "" {
			return v
		}
	}
	if e.Namespace != "" && e.Name != "" {
		return e.Namespace + ":" + e.Name
	}
	for _, a := range []string{"internalName", "name", "tagId"} {
		if v := root.AttrValue(a); v != "" {
			return v
		}
	}
	return ""
}

// IsPackageRoot reports whether a document root is a package envelope.
func IsPackageRoot(name string) bool { return name == "package" || name == "pkgDesc" }

// Split decides, for the XML streaming parser, which elements are entities:
// the children of <entities> in a package (also inside <pkgDesc>), or the
// document root itself for any other document.
func Split(stack []*xmltree.Element) bool {
	n := len(stack)
	if n == 1 {
		return !IsPackageRoot(stack[0].LocalName())
	}
	parent := stack[n-2]
	if parent.LocalName() != "entities" {
		return false
	}
	// <package><entities><x/> or <pkgDesc><package><entities><x/>
	if n == 3 && stack[0].LocalName() == "package" {
		return true
	}
	return n == 4 && stack[0].LocalName() == "pkgDesc" && stack[1].LocalName() == "package"
}

// PackageOf builds the package header from the ancestors of an entity
// split out of a package; nil for single-entity documents.
func PackageOf(ancestors []*xmltree.Element) *Package {
	for _, el := range ancestors {
		if el.LocalName() == "package" {
			return &Package{
				Name: el.AttrValue("name"), Namespace: el.AttrValue("namespace"), Label: el.AttrValue("label"),
				BuildVersion: el.AttrValue("buildVersion"), BuildNumber: el.AttrValue("buildNumber"),
				Author: el.AttrValue("author"), Root: el,
			}
		}
	}
	return nil
}

// GroupSchema returns the schema of the <entities> group enclosing an
// entity, given the entity's ancestors.
func GroupSchema(ancestors []*xmltree.Element) string {
	if n := len(ancestors); n > 0 && ancestors[n-1].LocalName() == "entities" {
		return ancestors[n-1].AttrValue("schema")
	}
	return ""
}
