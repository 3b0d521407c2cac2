package inventory

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// A Collector builds an inventory from the units of a scan. Add is safe for
// concurrent use, as driver.Options.OnUnit requires.
type Collector struct {
	mu         sync.Mutex
	items      []Item
	types      map[string]*typeAcc
	namespaces map[string]map[string]int
	extensions []SchemaExtension
	activities map[string]*activityAcc
	code       map[string]*CodeCount
	codeOwners map[string]int
	packages   map[string]*pkgAcc
}

type typeAcc struct {
	classes    ClassCounts
	namespaces map[string]int
}

type activityAcc struct {
	containers int
	counts     map[string]int
	users      map[string]int
}

type pkgAcc struct {
	header   *Package
	contents map[string]int
}

// New returns an empty collector.
func New() *Collector {
	return &Collector{
		types:      map[string]*typeAcc{},
		namespaces: map[string]map[string]int{},
		activities: map[string]*activityAcc{},
		code:       map[string]*CodeCount{},
		codeOwners: map[string]int{},
		packages:   map[string]*pkgAcc{},
	}
}

// unitFacts is what one unit contributes, computed outside the lock.
type unitFacts struct {
	item       Item
	ext        *SchemaExtension
	code       CodeCount
	activities []containerActivities
}

type containerActivities struct {
	kind  string
	types []string
}

// Add records one unit. It reads the entity tree while its rules run and
// keeps nothing of it.
func (c *Collector) Add(u *audit.Unit) {
	e := u.Entity
	if e.Schema == audit.SchemaPackage {
		h := packageHeader(u.File, e.Package)
		c.mu.Lock()
		c.pkg(u.File).header = &h
		c.mu.Unlock()
		return
	}
	var f unitFacts
	class, extends := Classify(e)
	f.item = Item{File: u.File, Schema: e.Schema, Key: e.Key, Label: e.Label, Identity: e.Origin, Class: class, Extends: extends, ordinal: e.Ordinal}
	if class == Extension {
		ns, _, _ := strings.Cut(extends, ":")
		f.ext = &SchemaExtension{Schema: e.Key, Extends: extends, ExtendsBuiltIn: IsReservedNamespace(ns), Label: e.Label, File: u.File}
	}
	f.code = measureCode(u)
	f.item.Lines = f.code.JS() + f.code.Template + f.code.SQL
	f.activities = activitiesOf(e)

	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = append(c.items, f.item)
	t := c.types[e.Schema]
	if t == nil {
		t = &typeAcc{namespaces: map[string]int{}}
		c.types[e.Schema] = t
	}
	t.classes.add(class, 1)
	t.namespaces[e.Namespace]++
	ns := c.namespaces[e.Namespace]
	if ns == nil {
		ns = map[string]int{}
		c.namespaces[e.Namespace] = ns
	}
	ns[e.Schema]++
	if f.ext != nil {
		c.extensions = append(c.extensions, *f.ext)
	}
	if f.code.Blocks > 0 {
		cc := c.code[e.Schema]
		if cc == nil {
			cc = &CodeCount{Schema: e.Schema, Place: TypeLabel(e.Schema)}
			c.code[e.Schema] = cc
		}
		cc.add(f.code)
		c.codeOwners[e.Schema]++
	}
	for _, ca := range f.activities {
		a := c.activities[ca.kind]
		if a == nil {
			a = &activityAcc{counts: map[string]int{}, users: map[string]int{}}
			c.activities[ca.kind] = a
		}
		a.containers++
		seen := map[string]bool{}
		for _, t := range ca.types {
			a.counts[t]++
			if !seen[t] {
				seen[t] = true
				a.users[t]++
			}
		}
	}
	if e.Package != nil {
		c.pkg(u.File).contents[e.Schema]++
	}
}

func (c *Collector) pkg(file string) *pkgAcc {
	p := c.packages[file]
	if p == nil {
		p = &pkgAcc{contents: map[string]int{}}
		c.packages[file] = p
	}
	return p
}

