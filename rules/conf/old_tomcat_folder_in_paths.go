package conf

import (
	"regexp"
	"strconv"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

var tomcatRE = regexp.MustCompile(`(?i)tomcat-(\d+)`)

// ConfOldTomcatPath flags paths to Tomcat folders that v7 builds no longer
// ship.
var ConfOldTomcatPath = &audit.Rule{
	ID:        "CONF-011",
	Name:      "old-tomcat-folder-in-paths",
	Title:     "Path to a Tomcat folder that the v7 build does not install",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.ServerConf,
	Doc: audit.Doc{
		Rationale: "\"The integrated Tomcat server in Adobe Campaign v7 has changed version … Its installation folder " +
			"(tomcat-6) has therefore also changed … After the postupgrade, make sure to check that the paths do link " +
			"to the updated folder\" (web > jsp > classpath and the other paths of serverConf.xml). Later builds " +
			"changed it again: \"The tomcat-7 directory is replaced with a tomcat-8 directory\" (19.1.8 / 20.2). Any " +
			"tomcat-N folder older than tomcat-8 is reported, in attribute values and texts (comments excluded).",
		Remediation: "Point the paths to the Tomcat folder of the installed build, copying the defaults of the new " +
			"serverConf.xml: `$(XTK_INSTALL_DIR)/tomcat-8/bin/bootstrap.jar`.",
		Bad: `<serverconf>
  <web httpPort="8080">
    <jsp classpath="'$(XTK_INSTALL_DIR)/tomcat-6/bin/bootstrap.jar:$(XTK_INSTALL_DIR)/tomcat-6/lib/servlet-api.jar'"/>
  </web>
</serverconf>`,
		Good: `<serverconf>
  <web httpPort="8080">
    <jsp classpath="'$(XTK_INSTALL_DIR)/tomcat-8/bin/bootstrap.jar:$(XTK_INSTALL_DIR)/tomcat-8/lib/servlet-api.jar'"/>
  </web>
</serverconf>`,
		URL: docs.MigPlatform,
	},
	Effort:  0.5,
	Schemas: serverconf.ConfSchemas,
	Run: func(p *audit.Pass) {
		confValues(p.Entity.Root, func(el *xmltree.Element, name, text string, span xmltree.Span) {
			for _, m := range tomcatRE.FindAllStringSubmatchIndex(text, -1) {
				n, err := strconv.Atoi(text[m[2]:m[3]])
				if err != nil || n >= 8 {
					continue
				}
				p.ReportValue(span, m[0], m[1], "%s points to the %s folder, which v7 builds do not install (tomcat-7 in "+
					"early v7 builds, tomcat-8 since 19.1.8/20.2): use the tomcat-* folder of the installed build", where(el, name), text[m[0]:m[1]])
			}
		})
	},
}
