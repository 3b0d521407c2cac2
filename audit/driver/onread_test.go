package driver_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
)

// TestOnReadCountsEveryByteOnce: progress callbacks add up to the input
// size, also when a file is read a second time in the fallback encoding.
func TestOnReadCountsEveryByteOnce(t *testing.T) {
	big := "<package>" + strings.Repeat(`<entities schema="xtk:option"><option name="o" stringValue="x"/></entities>`, 40000) + "</package>"
	latin := "<a>caf\xe9 " + strings.Repeat("x", 3<<20) + "</a>" // not UTF-8: read twice
	for name, data := range map[string]string{"big.xml": big, "latin.xml": latin} {
		var n atomic.Int64
		res := driver.Run(context.Background(), []*source.Input{source.NewInput(name, []byte(data))},
			driver.Options{OnRead: func(d int64) { n.Add(d) }})
		if got := n.Load(); got != int64(len(data)) {
			t.Errorf("%s: OnRead reported %d bytes, want %d (problems %v)", name, got, len(data), res.Problems)
		}
	}
}
