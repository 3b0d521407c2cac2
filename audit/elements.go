package audit

import (
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Elements returns the elements of the entity in document order, the root
// first, leaving out the subtrees of descriptive elements (desc, help,
// label…: prose, never code), which is what most rules look at. The list
// is built by one walk per entity and shared by the rules of the entity,
// which would otherwise each walk the tree again; callers must not modify
// it.
func (u *Unit) Elements() []*xmltree.Element {
	return u.elementIndex().all
}

// ElementsNamed returns the elements of Elements whose local name (the
// name without its prefix) is local, in document order.
func (u *Unit) ElementsNamed(local string) []*xmltree.Element {
	ix := u.elementIndex()
	if ix.byName == nil {
		ix.byName = make(map[string][]*xmltree.Element)
		for _, el := range ix.all {
			n := el.LocalName()
			ix.byName[n] = append(ix.byName[n], el)
		}
	}
	return ix.byName[local]
}

type elementIndex struct {
	all    []*xmltree.Element
	byName map[string][]*xmltree.Element // built on the first ElementsNamed
}

func (u *Unit) elementIndex() *elementIndex {
	if u.elements == nil {
		root := u.Entity.Root
		ix := &elementIndex{}
		root.Walk(func(el *xmltree.Element) bool {
			if el != root && acc.IsDescriptiveElement(el.LocalName()) {
				return false
			}
			ix.all = append(ix.all, el)
			return true
		})
		u.elements = ix
	}
	return u.elements
}
