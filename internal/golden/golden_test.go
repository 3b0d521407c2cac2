package golden_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/acc-audit/acc-audit/cmd/acc-audit/cli"
	"github.com/acc-audit/acc-audit/internal/benchgen"
)

var update = flag.Bool("update", false, "rewrite testdata/golden-hashes.txt from the current outputs (also ACC_AUDIT_GOLDEN_UPDATE=1)")

const goldenFile = "testdata/golden-hashes.txt"

// An input is one scan of the golden set: the folder the command runs in
// and the path given to it, relative to that folder.
type input struct {
	name string
	dir  string
	path string
	// many files: the result must not depend on the order in which the
	// workers read them, so the JSON report is also checked with -j 1 and
	// -j 4.
	many bool
}

// scanFormats are written by one scan, each to its own file.
var scanFormats = []string{"text", "json", "sarif", "junit", "gitlab", "checkstyle"}

// reportFormats are the migration report renderers, one run each.
var reportFormats = []string{"md", "csv", "html"}

// TestGoldenHashes compares every output format over the fixtures, the
// shared corpus and generated exports with the checked-in hashes. -short
// leaves out the generated exports (most of the run time).
func TestGoldenHashes(t *testing.T) {
	regen := *update || os.Getenv("ACC_AUDIT_GOLDEN_UPDATE") != ""
	saved := cli.Version
	cli.Version = "golden"
	t.Cleanup(func() { cli.Version = saved })

	want, err := readGolden(goldenFile)
	if err != nil && !(regen && os.IsNotExist(err)) {
		t.Fatalf("%v (create it with: make golden)", err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	inputs := []input{{"fixtures", root, "fixtures", true}}
	if dir := corpusDir(root); dir != "" {
		inputs = append(inputs, input{"corpus", filepath.Dir(dir), filepath.Base(dir), true})
	} else {
		t.Log("no shared corpus: its hashes are not checked")
	}
	if !testing.Short() {
		gen := t.TempDir()
		// Default mode: the stress export, one schema extension in four
		// entities (deferred findings, cross-entity facts).
		if _, err := benchgen.PackageFile(filepath.Join(gen, "stress-5MB.xml"), 5_000_000); err != nil {
			t.Fatal(err)
		}
		if _, err := benchgen.MixFile(filepath.Join(gen, "mix-20MB.xml"), 20_000_000, 1); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, input{"benchgen-5MB", gen, "stress-5MB.xml", false}, input{"benchgen-mix-20MB", gen, "mix-20MB.xml", false})
	}

	got := map[string]string{}
	checked := map[string]bool{}
	outDir := os.Getenv("ACC_AUDIT_GOLDEN_OUT")
	for _, in := range inputs {
		checked[in.name] = true
		t.Run(in.name, func(t *testing.T) {
			dir := outDir
			if dir == "" {
				dir = t.TempDir()
			}
			dir = filepath.Join(dir, in.name)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for k, v := range hashes(t, in, dir) {
				got[in.name+" "+k] = v
			}
		})
	}
	if t.Failed() {
		return
	}
	if regen {
		// Inputs not scanned in this run (no corpus, -short) keep their
		// recorded hashes.
		for k, v := range want {
			if name, _, _ := strings.Cut(k, " "); !checked[name] {
				got[k] = v
			}
		}
		if err := writeGolden(goldenFile, got); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d entries)", goldenFile, len(got))
		return
	}
	for _, msg := range compare(want, got, checked) {
		t.Error(msg)
	}
	if t.Failed() {
		t.Log("if the change is intended, regenerate with: make golden (and review the diff of " + goldenFile + ");" +
			" ACC_AUDIT_GOLDEN_OUT=DIR keeps the outputs for a diff against another checkout")
	}
}

// hashes runs every format over one input, from its folder, and returns
// key → value: "out/FORMAT" and "report/FORMAT" (SHA-256 and length),
// "exit/scan" and "exit/report", "fingerprints" (SHA-256 of the sorted
// fingerprints and their number) and "count/RULE".
func hashes(t *testing.T, in input, outDir string) map[string]string {
	t.Chdir(in.dir)
	res := map[string]string{}
	args := []string{"scan", "--no-config", "--color", "never", "--fail-on", "none"}
	for _, f := range scanFormats {
		args = append(args, "-f", f+"="+filepath.Join(outDir, f))
	}
	code, _, stderr := run(append(args, in.path))
	res["exit/scan"] = fmt.Sprint(code)
	if code != cli.ExitOK && code != cli.ExitInput {
		t.Fatalf("scan: exit %d: %s", code, stderr)
	}
	for _, f := range scanFormats {
		b, err := os.ReadFile(filepath.Join(outDir, f))
		if err != nil {
			t.Fatal(err)
		}
		res["out/"+f] = digest(normalise(b, in.dir))
	}
	code, stdout, stderr := run([]string{"scan", "--no-config", "--color", "never", "--fail-on", "none", "--quiet", in.path})
	if code != cli.ExitOK && code != cli.ExitInput {
		t.Fatalf("scan --quiet: exit %d: %s", code, stderr)
	}
	res["out/quiet"] = digest(normalise(stdout, in.dir))
	if in.many {
		for _, jobs := range []string{"1", "4"} {
			_, out, _ := run([]string{"scan", "--no-config", "--fail-on", "none", "-j", jobs, "-f", "json", in.path})
			if d := digest(normalise(out, in.dir)); d != res["out/json"] {
				t.Errorf("json output with -j %s differs from the run with the default workers: the result depends on the order in which files are read", jobs)
			}
		}
	}
	writeKept(t, filepath.Join(outDir, "quiet"), stdout)
	for _, f := range reportFormats {
		code, stdout, stderr := run([]string{"report", "--no-config", "--no-progress", "-f", f, in.path})
		if code != cli.ExitOK && code != cli.ExitInput {
			t.Fatalf("report -f %s: exit %d: %s", f, code, stderr)
		}
		res["exit/report"] = fmt.Sprint(code)
		res["report/"+f] = digest(normalise(stdout, in.dir))
		writeKept(t, filepath.Join(outDir, "report."+f), stdout)
	}

	js, err := os.ReadFile(filepath.Join(outDir, "json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Findings []struct {
			Rule        string `json:"rule"`
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatalf("json report: %v", err)
	}
	fps := make([]string, 0, len(doc.Findings))
	counts := map[string]int{}
	for _, f := range doc.Findings {
		fps = append(fps, f.Fingerprint)
		counts[f.Rule]++
	}
	slices.Sort(fps)
	sum := sha256.Sum256([]byte(strings.Join(fps, "\n")))
	res["fingerprints"] = fmt.Sprintf("%s %d", hex.EncodeToString(sum[:]), len(fps))
	for r, n := range counts {
		res["count/"+r] = fmt.Sprint(n)
	}
	return res
}

func run(args []string) (code int, stdout []byte, stderr string) {
	var out, errb bytes.Buffer
	code = cli.Main(args, cli.Env{
		Stdin:  strings.NewReader(""),
		Stdout: &out,
		Stderr: &errb,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) },
	})
	return code, out.Bytes(), errb.String()
}

