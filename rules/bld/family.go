// Package bld holds the BLD rules, on the changes of the v7 builds after the
// migration itself: APIs, integrations and limits that later builds removed or
// tightened. Their findings are grouped under the risk area "Changes of v7
// builds".
package bld

import "github.com/acc-audit/acc-audit/audit"

// Rules are the rules of the family; the registry sorts them by id.
var Rules = []*audit.Rule{
	BuildOrderByKey, BuildURLEncode, BuildFileSandbox, BuildGetSetEnv, BuildInvalidSelectNode,
	BuildLongScript, BuildMiscChanges, BuildTriggersAuthentication, BuildDemdexDomain,
	BuildLongIndexName,
}
