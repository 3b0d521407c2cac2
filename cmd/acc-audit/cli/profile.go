package cli

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"

	"github.com/spf13/pflag"
)

// profileFlags are the hidden --cpuprofile and --memprofile flags of scan:
// they let a slow export be profiled where it is, with the released
// binary, and read with `go tool pprof bin/acc-audit FILE`. They are hidden
// because they serve the developers of the tool, not its users.
type profileFlags struct {
	cpu, mem string
}

func registerProfile(fs *pflag.FlagSet) *profileFlags {
	p := &profileFlags{}
	fs.StringVar(&p.cpu, "cpuprofile", "", "write a CPU profile of the command to `FILE`")
	fs.StringVar(&p.mem, "memprofile", "", "write a heap profile (allocations since start, and what is live) at the end of the command to `FILE`")
	_ = fs.MarkHidden("cpuprofile")
	_ = fs.MarkHidden("memprofile")
	return p
}

// start begins the CPU profile and returns the function that ends both
// profiles; a profile that cannot be written is reported, not fatal.
// Without --memprofile, the runtime's sampling of allocations is off for
// the command: its records were 1.5 MiB of a 200 MB scan's resident set.
func (p *profileFlags) start(env Env) func() {
	memRate := runtime.MemProfileRate
	if p.mem == "" {
		runtime.MemProfileRate = 0
	}
	var cpu *os.File
	if p.cpu != "" {
		f, err := os.Create(p.cpu)
		if err == nil {
			err = pprof.StartCPUProfile(f)
			if err != nil {
				f.Close()
			} else {
				cpu = f
			}
		}
		if err != nil {
			fmt.Fprintf(env.Stderr, "acc-audit: --cpuprofile: %v\n", err)
		}
	}
	return func() {
		defer func() { runtime.MemProfileRate = memRate }()
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				fmt.Fprintf(env.Stderr, "acc-audit: --cpuprofile: %v\n", err)
			}
		}
		if p.mem != "" {
			if err := writeHeapProfile(p.mem); err != nil {
				fmt.Fprintf(env.Stderr, "acc-audit: --memprofile: %v\n", err)
			}
		}
	}
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC() // the live part of the profile is as of the last collection
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
