package v8

import (
	"regexp"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// v8AbsolutePath matches paths into a server's file system.
var v8AbsolutePath = regexp.MustCompile(`^(?:/[A-Za-z0-9_.$-]|[A-Za-z]:[\\/]|\\\\[A-Za-z0-9]|\$\(XTK_INSTALL_DIR\))`)

// V8ServerPath flags scripts that read or write files at absolute server
// paths.
var V8ServerPath = &audit.Rule{
	ID:        "V8-017",
	Name:      "v8-server-file-path",
	Title:     "File read or written at an absolute path of the application server",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.V8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "On v8 the application server is Adobe's: files exchanged with the instance go through the Adobe " +
			"SFTP storage (\"SFTP management - Monitor SFTP storage, manage IP allowlists, and SSH keys\" in the " +
			"Control Panel), and a script cannot count on a folder of its own on the server. The rule reports " +
			"`new File(…)` and `loadFile(…)` whose path starts at a root (`/`, `C:\\`, a `\\\\server` share) or at " +
			"the installation folder. That such paths fail is inferred from the managed set-up, hence the medium " +
			"precision. BLD-008 reports the same path for v7, outside the folders the file sandbox allows. One call " +
			"is one finding: when BLD-008 keeps its finding on the path (its decision waits for the whole scan), that " +
			"finding takes this rule's consequence, and this rule reports alone only the calls BLD-008 leaves.",
		Remediation: "Exchange files through the SFTP storage Adobe provides (file transfer activities on its external " +
			"account) and keep directories in an option, not in code.",
		Bad: `<javascript name="export.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[var f = new File("/data/exports/recipients.csv");]]></data>
</javascript>`,
		Good: `<javascript name="export.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[var f = new File(getOption("cusExportDir") + "recipients.csv");]]></data>
</javascript>`,
		URL: docs.V8Base + "v8/start/campaign-faq-comprehensive.md",
	},
	Effort:      1,
	RootCauses:  []string{"BLD-008"},
	Consequence: "on Campaign v8 the application server is Adobe's: exchange the file through the Adobe SFTP storage and keep the folder in an option (V8-017)",
	Run: func(p *audit.Pass) {
		for _, c := range jsflow.Codes(p, false, "File", "loadFile") {
			check := func(at, open int, api string) {
				args := c.Args(open)
				if len(args) == 0 {
					return
				}
				pth := c.PathText(args[0], open)
				if !v8AbsolutePath.MatchString(pth) {
					return
				}
				// The call is the container: BLD-008's finding on its path
				// takes this rule's consequence, one finding for the call.
				start, tokEnd := c.Span(at, at)
				end := tokEnd
				if m := c.M(open); m >= 0 {
					_, end = c.Span(m, m)
				}
				f := p.Newf(start, tokEnd, "%s uses the server path %s: on Campaign v8 exchange files through the Adobe SFTP storage and keep folders in options", api, walk.Shorten(pth, 80))
				p.EmitContainer(f, end)
			}
			for i := range c.T {
				if c.IsKeyword(i, "new") {
					if ch := c.Chain(i, -1); ch != nil && ch.Steps[0].Kind == jsflow.StepNew && ch.Steps[0].Name == "File" && ch.Steps[0].Open >= 0 {
						check(i, ch.Steps[0].Open, "new File()")
					}
				}
			}
			c.Calls("loadFile", func(i, open int, member bool) {
				if !member && !c.DeclaresFunction("loadFile") {
					check(i, open, "loadFile()")
				}
			})
		}
	},
}
