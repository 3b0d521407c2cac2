package xmltree_test

import (
	"bytes"
	"testing"

	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/internal/benchgen"
)

// BenchmarkParse parses a generated package export entity by entity, as a
// scan does (the subtrees of <entities> split off and dropped): the
// parser's share of a scan, in MB/s and allocations.
func BenchmarkParse(b *testing.B) {
	var buf bytes.Buffer
	if _, err := benchgen.Package(&buf, 8<<20); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		_, err := xmltree.Parse(bytes.NewReader(data), xmltree.Options{
			Split:     func(stack []*xmltree.Element) bool { return len(stack) == 3 },
			OnSubtree: func(xmltree.Subtree) error { n++; return nil },
		})
		if err != nil || n == 0 {
			b.Fatalf("%d subtrees, %v", n, err)
		}
	}
}
