package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// SecInternalPassword flags server configurations without a password for
// the internal account.
var SecInternalPassword = &audit.Rule{
	ID:        "SEC-005",
	Name:      "internal-account-without-password",
	Title:     "Internal account without password in serverConf.xml",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  srvCatSecurity,
	Doc: audit.Doc{
		Rationale: "\"In v7, internal and admin operator connection must be secured by a password … If you have not " +
			"specified a password for internal, you will not be able to connect.\" The password is stored, encrypted, " +
			"in authentication > xtk/@internalPassword of serverConf.xml (set by `nlserver config -internalpassword`), " +
			"which has no default. The rule reports an empty or missing internalPassword when no configuration file " +
			"of the same server folder sets one; an instance file without <authentication> is not reported, a " +
			"serverConf.xml without it is.",
		Remediation: "Run `nlserver config -internalpassword` on every server (the password must be identical on all " +
			"tracking servers); it writes `<authentication><xtk internalPassword=\"…\" internalSecurityZone=\"lan\"/></authentication>`.",
		Bad: `<serverconf>
  <shared>
    <authentication><xtk internalPassword="" internalSecurityZone="lan"/></authentication>
  </shared>
</serverconf>`,
		Good: `<serverconf>
  <shared>
    <authentication><xtk internalPassword="@b8LmPv2OYQ3Z4X2s6vFq8w==" internalSecurityZone="lan"/></authentication>
  </shared>
</serverconf>`,
		URL: srvDocMigPasswords,
	},
	Effort:  0.5,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		dir := srvDir(p.File)
		root := p.Entity.Root
		var found bool
		root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() != "xtk" || el.Parent == nil || el.Parent.LocalName() != "authentication" {
				return true
			}
			found = true
			var start, end int64
			msg := "authentication/xtk has no internalPassword"
			if a := el.AttrNode("internalPassword"); a != nil {
				if strings.TrimSpace(a.Value) != "" {
					return false
				}
				start, end = audit.AttrRange(a)
				msg = "internalPassword is empty"
			} else {
				start, end = el.Start, el.Start+1+int64(len(el.Name))
			}
			f := p.Newf(start, end, "%s: the internal account cannot connect in v7; run nlserver config -internalpassword "+
				"(same password on every tracking server)", msg)
			p.Defer(f, func(ix *audit.Index, _ *audit.Finding) bool { return !ix.HasFact(srvFactInternal, dir) })
			return false
		})
		if found || !strings.EqualFold(srvBase(p.File), "serverConf.xml") {
			return
		}
		f := p.Newf(root.Start, root.Start+1+int64(len(root.Name)), "serverConf.xml has no authentication/xtk/@internalPassword: "+
			"the internal account cannot connect in v7; run nlserver config -internalpassword (same password on every tracking server)")
		p.Defer(f, func(ix *audit.Index, _ *audit.Finding) bool { return !ix.HasFact(srvFactInternal, dir) })
	},
}

// SecTrackingPassword flags an empty tracking password option.
var SecTrackingPassword = &audit.Rule{
	ID:        "SEC-006",
	Name:      "empty-tracking-password",
	Title:     "Empty tracking password option NmsTracking_Password",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  srvCatSecurity,
	Doc: audit.Doc{
		Rationale: "\"Tracking no longer works if the password is empty\" in v7: the postupgrade asks to reconfigure it. " +
			"The tracking password is the option NmsTracking_Password, set by the deployment wizard. A package export " +
			"omits attributes equal to their empty default, so an exported option without a value is an empty " +
			"password; if your export tool strips encrypted values, check the option in the console before acting.",
		Remediation: "Set the tracking password in the deployment wizard (Tracking step), which stores it encrypted: " +
			"`<option name=\"NmsTracking_Password\" stringValue=\"@…\"/>`, identical on the marketing and tracking instances.",
		Bad:  `<option name="NmsTracking_Password" xtkschema="xtk:option" stringValue=""/>`,
		Good: `<option name="NmsTracking_Password" xtkschema="xtk:option" stringValue="@Ck8hD2lqVq0oE5yFJx0xKw=="/>`,
		URL:  srvDocMigNew,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:option"},
	Run: func(p *audit.Pass) {
		e := p.Entity
		if e.Name != "NmsTracking_Password" || strings.TrimSpace(audit.OptionValue(e)) != "" {
			return
		}
		if a := e.Root.AttrNode("stringValue"); a != nil {
			p.ReportAttr(a, "the tracking password option NmsTracking_Password is empty: tracking stops working in v7; set it in the deployment wizard")
			return
		}
		p.ReportElement(e.Root, "the tracking password option NmsTracking_Password has no value: tracking stops working in v7; set it in the deployment wizard")
	},
}
