package conf

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// ConfTrackingLogd flags tracking servers without trackinglogd.
var ConfTrackingLogd = &audit.Rule{
	ID:        "CONF-014",
	Name:      "trackinglogd-not-started",
	Title:     "Redirection server without trackinglogd started",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.ServerConf,
	From:      []string{audit.V511, audit.V602},
	Doc: audit.Doc{
		Rationale: "The v7 deployment steps start trackinglogd on servers that also act as redirection (tracking) " +
			"servers: \"If the trackinglogd service is not started on the tracking server, no tracking information will " +
			"be forwarded.\" A server is taken as a redirection server when one of its configuration files starts " +
			"the web module (<web autoStart=\"true\"/>) and none stops the redirection service " +
			"(redirection/@startRedirection=\"false\"); it is reported when no file of the same folder starts " +
			"trackinglogd.",
		Remediation: "Add `<trackinglogd autoStart=\"true\"/>` to config-default.xml of every redirection server.",
		Bad: `<serverconf>
  <web autoStart="true"/>
  <trackinglogd autoStart="false"/>
</serverconf>`,
		Good: `<serverconf>
  <web autoStart="true"/>
  <trackinglogd autoStart="true"/>
</serverconf>`,
		URL: docs.MigLinux,
	},
	Effort:   0.5,
	Schemas:  serverconf.ConfSchemas,
	Requires: []*audit.Collector{serverconf.Collector},
	Run: func(p *audit.Pass) {
		dir := serverconf.Dir(p.File)
		for _, el := range p.Entity.Root.Elements() {
			if el.LocalName() != "web" {
				continue
			}
			a := el.AttrNode("autoStart")
			if a == nil || !serverconf.True(a.Value) {
				continue
			}
			start, end := audit.AttrRange(a)
			f := p.Newf(start, end, "this server starts the web module, so it redirects tracked links, but no configuration file "+
				"of its folder starts trackinglogd: tracking logs are not forwarded; add <trackinglogd autoStart=\"true\"/>")
			p.Defer(f, func(ix *audit.Index, _ *audit.Finding) bool {
				return !serverconf.TrackLogd.Has(ix, dir) && !serverconf.NoRedir.Has(ix, dir)
			})
		}
	},
}
