package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

// schOptionRule builds the Run function of a rule about one or more
// xtk:option entities: check receives the option name and value and
// returns the message, or "" when the value is fine.
func schOptionRule(check func(p *audit.Pass, name, value string) string) func(*audit.Pass) {
	return func(p *audit.Pass) {
		if schDeleted(p.Entity.Root) || schIsReference(p.Entity.Root) {
			return
		}
		v, start, end := schOptionValue(p)
		if msg := check(p, strings.TrimSpace(p.Entity.Name), strings.TrimSpace(v)); msg != "" {
			p.Reportf(start, end, "%s", msg)
		}
	}
}

// schOptionOff reports whether an option value means 0 or false. Packages
// leave out values equal to 0, so an empty value is off.
func schOptionOff(v string) bool { return v == "" || !optionEnabled(v) }

// PassUnknownSQLFunctions flags the compatibility option that sends
// undeclared SQL functions to the database.
var PassUnknownSQLFunctions = &audit.Rule{
	ID:        "OPT-001",
	Name:      "pass-unknown-sql-functions",
	Title:     "Option XtkPassUnknownSQLFunctionsToRDBMS enabled",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  schCatPackages,
	Doc: audit.Doc{
		Rationale: "The postupgrade adds XtkPassUnknownSQLFunctionsToRDBMS so that expressions calling SQL functions " +
			"that no xtk:funcList declares keep working, but \"we strongly recommend against using this option due to " +
			"the security risks it introduces\": any function name typed in a filter reaches the database. The rule " +
			"reports the option entity when it is set to a non-zero value; SQL-006 reports each undeclared call " +
			"(as a warning while the option is on). Set to 0 or absent, it is fine.",
		Remediation: "Declare the functions still needed in an xtk:funcList package " +
			"(`<funcList name=\"myList\" namespace=\"cus\"><group name=\"date\"><function name=\"relativeMaturity\" …/></group></funcList>`), " +
			"fix the SQL-006 findings, then delete the option or set it to 0.",
		Bad: `<package buildNumber="8977" buildVersion="6.1">
  <entities schema="xtk:option">
    <option dataType="3" longValue="1" name="XtkPassUnknownSQLFunctionsToRDBMS"/>
  </entities>
</package>`,
		Good: `<package buildNumber="8977" buildVersion="6.1">
  <entities schema="xtk:option">
    <option dataType="3" name="XtkPassUnknownSQLFunctionsToRDBMS"/>
  </entities>
</package>`,
		URL: docSQLFuncs,
	},
	Effort:  1,
	Schemas: []string{"xtk:option"},
	Run: schOptionRule(func(_ *audit.Pass, name, v string) string {
		if name != optionPassUnknown || schOptionOff(v) {
			return ""
		}
		return optionPassUnknown + " = " + v + ": undeclared SQL functions are passed to the database, a security risk Adobe advises against; declare them in an xtk:funcList and remove the option"
	}),
}

// AcceptOldPasswords flags the v5 password compatibility option.
var AcceptOldPasswords = &audit.Rule{
	ID:        "OPT-002",
	Name:      "accept-old-passwords",
	Title:     "Option XtkAcceptOldPasswords enabled",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  schCatPackages,
	From:      []string{audit.V511},
	Doc: audit.Doc{
		Rationale: "XtkAcceptOldPasswords (\"Install compatibility mode: build>6000\") \"allows the use of old passwords " +
			"stored in the database for the connection to external accounts or to the instance\"; the migration " +
			"guide only documents it as a temporary workaround for mirror pages built with the v5 personalization " +
			"block. Left on, it keeps the weaker v5 password storage accepted.",
		Remediation: "Replace the v5 mirror-page block by `<%@ include view=\"MirrorPage\" %>` / " +
			"`<%@ include view='MirrorPageUrl' %>`, reset the passwords of external accounts and operators, then set the " +
			"option to 0 or delete it.",
		Bad:  `<option dataType="3" longValue="1" name="XtkAcceptOldPasswords" xtkschema="xtk:option"/>`,
		Good: `<option dataType="3" longValue="0" name="XtkAcceptOldPasswords" xtkschema="xtk:option"/>`,
		URL:  schDocAfterMig,
	},
	Effort:  2,
	Schemas: []string{"xtk:option"},
	Run: schOptionRule(func(_ *audit.Pass, name, v string) string {
		if name != "XtkAcceptOldPasswords" || schOptionOff(v) {
			return ""
		}
		return "XtkAcceptOldPasswords = " + v + ": old v5 passwords are still accepted; migrate the v5 mirror-page blocks, reset the passwords, then remove the option"
	}),
}

