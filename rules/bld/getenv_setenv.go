package bld

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
	"github.com/acc-audit/acc-audit/rules/internal/option"
)

// BuildGetSetEnv flags getEnv and setEnv.
var BuildGetSetEnv = &audit.Rule{
	ID:        "BLD-010",
	Name:      "getenv-setenv",
	Title:     "getEnv or setEnv, which XtkSecurity_Disable_GetSetEnv blocks",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.Build,
	Doc: audit.Doc{
		Rationale: "Build 19.1 added the option XtkSecurity_Disable_GetSetEnv: when it is set, `getEnv()` and " +
			"`setEnv()` are refused, and hardened or hosted instances set it. Every call is a dependency on a " +
			"setting the target may not allow; when the scan exports the option enabled, the call fails (error).",
		Remediation: "Pass values through options (`getOption(\"cusExportDir\")`), workflow variables or external " +
			"accounts instead of process environment variables.",
		Bad: `<workflow internalName="WKF_env" label="Env" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>vars.dir = getEnv("XTK_INSTALL_DIR") + "/var/prod/export/";</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_env" label="Env" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>vars.dir = getOption("cusExportDir");</script></js>
  </activities>
</workflow>`,
		URL: docs.OldRN + "release-19_1---build-9026.md",
	},
	Effort:   1,
	Requires: []*audit.Collector{option.Collector},
	Run: func(p *audit.Pass) {
		for _, c := range jsflow.Codes(p, false, "Env") {
			for _, name := range []string{"getEnv", "setEnv"} {
				c.Calls(name, func(i, open int, member bool) {
					if member || c.DeclaresFunction(name) {
						return
					}
					start, end := c.Span(i, c.M(open))
					f := p.Newf(start, end, "%s", c.Text(i, c.M(open)+1))
					p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
						if v, ok := option.Value(ix, disableGetSetEnv); ok && option.Enabled(v) {
							f.Severity = audit.SeverityError
							f.Message += " fails: the scan enables XtkSecurity_Disable_GetSetEnv; pass the value through an option or a variable"
						} else {
							f.Message += " is refused where XtkSecurity_Disable_GetSetEnv is set (build 19.1+); pass the value through an option or a variable"
						}
						return true
					})
				})
			}
		}
	},
}

// disableGetSetEnv is the option of build 19.1 that blocks getEnv and setEnv.
var disableGetSetEnv = option.Watch("XtkSecurity_Disable_GetSetEnv")
