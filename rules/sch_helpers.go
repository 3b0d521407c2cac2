package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Risk areas of the schema, package, option, Interaction, folder, database
// and time-zone families.
const (
	schCatSchemas     = "Schema modification practices"
	schCatPackages    = "Packages and options"
	schCatInteraction = "Interaction and offers"
	schCatFolders     = "Navigation tree and folders"
	schCatDatabase    = "Database structure"
	schCatTimeZones   = "Time zones"
)

// Documentation pages cited by these families.
const (
	schDocExtend       = docBase + "configuration/using/extending-a-schema.md#extending-a-schema"
	schDocSchemaRef    = docBase + "configuration/using/about-schema-reference.md#identification-of-a-schema"
	schDocMigration    = docBase + "migration/using/about-migration.md#specific-configurations"
	schDocSchemaEdit   = docBase + "configuration/using/examples-of-schemas-edition.md"
	schDocSysFilters   = docBase + "configuration/using/filtering-schemas.md#modifying-system-filters-of-built-in-schemas"
	schDocMigTools     = docBase + "migration/using/testing-the-migration.md#migration-tools"
	schDocConflicts    = docBase + "migration/using/general-configurations.md#conflicts"
	schDocResolve      = docBase + "migration/using/general-configurations.md#resolve-a-conflict"
	schDocGeneralProc  = docBase + "migration/using/testing-the-migration.md#general-procedure"
	schDocPackageData  = docBase + "platform/using/working-with-data-packages.md#data-structure"
	schDocPackageExp   = docBase + "platform/using/working-with-data-packages.md#exporting-a-set-of-objects-in-a-package"
	schDocOptSecurity  = docBase + "installation/using/configuring-campaign-options.md#security"
	schDocOptDatabase  = docBase + "installation/using/configuring-campaign-options.md#database"
	schDocAfterMig     = docBase + "migration/using/configuring-your-platform.md#after-the-migration"
	schDocResume       = docBase + "migration/using/testing-the-migration.md#resuming-migration"
	schDocIntPrereq    = docBase + "migration/using/general-configurations.md#prerequisites"
	schDocIntContent   = docBase + "migration/using/general-configurations.md#offer-content"
	schDocIntTests     = docBase + "migration/using/general-configurations.md#tests-and-configuration"
	schDocTree         = docBase + "migration/using/configuring-your-platform.md#campaign-vseven-tree-structure"
	schDocPlatform     = docBase + "migration/using/configuring-your-platform.md#configuring-your-platform"
	schDocIndexes      = docBase + "configuration/using/data-model-best-practices.md#indexes"
	schDocBeforeMig    = docBase + "migration/using/before-starting-migration.md"
	schDocTZMySQL      = docBase + "migration/using/configuring-your-platform.md#mysql"
	schDocTZMulti      = docBase + "migration/using/general-configurations.md#multi-time-zone-mode"
	schDocTZOracle     = docBase + "migration/using/general-configurations.md#oracle"
	schDocTZManagement = docBase + "installation/using/time-zone-management.md#migration"
	schDocTZOperating  = docBase + "installation/using/time-zone-management.md#operating-principle"
	schDocDataTypes    = docBase + "configuration/using/schema-structure.md#data-types"
)

// A schSite is a piece of an entity's text that the searches of these rules
// look at: a non-descriptive attribute value, the text of an element, or a
// block of code whose comments are listed in skip (positions in text).
type schSite struct {
	text string
	span xmltree.Span
	el   *xmltree.Element
	attr *xmltree.Attr // set for attribute values
	code *acc.Code     // set for code blocks
	skip [][2]int
}

// where names the site in a message.
func (s schSite) where() string {
	switch {
	case s.attr != nil:
		return "attribute " + s.attr.Name + " of <" + s.el.Name + ">"
	case s.code != nil:
		return s.code.Lang.String() + " of <" + s.el.Name + ">"
	}
	return "the text of <" + s.el.Name + ">"
}

// skipped reports whether position i of the site's text is inside a
// comment.
func (s schSite) skipped(i int) bool {
	for _, r := range s.skip {
		if i >= r[0] && i < r[1] {
			return true
		}
	}
	return false
}

