package js

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// JSExecCommand flags external commands run from JavaScript.
var JSExecCommand = &audit.Rule{
	ID:        "JS-012",
	Name:      "exec-command",
	Title:     "External OS command run with execCommand",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.JS,
	Doc: audit.Doc{
		Rationale: "From build 8780 administrators can deny commands to `execCommand` (exec/@blacklistFile of " +
			"serverConf.xml; the documented sample denies ln, dd, openssl, curl, wget, python, python3, perl, " +
			"ruby and sh), hosted instances apply the restriction automatically and run commands as a dedicated " +
			"user. Every call is reported with the command when its name is written in the script (directly, or " +
			"in the string the command variable starts from); commands of the documented denylist are named as such.",
		Remediation: "Replace the command by a platform feature (file transfer and data loading activities, " +
			"`encryptString`, the preprocessing commands of serverConf.xml) or agree the command with the " +
			"administrator of the target instance.",
		Bad: `<workflow internalName="WKF_gpg" label="Encrypt export" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>execCommand("gpg --encrypt --recipient ops " + vars.filename, true);</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_gpg" label="Encrypt export" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>logInfo("file " + vars.filename + " is encrypted by the file transfer activity");</script></js>
  </activities>
</workflow>`,
		URL: docs.Server + "#command-restriction-server-side",
	},
	Effort:   2,
	Keywords: []string{"execcommand"},
	Run:      runJSExecCommand,
}

var jsDeniedCommands = map[string]bool{
	"ln": true, "dd": true, "openssl": true, "curl": true, "wget": true, "python": true,
	"python3": true, "perl": true, "ruby": true, "sh": true,
}

func runJSExecCommand(p *audit.Pass) {
	for _, c := range jsflow.Codes(p, false, "execCommand") {
		c.Calls("execCommand", func(i, open int, member bool) {
			if member || c.DeclaresFunction("execCommand") {
				return
			}
			start, end := c.Span(i, c.M(open))
			cmd := ""
			if args := c.Args(open); len(args) > 0 {
				cmd = c.CommandName(args[0], open)
			}
			switch {
			case cmd == "":
				p.Reportf(start, end, "execCommand runs an external command: the target may deny it (exec/@blacklistFile) and hosted instances restrict it; replace it by a platform feature")
			case jsDeniedCommands[cmd]:
				p.Reportf(start, end, "execCommand runs %s, which the documented command denylist blocks; replace it by a platform feature", cmd)
			default:
				p.Reportf(start, end, "execCommand runs %s: the target may deny it (exec/@blacklistFile) and hosted instances restrict it; replace it by a platform feature or agree it with the administrator", cmd)
			}
		})
	}
}
