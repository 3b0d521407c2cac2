package cli

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/acc-audit/acc-audit/internal/benchgen"
)

// The hostile battery: inputs that used to hang the scan or swell it past
// several gigabytes, generated here (never committed). Each is scanned by
// a child process so that its own peak resident memory can be read:
//
//	go test -run '^$' -bench HostileBattery -benchtime 1x ./cmd/acc-audit/cli
//
// The benchmark fails when one of them peaks past 1 GiB.
var battery = []struct {
	name  string
	write func(w io.Writer)
}{
	{"10M-sibling-elements", func(w io.Writer) {
		io.WriteString(w, `<package><entities schema="xtk:workflow"><workflow internalName="w">`)
		chunk := strings.Repeat("<x/>", 100000)
		for i := 0; i < 100; i++ {
			io.WriteString(w, chunk)
		}
		io.WriteString(w, `</workflow></entities></package>`)
	}},
	{"50MB-one-line-script", func(w io.Writer) {
		io.WriteString(w, `<package><entities schema="xtk:javascript"><javascript name="a.js" namespace="cus"><data><![CDATA[`)
		line := `var a = xtk.queryDef.create(<queryDef schema="nms:recipient"/>); logInfo(a.@x);`
		for n := 0; n < 50<<20; n += len(line) {
			io.WriteString(w, line)
		}
		io.WriteString(w, `]]></data></javascript></entities></package>`)
	}},
	{"200MB-text-node", func(w io.Writer) {
		io.WriteString(w, `<package><entities schema="xtk:option"><option name="o"><memoValue>`)
		chunk := strings.Repeat("x", 1<<20)
		for i := 0; i < 200; i++ {
			io.WriteString(w, chunk)
		}
		io.WriteString(w, `</memoValue></option></entities></package>`)
	}},
	{"100000-zip-entries", func(w io.Writer) {
		zw := zip.NewWriter(w)
		for i := 0; i < 100000; i++ {
			e, _ := zw.Create(fmt.Sprintf("e/%06d.xml", i))
			fmt.Fprintf(e, `<option name="o%d" stringValue="x"/>`, i)
		}
		zw.Close()
	}},
	{"25MB-export-on-one-line", func(w io.Writer) {
		// The generated export with its line ends turned into spaces.
		var buf bytes.Buffer
		if _, err := benchgen.Package(&buf, 25<<20); err != nil {
			panic(err)
		}
		w.Write(bytes.ReplaceAll(buf.Bytes(), []byte("\n"), []byte(" ")))
	}},
}

func BenchmarkHostileBattery(b *testing.B) {
	dir := b.TempDir()
	for _, in := range battery {
		b.Run(in.name, func(b *testing.B) {
			p := filepath.Join(dir, in.name+".xml")
			if strings.Contains(in.name, "zip") {
				p = filepath.Join(dir, in.name+".zip")
			}
			f, err := os.Create(p)
			if err != nil {
				b.Fatal(err)
			}
			w := bufio.NewWriterSize(f, 1<<20)
			in.write(w)
			if err := w.Flush(); err != nil {
				b.Fatal(err)
			}
			f.Close()
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(os.Args[0], "-test.run=^TestBatteryChild$")
				cmd.Env = append(os.Environ(), "ACC_AUDIT_BATTERY_FILE="+p)
				out, err := cmd.CombinedOutput()
				if _, ok := err.(*exec.ExitError); err != nil && !ok {
					b.Fatal(err)
				}
				ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
				peak := float64(ru.Maxrss) / 1024 // kilobytes on Linux
				b.ReportMetric(peak, "peak-MiB")
				if peak > 1024 {
					b.Fatalf("%s peaked at %.0f MiB:\n%s", in.name, peak, out)
				}
			}
		})
	}
}

// TestBatteryChild is the child process of BenchmarkHostileBattery; it does
// nothing in a normal test run.
func TestBatteryChild(t *testing.T) {
	p := os.Getenv("ACC_AUDIT_BATTERY_FILE")
	if p == "" {
		t.Skip("run by BenchmarkHostileBattery")
	}
	code := Main([]string{"scan", "-q", "--no-config", "--fail-on", "none", p}, Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: os.Stderr})
	fmt.Fprintln(os.Stderr, "exit", code)
}
