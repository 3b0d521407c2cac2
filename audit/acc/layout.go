package acc

import (
	"path"
	"strings"
)

// A PathIdentity is what a file's place in a source tree says of the entity
// it holds.
type PathIdentity struct {
	Schema    string // "xtk:javascript"
	Namespace string // "" for schemas keyed by name alone
	Name      string // "common.js", "zon_UploadDirectory"
	Layout    string // which layout matched, for the inventory
	// Part names the element of the entity the file holds when a sync tool
	// split it out of the entity ("content/html/source"); "" for the whole
	// entity or its main code.
	Part string
}

// Key is the entity key the identity gives: "zon:common.js" or the name.
func (p PathIdentity) Key() string {
	if p.Namespace != "" {
		return p.Namespace + ":" + p.Name
	}
	return p.Name
}

// namespacedSchemas are keyed by namespace and name; the others by a name
// alone (internalName for workflows, deliveries, web applications).
var namespacedSchemas = map[string]bool{
	"xtk:srcSchema": true, "xtk:schema": true, "xtk:javascript": true, "xtk:jssp": true,
	"xtk:jst": true, "xtk:sql": true, "xtk:form": true, "xtk:navtree": true,
	"xtk:funcList": true, "xtk:xslt": true,
}

// nameExtensions are the schemas whose entity names end with the code's
// extension ("common.js", "page.jssp", "createdb.sql").
var nameExtensions = map[string]string{
	"xtk:javascript": ".js", "xtk:jssp": ".jssp", "xtk:sql": ".sql",
}

// consoleFolders map the explorer folders that download tools mirror on
// disk (Administration/Configuration/JavaScript codes/<namespace>/<name>)
// to the schema of the entities they hold, and the part of the entity a
// split-out file holds.
var consoleFolders = map[string]struct{ schema, part string }{
	"javascript codes":         {"xtk:javascript", ""},
	"dynamic javascript pages": {"xtk:jssp", ""},
	"javascript templates":     {"xtk:jst", ""},
	"sql scripts":              {"xtk:sql", ""},
	"data schemas":             {"xtk:srcSchema", ""},
	"input forms":              {"xtk:form", ""},
	"navigation hierarchies":   {"xtk:navtree", ""},
	"xsl style sheets":         {"xtk:xslt", ""},
	"enumerations":             {"xtk:enum", ""},
	"deliveries":               {"nms:delivery", "content/%s/source"},
	"personalization blocks":   {"nms:includeView", "source/%s"},
	"web applications":         {"nms:webApp", ""},
	"form rendering":           {"xtk:formRendering", ""},
	"options":                  {"xtk:option", ""},
	"typologies":               {"nms:typology", ""},
	"typology rules":           {"nms:typologyRule", ""},
	"target mappings":          {"nms:deliveryMapping", ""},
	"external accounts":        {"nms:extAccount", ""},
	"personalization fields":   {"nms:deliveryCustomization", ""},
	"organizational entities":  {"nms:localOrgUnit", ""},
	"counters":                 {"xtk:counter", ""},
	"sql functions":            {"xtk:funcList", ""},
}

// IdentityFromPath reads the entity's identity from the file's place in a
// source tree. Three layouts are known:
//
//   - a sync tool's `Campaign files/<schema, ':' written '_'>/<namespace>/<name>.<ext>`
//     (`<schema>/<name>.<ext>` for schemas keyed by name);
//   - the explorer folders mirrored by download tools,
//     `…/JavaScript codes/<namespace>/<name>.js`, `…/Deliveries/<name>.html`;
//   - `<schema namespace>/<schema name>/[<namespace>/]<name>.<ext>`, as in
//     `nms/delivery/DM554.xml`.
func IdentityFromPath(name string) (PathIdentity, bool) {
	p := strings.ReplaceAll(name, "\\", "/")
	if i := strings.LastIndex(p, "!/"); i >= 0 { // an archive entry
		p = p[i+2:]
	}
	segs := strings.Split(path.Clean(p), "/")
	if id, ok := syncLayout(segs); ok {
		return id, true
	}
	if id, ok := consoleLayout(segs); ok {
		return id, true
	}
	return schemaDirLayout(segs)
}

