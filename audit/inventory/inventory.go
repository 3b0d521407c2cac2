// Package inventory describes what an export contains: entities by type,
// namespace and ownership, schema extensions, workflow activities, lines of
// code by place, and package headers. It is fed by the scan itself
// (driver.Options.OnUnit), so that taking the inventory costs no second pass
// over inputs that can be hundreds of megabytes, and it keeps only counts
// and one small record per entity, never entity trees.
package inventory

import (
	"cmp"
	"slices"

	"github.com/acc-audit/acc-audit/audit/acc"
)

// An Inventory is the description of the inputs of one scan. Every list is
// sorted, so that the same inputs give the same bytes whatever the
// scheduling.
type Inventory struct {
	Files       int               `json:"files"`
	FailedFiles int               `json:"failedFiles"`
	Bytes       int64             `json:"bytes"`
	Entities    int               `json:"entities"`
	Classes     ClassCounts       `json:"byClass"`
	Types       []TypeCount       `json:"byType"`
	Namespaces  []NamespaceCount  `json:"byNamespace"`
	Extensions  []SchemaExtension `json:"extensions"`
	Activities  []ActivityGroup   `json:"activities"`
	Code        []CodeCount       `json:"code"`
	CodeTotal   CodeCount         `json:"codeTotal"`
	Packages    []Package         `json:"packages"`
	// Versions are the distinct source versions ("v6.1") read from package
	// headers; empty when no header tells.
	Versions []string `json:"sourceVersions"`
	Items    []Item   `json:"objects"`

	byID map[string]int
}

// ClassCounts counts entities by class.
type ClassCounts struct {
	Custom          int `json:"custom"`
	Extension       int `json:"extension"`
	BuiltInModified int `json:"builtInModified"`
	BuiltIn         int `json:"builtIn"`
}

// Get returns the count of class c.
func (cc ClassCounts) Get(c Class) int {
	switch c {
	case Custom:
		return cc.Custom
	case Extension:
		return cc.Extension
	case BuiltInModified:
		return cc.BuiltInModified
	case BuiltIn:
		return cc.BuiltIn
	}
	return 0
}

func (cc *ClassCounts) add(c Class, n int) {
	switch c {
	case Custom:
		cc.Custom += n
	case Extension:
		cc.Extension += n
	case BuiltInModified:
		cc.BuiltInModified += n
	case BuiltIn:
		cc.BuiltIn += n
	}
}

// A NameCount is a name with a count.
type NameCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// A TypeCount is the number of entities of one entity schema.
type TypeCount struct {
	Schema     string      `json:"schema"`
	Label      string      `json:"label"`
	Total      int         `json:"total"`
	Classes    ClassCounts `json:"byClass"`
	Namespaces []NameCount `json:"byNamespace"`
}

// A NamespaceCount is the number of entities of one namespace ("" for
// entities identified without one: workflows, options, deliveries...).
type NamespaceCount struct {
	Namespace string      `json:"namespace"`
	Reserved  bool        `json:"reserved"`
	Total     int         `json:"total"`
	Types     []NameCount `json:"byType"`
}

// A SchemaExtension is a schema extension and the schema it extends.
type SchemaExtension struct {
	Schema         string `json:"schema"`
	Extends        string `json:"extends"`
	ExtendsBuiltIn bool   `json:"extendsBuiltIn"`
	Label          string `json:"label,omitempty"`
	File           string `json:"file"`
}

// An ExtensionGroup is the extensions of one schema.
type ExtensionGroup struct {
	Extends        string
	ExtendsBuiltIn bool
	Schemas        []string // the extension schemas, sorted
}

// ExtensionGroups groups the extensions by the schema they extend, the
// schemas extended most first: an export can hold thousands of extensions
// of a handful of schemas.
func (inv *Inventory) ExtensionGroups() []ExtensionGroup {
	var out []ExtensionGroup
	for _, e := range inv.Extensions {
		if n := len(out); n > 0 && out[n-1].Extends == e.Extends {
			if !slices.Contains(out[n-1].Schemas, e.Schema) {
				out[n-1].Schemas = append(out[n-1].Schemas, e.Schema)
			}
			continue
		}
		out = append(out, ExtensionGroup{Extends: e.Extends, ExtendsBuiltIn: e.ExtendsBuiltIn, Schemas: []string{e.Schema}})
	}
	slices.SortStableFunc(out, func(a, b ExtensionGroup) int { return cmp.Compare(len(b.Schemas), len(a.Schemas)) })
	return out
}

// An ActivityGroup counts the activities of workflows, web applications or
// reports by activity type (the element name: js, query, sql...).
type ActivityGroup struct {
	Kind       string          `json:"kind"`
	Containers int             `json:"containers"`
	Activities int             `json:"activities"`
	Types      []ActivityCount `json:"byType"`
}

