// Command benchgen writes a generated package export for measuring
// acc-audit on large inputs: benchgen -size 200 -o /tmp/acc-audit-200MB.xml
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
	st, err := benchgen.Package(w, *size*1000*1000)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "wrote %d bytes, %d entities\n", st.Bytes, st.Entities)
}
