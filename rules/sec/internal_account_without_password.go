package sec

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// SecInternalPassword flags server configurations without a password for
// the internal account.
var SecInternalPassword = &audit.Rule{
	ID:        "SEC-005",
	Name:      "internal-account-without-password",
	Title:     "Internal account without password in serverConf.xml",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Security,
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
		URL: docs.MigPasswords,
	},
	Effort:   0.5,
	Schemas:  serverconf.ConfSchemas,
	Requires: []*audit.Collector{serverconf.Collector},
	Run: func(p *audit.Pass) {
		dir := serverconf.Dir(p.File)
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
			p.Defer(f, func(ix *audit.Index, _ *audit.Finding) bool { return !serverconf.Internal.Has(ix, dir) })
			return false
		})
		if found || !strings.EqualFold(serverconf.Base(p.File), "serverConf.xml") {
			return
		}
		f := p.Newf(root.Start, root.Start+1+int64(len(root.Name)), "serverConf.xml has no authentication/xtk/@internalPassword: "+
			"the internal account cannot connect in v7; run nlserver config -internalpassword (same password on every tracking server)")
		p.Defer(f, func(ix *audit.Index, _ *audit.Finding) bool { return !serverconf.Internal.Has(ix, dir) })
	},
}