// schSites calls fn for every piece of text of the entity except labels,
// descriptions, help texts, XML comments and the comments of code. E4X
// literals and templates are seen through the text of the code holding
// them, so that every byte maps back to the file.
func schSites(p *audit.Pass, fn func(s schSite)) {
	if schIsHeader(p) {
		return
	}
	codes := map[*xmltree.Element]*acc.Code{}
	for _, c := range p.Code() {
		if c.Attr == nil {
			codes[c.Elem] = c
		}
	}
	comments := map[*acc.Code][][2]int{}
	for _, s := range p.Scripts() {
		for _, t := range s.JS.Tokens {
			if t.Kind == jsscan.Comment {
				comments[s.Code] = append(comments[s.Code], [2]int{t.Start, t.End})
			}
		}
	}
	root := p.Entity.Root
	root.Walk(func(el *xmltree.Element) bool {
		if el != root && acc.IsDescriptiveElement(el.LocalName()) {
			return false
		}
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if acc.IsDescriptiveAttr(a.Name) || a.Expr {
				continue
			}
			fn(schSite{text: a.Value, span: a.ValueSpan, el: el, attr: a})
		}
		if c := codes[el]; c != nil {
			skip := comments[c]
			if c.Lang == acc.SQL {
				skip = append(skip, schSQLComments(c.Text)...)
			}
			fn(schSite{text: c.Text, span: c.Span, el: el, code: c, skip: skip})
			return true
		}
		for _, ch := range el.Children {
			if t, ok := ch.(*xmltree.Text); ok && !t.Expr && strings.TrimSpace(t.Data) != "" {
				fn(schSite{text: t.Data, span: t.Span, el: el})
			}
		}
		return true
	})
}

// schIsHeader reports whether the pass is on the package header
// pseudo-entity, whose tree holds only the envelope (the <entities> groups
// without their entities) and whose positions cover only its start tag.
func schIsHeader(p *audit.Pass) bool { return p.Entity.Schema == audit.SchemaPackage }

// schSQLComments returns the ranges of the "--" and "/* */" comments of SQL
// text, string literals respected.
func schSQLComments(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			i = j
		case s[i] == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				j = len(s) - i
			}
			out = append(out, [2]int{i, i + j})
			i += j
		case s[i] == '/' && i+1 < len(s) && s[i+1] == '*':
			j := strings.Index(s[i+2:], "*/")
			end := len(s)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			out = append(out, [2]int{i, end})
			i = end - 1
		}
	}
	return out
}

// schSQLText is raw SQL found in an entity.
type schSQLText struct {
	text  string
	span  xmltree.Span
	where string
}

// schSQLVerbs start the SQL statements these rules read.
var schSQLVerbs = []string{"select", "insert", "update", "delete", "alter", "create", "drop", "merge"}

// schHasSQLVerb reports whether s holds an SQL verb as a whole word; it is
// called on every string literal of every script, so it does not allocate.
func schHasSQLVerb(s string) bool {
	for _, v := range schSQLVerbs {
		for from := 0; ; {
			i := schIndexFold(s, v, from)
			if i < 0 {
				break
			}
			j := i + len(v)
			if (i == 0 || !schIsWordByte(s[i-1])) && (j == len(s) || !schIsWordByte(s[j])) {
				return true
			}
			from = i + 1
		}
	}
	return false
}

// schIndexFold returns the index of the first ASCII case-insensitive match
// of the lower-case needle in s at or after from, or -1.
func schIndexFold(s, needle string, from int) int {
	if needle == "" {
		return from
	}
	c0 := needle[0]
	for i := from; i+len(needle) <= len(s); i++ {
		if schLower(s[i]) != c0 {
			continue
		}
		k := 1
		for k < len(needle) && schLower(s[i+k]) == needle[k] {
			k++
		}
		if k == len(needle) {
			return i
		}
	}
	return -1
}

// schContainsFold reports whether s contains the lower-case needle, ASCII
// case-insensitively.
func schContainsFold(s, needle string) bool { return schIndexFold(s, needle, 0) >= 0 }

func schLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// schSQLTexts returns the raw SQL of an entity: SQL scripts (xtk:sql
// entities, SQL activities of workflows) and the JavaScript string literals
// that hold SQL statements (sqlExec("ALTER TABLE ..."), queries built in
// strings).
func schSQLTexts(p *audit.Pass) []schSQLText {
	var out []schSQLText
	for _, c := range p.Code() {
		if c.Lang == acc.SQL && c.Attr == nil {
			out = append(out, schSQLText{text: c.Text, span: c.Span, where: "SQL of <" + c.Elem.Name + ">"})
		}
	}
	stringLiterals(p, func(_ *acc.Script, _ jsscan.Token, f fragment) {
		if schHasSQLVerb(f.text) {
			out = append(out, schSQLText{text: f.text, span: f.span, where: "a JavaScript string"})
		}
	})
	return out
}

