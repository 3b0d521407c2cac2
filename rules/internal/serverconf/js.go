package serverconf

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Facts about the server configuration files of the scan.
const (
	FactServerConf       = "js.serverConf"            // "file" → file names
	FactURLAction        = "js.urlPermission.action"  // file → action ("" when the attribute is absent)
	FactURLEntry         = "js.urlPermission.url"     // "all" → dnsSuffix \t urlRegEx
	FactSessionTokenOnly = "js.zone.sessionTokenOnly" // "true" → file names
	FactDBProvider       = "js.db.provider"           // "default" → provider of the default data source
	FactDBTimestampTZ    = "js.db.useTimestampTZ"     // "default" → useTimestampTZ of the default data source, when set
	FactCookieDomain     = "js.redirection.cookieDomain"
)

var JSCollector = audit.Collector{
	Name:    "js-server-conf",
	Schemas: []string{acc.SchemaServerConf},
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		file := u.File
		rec.Record(FactServerConf, "file", file)
		u.Entity.Root.Walk(func(el *xmltree.Element) bool {
			switch el.LocalName() {
			case "urlPermission":
				rec.Record(FactURLAction, file, strings.ToLower(strings.TrimSpace(el.AttrValue("action"))))
				for _, url := range el.Elements() {
					if url.LocalName() == "url" {
						rec.Record(FactURLEntry, "all", url.AttrValue("dnsSuffix")+"\t"+url.AttrValue("urlRegEx"))
					}
				}
			case "securityZone":
				if strings.EqualFold(el.AttrValue("sessionTokenOnly"), "true") {
					rec.Record(FactSessionTokenOnly, "true", file)
				}
			case "dataSource":
				if el.AttrValue("name") == "default" {
					if cnx := el.Child("dbcnx"); cnx != nil && cnx.AttrValue("provider") != "" {
						rec.Record(FactDBProvider, "default", cnx.AttrValue("provider"))
					}
					if cnx := el.Child("dbcnx"); cnx != nil && strings.TrimSpace(cnx.AttrValue("useTimestampTZ")) != "" {
						rec.Record(FactDBTimestampTZ, "default", strings.ToLower(strings.TrimSpace(cnx.AttrValue("useTimestampTZ"))))
					}
				}
			case "redirection":
				rec.Record(FactCookieDomain, "redirection", file)
				for _, a := range el.Attrs {
					if strings.HasPrefix(strings.ToLower(a.Name), "cookiedomain") {
						for _, d := range strings.Split(a.Value, ",") {
							if d = strings.TrimSpace(d); d != "" {
								rec.Record(FactCookieDomain, "domain", strings.ToLower(d))
							}
						}
					}
				}
			}
			return true
		})
	},
}

// URLHost returns the host of a URL, and whether the URL text is long
// enough to contain all of it.
func URLHost(url string, prefix bool) (string, bool) {
	_, rest, ok := strings.Cut(url, "://")
	if !ok {
		return "", false
	}
	end := strings.IndexAny(rest, "/:?#")
	if end < 0 {
		if prefix {
			return "", false
		}
		end = len(rest)
	}
	host := rest[:end]
	if k := strings.LastIndexByte(host, '@'); k >= 0 {
		host = host[k+1:]
	}
	return strings.ToLower(host), host != ""
}
