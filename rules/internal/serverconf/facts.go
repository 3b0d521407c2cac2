package serverconf

import (
	"cmp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// The facts of the server configuration files of a scan, recorded by
// Collector, one model for every family that reads them: the CONF, SEC and
// JSSP rules judge one server's files together (keys dir are the group
// directory, see Dir; values base are file base names), the JS, BLD and
// SQL rules read what the whole scan configures (keys file are file names
// as given).
var (
	// Files: dir → base name of each configuration file of the server.
	Files = audit.NewFact("serverConf.file", strings.Compare)
	// Subnets: dir → each sub-network of a zone.
	Subnets = audit.NewFact("serverConf.subnet", compareSubnetAt)
	// ZoneDirs: zone name → dir of each server defining it.
	ZoneDirs = audit.NewFact("serverConf.zone", strings.Compare)
	// ZoneNames: dir → names of the zones of the server.
	ZoneNames = audit.NewFact("serverConf.zoneIn", strings.Compare)
	// Flags: security-reducing zone flag (allowUserPassword...) → each
	// zone setting it to true.
	Flags = audit.NewFact("serverConf.flag", compareFlagAt)
	// Proxies: dir → address of each proxy declared on a sub-network.
	Proxies = audit.NewFact("serverConf.proxy", strings.Compare)
	// RelayOn, RelayOff: dir → base of each file that explicitly starts
	// (stops) the web relay module.
	RelayOn  = audit.NewFact("serverConf.relayOn", strings.Compare)
	RelayOff = audit.NewFact("serverConf.relayOff", strings.Compare)
	// RelayURLs: dir → each web > relay > url rule.
	RelayURLs = audit.NewFact("serverConf.relayURL", compareRelayURL)
	// HTTPAll: dir → path of each zone allowing HTTP for every address.
	HTTPAll = audit.NewFact("serverConf.httpAll", strings.Compare)
	// Internal: dir of each server configuring an internal password.
	Internal = audit.NewMarks("serverConf.internal")
	// TrackLogd: dir → base of each file with trackinglogd autoStart="true".
	TrackLogd = audit.NewFact("serverConf.trackLogd", strings.Compare)
	// NoRedir: dir → base of each file stopping the redirection service.
	NoRedir = audit.NewFact("serverConf.noRedir", strings.Compare)

	// ConfFiles: file name of each server configuration file.
	ConfFiles = audit.NewMarks("serverConf.files")
	// URLActions: file → urlPermission action, lower case ("" when the
	// attribute is absent).
	URLActions = audit.NewFact("serverConf.urlPermission.action", strings.Compare)
	// URLEntries: "" → each url entry of a urlPermission allowlist.
	URLEntries = audit.NewFact("serverConf.urlPermission.url", compareURLEntry)
	// SessionTokenOnly: file of each configuration with a security zone
	// setting sessionTokenOnly="true".
	SessionTokenOnly = audit.NewMarks("serverConf.sessionTokenOnly")
	// DBProvider: "default" → provider of the default data source.
	DBProvider = audit.NewFact("serverConf.db.provider", strings.Compare)
	// DBTimestampTZ: "default" → useTimestampTZ of the default data
	// source, lower case, when set.
	DBTimestampTZ = audit.NewFact("serverConf.db.useTimestampTZ", strings.Compare)
	// CookieDomains: "" → each cookie domain of the redirection service,
	// lower case.
	CookieDomains = audit.NewFact("serverConf.redirection.cookieDomain", strings.Compare)
)

// A SubnetAt is a sub-network of a zone, in file Base.
type SubnetAt struct {
	Zone string // zone path, "public/vpn/lan"
	Base string
	Mask string // as written
}

func compareSubnetAt(a, b SubnetAt) int {
	return cmp.Or(strings.Compare(a.Zone, b.Zone), strings.Compare(a.Base, b.Base), strings.Compare(a.Mask, b.Mask))
}

// A FlagAt is a zone flag set to true.
type FlagAt struct {
	Dir, Zone, Base string // Zone is the zone path
}

func compareFlagAt(a, b FlagAt) int {
	return cmp.Or(strings.Compare(a.Dir, b.Dir), strings.Compare(a.Zone, b.Zone), strings.Compare(a.Base, b.Base))
}

// A RelayURL is one web > relay > url rule of file Base, the Ordinal-th
// of the file, at Line.
type RelayURL struct {
	Base          string
	Ordinal, Line int
	URLPath       string
	HTTPAllowed   bool
	Deny          bool
	IPMask        string // trimmed
}

func compareRelayURL(a, b RelayURL) int {
	return cmp.Or(strings.Compare(a.Base, b.Base), cmp.Compare(a.Ordinal, b.Ordinal), cmp.Compare(a.Line, b.Line),
		strings.Compare(a.URLPath, b.URLPath), compareBool(a.HTTPAllowed, b.HTTPAllowed), compareBool(a.Deny, b.Deny),
		strings.Compare(a.IPMask, b.IPMask))
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// A URLEntry is a url entry of a urlPermission allowlist.
type URLEntry struct {
	DNSSuffix, URLRegEx string
}

func compareURLEntry(a, b URLEntry) int {
	return cmp.Or(strings.Compare(a.DNSSuffix, b.DNSSuffix), strings.Compare(a.URLRegEx, b.URLRegEx))
}

// Collector records the facts of every server configuration file.
var Collector = &audit.Collector{
	Name:    "server-configuration",
	Schemas: ConfSchemas,
	Facts: []audit.FactKind{Files, Subnets, ZoneDirs, ZoneNames, Flags, Proxies, RelayOn, RelayOff, RelayURLs,
		HTTPAll, Internal, TrackLogd, NoRedir, ConfFiles, URLActions, URLEntries, SessionTokenOnly, DBProvider, DBTimestampTZ, CookieDomains},
	Collect: collect,
}

func collect(u *audit.Unit, rec *audit.Recorder) {
	file := u.File
	dir, base := Dir(file), Base(file)
	root := u.Entity.Root
	Files.Record(rec, dir, base)
	ConfFiles.Record(rec, file, audit.Mark{})
	for _, z := range Zones(root) {
		ZoneDirs.Record(rec, z.Name, dir)
		ZoneNames.Record(rec, dir, z.Name)
		for _, f := range zoneFlags {
			if True(z.El.AttrValue(f)) {
				Flags.Record(rec, f, FlagAt{dir, z.Path, base})
			}
		}
		// The JS rules read the flag as written (true, in any case).
		if strings.EqualFold(z.El.AttrValue("sessionTokenOnly"), "true") {
			SessionTokenOnly.Record(rec, file, audit.Mark{})
		}
		for _, s := range z.Subnets {
			Subnets.Record(rec, dir, SubnetAt{z.Path, base, s.Mask.Raw})
			for _, p := range s.Proxies {
				if p.Ok && !p.All {
					Proxies.Record(rec, dir, p.prefix.Addr().String())
				}
			}
			if s.Mask.All && True(z.El.AttrValue("allowHTTP")) {
				HTTPAll.Record(rec, dir, z.Path)
			}
		}
	}
	ordinal := 0
	root.Walk(func(el *xmltree.Element) bool {
		switch el.LocalName() {
		case "relay":
			if el.Parent != nil && el.Parent.LocalName() == "web" {
				if True(el.AttrValue("startRelay")) || True(el.AttrValue("startRelayInModule")) {
					RelayOn.Record(rec, dir, base)
				} else if v, ok := el.Attr("startRelayInModule"); ok && !True(v) {
					RelayOff.Record(rec, dir, base)
				}
			}
		case "url":
			if el.Parent != nil && el.Parent.LocalName() == "relay" {
				line, _ := u.Loc.Position(el.Start)
				RelayURLs.Record(rec, dir, RelayURL{Base: base, Ordinal: ordinal, Line: line, URLPath: el.AttrValue("urlPath"),
					HTTPAllowed: True(el.AttrValue("httpAllowed")), Deny: True(el.AttrValue("deny")),
					IPMask: strings.TrimSpace(el.AttrValue("IPMask"))})
				ordinal++
			}
		case "xtk":
			if el.Parent != nil && el.Parent.LocalName() == "authentication" && strings.TrimSpace(el.AttrValue("internalPassword")) != "" {
				Internal.Record(rec, dir, audit.Mark{})
			}
		case "trackinglogd":
			if True(el.AttrValue("autoStart")) {
				TrackLogd.Record(rec, dir, base)
			}
		case "redirection":
			if v, ok := el.Attr("startRedirection"); ok && !True(v) {
				NoRedir.Record(rec, dir, base)
			}
			for _, a := range el.Attrs {
				if strings.HasPrefix(strings.ToLower(a.Name), "cookiedomain") {
					for _, d := range strings.Split(a.Value, ",") {
						if d = strings.TrimSpace(d); d != "" {
							CookieDomains.Record(rec, "", strings.ToLower(d))
						}
					}
				}
			}
		case "urlPermission":
			URLActions.Record(rec, file, strings.ToLower(strings.TrimSpace(el.AttrValue("action"))))
			for _, url := range el.Elements() {
				if url.LocalName() == "url" {
					URLEntries.Record(rec, "", URLEntry{url.AttrValue("dnsSuffix"), url.AttrValue("urlRegEx")})
				}
			}
		case "dataSource":
			if cnx := el.Child("dbcnx"); cnx != nil && el.AttrValue("name") == "default" {
				if p := cnx.AttrValue("provider"); p != "" {
					DBProvider.Record(rec, "default", p)
				}
				if tz := strings.TrimSpace(cnx.AttrValue("useTimestampTZ")); tz != "" {
					DBTimestampTZ.Record(rec, "default", strings.ToLower(tz))
				}
			}
		}
		return true
	})
}

// GroupMasks returns the sub-network masks that a zone flag set in file
// base of group dir applies to: the masks of the zone and of its
// descendants, in every related file of the group.
func GroupMasks(ix *audit.Index, dir, zonePath, base string) []Mask {
	var out []Mask
	for _, s := range Subnets.Values(ix, dir) {
		if (s.Zone == zonePath || strings.HasPrefix(s.Zone, zonePath+"/")) && related(base, s.Base) {
			out = append(out, parseMask(s.Mask))
		}
	}
	return out
}

// RelayActive reports whether the web relay runs in a group: it starts
// within the web server by default (startRelayInModule="true").
func RelayActive(ix *audit.Index, dir string) bool {
	return RelayOn.Has(ix, dir) || !RelayOff.Has(ix, dir)
}
