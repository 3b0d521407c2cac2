package bld

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
	"github.com/acc-audit/acc-audit/rules/internal/option"
)

// BuildFileSandbox flags file API paths outside the folders the JavaScript
// sandbox allows.
var BuildFileSandbox = &audit.Rule{
	ID:        "BLD-008",
	Name:      "file-api-outside-sandbox",
	Title:     "JavaScript file access outside the var, sftp and temporary folders",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.Build,
	Doc: audit.Doc{
		Rationale: "Build 18.6 sandboxes the JavaScript file APIs: \"file APIs can no longer access the conf folder\", " +
			"new installations are limited to the Campaign var, sftp and temporary folders, and existing instances " +
			"get XtkSecurity_Disable_JSFileSandboxing from the postupgrade until they are hardened. The rule reads " +
			"the path given to `new File(…)`, `File.list(…)` and `loadFile(…)` (literal, literal start, or a " +
			"variable holding one; `getEnv(\"XTK_INSTALL_DIR\")` counts as the installation folder): the conf " +
			"folder is an error, another absolute folder a warning (info when the scan exports the sandbox as " +
			"disabled). Paths under var (`$(XTK_INSTALL_DIR)/var/…`, upload and export folders), sftp and " +
			"temporary folders, relative paths and paths built entirely at run time are not reported.",
		Remediation: "Read and write files under the instance's var folder (`$(XTK_INSTALL_DIR)/var/<instance>/export/`) " +
			"or the sftp folder, and read configuration through options instead of the conf folder.",
		Bad: `<workflow internalName="WKF_conf" label="Read conf" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var f = new File("/usr/local/neolane/nl6/conf/serverConf.xml");
f.open("r");</script></js>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_conf" label="Read export" xtkschema="xtk:workflow">
  <activities>
    <js name="js"><script>var f = new File("/usr/local/neolane/nl6/var/prod/export/recipients.csv");
f.open("r");</script></js>
  </activities>
</workflow>`,
		URL: docs.OldRN + "release-18_6---build-8947.md",
	},
	Effort:   1,
	Requires: []*audit.Collector{option.Collector},
	Keywords: []string{"file", "loadfile"},
	Run:      runBuildFileSandbox,
}

var disableSandbox = option.Watch("XtkSecurity_Disable_JSFileSandboxing")

func runBuildFileSandbox(p *audit.Pass) {
	for _, c := range jsflow.Codes(p, false, "File", "loadFile") {
		check := func(i, open int, api string) {
			args := c.Args(open)
			if len(args) == 0 {
				return
			}
			pth := c.PathText(args[0], open)
			verdict := classifyPath(pth)
			if verdict == "" {
				return
			}
			start, end := c.Span(args[0][0], c.Prev(args[0][1]))
			if verdict == "conf" {
				p.Emit(withSeverity(p.Newf(start, end, "%s reads %s in the conf folder: since build 18.6 the JavaScript file APIs cannot access it; read the setting from an option instead", api, pth), audit.SeverityError))
				return
			}
			f := p.Newf(start, end, "%s uses %s, outside the var, sftp and temporary folders that the JavaScript file sandbox of build 18.6 allows", api, pth)
			p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
				if v, ok := option.Value(ix, disableSandbox); ok && option.Enabled(v) {
					f.Severity = audit.SeverityInfo
					f.Message += "; it works while " + disableSandbox + " is enabled, move the files under var before hardening"
				} else {
					f.Message += "; move the files under the instance's var or sftp folder"
				}
				return true
			})
		}
		for i := range c.T {
			if c.IsKeyword(i, "new") {
				if ch := c.Chain(i, -1); ch != nil && ch.Steps[0].Kind == jsflow.StepNew && ch.Steps[0].Name == "File" && ch.Steps[0].Open >= 0 {
					check(i, ch.Steps[0].Open, "new File()")
				}
			}
		}
		c.Calls("list", func(i, open int, member bool) {
			if q := c.Prev(c.Prev(i)); member && q >= 0 && c.T[q].Text == "File" {
				check(i, open, "File.list()")
			}
		})
		c.Calls("loadFile", func(i, open int, member bool) {
			if !member && !c.DeclaresFunction("loadFile") {
				check(i, open, "loadFile()")
			}
		})
	}
}

func withSeverity(f audit.Finding, s audit.Severity) audit.Finding {
	f.Severity = s
	return f
}

// classifyPath returns "conf", "outside" or "" (allowed or unknown).
func classifyPath(pth string) string {
	n := strings.ToLower(strings.ReplaceAll(pth, "\\", "/"))
	if strings.Contains(n, "/conf/") || strings.HasSuffix(n, "/conf") {
		if strings.HasPrefix(n, "$(xtk_install_dir)") || strings.Contains(n, "neolane") || strings.Contains(n, "/nl6/") || strings.Contains(n, "campaign") {
			return "conf"
		}
	}
	if strings.HasPrefix(n, "*") || n == "" {
		return ""
	}
	abs := strings.HasPrefix(n, "/") || strings.HasPrefix(n, "$(xtk_install_dir)") || len(n) > 2 && n[1] == ':' && n[2] == '/'
	if !abs {
		return ""
	}
	segs := strings.Split(strings.TrimPrefix(n, "/"), "/")
	for k, s := range segs {
		switch {
		case s == "var" && k > 0 && (k != 1 || !strings.HasPrefix(n, "/var")):
			return ""
		case s == "var" && k == 0 && strings.HasPrefix(n, "$(xtk_install_dir)"):
			return ""
		case s == "sftp" || strings.HasSuffix(s, "sftp"):
			return ""
		case s == "tmp" || s == "temp":
			return ""
		}
	}
	if strings.HasPrefix(n, "$(xtk_install_dir)/var") {
		return ""
	}
	return "outside"
}
