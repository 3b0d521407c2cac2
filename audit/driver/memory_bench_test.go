package driver_test

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/report"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/audit/suppress"
	"github.com/acc-audit/acc-audit/internal/benchgen"
	"github.com/acc-audit/acc-audit/rules"
)

// BenchmarkPeakHeap scans generated exports of growing size with every
// v7 rule, applies suppressions and writes the JSON report, as `scan -f
// json` does, and reports the peak of the heap in use above what was in
// use before (sampled every 2 ms) per MB of input: flat memory shows as a
// falling heap-MiB/MB from one size to the next.
//
//	go test -run '^$' -bench PeakHeap -benchtime 1x ./audit/driver
func BenchmarkPeakHeap(b *testing.B) {
	for _, mb := range []int64{10, 40} {
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "export.xml")
			st, err := benchgen.PackageFile(path, mb<<20)
			if err != nil {
				b.Fatal(err)
			}
			var sel []*audit.Rule
			for _, r := range rules.All() {
				if r.RunsFor("") {
					sel = append(sel, r)
				}
			}
			var peak uint64
			for b.Loop() {
				inputs, errs := source.Collect([]string{path}, source.Options{})
				if len(errs) > 0 {
					b.Fatal(errs)
				}
				peak = max(peak, peakHeap(func() {
					sc := suppress.NewScanner(nil)
					res := driver.Run(context.Background(), inputs, driver.Options{Rules: sel, Directives: sc.Directives})
					suppress.Apply(res, suppress.Options{Registry: rules.All(), Scanner: sc, Now: time.Now()})
					if err := report.JSON(io.Discard, res, report.Options{ToolName: "acc-audit"}); err != nil {
						b.Fatal(err)
					}
				}))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(peak)/(1<<20)/(float64(st.Bytes)/1e6), "heap-MiB/MB")
		})
	}
}

// peakHeap runs fn and returns the highest heap in use seen meanwhile,
// above the heap in use before.
func peakHeap(fn func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > base && ms.HeapInuse-base > peak.Load() {
				peak.Store(ms.HeapInuse - base)
			}
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return peak.Load()
}