func syncLayout(segs []string) (PathIdentity, bool) {
	for i, s := range segs {
		if !strings.EqualFold(s, "Campaign files") {
			continue
		}
		rest := segs[i+1:]
		if len(rest) < 2 {
			return PathIdentity{}, false
		}
		schema := schemaFromDir(rest[0], "_")
		if schema == "" {
			return PathIdentity{}, false
		}
		id := PathIdentity{Schema: schema, Layout: "Campaign files/<schema>/<namespace>/<name>"}
		switch len(rest) {
		case 2:
			id.Name = entityName(schema, rest[1])
			id.Layout = "Campaign files/<schema>/<name>"
		case 3:
			id.Namespace, id.Name = rest[1], entityName(schema, rest[2])
		default:
			return PathIdentity{}, false
		}
		return id, true
	}
	return PathIdentity{}, false
}

func consoleLayout(segs []string) (PathIdentity, bool) {
	for i := len(segs) - 2; i >= 0; i-- {
		f, ok := consoleFolders[strings.ToLower(segs[i])]
		if !ok || f.schema == "" {
			continue
		}
		rest := segs[i+1:]
		id := PathIdentity{Schema: f.schema, Layout: segs[i] + "/…"}
		switch {
		case len(rest) == 2 && namespacedSchemas[f.schema]:
			id.Namespace, id.Name = rest[0], entityName(f.schema, rest[1])
		case len(rest) == 1 && !namespacedSchemas[f.schema]:
			id.Name = entityName(f.schema, rest[0])
		default:
			continue
		}
		if f.part != "" {
			switch strings.ToLower(path.Ext(rest[len(rest)-1])) {
			case ".html", ".htm":
				id.Part = strings.Replace(f.part, "%s", "html", 1)
			case ".txt":
				id.Part = strings.Replace(f.part, "%s", "text", 1)
			}
		}
		return id, true
	}
	return PathIdentity{}, false
}

func schemaDirLayout(segs []string) (PathIdentity, bool) {
	for i := len(segs) - 3; i >= 0; i-- {
		schema := segs[i] + ":" + segs[i+1]
		if _, ok := knownSchemas[schema]; !ok {
			continue
		}
		rest := segs[i+2:]
		id := PathIdentity{Schema: schema, Layout: "<namespace>/<schema>/…"}
		switch {
		case len(rest) == 1:
			id.Name = entityName(schema, rest[0])
		case len(rest) == 2 && namespacedSchemas[schema]:
			id.Namespace, id.Name = rest[0], entityName(schema, rest[1])
		default:
			continue
		}
		return id, true
	}
	return PathIdentity{}, false
}

// knownSchemas are the entity schemas the element-name table knows.
var knownSchemas = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, s := range elementSchemas {
		if s != SchemaServerConf {
			m[s] = struct{}{}
		}
	}
	m["nms:deliveryCustomization"] = struct{}{}
	m["nms:localOrgUnit"] = struct{}{}
	m["xtk:counter"] = struct{}{}
	return m
}()

// schemaFromDir reads "xtk_javascript" as "xtk:javascript"; "" when the
// directory does not name an entity schema.
func schemaFromDir(dir, sep string) string {
	ns, name, ok := strings.Cut(dir, sep)
	if !ok || ns == "" || name == "" {
		return ""
	}
	s := ns + ":" + name
	if _, ok := knownSchemas[s]; ok {
		return s
	}
	return ""
}

// entityName turns a file name into the entity name: the file extension
// goes, except for the schemas whose names carry it ("common.js"); the
// ".meta" of split-out metadata files goes too.
func entityName(schema, file string) string {
	base := file
	if ext := path.Ext(base); ext != "" {
		base = strings.TrimSuffix(base, ext)
	}
	base = strings.TrimSuffix(base, ".meta")
	if want := nameExtensions[schema]; want != "" && !strings.HasSuffix(strings.ToLower(base), want) {
		base += want
	}
	return base
}