// An ActivityCount is the number of activities of one type, and how many
// containers use it.
type ActivityCount struct {
	Type       string `json:"type"`
	Count      int    `json:"count"`
	Containers int    `json:"containers"`
}

// A CodeCount measures the code held by one place (entity schema). Lines of
// JavaScript are lines holding code tokens (comments and blank lines are
// not counted); template and SQL lines are non-blank lines.
type CodeCount struct {
	Schema    string `json:"schema,omitempty"`
	Place     string `json:"place"`
	Entities  int    `json:"entities"`
	Blocks    int    `json:"blocks"`
	ServerJS  int    `json:"serverJavaScriptLines"`
	BrowserJS int    `json:"browserJavaScriptLines"`
	Template  int    `json:"templateLines"`
	SQL       int    `json:"sqlLines"`
}

// JS is the lines of JavaScript, server and browser.
func (c CodeCount) JS() int { return c.ServerJS + c.BrowserJS }

func (c *CodeCount) add(o CodeCount) {
	c.Blocks += o.Blocks
	c.ServerJS += o.ServerJS
	c.BrowserJS += o.BrowserJS
	c.Template += o.Template
	c.SQL += o.SQL
}

// A Package is the header of a package export and what it holds.
type Package struct {
	File          string      `json:"file"`
	Name          string      `json:"name,omitempty"`
	Namespace     string      `json:"namespace,omitempty"`
	Label         string      `json:"label,omitempty"`
	BuildVersion  string      `json:"buildVersion,omitempty"`
	BuildNumber   string      `json:"buildNumber,omitempty"`
	SourceVersion string      `json:"sourceVersion,omitempty"`
	Vendor        string      `json:"vendor,omitempty"`
	Author        string      `json:"author,omitempty"`
	Date          string      `json:"date,omitempty"`
	Entities      int         `json:"entities"`
	Contents      []NameCount `json:"contents"`
}

// ID is how reports name a package: "cus:crmCustom", or its file when the
// export was made without a package definition.
func (p Package) ID() string {
	switch {
	case p.Namespace != "" && p.Name != "":
		return p.Namespace + ":" + p.Name
	case p.Name != "":
		return p.Name
	}
	return p.File
}

// An Item is one entity of the inputs.
type Item struct {
	File   string `json:"file"`
	Schema string `json:"schema"`
	Key    string `json:"key,omitempty"`
	Label  string `json:"label,omitempty"`
	// Identity says where the schema and key were read when the entity's
	// own attributes do not hold them: "metadata header", "path", "file
	// name" (files of a source tree); empty for attributes.
	Identity string `json:"identity,omitempty"`
	Class    Class  `json:"class"`
	Extends  string `json:"extends,omitempty"`
	// Lines is the lines of code of the entity, all languages.
	Lines int `json:"codeLines"`

	ordinal int
}

// ID is the entity as findings name it ("xtk:workflow wkfNightly").
func (it Item) ID() string {
	if it.Key == "" {
		return it.Schema
	}
	return it.Schema + " " + it.Key
}

// Lookup returns the item that findings name id, or nil.
func (inv *Inventory) Lookup(id string) *Item {
	if i, ok := inv.byID[id]; ok {
		return &inv.Items[i]
	}
	return nil
}

// TypeLabel is the plural, human name of an entity schema.
func TypeLabel(schema string) string {
	if l, ok := typeLabels[schema]; ok {
		return l
	}
	return schema
}

var typeLabels = map[string]string{
	"xtk:srcSchema": "Data schemas", "xtk:schema": "Compiled schemas", "xtk:workflow": "Workflows",
	"nms:webApp": "Web applications", "xtk:javascript": "JavaScript libraries", "xtk:jssp": "JSSP pages",
	"xtk:jst": "JavaScript templates", "xtk:sql": "SQL scripts", "xtk:form": "Input forms",
	"xtk:navtree": "Navigation trees", "xtk:folder": "Folders", "xtk:option": "Options",
	"xtk:funcList": "SQL function lists", "xtk:report": "Reports", "xtk:specFile": "Package definitions",
	"xtk:operator": "Operators", "xtk:xslt": "XSL stylesheets", "xtk:formRendering": "Form renderings",
	"xtk:queryFilter": "Predefined filters", "nms:delivery": "Deliveries and templates",
	"nms:includeView": "Personalisation blocks", "nms:extAccount": "External accounts",
	"nms:operation": "Campaigns", "nms:typology": "Typologies", "nms:typologyRule": "Typology rules",
	"nms:deliveryMapping": "Target mappings", "nms:offer": "Offers", "nms:offerSpace": "Offer spaces",
	"nms:trackingUrl": "Tracking URLs", acc.SchemaServerConf: "Server configuration",
}
