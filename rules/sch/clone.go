package sch

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// schCustomStandalone returns the facts SCH-002 and SCH-005 share about a
// custom source schema without extendedSchema, or ok=false when the schema
// is out of their scope (reserved namespace, extension, deletion, view,
// federated data source, file mapping, library).
func schCustomStandalone(p *audit.Pass) (ns, name string, main *xmltree.Element, ok bool) {
	root := p.Entity.Root
	ns, name = strings.TrimSpace(p.Entity.Namespace), strings.TrimSpace(p.Entity.Name)
	if ns == "" || name == "" || srcschema.IsReserved(ns) || srcschema.Deleted(root) || srcschema.IsReference(root) {
		return "", "", nil, false
	}
	if t, _ := srcschema.Extended(root); t != "" {
		return "", "", nil, false
	}
	if srcschema.IsTrue(root.AttrValue("view")) || srcschema.IsTrue(root.AttrValue("library")) || root.AttrValue("dataSource") != "" {
		return "", "", nil, false
	}
	if mt := strings.TrimSpace(root.AttrValue("mappingType")); mt != "" && !strings.EqualFold(mt, "sql") {
		return "", "", nil, false
	}
	for _, el := range srcschema.TopElements(root) {
		if el.AttrValue("dataSource") != "" {
			return "", "", nil, false
		}
	}
	return ns, name, srcschema.MainElement(root, name), true
}

// schOwnStorage reports whether a main element declares a table of its
// own: a table name, an automatic key, a key sequence or a key.
func schOwnStorage(main *xmltree.Element) bool {
	if main == nil {
		return false
	}
	if main.AttrValue("sqltable") != "" || srcschema.IsTrue(main.AttrValue("autopk")) || main.AttrValue("pkSequence") != "" {
		return true
	}
	return main.Child("key") != nil
}
