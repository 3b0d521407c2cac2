package opt

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/option"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// unsafeSecurity lists the XtkSecurity_* options that relax a v7
// protection: true when enabling the option relaxes it, false when setting
// it to 0 does.
var unsafeSecurity = map[string]bool{
	"XtkSecurity_Allow_PrivilegeEscalation":      true,
	"XtkSecurity_Disable_ControlsOnFileDownload": true,
	"XtkSecurity_Disable_JSFileSandboxing":       true,
	"XtkSecurity_SaveOptions_AllowNonAdmin":      true,
	"XtkSecurity_Unsafe_DecryptString":           true,
	"XtkSecurity_Restrict_EditXML":               false,
}

// UnsafeSecurityOption flags XtkSecurity_* options that switch off a v7
// protection.
var UnsafeSecurityOption = &audit.Rule{
	ID:        "OPT-003",
	Name:      "unsafe-security-option",
	Title:     "XtkSecurity option relaxing a protection",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Packages,
	Doc: audit.Doc{
		Rationale: "Recent v7 builds block privilege escalation in scripts, check file downloads, sandbox the files " +
			"JavaScript may read, restrict the saving of options and decryptString to administrators, and protect the " +
			"XML of deliveries. The XtkSecurity_* options switch these protections off for code that depends on the " +
			"old behaviour: XtkSecurity_Allow_PrivilegeEscalation, XtkSecurity_Disable_ControlsOnFileDownload, " +
			"XtkSecurity_Disable_JSFileSandboxing, XtkSecurity_SaveOptions_AllowNonAdmin and " +
			"XtkSecurity_Unsafe_DecryptString enabled, or XtkSecurity_Restrict_EditXML set to 0. Their presence means " +
			"some code still needs the relaxed security.",
		Remediation: "Fix the code that needs the relaxed behaviour (run privileged code through admin-only methods, " +
			"read files from sandboxed directories, stop decrypting secrets in scripts), then delete the option or " +
			"restore its default.",
		Bad: `<package buildNumber="9032" buildVersion="6.7">
  <entities schema="xtk:option">
    <option dataType="3" longValue="1" name="XtkSecurity_Disable_JSFileSandboxing"/>
  </entities>
</package>`,
		Good: `<package buildNumber="9032" buildVersion="6.7">
  <entities schema="xtk:option">
    <option dataType="3" name="XtkSecurity_Disable_JSFileSandboxing"/>
    <option dataType="3" longValue="1" name="XtkSecurity_Restrict_EditXML"/>
  </entities>
</package>`,
		URL: docs.OptSecurity,
	},
	Effort:  2,
	Schemas: []string{"xtk:option"},
	Run: option.Rule(func(_ *audit.Pass, name, v string) string {
		unsafeWhenOn, ok := unsafeSecurity[name]
		if !ok {
			return ""
		}
		if unsafeWhenOn && !option.Off(v) {
			return name + " = " + v + " switches off a v7 protection; fix the code that depends on it, then remove the option"
		}
		if !unsafeWhenOn && option.Off(v) {
			return name + " = " + srcschema.Or(v, "0") + " lets operators edit the XML of deliveries; restore 1 once no process needs it"
		}
		return ""
	}),
}
