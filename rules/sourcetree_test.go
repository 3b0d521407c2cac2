package rules_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/driver"
	"github.com/acc-audit/acc-audit/audit/inventory"
	"github.com/acc-audit/acc-audit/audit/source"
	"github.com/acc-audit/acc-audit/rules"
)

// scanTree scans a directory as the command does (default include
// patterns, every rule) and describes, for every file: the identity of
// each entity and where it was read, the files not read and why, input
// problems, and findings. Names are relative to dir.
func scanTree(t *testing.T, dir string) (string, *driver.Result) {
	t.Helper()
	col := source.CollectAll([]string{dir}, source.Options{})
	if len(col.Errors) > 0 {
		t.Fatal(col.Errors)
	}
	inv := inventory.New()
	res := driver.Run(context.Background(), col.Inputs, driver.Options{Rules: rules.All(), OnUnit: inv.Add})
	for _, s := range col.Skipped {
		res.NotRead = append(res.NotRead, driver.NotRead{File: s.Name, Reason: s.Reason})
	}
	rel := func(name string) string {
		r, err := filepath.Rel(dir, name)
		if err != nil {
			return name
		}
		return filepath.ToSlash(r)
	}
	var b strings.Builder
	b.WriteString("# entities: file, schema, key, where the identity was read\n")
	for _, it := range inv.Inventory(res).Items {
		origin := it.Identity
		if origin == "" {
			origin = "attributes"
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\n", rel(it.File), it.Schema, it.Key, origin)
	}
	b.WriteString("# not read\n")
	var notRead []string
	for _, nr := range res.NotRead {
		notRead = append(notRead, fmt.Sprintf("%s\t%s\n", rel(nr.File), nr.Reason))
	}
	sortStrings(notRead)
	b.WriteString(strings.Join(notRead, ""))
	b.WriteString("# problems\n")
	for _, p := range res.Problems {
		fmt.Fprintf(&b, "%s:%d:%d\t%s\t%s\n", rel(p.File), p.Line, p.Col, p.Severity, p.Message)
	}
	b.WriteString("# findings\n")
	for _, f := range res.Findings.Slice() {
		fmt.Fprintf(&b, "%s:%d:%d\t%s\t%s\t%s\n", rel(f.File), f.Line, f.Col, f.Severity, f.RuleID, f.Message)
		for _, r := range f.Related {
			fmt.Fprintf(&b, "\talso %d:%d\t%s\n", r.Line, r.Col, r.Message)
		}
	}
	return b.String(), res
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// checkGolden compares got with a golden file (go test ./rules -update
// rewrites it).
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diff := lineDiff(string(want), got); diff != "" {
		t.Errorf("%s changed (go test ./rules -run '%s' -update):\n%s", golden, t.Name(), diff)
	}
}

// TestSourceTree scans fixtures/_sources, written for each layout and
// header form the tool knows (sync-tool `Campaign files`, explorer
// folders, schema directories, bare file names; headers with LF and CRLF,
// missing fields, contradicting the path) and for files that are not
// Campaign code, and compares identities, files not read, problems and
// findings with the golden list beside it.
func TestSourceTree(t *testing.T) {
	dir := filepath.Join("..", "fixtures", "_sources")
	got, res := scanTree(t, dir)
	checkGolden(t, filepath.Join(dir, "expected.txt"), got)
	for _, p := range res.Problems {
		if p.Severity == audit.SeverityError {
			t.Errorf("input error: %s", p)
		}
	}
}

// TestCorpusFiles scans the real files in ../shared/corpus (skipped when the
// folder is absent): every Campaign file is read without an input problem,
// each entity has its identity, the other files are listed as not read, and
// the findings match the golden list.
func TestCorpusFiles(t *testing.T) {
	dir := corpusDir(t)
	got, res := scanTree(t, dir)
	checkGolden(t, filepath.Join("testdata", "corpus.golden"), got)
	if len(res.Problems) > 0 {
		t.Errorf("input problems on real files: %v", res.Problems)
	}
	for _, nr := range res.NotRead {
		if base := filepath.Base(nr.File); base != "LICENSE" && base != "README.md" {
			t.Errorf("a corpus file was not read: %s (%s)", nr.File, nr.Reason)
		}
	}
	// The places a migration expert marks in these files.
	want := []string{
		"SQL-001 cedricrey-Adobe-Campaign-Tools/Javascript/TempSchemaTools/TempSchemaTools.js:520",
		"JS-013 cedricrey-Adobe-Campaign-Tools/JSSP/Dashboard/EmptyDashBoard.jssp:1",
		"JS-013 cedricrey-Adobe-Campaign-Tools/JSSP/Dashboard/workflowLogs.jssp:1",
		"JS-013 cedricrey-Adobe-Campaign-Tools/Javascript/Mocha/vsc_displayOptionPage.jssp:2",
		"JS-012 cedricrey-Adobe-Campaign-Tools/Javascript/PhantomConnector/utils_phantomConnector.js:85",
	}
	have := map[string]bool{}
	for _, f := range res.Findings.Slice() {
		r, _ := filepath.Rel(dir, f.File)
		have[fmt.Sprintf("%s %s:%d", f.RuleID, filepath.ToSlash(r), f.Line)] = true
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("missing finding %s", w)
		}
	}
	if !strings.Contains(got, "xtk:srcSchema\tzon:persist\tmetadata header") {
		t.Error("the inventory does not name the srcSchema zon:persist from its header")
	}
}
