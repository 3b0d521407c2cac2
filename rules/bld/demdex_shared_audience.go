package bld

import (
	"regexp"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// BuildDemdexDomain flags shared-audience integrations that still call the
// Demdex domain.
var BuildDemdexDomain = &audit.Rule{
	ID:        "BLD-003",
	Name:      "demdex-shared-audience",
	Title:     "Shared-audience integration using the Demdex domain",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.Build,
	Doc: audit.Doc{
		Rationale: "Exchanging audiences with the Experience Cloud through the Demdex domain is no longer available " +
			"since 21.1.3. The rule reports demdex.net / demdex.com hosts in external accounts, and in the " +
			"activities and JavaScript of workflows and libraries that import or export shared audiences " +
			"(attributes, texts and string literals; labels, descriptions and comments excluded).",
		Remediation: "Reconfigure the audience exchange with the current Adobe Experience Cloud integration (People " +
			"core service through the Adobe Experience Cloud external account, configured with Adobe IMS), and " +
			"remove the Demdex URLs.",
		Bad:  `<extAccount label="Shared audiences" name="aecAudiences" server="https://dpm.demdex.net" type="18" xtkschema="nms:extAccount"/>`,
		Good: `<extAccount label="Adobe Experience Cloud" name="aecAudiences" server="https://mc.adobe.io" type="18" xtkschema="nms:extAccount"/>`,
		URL:  docs.Removed,
	},
	Effort:   2,
	Schemas:  []string{"nms:extAccount", "xtk:workflow", "xtk:javascript"},
	Keywords: []string{"demdex"},
	Run:      runBuildDemdexDomain,
}

var demdex = regexp.MustCompile(`(?i)\b(?:[a-z0-9-]+\.)*demdex\.(?:net|com)\b`)

func runBuildDemdexDomain(p *audit.Pass) {
	where := p.Entity.ID()
	if p.Entity.Schema == "nms:extAccount" {
		where = walk.AccountName(p)
	}
	walk.LiteralSites(p, nil, func(s walk.Site) {
		if !walk.HasFold(s.Text, "demdex") {
			return
		}
		for _, m := range demdex.FindAllStringIndex(s.Text, -1) {
			place := where
			if a := walk.ActivityOf(s.Elem); a != nil {
				place = walk.DescribeActivity(a)
			}
			p.ReportValue(s.Span, m[0], m[1], "%s uses the Demdex domain (%s, %s), no longer available for shared audiences "+
				"since 21.1.3: reconfigure the exchange with the Adobe Experience Cloud integration",
				place, s.Text[m[0]:m[1]], s.Where)
		}
	})
}
