package conf

import (
	"regexp"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

var (
	nl5RE       = regexp.MustCompile(`(?i)(?:^|[\\/'"=;:,\s])(nl5(?:\.back)?)(?:[\\/'";:,\s]|$)`)
	neolaneV5RE = regexp.MustCompile(`(?i)neolane v5(?:\.back)?`)
)

// ConfV5Paths flags v5 installation paths left in server configuration.
var ConfV5Paths = &audit.Rule{
	ID:        "CONF-012",
	Name:      "v5-installation-path",
	Title:     "v5 installation path (nl5, Neolane v5) in the server configuration",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.ServerConf,
	From:      []string{audit.V511},
	Doc: audit.Doc{
		Rationale: "The v7 installation lives in a new directory (nl6 on Linux, Adobe Campaign v7 on Windows); the " +
			"v5.11 migration procedure backs the old one up as nl5.back / Neolane v5.back and asks to \"make sure the " +
			"paths to the physical directories lead to Adobe Campaign v7 and not Adobe Campaign v5\", carrying " +
			"customisations over with serverConf.xml.diff. A path still naming nl5 or Neolane v5 points to a folder " +
			"that is gone or frozen. The rule looks for an nl5 path segment (not nl5 inside a longer token) and " +
			"for \"Neolane v5\" in attribute values and texts, comments excluded.",
		Remediation: "Replace the v5 folder by the v7 one, e.g. `/usr/local/neolane/nl6/var/` instead of " +
			"`/usr/local/neolane/nl5/var/`, or use `$(XTK_INSTALL_DIR)`.",
		Bad: `<serverconf>
  <shared>
    <dataStore exportDirectory="/usr/local/neolane/nl5/var/$(INSTANCE_NAME)/export/" hosts="*"/>
  </shared>
</serverconf>`,
		Good: `<serverconf>
  <shared>
    <dataStore exportDirectory="$(XTK_INSTALL_DIR)/var/$(INSTANCE_NAME)/export/" hosts="*"/>
  </shared>
</serverconf>`,
		URL: docs.MigLinux,
	},
	Effort:  1,
	Schemas: serverconf.ConfSchemas,
	Run: func(p *audit.Pass) {
		confValues(p.Entity.Root, func(el *xmltree.Element, name, text string, span xmltree.Span) {
			for _, m := range nl5RE.FindAllStringSubmatchIndex(text, -1) {
				p.ReportValue(span, m[2], m[3], "%s names the v5 installation folder %s: point it to the v7 installation "+
					"(nl6, or $(XTK_INSTALL_DIR))", where(el, name), text[m[2]:m[3]])
			}
			for _, m := range neolaneV5RE.FindAllStringIndex(text, -1) {
				p.ReportValue(span, m[0], m[1], "%s names the v5 installation folder %q: point it to the Adobe Campaign v7 "+
					"installation folder (or $(XTK_INSTALL_DIR))", where(el, name), text[m[0]:m[1]])
			}
		})
	},
}
