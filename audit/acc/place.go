package acc

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// PlaceOf describes where el sits inside its entity, for humans and for
// fingerprints: the element path below the entity root, each step qualified
// by its name attribute when it has one, e.g.
// `activities/js[@name='js1']/script`. Positional indexes are left out on
// purpose: they change when a re-export reorders siblings.
func PlaceOf(root, el *xmltree.Element) string {
	if el == nil || el == root {
		return ""
	}
	var steps []string
	for cur := el; cur != nil && cur != root; cur = cur.Parent {
		step := cur.LocalName()
		if n, ok := cur.Attr("name"); ok && n != "" {
			step += "[@name='" + n + "']"
		} else if n, ok := cur.Attr("internalName"); ok && n != "" {
			step += "[@internalName='" + n + "']"
		}
		steps = append(steps, step)
	}
	for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
		steps[i], steps[j] = steps[j], steps[i]
	}
	return strings.Join(steps, "/")
}

// ActivityOf returns the workflow, web application or report activity
// holding el (a child of an <activities> element), or nil.
func ActivityOf(el *xmltree.Element) *xmltree.Element {
	for cur := el; cur != nil; cur = cur.Parent {
		if cur.Parent != nil && cur.Parent.LocalName() == "activities" {
			return cur
		}
	}
	return nil
}
