package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// V8LDAP flags the LDAP integration, which Campaign v8 does not offer.
var V8LDAP = &audit.Rule{
	ID:        "V8-002",
	Name:      "v8-ldap-integration",
	Title:     "LDAP authentication enabled (option XtkLdap_Active)",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.V8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "Campaign v8 lists \"Integration with LDAP\" and \"User/Password sign in\" among the capabilities " +
			"removed from v7, and \"Campaign v8 does not support LDAP integration\": operators sign in with Adobe IMS " +
			"(Adobe ID or Federated ID) and their rights come from product profiles. The option XtkLdap_Active set to 1 " +
			"shows that the v7 instance authenticates operators against a directory; the rule reports it.",
		Remediation: "Migrate the operators to Adobe IMS before the move (each needs a unique email), map the LDAP " +
			"groups to product profiles in the Adobe Admin Console, then set XtkLdap_Active to 0.",
		Bad: `<package buildNumber="9032" buildVersion="6.7">
  <entities schema="xtk:option">
    <option dataType="3" longValue="1" name="XtkLdap_Active"/>
  </entities>
</package>`,
		Good: `<package buildNumber="9032" buildVersion="6.7">
  <entities schema="xtk:option">
    <option dataType="3" name="XtkLdap_Active"/>
  </entities>
</package>`,
		URL: docs.V7toV8 + "#gs-removed",
	},
	Effort:  8,
	Schemas: []string{"xtk:option"},
	Run: v8Option([]string{"XtkLdap_Active"}, v8Enabled, func(n, v string) string {
		return n + " = " + v + ": operators authenticate through LDAP, which Campaign v8 does not support; migrate them to Adobe IMS and product profiles"
	}),
}
