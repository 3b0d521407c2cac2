package rules

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// srvConfValues calls fn for every attribute value and text of a server
// configuration. Comments, which the shipped file uses to document each
// node, are not values and are skipped.
func srvConfValues(root *xmltree.Element, fn func(el *xmltree.Element, name, text string, span xmltree.Span)) {
	root.Walk(func(el *xmltree.Element) bool {
		for i := range el.Attrs {
			a := &el.Attrs[i]
			if a.Name == "label" {
				continue
			}
			fn(el, "@"+a.Name, a.Value, a.ValueSpan)
		}
		for _, c := range el.Children {
			if t, ok := c.(*xmltree.Text); ok && strings.TrimSpace(t.Data) != "" {
				fn(el, "", t.Data, t.Span)
			}
		}
		return true
	})
}

func srvWhere(el *xmltree.Element, name string) string {
	if name == "" {
		return "<" + el.Name + ">"
	}
	return name + " of <" + el.Name + ">"
}

var srvTomcatRE = regexp.MustCompile(`(?i)tomcat-(\d+)`)

// ConfOldTomcatPath flags paths to Tomcat folders that v7 builds no longer
// ship.
var ConfOldTomcatPath = &audit.Rule{
	ID:        "CONF-011",
	Name:      "old-tomcat-folder-in-paths",
	Title:     "Path to a Tomcat folder that the v7 build does not install",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  srvCatServerConf,
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
		URL: srvDocMigPlatform,
	},
	Effort:  0.5,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		srvConfValues(p.Entity.Root, func(el *xmltree.Element, name, text string, span xmltree.Span) {
			for _, m := range srvTomcatRE.FindAllStringSubmatchIndex(text, -1) {
				n, err := strconv.Atoi(text[m[2]:m[3]])
				if err != nil || n >= 8 {
					continue
				}
				p.ReportValue(span, m[0], m[1], "%s points to the %s folder, which v7 builds do not install (tomcat-7 in "+
					"early v7 builds, tomcat-8 since 19.1.8/20.2): use the tomcat-* folder of the installed build", srvWhere(el, name), text[m[0]:m[1]])
			}
		})
	},
}

var (
	srvNl5RE       = regexp.MustCompile(`(?i)(?:^|[\\/'"=;:,\s])(nl5(?:\.back)?)(?:[\\/'";:,\s]|$)`)
	srvNeolaneV5RE = regexp.MustCompile(`(?i)neolane v5(?:\.back)?`)
)

// ConfV5Paths flags v5 installation paths left in server configuration.
var ConfV5Paths = &audit.Rule{
	ID:        "CONF-012",
	Name:      "v5-installation-path",
	Title:     "v5 installation path (nl5, Neolane v5) in the server configuration",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  srvCatServerConf,
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
		URL: srvDocMigLinux,
	},
	Effort:  1,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		srvConfValues(p.Entity.Root, func(el *xmltree.Element, name, text string, span xmltree.Span) {
			for _, m := range srvNl5RE.FindAllStringSubmatchIndex(text, -1) {
				p.ReportValue(span, m[2], m[3], "%s names the v5 installation folder %s: point it to the v7 installation "+
					"(nl6, or $(XTK_INSTALL_DIR))", srvWhere(el, name), text[m[2]:m[3]])
			}
			for _, m := range srvNeolaneV5RE.FindAllStringIndex(text, -1) {
				p.ReportValue(span, m[0], m[1], "%s names the v5 installation folder %q: point it to the Adobe Campaign v7 "+
					"installation folder (or $(XTK_INSTALL_DIR))", srvWhere(el, name), text[m[0]:m[1]])
			}
		})
	},
}

// ConfDisabledAutoStart flags modules disabled by the migration procedure
// and never re-enabled.
var ConfDisabledAutoStart = &audit.Rule{
	ID:        "CONF-013",
	Name:      "migration-autostart-left-disabled",
	Title:     "Module left with _autoStart by the migration procedure",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  srvCatServerConf,
	From:      []string{audit.V511, audit.V602},
	Doc: audit.Doc{
		Rationale: "Before migrating, the procedure has the mta, wfserver, stat, inMail… modules disabled by renaming " +
			"autoStart to _autoStart in config-<instance>.xml, and reactivated once the migration is validated. " +
			"_autoStart is not a setting the server reads: a module still carrying it does not start (no deliveries, " +
			"no workflows, no bounce processing). Modules disabled on purpose use autoStart=\"false\".",
		Remediation: "Rename the attribute back: `<mta autoStart=\"true\" statServerAddress=\"localhost\"/>` " +
			"(or `autoStart=\"false\"` for a module that must stay stopped on this server).",
		Bad: `<serverconf>
  <mta _autoStart="true" statServerAddress="localhost"/>
  <wfserver _autoStart="true"/>
</serverconf>`,
		Good: `<serverconf>
  <mta autoStart="true" statServerAddress="localhost"/>
  <wfserver autoStart="true"/>
</serverconf>`,
		URL: srvDocMigLinux,
	},
	Effort:  0.25,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		p.Entity.Root.Walk(func(el *xmltree.Element) bool {
			if a := el.AttrNode("_autoStart"); a != nil {
				v := a.Value
				if !srvTrue(v) {
					v = "false"
				} else {
					v = "true"
				}
				p.ReportAttr(a, "module <%s> still carries _autoStart, set by the migration procedure to keep it stopped: "+
					"the server ignores it and the module does not start; write autoStart=%q", el.Name, v)
			}
			return true
		})
	},
}

// ConfTrackingLogd flags tracking servers without trackinglogd.
var ConfTrackingLogd = &audit.Rule{
	ID:        "CONF-014",
	Name:      "trackinglogd-not-started",
	Title:     "Redirection server without trackinglogd started",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  srvCatServerConf,
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
		URL: srvDocMigLinux,
	},
	Effort:  0.5,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		dir := srvDir(p.File)
		for _, el := range p.Entity.Root.Elements() {
			if el.LocalName() != "web" {
				continue
			}
			a := el.AttrNode("autoStart")
			if a == nil || !srvTrue(a.Value) {
				continue
			}
			start, end := audit.AttrRange(a)
			f := p.Newf(start, end, "this server starts the web module, so it redirects tracked links, but no configuration file "+
				"of its folder starts trackinglogd: tracking logs are not forwarded; add <trackinglogd autoStart=\"true\"/>")
			p.Defer(f, func(ix *audit.Index, _ *audit.Finding) bool {
				return !ix.HasFact(srvFactTrackLogd, dir) && !ix.HasFact(srvFactNoRedir, dir)
			})
		}
	},
}
