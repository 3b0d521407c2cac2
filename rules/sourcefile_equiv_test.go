package rules_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/rules"
)

// TestSourceFileMatchesPackage checks the promise of source-tree support:
// a JavaScript library read from its own .js file gives the findings the
// same library gives inside a package export, each on the same code line
// (shifted by the lines of the package wrapper).
func TestSourceFileMatchesPackage(t *testing.T) {
	var files []string
	for _, root := range []string{filepath.Join("..", "fixtures"), filepath.Join("..", "..", "shared", "corpus")} {
		filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".js") {
				files = append(files, p)
			}
			return nil
		})
	}
	if len(files) < 5 {
		t.Fatalf("only %d .js files found", len(files))
	}
	compared := 0
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.ReplaceAll(string(data), "\r\n", "\n")
		if strings.Contains(text, "]]>") || strings.Contains(text, "Adobe Campaign metadata:") || strings.Contains(text, "want \"") {
			continue // cannot go in CDATA as is; headers and fixtures are covered elsewhere
		}
		base := filepath.Base(name)
		direct := findingsOf(t, source.NewInput(base, []byte(text)))
		if direct == nil {
			continue // not Campaign code
		}
		// The package wrapper puts the first line of code on line 4.
		pkg := fmt.Sprintf("<package name=\"p\" namespace=\"cus\">\n<entities schema=\"xtk:javascript\">\n<javascript name=%q namespace=\"cus\">\n<data><![CDATA[%s]]></data>\n</javascript>\n</entities>\n</package>\n",
			base, text)
		wrapped := findingsOf(t, source.NewInput("p.xml", []byte(pkg)))
		var a, b []string
		for _, f := range direct {
			a = append(a, fmt.Sprintf("%s %d %s", f.RuleID, f.Line, strings.ReplaceAll(f.Message, "cus:"+base, base)))
		}
		for _, f := range wrapped {
			line := f.Line - 3
			b = append(b, fmt.Sprintf("%s %d %s", f.RuleID, line, strings.ReplaceAll(f.Message, "cus:"+base, base)))
		}
		sort.Strings(a)
		sort.Strings(b)
		if strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Errorf("%s: as a file\n  %s\nin a package\n  %s", name, strings.Join(a, "\n  "), strings.Join(b, "\n  "))
		}
		compared++
	}
	if compared < 5 {
		t.Errorf("only %d files compared", compared)
	}
}

// findingsOf scans one input with every rule; nil when it is not read.
func findingsOf(t *testing.T, in *source.Input) []audit.Finding {
	t.Helper()
	res := driver.Run(context.Background(), []*source.Input{in}, driver.Options{Rules: rules.All()})
	if len(res.NotRead) > 0 {
		return nil
	}
	for _, p := range res.Problems {
		t.Errorf("%s: %s", in.Name, p)
	}
	return res.Findings.Slice()
}
