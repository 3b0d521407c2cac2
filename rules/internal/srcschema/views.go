package srcschema

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// SQL statements that change a table's structure outside Campaign. The
// table group accepts database prefixes and quotes ("public"."NmsRecipient",
// [dbo].[NmsRecipient]).
const TableIdent = `((?:[\w"\[\]` + "`" + `]+\.)*["\[` + "`" + `]?[A-Za-z_]\w*["\]` + "`" + `]?)`

var (
	CreateView = regexp.MustCompile(`(?i)\bcreate\s+(?:or\s+replace\s+)?(?:(?:materialized|force|noforce|temp|temporary)\s+)?view\s+` + TableIdent + `([^;]*)`)
)

var (
	Word = regexp.MustCompile(`[A-Za-z_]\w*`)
)

// ViewTables returns the words of a view body that name Campaign tables
// (Nms…, Xtk…, Ncm…, Crm… prefixes) and whether NmsRecipient is one of
// them.
func ViewTables(body string) (tables []string, recipient bool) {
	seen := map[string]bool{}
	for _, w := range Word.FindAllString(body, -1) {
		l := strings.ToLower(w)
		if len(l) <= 3 || seen[l] {
			continue
		}
		switch l[:3] {
		case "nms", "xtk", "ncm", "crm":
			seen[l] = true
			tables = append(tables, w)
			if l == "nmsrecipient" {
				recipient = true
			}
		}
	}
	return tables, recipient
}

// MainDBConnections calls fn for the <dbcnx> of the main data source
// (dataSource name="default", the default name) of a server
// configuration.
func MainDBConnections(root *xmltree.Element, fn func(cnx *xmltree.Element)) {
	root.Walk(func(el *xmltree.Element) bool {
		if el.LocalName() != "dataSource" {
			return true
		}
		if n := strings.TrimSpace(el.AttrValue("name")); n != "" && n != "default" {
			return false
		}
		for _, c := range el.Elements() {
			if c.LocalName() == "dbcnx" {
				fn(c)
			}
		}
		return false
	})
}
