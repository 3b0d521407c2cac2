package rules_test

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/internal/benchgen"
	"github.com/acc-audit/acc-audit/rules"
)

// BenchmarkScan measures the whole scan (decode, parse, entity split, every
// rule, sorting) on an in-memory generated package export.
func BenchmarkScan(b *testing.B) {
	var buf bytes.Buffer
	if _, err := benchgen.Package(&buf, 16<<20); err != nil {
		b.Fatal(err)
	}
	in := source.NewInput("bench.xml", buf.Bytes())
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res := driver.Run(context.Background(), []*source.Input{in}, driver.Options{Rules: rules.All()})
		if len(res.Problems) > 0 || res.Findings.Len() == 0 {
			b.Fatalf("problems %v, %d findings", res.Problems, res.Findings.Len())
		}
	}
}

// BenchmarkScanLarge streams a generated package export from disk, by
// default 200 MB (ACC_AUDIT_BENCH_MB overrides), and reports the peak
// resident memory of the process: the number that shows whether memory is
// bounded by the largest entity rather than by the file.
//
//	go test -run '^$' -bench ScanLarge -benchtime 1x ./rules
func BenchmarkScanLarge(b *testing.B) {
	mb := int64(200)
	if v, err := strconv.ParseInt(os.Getenv("ACC_AUDIT_BENCH_MB"), 10, 64); err == nil && v > 0 {
		mb = v
	}
	path := filepath.Join(b.TempDir(), "large.xml")
	st, err := benchgen.PackageFile(path, mb<<20)
	if err != nil {
		b.Fatal(err)
	}
	inputs, errs := source.Collect([]string{path}, source.Options{})
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	runtime.GC()
	b.SetBytes(st.Bytes)
	b.ResetTimer()
	var res *driver.Result
	for i := 0; i < b.N; i++ {
		res = driver.Run(context.Background(), inputs, driver.Options{Rules: rules.All()})
	}
	b.StopTimer()
	if len(res.Problems) > 0 {
		b.Fatal(res.Problems)
	}
	b.ReportMetric(float64(st.Entities), "entities")
	b.ReportMetric(float64(res.Findings.Len()), "findings")
	if peak := peakRSS(); peak > 0 {
		b.ReportMetric(float64(peak)/(1<<20), "peak-RSS-MB")
	}
}

// peakRSS reads the process's high-water resident set size (Linux only).
func peakRSS() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
