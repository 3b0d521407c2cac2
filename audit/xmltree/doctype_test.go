package xmltree

import "testing"

func TestDoctypeSubsetComments(t *testing.T) {
	for _, doc := range []string{
		"<!DOCTYPE a [ <!-- a ]> in a comment --> <!ELEMENT a ANY> ]><a/>",
		"<!DOCTYPE a [ <?pi ]> and \" quote ?> ]><a/>",
		"<!DOCTYPE a [ <!-- it's --> ]><a x='1'/>",
	} {
		d, err := ParseBytes([]byte(doc))
		if err != nil || d.Root == nil || d.Root.Name != "a" {
			t.Errorf("%s: %v", doc, err)
		}
	}
}