// schUnsafeSecurity lists the XtkSecurity_* options that relax a v7
// protection: true when enabling the option relaxes it, false when setting
// it to 0 does.
var schUnsafeSecurity = map[string]bool{
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
	Category:  schCatPackages,
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
		URL: schDocOptSecurity,
	},
	Effort:  2,
	Schemas: []string{"xtk:option"},
	Run: schOptionRule(func(_ *audit.Pass, name, v string) string {
		unsafeWhenOn, ok := schUnsafeSecurity[name]
		if !ok {
			return ""
		}
		if unsafeWhenOn && !schOptionOff(v) {
			return name + " = " + v + " switches off a v7 protection; fix the code that depends on it, then remove the option"
		}
		if !unsafeWhenOn && schOptionOff(v) {
			return name + " = " + schOr(v, "0") + " lets operators edit the XML of deliveries; restore 1 once no process needs it"
		}
		return ""
	}),
}

// BuiltinEditProtectionOff flags the options that allow editing built-in
// schemas and JavaScript.
var BuiltinEditProtectionOff = &audit.Rule{
	ID:        "OPT-004",
	Name:      "builtin-edit-protection-off",
	Title:     "Protection of built-in schemas or JavaScript disabled",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  schCatPackages,
	Doc: audit.Doc{
		Rationale: "From build 21.1.3, RestrictEditingOOTBSchema and RestrictEditingOOTBJavascript (default 1) forbid " +
			"editing built-in schemas and built-in JavaScript. Set to 0, they let operators change factory objects in " +
			"place again, the practice that creates upgrade conflicts and lost changes (SCH-001, SCH-009).",
		Remediation: "Move the changes into extensions and customer-namespace copies, then set the options back to 1.",
		Bad: `<package buildNumber="9349" buildVersion="6.7">
  <entities schema="xtk:option">
    <option dataType="3" name="RestrictEditingOOTBSchema"/>
  </entities>
</package>`,
		Good: `<package buildNumber="9349" buildVersion="6.7">
  <entities schema="xtk:option">
    <option dataType="3" longValue="1" name="RestrictEditingOOTBSchema"/>
  </entities>
</package>`,
		URL: schDocOptSecurity,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:option"},
	Run: schOptionRule(func(_ *audit.Pass, name, v string) string {
		if (name != schOptRestrictSchema && name != schOptRestrictJS) || !schOptionOff(v) {
			return ""
		}
		what := "built-in schemas"
		if name == schOptRestrictJS {
			what = "built-in JavaScript"
		}
		return name + " = " + schOr(v, "0") + ": " + what + " can be edited in place; keep changes in extensions or customer copies and set it back to 1"
	}),
}

// FailedPostUpgrade flags the option a failed postupgrade leaves behind.
var FailedPostUpgrade = &audit.Rule{
	ID:        "OPT-005",
	Name:      "failed-postupgrade",
	Title:     "A previous postupgrade stopped on an error",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  schCatPackages,
	Doc: audit.Doc{
		Rationale: "PostUpgradeLastError records the step where the last postupgrade failed, as `{build}:{mode}:{step}`; " +
			"the postupgrade resumes \"from the same place it was stopped\" once the cause is fixed. An export carrying " +
			"it comes from an instance whose upgrade is unfinished. When NmsServer_LastPostUpgrade (the build before " +
			"the last upgrade) is in the scan, the finding names it.",
		Remediation: "Read the postupgrade log of that build (`var/<instance>/postupgrade/`), fix the failing step, " +
			"rerun `nlserver config -postupgrade -instance:<name>` until it completes, and export again.",
		Bad: `<package buildNumber="9032" buildVersion="6.7">
  <entities schema="xtk:option">
    <option name="PostUpgradeLastError" stringValue="9032:0:12"/>
  </entities>
</package>`,
		Good: `<package buildNumber="9032" buildVersion="6.7">
  <entities schema="xtk:option">
    <option dataType="3" longValue="8977" name="NmsServer_LastPostUpgrade"/>
  </entities>
</package>`,
		URL: schDocResume,
	},
	Effort:  2,
	Schemas: []string{"xtk:option"},
	Run:     runFailedPostUpgrade,
}

func runFailedPostUpgrade(p *audit.Pass) {
	if strings.TrimSpace(p.Entity.Name) != "PostUpgradeLastError" || schDeleted(p.Entity.Root) {
		return
	}
	v, start, end := schOptionValue(p)
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	detail := "value " + v
	if parts := strings.Split(v, ":"); len(parts) == 3 {
		detail = "build " + parts[0] + ", mode " + parts[1] + ", step " + parts[2]
	}
	f := p.Newf(start, end, "PostUpgradeLastError is set (%s): the last postupgrade stopped on an error and has not completed; fix the step and rerun it", detail)
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		if last, ok := ix.Option("NmsServer_LastPostUpgrade"); ok && strings.TrimSpace(last) != "" {
			f.Message += "; the instance was upgraded from build " + strings.TrimSpace(last)
		}
		return true
	})
}