// schMaskSQL returns s with its comments and template blocks (<% %>)
// replaced by spaces, and with its string literals too when literals is
// set, every other byte at its offset.
func schMaskSQL(s string, literals bool) string {
	b := []byte(s)
	blankRange := func(i, j int) {
		for k := i; k < j && k < len(b); k++ {
			if b[k] != '\n' {
				b[k] = ' '
			}
		}
	}
	if jsscan.HasTemplate(s) {
		for _, part := range jsscan.SplitTemplate(s) {
			if part.Kind != jsscan.TextPart {
				blankRange(part.Start, part.End)
			}
		}
	}
	masked := string(b)
	for _, r := range schSQLComments(masked) {
		blankRange(r[0], r[1])
	}
	if literals {
		for i := 0; i < len(b); i++ {
			if b[i] != '\'' {
				continue
			}
			j := i + 1
			for j < len(b) && b[j] != '\'' {
				j++
			}
			blankRange(i+1, j)
			i = j
		}
	}
	return string(b)
}

// schTopElements returns the <element> children of a srcSchema root: the
// main element (named like the schema) and auxiliary definitions.
func schTopElements(root *xmltree.Element) []*xmltree.Element {
	var out []*xmltree.Element
	for _, el := range root.Elements() {
		if el.LocalName() == "element" {
			out = append(out, el)
		}
	}
	return out
}

// schMainElement returns the top <element> named name, or nil.
func schMainElement(root *xmltree.Element, name string) *xmltree.Element {
	for _, el := range schTopElements(root) {
		if el.AttrValue("name") == name {
			return el
		}
	}
	return nil
}

// schExtended returns the trimmed extendedSchema of a srcSchema root and
// its attribute, or "" and nil.
func schExtended(root *xmltree.Element) (string, *xmltree.Attr) {
	a := root.AttrNode("extendedSchema")
	if a == nil || strings.TrimSpace(a.Value) == "" {
		return "", nil
	}
	return strings.Join(strings.Fields(a.Value), ""), a
}

// schIsTrue reads a boolean XML attribute value.
func schIsTrue(v string) bool {
	v = strings.TrimSpace(v)
	return v == "1" || strings.EqualFold(v, "true")
}

// schDeleted reports whether an element carries _operation="delete".
func schDeleted(el *xmltree.Element) bool {
	return strings.EqualFold(strings.TrimSpace(el.AttrValue("_operation")), "delete")
}

// schUnchangedSinceCreation reports whether the console export of an
// entity shows it was never modified after its creation: created and
// lastModified are both present and equal. Package exports carry neither.
func schUnchangedSinceCreation(root *xmltree.Element) bool {
	c, ok1 := root.Attr("created")
	m, ok2 := root.Attr("lastModified")
	return ok1 && ok2 && strings.TrimSpace(c) != "" && strings.TrimSpace(c) == strings.TrimSpace(m)
}

// schOptionValue returns the value of an xtk:option entity and the file
// range to report it at: the value attribute, else the name attribute (a
// package omits values equal to 0 or "").
func schOptionValue(p *audit.Pass) (v string, start, end int64) {
	e := p.Entity
	v = audit.OptionValue(e)
	for _, n := range []string{"stringValue", "longValue", "doubleValue", "timeStampValue", "memoValue", "name"} {
		if a := e.Root.AttrNode(n); a != nil {
			start, end = audit.AttrRange(a)
			return v, start, end
		}
	}
	el := e.Root
	if m := e.Root.Child("memoValue"); m != nil {
		el = m
	}
	return v, el.Start, el.Start + 1 + int64(len(el.Name))
}

// schBuiltinExtension returns the schema a live (not deleted) extension of
// a reserved-namespace schema extends.
func schBuiltinExtension(root *xmltree.Element) (string, bool) {
	target, _ := schExtended(root)
	tns, _, _ := strings.Cut(target, ":")
	if target == "" || !schIsReserved(tns) || schDeleted(root) {
		return "", false
	}
	return target, true
}
