package report_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
)

// No XSD validator exists in Go's standard library, and the Go ones
// available bind libxml2 through cgo. The Jenkins schema uses a small
// subset of XSD (global elements referenced from sequences with
// occurrence bounds, string attributes optional or required, mixed or
// string content), which xsdSubset reads from the vendored file and
// checks a document against, element by element.

type xsdElement struct {
	simple   bool // type="xs:string": text only, no attribute
	mixed    bool
	attrs    map[string]bool // name → required
	sequence []xsdParticle
}

type xsdParticle struct {
	ref      string
	min, max int // max -1: unbounded
}

func loadXSD(t *testing.T, path string) map[string]*xsdElement {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	els := map[string]*xsdElement{}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var cur *xsdElement
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			depth++
			attr := func(n string) string {
				for _, a := range tk.Attr {
					if a.Name.Local == n {
						return a.Value
					}
				}
				return ""
			}
			switch tk.Name.Local {
			case "schema", "sequence":
			case "element":
				if depth == 2 {
					cur = &xsdElement{attrs: map[string]bool{}, simple: attr("type") == "xs:string"}
					els[attr("name")] = cur
					break
				}
				p := xsdParticle{ref: attr("ref"), min: 1, max: 1}
				if v := attr("minOccurs"); v != "" {
					p.min, _ = strconv.Atoi(v)
				}
				if v := attr("maxOccurs"); v == "unbounded" {
					p.max = -1
				} else if v != "" {
					p.max, _ = strconv.Atoi(v)
				}
				cur.sequence = append(cur.sequence, p)
			case "complexType":
				cur.mixed = attr("mixed") == "true"
			case "attribute":
				cur.attrs[attr("name")] = attr("use") == "required"
			default:
				t.Fatalf("the schema uses <%s>, which the test does not read", tk.Name.Local)
			}
		case xml.EndElement:
			depth--
		}
	}
	return els
}

type xmlNode struct {
	name     string
	attrs    []xml.Attr
	children []*xmlNode
	text     string
}

func parseXML(data []byte) (*xmlNode, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: tk.Name.Local, attrs: tk.Attr}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.children = append(p.children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tk)
			}
		}
	}
	return root, nil
}

func validate(els map[string]*xsdElement, n *xmlNode, path string) []string {
	path += "/" + n.name
	el := els[n.name]
	if el == nil {
		return []string{path + ": element not declared"}
	}
	var errs []string
	seen := map[string]bool{}
	for _, a := range n.attrs {
		seen[a.Name.Local] = true
		if _, ok := el.attrs[a.Name.Local]; !ok {
			errs = append(errs, fmt.Sprintf("%s: attribute %s not allowed", path, a.Name.Local))
		}
	}
	for name, req := range el.attrs {
		if req && !seen[name] {
			errs = append(errs, fmt.Sprintf("%s: required attribute %s missing", path, name))
		}
	}
	if el.simple {
		if len(n.children) > 0 {
			errs = append(errs, path+": text-only element has children")
		}
		return errs
	}
	if !el.mixed && strings.TrimSpace(n.text) != "" {
		errs = append(errs, path+": text not allowed")
	}
	i := 0
	for _, p := range el.sequence {
		count := 0
		for i < len(n.children) && n.children[i].name == p.ref && (p.max < 0 || count < p.max) {
			errs = append(errs, validate(els, n.children[i], path)...)
			i++
			count++
		}
		if count < p.min {
			errs = append(errs, fmt.Sprintf("%s: %d <%s>, want at least %d", path, count, p.ref, p.min))
		}
	}
	if i < len(n.children) {
		errs = append(errs, fmt.Sprintf("%s: <%s> not allowed here", path, n.children[i].name))
	}
	return errs
}

// TestJUnitValidatesAgainstJenkinsSchema: the JUnit report validates
// against the schema Jenkins reads JUnit results with, also when file
// names and messages hold control characters.
func TestJUnitValidatesAgainstJenkinsSchema(t *testing.T) {
	els := loadXSD(t, "testdata/junit-4.xsd")
	// The checker can fail: attributes the schema lacks are caught.
	bad := []byte(`<testsuites skipped="1"><testsuite name="a" tests="1"><testcase name="x" file="f" line="2"><skipped message="m"/></testcase></testsuite></testsuites>`)
	root, err := parseXML(bad)
	if err != nil {
		t.Fatal(err)
	}
	if errs := validate(els, root, ""); len(errs) != 4 {
		t.Fatalf("the checker finds %d errors in a bad document, want 4: %v", len(errs), errs)
	}

	for name, res := range map[string]*driver.Result{"sample": sample(), "controls": controlSample()} {
		out := render(t, "junit", res, sampleOptions())
		root, err := parseXML(out)
		if err != nil {
			t.Fatalf("%s: not well-formed: %v\n%s", name, err, out)
		}
		if root.name != "testsuites" {
			t.Fatalf("%s: root <%s>", name, root.name)
		}
		for _, e := range validate(els, root, "") {
			t.Errorf("%s: %s", name, e)
		}
	}
}

// TestJUnitNamesAreStable: test names hold the rule and the place, not
// the message or the line, so that a CI follows a test across runs.
func TestJUnitNamesAreStable(t *testing.T) {
	a := sample()
	b := sample()
	fs := b.Findings.Slice()
	for i := range fs {
		fs[i].Line += 7
		fs[i].Message += " (reworded)"
	}
	b.Findings = audit.NewFindingList(fs)
	names := func(res *driver.Result) []string {
		root, err := parseXML(render(t, "junit", res, sampleOptions()))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range root.children {
			for _, c := range s.children {
				for _, at := range c.attrs {
					if at.Name.Local == "name" {
						out = append(out, at.Value)
					}
				}
			}
		}
		return out
	}
	na, nb := names(a), names(b)
	if strings.Join(na, "\n") != strings.Join(nb, "\n") {
		t.Errorf("test names changed with lines and messages:\n%q\n%q", na, nb)
	}
	for _, n := range na {
		if strings.Contains(n, "SQLDATA") || strings.Contains(n, ":") && strings.HasPrefix(n, "SQL") {
			t.Errorf("test name holds the message or the position: %q", n)
		}
	}
}
