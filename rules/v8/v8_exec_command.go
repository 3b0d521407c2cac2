package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// V8ExecCommand flags external commands, which a v8 instance does not
// run for customer code.
var V8ExecCommand = &audit.Rule{
	ID:        "V8-016",
	Name:      "v8-exec-command",
	Title:     "External command run with execCommand",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.V8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "Campaign v8 runs only as a Managed Cloud Service, where \"scripts are executed only through the " +
			"JavaScript engine. These specific implementations can cause security gaps and postupgrade issues. They " +
			"are not supported.\" (hosted instance FAQ). JS-012 reports the call for v7, where a denylist may " +
			"refuse it; on v8 the call cannot stay at all. One call is one finding: when JS-012 reports it, its " +
			"finding takes this rule's consequence (and severity), and this rule reports alone only the calls JS-012 " +
			"leaves.",
		Remediation: "Rewrite the step with platform features: file transfer, data loading and extraction activities, " +
			"`encryptString`, unzip or decryption on demand agreed with Adobe.",
		Bad: `<workflow internalName="WKF_zip" label="Zip" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>execCommand("zip -r /tmp/out.zip " + vars.dir, true);</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_zip" label="Zip" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>logInfo("files are compressed by the file transfer activity");</script></js>
  </activities>
</workflow>`,
		URL: docs.Base + "technotes/using/dc-migration-faq.md",
	},
	Effort:      4,
	RootCauses:  []string{"JS-012"},
	Consequence: "Campaign v8 runs no external command for customer code: the call cannot stay (V8-016)",
	Run: func(p *audit.Pass) {
		for _, c := range jsflow.Codes(p, false, "execCommand") {
			c.Calls("execCommand", func(i, open int, member bool) {
				if member || c.DeclaresFunction("execCommand") {
					return
				}
				args := c.Args(open)
				if len(args) == 0 {
					return
				}
				cmd := c.CommandName(args[0], open)
				if cmd == "" {
					cmd = "a command"
				}
				// The call is the container: JS-012's finding on it takes this
				// rule's consequence, one finding for the call.
				start, _ := c.Span(i, i)
				_, end := c.Span(c.M(open), c.M(open))
				f := p.Newf(start, end, "execCommand runs %s, an external command a Campaign v8 instance does not run for customer code: rewrite the step with platform features", cmd)
				p.EmitContainer(f, end)
			})
		}
	},
}
