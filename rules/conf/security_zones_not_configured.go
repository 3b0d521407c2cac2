package conf

import (
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// factEnumZone records the values of the securityZone enumeration
// exported in the scan (key "values"), through which operators are linked
// to the zones of serverConf.xml.

// enumSchemas are the schemas an exported enumeration arrives under.
var enumSchemas = []string{"xtk:enum"}

// zoneEnum returns the value elements of the securityZone enumeration,
// or ok=false when the entity is another enumeration.
func zoneEnum(root *xmltree.Element) (values []*xmltree.Element, ok bool) {
	name := root.AttrValue("name")
	if name == "" {
		name = root.AttrValue("internalName")
	}
	if !strings.EqualFold(name, "securityZone") {
		return nil, false
	}
	root.Walk(func(el *xmltree.Element) bool {
		if el.LocalName() == "value" && el.AttrValue("name") != "" {
			values = append(values, el)
		}
		return true
	})
	return values, true
}

// ConfZonesMissing flags server configurations that define no usable
// security zone, and zone names referenced but not defined.
var ConfZonesMissing = &audit.Rule{
	ID:        "CONF-001",
	Name:      "security-zones-not-configured",
	Title:     "Security zones missing or not matching their references",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.ServerConf,
	Doc: audit.Doc{
		Rationale: "\"For security reasons, the Adobe Campaign platform is no longer accessible by default: you must " +
			"configure the security zones\" after the postupgrade and before the server restarts. Each operator must " +
			"be linked to a zone (through the securityZone enumeration, whose internal names must be the @name of " +
			"the securityZone elements) and its IP must fall in one of the zone's sub-networks. The rule merges the " +
			"configuration files of a server (serverConf.xml and config-<instance>.xml of the same folder, an " +
			"instance file adding sub-networks to the zones of serverConf.xml) and reports: a server whose files " +
			"define no sub-network at all; an internal account zone (authentication/xtk/@internalSecurityZone, " +
			"'lan' by default) that no zone defines; and, when the securityZone enumeration is exported in the same " +
			"scan, enumeration values with no zone (error) and zones with no enumeration value (warning: operators " +
			"cannot be linked to them). Which zone each operator uses is not checked: the operator export format is " +
			"not documented.",
		Remediation: "Define the zones in serverConf.xml (or the instance file) with the operators' networks " +
			"(`<securityZone name=\"vpn\"><subNetwork name=\"office\" mask=\"192.168.10.0/24\" proxy=\"127.0.0.1, ::1\"/></securityZone>`), " +
			"add one securityZone enumeration value per zone (internal name = zone name), and link every operator " +
			"to a zone.",
		Bad: `<serverconf>
  <shared>
    <authentication><xtk internalPassword="@Zm9vYmFyCg==" internalSecurityZone="lan"/></authentication>
  </shared>
  <web httpPort="8080"/>
</serverconf>`,
		Good: zoneFlagsGood,
		URL:  docs.MigSecurity,
	},
	Effort:   4,
	Schemas:  append(slices.Clone(serverconf.ConfSchemas), enumSchemas...),
	Requires: []*audit.Collector{serverconf.Collector, EnumCollector},
	Run: func(p *audit.Pass) {
		if slices.Contains(enumSchemas, p.Entity.Schema) {
			runZoneEnum(p)
			return
		}
		runZonesMissing(p)
	},
}

func runZonesMissing(p *audit.Pass) {
	dir, base := serverconf.Dir(p.File), serverconf.Base(p.File)
	root := p.Entity.Root
	zones := serverconf.Zones(root)

	f := p.Newf(root.Start, root.Start+1+int64(len(root.Name)), "no securityZone with a subNetwork is defined in the "+
		"configuration files of this server: v7 refuses every operator connection until zones are configured; define "+
		"<securityZone> elements with the operators' <subNetwork mask=\"...\"/>")
	p.Defer(f, func(ix *audit.Index, _ *audit.Finding) bool {
		if serverconf.Subnets.Has(ix, dir) {
			return false
		}
		// Report once per server, on the file that holds the zones by
		// default; a folder that only holds instance files says nothing
		// about the zones of its serverConf.xml.
		primary := ""
		for _, b := range serverconf.Files.Values(ix, dir) {
			if strings.EqualFold(b, "serverConf.xml") {
				primary = b
				break
			}
			if primary == "" && !strings.HasPrefix(strings.ToLower(b), "config-") {
				primary = b
			}
		}
		return primary == base
	})

	root.Walk(func(el *xmltree.Element) bool {
		if el.LocalName() != "xtk" || el.Parent == nil || el.Parent.LocalName() != "authentication" {
			return true
		}
		zone := "lan"
		var start, end int64
		if a := el.AttrNode("internalSecurityZone"); a != nil {
			zone = strings.TrimSpace(a.Value)
			start, end = audit.AttrRange(a)
		} else {
			start, end = el.Start, el.Start+1+int64(len(el.Name))
		}
		if zone == "" {
			zone = "lan"
		}
		f := p.Newf(start, end, "the internal account is restricted to security zone %q, which no securityZone of this "+
			"server defines: the internal account cannot connect; name an existing zone in internalSecurityZone or define it", zone)
		p.Defer(f, func(ix *audit.Index, _ *audit.Finding) bool {
			names := serverconf.ZoneNames.Values(ix, dir)
			return len(names) > 0 && !slices.Contains(names, zone)
		})
		return false
	})

	for _, z := range zones {
		name := z.Name
		f := p.Newf(z.El.Start, z.El.Start+1+int64(len(z.El.Name)), "security zone %s has no value in the securityZone "+
			"enumeration exported in this scan: operators cannot be linked to it; add a value whose internal name is %q", z.Label(), name)
		f.Severity = audit.SeverityWarning
		p.Defer(f, func(ix *audit.Index, _ *audit.Finding) bool {
			return enumSeen.Has(ix, "") && !slices.Contains(enumValues.Values(ix, ""), name)
		})
	}
}

func runZoneEnum(p *audit.Pass) {
	values, ok := zoneEnum(p.Entity.Root)
	if !ok {
		return
	}
	for _, v := range values {
		a := v.AttrNode("name")
		name := a.Value
		start, end := audit.AttrRange(a)
		f := p.Newf(start, end, "securityZone enumeration value %q matches no securityZone of the server configuration in "+
			"this scan: operators linked to it cannot log on; use the @name of a zone of serverConf.xml", name)
		p.Defer(f, func(ix *audit.Index, _ *audit.Finding) bool {
			return len(serverconf.Files.Keys(ix)) > 0 && !serverconf.ZoneDirs.Has(ix, name)
		})
	}
}