func packageHeader(file string, p *acc.Package) Package {
	h := Package{File: file}
	if p == nil {
		return h
	}
	h.Name, h.Namespace, h.Label = p.Name, p.Namespace, p.Label
	h.BuildVersion, h.BuildNumber, h.Author = p.BuildVersion, p.BuildNumber, p.Author
	h.SourceVersion = p.SourceVersion()
	if p.Root != nil {
		h.Vendor = p.Root.AttrValue("vendor")
		h.Date = p.Root.AttrValue("buildDate")
		if v := p.Root.Child("version"); h.Date == "" && v != nil {
			h.Date = v.AttrValue("buildDate")
		}
	}
	return h
}

// activityKinds names the containers of activities by entity schema.
var activityKinds = map[string]string{"nms:webApp": "web application", "xtk:report": "report"}

// activitiesOf lists the activity types of each workflow (nested ones in
// campaigns included), web application or report of an entity.
func activitiesOf(e *acc.Entity) []containerActivities {
	var out []containerActivities
	e.Root.Walk(func(el *xmltree.Element) bool {
		if el.LocalName() != "activities" || el.Parent == nil {
			return true
		}
		kind := ""
		switch {
		case el.Parent.LocalName() == "workflow":
			kind = "workflow"
		case el.Parent == e.Root:
			kind = activityKinds[e.Schema]
		}
		if kind == "" {
			return true
		}
		ca := containerActivities{kind: kind}
		for _, a := range el.Elements() {
			ca.types = append(ca.types, a.LocalName())
		}
		out = append(out, ca)
		return false
	})
	return out
}

// measureCode counts the code of a unit. It uses the unit's cached scripts,
// which the rules of the same unit reuse, so measuring costs little more
// than scanning.
func measureCode(u *audit.Unit) CodeCount {
	var cc CodeCount
	for _, code := range u.Code() {
		cc.Blocks++
		switch code.Lang {
		case acc.Template:
			cc.Template += nonBlankLines(code.Text)
		case acc.SQL:
			cc.SQL += nonBlankLines(code.Text)
		}
	}
	for _, s := range u.Scripts() {
		n := codeLines(s)
		if s.Server {
			cc.ServerJS += n
		} else {
			cc.BrowserJS += n
		}
	}
	return cc
}

func nonBlankLines(s string) int {
	n := 0
	for line := range strings.Lines(s) {
		if strings.TrimSpace(line) != "" {
			n++
		}
	}
	return n
}

// codeLines counts the lines of a script that hold at least one token other
// than a comment. Template scripts keep every byte at its template offset,
// with "%>" turned into "; ", so a lone ";" token is not code.
func codeLines(s *acc.Script) int {
	src := s.Src()
	var breaks []int
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			breaks = append(breaks, i)
		}
	}
	lineOf := func(off int) int { return sort.SearchInts(breaks, off) }
	lines := map[int]bool{}
	for _, t := range s.JS().Code() {
		if t.End-t.Start == 1 && src[t.Start] == ';' {
			continue
		}
		end := max(t.Start, t.End-1)
		for l := lineOf(t.Start); l <= lineOf(end); l++ {
			lines[l] = true
		}
	}
	return len(lines)
}

