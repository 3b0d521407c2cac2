package rules_test

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/internal/benchgen"
	"github.com/acc-audit/acc-audit/rules"
)

// BenchmarkRuleCost scans a generated 16 MB export (the default stress
// mode and the realistic -mix) with every rule and collector wrapped in a
// timer, on one worker, and reports the milliseconds each rule and each
// collector spends per MB of input as "ID-ms/MB" metrics; the log lists
// the ten most expensive.
//
//	go test -run '^$' -bench RuleCost -benchtime 1x ./rules
//
// A rule's time is its Run calls only: work it defers to the end of the
// scan (Pass.Defer) is not counted, and a per-entity cache filled lazily
// (lower-cased source, tokens) is charged to the first rule that asks.
// "engine-ms/MB" is the rest: decoding, parsing, splitting and sorting.
func BenchmarkRuleCost(b *testing.B) {
	const size = 16_000_000
	modes := []struct {
		name string
		gen  func(io.Writer) (benchgen.Stats, error)
	}{
		{"default", func(w io.Writer) (benchgen.Stats, error) { return benchgen.Package(w, size) }},
		{"mix", func(w io.Writer) (benchgen.Stats, error) { return benchgen.Mix(w, size, 1) }},
	}
	for _, mode := range modes {
		b.Run(mode.name, func(b *testing.B) {
			var buf bytes.Buffer
			if _, err := mode.gen(&buf); err != nil {
				b.Fatal(err)
			}
			in := source.NewInput("bench.xml", buf.Bytes())
			all := rules.All()
			// Collectors are timed apart, each once, as the engine runs
			// them: the rules' Requires point to timed copies.
			var collectors []*audit.Collector
			for _, r := range all {
				for _, c := range r.Requires {
					if !slices.Contains(collectors, c) {
						collectors = append(collectors, c)
					}
				}
			}
			spent := make([]atomic.Int64, len(all)+len(collectors))
			timedCollectors := map[*audit.Collector]*audit.Collector{}
			for i, c := range collectors {
				t := *c
				k := len(all) + i
				t.Collect = func(u *audit.Unit, rec *audit.Recorder) {
					t0 := time.Now()
					c.Collect(u, rec)
					spent[k].Add(int64(time.Since(t0)))
				}
				timedCollectors[c] = &t
			}
			timed := make([]*audit.Rule, len(all))
			for i, r := range all {
				c := *r
				run := r.Run
				c.Run = func(p *audit.Pass) {
					t0 := time.Now()
					run(p)
					spent[i].Add(int64(time.Since(t0)))
				}
				c.Requires = nil
				for _, rc := range r.Requires {
					c.Requires = append(c.Requires, timedCollectors[rc])
				}
				timed[i] = &c
			}
			b.SetBytes(int64(buf.Len()))
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				res := driver.Run(context.Background(), []*source.Input{in}, driver.Options{Rules: timed, Workers: 1})
				if len(res.Problems) > 0 || res.Findings.Len() == 0 {
					b.Fatalf("problems %v, %d findings", res.Problems, res.Findings.Len())
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()

			mb := float64(buf.Len()) / 1e6 * float64(b.N)
			type cost struct {
				id string
				ms float64
			}
			costs := make([]cost, 0, len(spent))
			var total float64
			for i := range spent {
				id := ""
				if i < len(all) {
					id = all[i].ID
				} else {
					id = "collector:" + collectors[i-len(all)].Name
				}
				ms := float64(spent[i].Load()) / 1e6 / mb
				total += ms
				costs = append(costs, cost{id, ms})
				b.ReportMetric(ms, strings.ReplaceAll(id, ":", "-")+"-ms/MB")
			}
			engine := float64(elapsed)/1e6/mb - total
			b.ReportMetric(engine, "engine-ms/MB")
			slices.SortStableFunc(costs, func(a, b cost) int { return cmp.Compare(b.ms, a.ms) })
			// Ten lines: more would be cut from the benchmark's log.
			for i, c := range costs[:min(10, len(costs))] {
				b.Logf("%2d. %-32s %s", i+1, c.id, fmtMs(c.ms))
			}
		})
	}
}

func fmtMs(ms float64) string {
	return time.Duration(ms*float64(time.Millisecond)).Round(10*time.Microsecond).String() + "/MB"
}
