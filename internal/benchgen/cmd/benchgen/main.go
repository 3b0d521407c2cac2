// Command benchgen writes a generated package export for measuring
// acc-audit on large inputs: benchgen -size 200 -o /tmp/acc-audit-200MB.xml
//
// -mix writes a realistic instance (few schema extensions, many workflows,
// deliveries, web applications, scripts and options) instead of the
// default stress export; -seed varies it.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/acc-audit/acc-audit/internal/benchgen"
)

func main() {
	size := flag.Int64("size", 200, "approximate size in MB (10^6 bytes)")
	out := flag.String("o", "", "output file (default: standard output)")
	mix := flag.Bool("mix", false, "realistic mix of entity types instead of the default stress export")
	seed := flag.Uint64("seed", 1, "random seed of -mix")
	flag.Parse()
	w := os.Stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		w = f
	}
	var st benchgen.Stats
	var err error
	if *mix {
		st, err = benchgen.Mix(w, *size*1000*1000, *seed)
	} else {
		st, err = benchgen.Package(w, *size*1000*1000)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "wrote %d bytes, %d entities\n", st.Bytes, st.Entities)
}