// Inventory returns the inventory of the scan that produced res.
func (c *Collector) Inventory(res *driver.Result) *Inventory {
	c.mu.Lock()
	defer c.mu.Unlock()
	inv := &Inventory{byID: map[string]int{}}
	if res != nil {
		inv.Files = len(res.Files)
		inv.Bytes = res.Bytes
		for _, f := range res.Files {
			if f.Failed {
				inv.FailedFiles++
			}
		}
	}
	inv.Items = slices.Clone(c.items)
	slices.SortFunc(inv.Items, func(a, b Item) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.ordinal, b.ordinal),
			strings.Compare(a.Schema, b.Schema), strings.Compare(a.Key, b.Key))
	})
	for i, it := range inv.Items {
		if _, dup := inv.byID[it.ID()]; !dup {
			inv.byID[it.ID()] = i
		}
		inv.Classes.add(it.Class, 1)
	}
	inv.Entities = len(inv.Items)

	for schema, t := range c.types {
		tc := TypeCount{Schema: schema, Label: TypeLabel(schema), Classes: t.classes, Namespaces: sortedCounts(t.namespaces)}
		for _, n := range t.namespaces {
			tc.Total += n
		}
		inv.Types = append(inv.Types, tc)
	}
	slices.SortFunc(inv.Types, func(a, b TypeCount) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), strings.Compare(a.Schema, b.Schema))
	})
	for ns, types := range c.namespaces {
		nc := NamespaceCount{Namespace: ns, Reserved: IsReservedNamespace(ns), Types: sortedCounts(types)}
		for _, n := range types {
			nc.Total += n
		}
		inv.Namespaces = append(inv.Namespaces, nc)
	}
	slices.SortFunc(inv.Namespaces, func(a, b NamespaceCount) int {
		return cmp.Or(cmp.Compare(b.Total, a.Total), strings.Compare(a.Namespace, b.Namespace))
	})

	inv.Extensions = slices.Clone(c.extensions)
	slices.SortFunc(inv.Extensions, func(a, b SchemaExtension) int {
		return cmp.Or(strings.Compare(a.Extends, b.Extends), strings.Compare(a.Schema, b.Schema), strings.Compare(a.File, b.File))
	})

	for kind, a := range c.activities {
		g := ActivityGroup{Kind: kind, Containers: a.containers}
		for t, n := range a.counts {
			g.Activities += n
			g.Types = append(g.Types, ActivityCount{Type: t, Count: n, Containers: a.users[t]})
		}
		slices.SortFunc(g.Types, func(x, y ActivityCount) int {
			return cmp.Or(cmp.Compare(y.Count, x.Count), strings.Compare(x.Type, y.Type))
		})
		inv.Activities = append(inv.Activities, g)
	}
	kindOrder := map[string]int{"workflow": 0, "web application": 1, "report": 2}
	slices.SortFunc(inv.Activities, func(a, b ActivityGroup) int { return cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]) })

	inv.CodeTotal.Place = "Total"
	for schema, cc := range c.code {
		v := *cc
		v.Entities = c.codeOwners[schema]
		inv.Code = append(inv.Code, v)
		inv.CodeTotal.add(v)
		inv.CodeTotal.Entities += v.Entities
	}
	slices.SortFunc(inv.Code, func(a, b CodeCount) int {
		la, lb := a.JS()+a.Template+a.SQL, b.JS()+b.Template+b.SQL
		return cmp.Or(cmp.Compare(lb, la), strings.Compare(a.Schema, b.Schema))
	})

	versions := map[string]bool{}
	for file, p := range c.packages {
		h := Package{File: file}
		if p.header != nil {
			h = *p.header
		}
		h.Contents = sortedCounts(p.contents)
		for _, n := range p.contents {
			h.Entities += n
		}
		if h.SourceVersion != "" {
			versions[h.SourceVersion] = true
		}
		inv.Packages = append(inv.Packages, h)
	}
	slices.SortFunc(inv.Packages, func(a, b Package) int { return strings.Compare(a.File, b.File) })
	for v := range versions {
		inv.Versions = append(inv.Versions, v)
	}
	slices.Sort(inv.Versions)

	// Empty lists, not null, in JSON: consumers iterate without checks.
	inv.Types, inv.Namespaces, inv.Extensions = nonNil(inv.Types), nonNil(inv.Namespaces), nonNil(inv.Extensions)
	inv.Activities, inv.Code, inv.Packages = nonNil(inv.Activities), nonNil(inv.Code), nonNil(inv.Packages)
	inv.Versions, inv.Items = nonNil(inv.Versions), nonNil(inv.Items)
	return inv
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func sortedCounts(m map[string]int) []NameCount {
	out := make([]NameCount, 0, len(m))
	for k, n := range m {
		out = append(out, NameCount{Name: k, Count: n})
	}
	slices.SortFunc(out, func(a, b NameCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Name, b.Name))
	})
	return out
}
