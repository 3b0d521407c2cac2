package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// The V8 family tells a Campaign Classic v7 customer what blocks or must
// change for the move to Campaign v8, for which Adobe offers no automated
// migration. Its rules run only with --target v8 or v8-enterprise (after
// the v7 rules, which hold there too); those that hold only for v8
// Enterprise (full FDA, customer data on Snowflake) run only with
// v8-enterprise.

// CatV8 is the risk area of the V8 family.
const CatV8 = "Campaign v8 readiness"

// The Campaign v8 documentation is published from AdobeDocs/campaign.en.
const (
	v8DocBase       = "https://github.com/AdobeDocs/campaign.en/blob/main/help/"
	v8DocV7toV8     = v8DocBase + "v8/start/v7-to-v8.md"
	v8DocGuardrails = v8DocBase + "v8/start/ac-guardrails.md"
	v8DocSecurity   = v8DocBase + "v8/config/security.md"
	v8DocCoupons    = v8DocBase + "v8/send/personalized-coupons.md"
	v8DocCompat     = v8DocBase + "v8/start/compatibility-matrix.md"
	v8DocExtAccount = v8DocBase + "v8/config/external-accounts.md"
	v8DocCreate     = v8DocBase + "v8/dev/create-schema.md"
	v8DocKeys       = v8DocBase + "v8/architecture/keys.md"
	v8DocStaging    = v8DocBase + "v8/architecture/staging.md"
	v8DocModel      = v8DocBase + "v8/dev/datamodel-best-practices.md"
	v8DocMRM        = v8DocBase + "automation/mrm/about-marketing-resource-management.md"
	v8DocWfJS       = v8DocBase + "automation/workflow/javascript-in-workflows.md"
	v8DocIMS        = v8DocBase + "technotes/upgrades/ims-migration.md"
	v8DocIMSUsers   = v8DocBase + "technotes/upgrades/migrate-users-to-ims.md"
	v8DocPackages   = v8DocBase + "v8/dev/packages.md"
	v8DocRN2022     = v8DocBase + "v8/start/release-notes-2022.md"
	v8DocRN         = v8DocBase + "v8/start/release-notes.md"
)

// Targets of the V8 rules: any v8 deployment, or v8 Enterprise only.
var (
	v8Any        = []string{audit.TargetV8, audit.TargetV8Enterprise}
	v8Enterprise = []string{audit.TargetV8Enterprise}
)

var v8Rules = []*audit.Rule{
	V8ServerConfig, V8LDAP, V8Logon, V8AdminGroup, V8MRM, V8Coupons, V8WebTracking,
	V8Facebook, V8ACSConnector, V8FDAEngine, V8CustomTable, V8TableKeys, V8PackageVersion,
	V8DirectWrite, V8Subscription, V8ExecCommand, V8ServerPath, V8ExtAccounts,
	V8SecurityTokenURL, V8IntegrityOwn, V8FTP, V8Staging, V8InternalRouting, V8MobileApp,
}

// v8Option builds the Run function of an xtk:option rule: msg receives the
// name and value of an option of names whose value is on, and returns the
// message.
func v8Option(names []string, on func(string) bool, msg func(name, value string) string) func(*audit.Pass) {
	return schOptionRule(func(_ *audit.Pass, name, v string) string {
		for _, n := range names {
			if strings.EqualFold(name, n) && on(v) {
				return msg(n, v)
			}
		}
		return ""
	})
}

// v8Enabled reads a boolean option: not 0, not empty.
func v8Enabled(v string) bool { return !schOptionOff(v) }

// v8StringValue reads an option whose value is text: any non-empty value
// other than 0 or false counts.
func v8StringValue(v string) bool {
	v = strings.TrimSpace(v)
	return v != "" && v != "0" && !strings.EqualFold(v, "false")
}

// v8Extension returns the schema a live srcSchema extends, lower-cased,
// with its attribute.
func v8Extension(p *audit.Pass) (string, *xmltree.Attr) {
	root := p.Entity.Root
	if schDeleted(root) || schIsReference(root) {
		return "", nil
	}
	target, a := schExtended(root)
	return strings.ToLower(target), a
}