// normalise replaces the absolute folder of the scan (SARIF's SRCROOT,
// any absolute path a format prints) so that the bytes are the same in
// every clone.
func normalise(b []byte, dir string) []byte {
	return bytes.ReplaceAll(b, []byte(filepath.ToSlash(dir)), []byte("/ROOT"))
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return fmt.Sprintf("%s %d", hex.EncodeToString(sum[:]), len(b))
}

func writeKept(t *testing.T, path string, b []byte) {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// corpusDir is the shared collection of real exports beside the
// repository (ACC_AUDIT_CORPUS overrides), or "" when absent.
func corpusDir(root string) string {
	d := os.Getenv("ACC_AUDIT_CORPUS")
	if d == "" {
		d = filepath.Join(root, "..", "shared", "corpus")
	}
	d, err := filepath.Abs(d)
	if err != nil {
		return ""
	}
	if st, err := os.Stat(d); err != nil || !st.IsDir() {
		return ""
	}
	return d
}

// compare explains every difference between the recorded and the current
// entries of the inputs checked in this run, most telling first: finding
// counts per rule, then the fingerprints, then each format's bytes.
func compare(want, got map[string]string, checked map[string]bool) []string {
	var msgs []string
	keys := map[string]bool{}
	for k := range want {
		if name, _, _ := strings.Cut(k, " "); checked[name] {
			keys[k] = true
		}
	}
	for k := range got {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	rank := func(k string) int {
		_, key, _ := strings.Cut(k, " ")
		switch {
		case strings.HasPrefix(key, "count/"):
			return 0
		case key == "fingerprints":
			return 1
		case strings.HasPrefix(key, "exit/"):
			return 2
		}
		return 3
	}
	slices.SortFunc(sorted, func(a, b string) int {
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra - rb
		}
		return strings.Compare(a, b)
	})
	for _, k := range sorted {
		w, inWant := want[k]
		g, inGot := got[k]
		name, key, _ := strings.Cut(k, " ")
		switch {
		case w == g:
		case strings.HasPrefix(key, "count/"):
			rule := strings.TrimPrefix(key, "count/")
			msgs = append(msgs, fmt.Sprintf("%s: %s: %s findings, %s recorded", name, rule, orZero(g, inGot), orZero(w, inWant)))
		case key == "fingerprints":
			msgs = append(msgs, fmt.Sprintf("%s: the set of finding fingerprints changed (sha256 and number: recorded %s, now %s)", name, w, g))
		case !inWant:
			msgs = append(msgs, fmt.Sprintf("%s: %s is not recorded in %s", name, key, goldenFile))
		case !inGot:
			msgs = append(msgs, fmt.Sprintf("%s: %s is recorded but was not produced", name, key))
		default:
			msgs = append(msgs, fmt.Sprintf("%s: %s output changed (sha256 and bytes: recorded %s, now %s)", name, key, w, g))
		}
	}
	return msgs
}

func orZero(v string, ok bool) string {
	if !ok {
		return "0"
	}
	return v
}

func readGolden(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, rest, ok1 := strings.Cut(line, " ")
		key, val, ok2 := strings.Cut(rest, " ")
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("%s:%d: want INPUT KEY VALUE, got %q", path, n, line)
		}
		m[name+" "+key] = val
	}
	return m, sc.Err()
}

func writeGolden(path string, m map[string]string) error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	b.WriteString("# SHA-256 and length of every output format of acc-audit over the fixtures, the shared\n" +
		"# corpus and generated exports, with the findings per rule. Checked by internal/golden;\n" +
		"# regenerate with `make golden` after an intended output change and review the diff.\n" +
		"# INPUT KEY VALUE\n")
	for _, k := range keys {
		b.WriteString(k + " " + m[k] + "\n")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}
