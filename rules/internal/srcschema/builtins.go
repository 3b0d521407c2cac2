package srcschema

import (
	"strings"
)

// Built-in schema names of Campaign Classic, as documented (catalog Appendix
// B). The list is far from every schema a v7 instance ships: rules use it to
// name the built-in concerned and to recognise the schemas customers modify,
// extend or clone most often, and fall back on the reserved namespaces for
// the rest.

// A Builtin is one documented built-in schema.
type Builtin struct {
	ID    string // "nms:recipient"
	Table string // SQL table when a document states it, "" otherwise
	// Flags from Appendix B.1: A admin-write-only since v7, X must not be
	// extended, R removed in v7, T template or library schema, I interface,
	// W work table.
	Flags string
}

// builtinList is Appendix B.1, plus the Campaign v8 supplement for the
// same data model. Left out on purpose: nlmig:emailOfferView (a temporary
// schema of the Interaction migration script, not a built-in), temp:*
// (work schemas generated at run time), and the doc misspellings
// nms:externalAccount and nms:operator (nms:extAccount and xtk:operator).
var builtinList = []Builtin{
	{"nms:recipient", "NmsRecipient", ""},
	{"nms:group", "NmsGroup", ""},
	{"nms:rcpGrpRel", "NmsRcpGrpRel", ""},
	{"nms:service", "NmsService", ""},
	{"nms:subscription", "NmsSubscription", ""},
	{"nms:subHisto", "NmsSubHisto", ""},
	{"nms:delivery", "NmsDelivery", ""},
	{"nms:deliveryCustomization", "NmsDeliveryCustomization", ""},
	{"nms:deliveryCustomizationMdl", "", ""},
	{"nms:deliveryStat", "NmsDeliveryStat", ""},
	{"nms:deliveryLogStats", "", ""},
	{"nms:broadLog", "NmsBroadLog", "T"},
	{"nms:broadLogRcp", "NmsBroadLogRcp", ""},
	{"nms:broadLogMsg", "NmsBroadLogMsg", ""},
	{"nms:broadLogMid", "NmsBroadLogMid", ""},
	{"nms:broadLogSvc", "", ""},
	{"nms:broadLogAppSubRcp", "NmsBroadLogAppSubRcp", ""},
	{"nms:trackingLog", "NmsTrackingLog", "T"},
	{"nms:trackingLogRcp", "NmsTrackingLogRcp", ""},
	{"nms:trackingLogAppSubRcp", "NmsTrackingLogAppSubRcp", ""},
	{"nms:excludeLogRcp", "", ""},
	{"nms:excludeLogAppSubRcp", "NmsExcludeLogAppSubRcp", ""},
	{"nms:trackingUrl", "NmsTrackingUrl", ""},
	{"nms:trackingStats", "NmsTrackingStats", ""},
	{"nms:webTrackingLog", "", ""},
	{"nms:userAgent", "", ""},
	{"nms:userAgentsStats", "", ""},
	{"nms:userAgentRules", "", "X"},
	{"nms:remoteTracking", "", "X"},
	{"nms:address", "NmsAddress", ""},
	{"nms:dlvExclusion", "NmsDlvExclusion", ""},
	{"nms:seedMember", "", ""},
	{"nms:tmpBroadcast", "", "W"},
	{"nms:includeView", "", ""},
	{"nms:extAccount", "NmsExtAccount", ""},
	{"nms:inSMS", "", ""},
	{"nms:common", "", "T"},
	{"nms:operation", "NmsOperation", ""},
	{"nms:deliveryOutline", "NmsDeliveryOutline", ""},
	{"nms:dlvOutlineItem", "NmsDlvOutlineItem", ""},
	{"nms:budget", "NmsBudget", ""},
	{"nms:costLine", "", ""},
	{"nms:document", "NmsDocument", ""},
	{"nms:task", "NmsTask", ""},
	{"nms:asset", "NmsAsset", ""},
	{"nms:plan", "", ""},
	{"nms:program", "", ""},
	{"nms:calendar", "", "A X"},
	{"nms:typologyRule", "NmsTypologyRule", ""},
	{"nms:typology", "NmsTypology", ""},
	{"nms:typologyRuleRel", "NmsTypologyRuleRel", ""},
	{"nms:volumeLine", "NmsVolumeLine", ""},
	{"nms:volumeConsumed", "NmsVolumeConsumed", ""},
	{"nms:simulation", "NmsSimulation", ""},
	{"nms:dlvSimulationRel", "NmsDlvSimulationRel", ""},
	{"nms:offerSimulationRel", "NmsOfferSimulationRel", ""},
	{"nms:remaHypothesis", "NmsRemaHypothesis", ""},
	{"nms:remaMatch", "", "T"},
	{"nms:remaMatchRcp", "NmsRemaMatchRcp", ""},
	{"nms:offer", "NmsOffer", ""},
	{"nms:offerSpace", "NmsOfferSpace", ""},
	{"nms:offerContext", "NmsOfferContext", ""},
	{"nms:offerView", "NmsOfferView", ""},
	{"nms:offerCategory", "NmsOfferCategory", ""},
	{"nms:offerEnv", "NmsOfferEnv", ""},
	{"nms:propositionRcp", "NmsPropositionRcp", ""},
	{"nms:proposition", "", ""},
	{"nms:interaction", "", ""},
	{"nms:emailOfferView", "NmsEmailOfferView", "R"},
	{"nms:webOfferView", "", "R"},
	{"nms:callCenterOfferView", "", "R"},
	{"nms:mobileOfferView", "", "R"},
	{"nms:paperOfferView", "", "R"},
	{"nms:rtEvent", "NmsRtEvent", ""},
	{"nms:batchEvent", "NmsBatchEvent", ""},
	{"nms:mobileApp", "NmsMobileApp", ""},
	{"nms:appSubscription", "NmsAppSubscription", ""},
	{"nms:appSubscriptionRcp", "NmsAppSubscriptionRcp", ""},
	{"nms:visitor", "NmsVisitor", ""},
	{"nms:visitorSub", "NmsVisitorSub", ""},
	{"nms:friendshipRel", "NmsFriendShipRel", ""},
	{"nms:visitorInterestRel", "NmsVisitorInterestRel", ""},
	{"nms:interest", "NmsInterest", ""},
	{"nms:purl", "NmsPurl", ""},
	{"nms:webApp", "", ""},
	{"nms:webEvent", "", ""},
	{"nms:gdprRequest", "", ""},
	{"nms:gdprRequestData", "", ""},
	{"nms:privacyRequest", "", ""},
	{"xtk:folder", "XtkFolder", ""},
	{"xtk:workflow", "XtkWorkflow", ""},
	{"xtk:workflowTask", "XtkWorkflowTask", ""},
	{"xtk:workflowEvent", "XtkWorkflowEvent", ""},
	{"xtk:jobLog", "XtkJobLog", ""},
	{"xtk:job", "XtkJob", ""},
	{"xtk:operatorGroup", "XtkOperatorGroup", "A"},
	{"xtk:option", "XtkOption", ""},
	{"xtk:sessionInfo", "XtkSessionInfo", ""},
	{"xtk:queryDef", "", "A X"},
	{"xtk:session", "", "X I"},
	{"xtk:persist", "", "I"},
	{"xtk:jobInterface", "", "I"},
	{"xtk:srcSchema", "", "A X"},
	{"xtk:schema", "", "A X"},
	{"xtk:sqlSchema", "", "A X"},
	{"xtk:form", "", "A X"},
	{"xtk:formDictionary", "", ""},
	{"xtk:entity", "", ""},
	{"xtk:entityBackupNew", "", "A X"},
	{"xtk:entityBackupOriginal", "", "A X"},
	{"xtk:entityOriginal", "", "A X"},
	{"xtk:builder", "", "A X"},
	{"xtk:connections", "", "A X"},
	{"xtk:dbInit", "", "A X"},
	{"xtk:funcList", "", "A X"},
	{"xtk:fusion", "", "A X"},
	{"xtk:navtree", "", "A X"},
	{"xtk:resourceMenu", "", "A X"},
	{"xtk:scriptContext", "", "A X"},
	{"xtk:strings", "", "A X"},
	{"xtk:jst", "", "A X"},
	{"xtk:image", "", "A"},
	{"xtk:javascript", "", "A"},
	{"xtk:jssp", "", "A"},
	{"xtk:package", "", "A"},
	{"xtk:rights", "", "A"},
	{"xtk:specFile", "", "A"},
	{"xtk:sql", "", "A"},
	{"xtk:xslt", "", "A"},
	{"xtk:report", "", ""},
	{"xtk:fileRes", "", ""},
	{"xtk:common", "", "T"},
	{"xtk:pipelineOffset", "", ""},
	{"xtk:import", "", ""},
	{"xtk:serverOptions", "", "I"},
	{"ncm:publishing", "", "A X"},
	{"ncm:content", "", "T"},
	{"nl:monitoring", "", "A X"},
	{"crm:incomingLead", "CrmIncomingLead", ""},
	// Campaign v8 documentation, same data model family.
	{"nms:broadLogVisitor", "", ""},
	{"nms:trackingLogVisitor", "", ""},
	{"nms:propositionVisitor", "", ""},
	{"nms:tmpMarketingPressure", "", "W"},
	{"nms:tmpBroadcastExclusion", "", "W"},
	{"nms:tmpBroadcastPaper", "", "W"},
	{"nms:mirrorPageSearch", "NmsMirrorPageSearch", ""},
	{"nms:deliveryMapping", "NmsDeliveryMapping", ""},
	{"nms:providerMsgId", "NmsProviderMsgId", ""},
	{"nms:providerMsgStatus", "", ""},
	{"xtk:operator", "", ""},
	{"xtk:group", "", ""},
}

// builtinTablesOnly are built-in tables the documentation names without
// their schema.
var builtinTablesOnly = []string{
	"NmsCountry", "NmsCouponValue", "NmsDeliveryPart", "NmsEmailError", "NmsEmailErrorStat",
	"NmsEventHisto", "NmsMirrorPageInfo", "NmsMxDomain", "NmsNewsgroup", "NmsActiveContact",
	"NmsBroadLogRtEvent", "NmsBroadLogBatchEvent", "NmsTrackingLogRtEvent", "NmsTrackingLogBatchEvent",
	"XtkAudit", "XtkReject", "XtkWorkflowJob", "XtkWorkflowLog", "XtkWorkflowLogin",
}

// AdminWriteOnly is Appendix B.2: built-in schemas only operators with
// the admin right may write to in v7.
var AdminWriteOnly = Set(
	"ncm:publishing", "nl:monitoring", "nms:calendar", "xtk:builder", "xtk:connections", "xtk:dbInit",
	"xtk:entityBackupNew", "xtk:entityBackupOriginal", "xtk:entityOriginal", "xtk:form", "xtk:funcList",
	"xtk:fusion", "xtk:image", "xtk:javascript", "xtk:jssp", "xtk:jst", "xtk:navtree", "xtk:operatorGroup",
	"xtk:package", "xtk:queryDef", "xtk:resourceMenu", "xtk:rights", "xtk:schema", "xtk:scriptContext",
	"xtk:specFile", "xtk:sql", "xtk:sqlSchema", "xtk:srcSchema", "xtk:strings", "xtk:xslt",
)

// NotExtensible is Appendix B.3, the documented (not exhaustive) list of
// built-in schemas that must not be extended; the documentation's
// "xtk: jst" is read as xtk:jst.
var NotExtensible = Set(
	"xtk:entityBackupNew", "xtk:entityBackupOriginal", "xtk:entityOriginal", "xtk:form", "xtk:srcSchema",
	"ncm:publishing", "nl:monitoring", "nms:calendar", "nms:remoteTracking", "nms:userAgentRules",
	"xtk:builder", "xtk:connections", "xtk:dbInit", "xtk:funcList", "xtk:fusion", "xtk:jst", "xtk:navtree",
	"xtk:queryDef", "xtk:resourceMenu", "xtk:schema", "xtk:scriptContext", "xtk:session", "xtk:sqlSchema",
	"xtk:strings",
)

// RemovedInV7 is Appendix B.4: the v6.02 Interaction offer
// representation schemas that v7 no longer has.
var RemovedInV7 = []string{
	"nms:emailOfferView", "nms:webOfferView", "nms:callCenterOfferView", "nms:mobileOfferView", "nms:paperOfferView",
}

// reservedNamespaces are reserved for the system entities of Campaign
// (Appendix B.5).
var reservedNamespaces = Set("xtk", "nl", "nms", "ncm", "temp", "ncl", "crm", "xxl")

// ObsoleteFolders are the v5.11 folders that the v7 tree migration
// deletes, moving their content to a "To move" folder (Appendix B.5), with
// the condition under which the folder exists.
var ObsoleteFolders = map[string]string{
	"nmsAdministration":  "Administration",
	"nmsDeliveryMgt":     "Campaign execution",
	"ncmContent":         "Content Manager installed",
	"ncmForm":            "Content Manager installed",
	"ncmImage":           "Content Manager installed",
	"ncmJavascript":      "Content Manager installed",
	"ncmJst":             "Content Manager installed",
	"ncmParameters":      "Content Manager installed",
	"ncmSrcSchema":       "Content Manager installed",
	"ncmStylesheet":      "Content Manager installed",
	"nmsAdminPlan":       "Campaign installed",
	"nmsResourcePlan":    "Campaign installed",
	"nmsResourcesModels": "Campaign installed",
	"nmsRootPlan":        "Campaign installed",
	"nmsOperator":        "MRM installed",
}

// BuiltinWebApps are built-in web applications named in the
// documentation (Appendix B.6), keyed by internal name.
var BuiltinWebApps = Set(
	"deliveryValidation", "deliveryOverview", "budget", "stockOverview", "taskOverview", "lastTasks", "unsub",
)

// BuiltinForms are built-in input forms named in the documentation that
// have no schema of the same name.
var BuiltinForms = Set("nms:newWebApp")

// Set builds a case-insensitive set.
func Set(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[strings.ToLower(s)] = true
	}
	return m
}

var (
	builtinByID    = map[string]*Builtin{} // lower-case id
	builtinByName  = map[string][]*Builtin{}
	builtinByTable = map[string]string{} // lower-case table → schema id ("" when unknown)
	removedSet     = Set(RemovedInV7...)
)

func init() {
	for i := range builtinList {
		b := &builtinList[i]
		builtinByID[strings.ToLower(b.ID)] = b
		_, name, _ := strings.Cut(b.ID, ":")
		builtinByName[strings.ToLower(name)] = append(builtinByName[strings.ToLower(name)], b)
		if t := tableOf(b); t != "" && !strings.Contains(b.Flags, "R") {
			builtinByTable[strings.ToLower(t)] = b.ID
		}
	}
	for _, t := range builtinTablesOnly {
		if _, ok := builtinByTable[strings.ToLower(t)]; !ok {
			builtinByTable[strings.ToLower(t)] = ""
		}
	}
}

// tableOf returns the documented SQL table of a built-in, or for an nms
// schema that is a plain table (no template, interface, work or file-based
// flag) the name the documented convention gives it: the namespace and the
// schema name, each capitalised (nms:seedMember → NmsSeedMember). xtk
// entities are left out: many live in the shared XtkEntity table.
func tableOf(b *Builtin) string {
	if b.Table != "" {
		return b.Table
	}
	ns, name, _ := strings.Cut(b.ID, ":")
	if ns != "nms" || strings.ContainsAny(b.Flags, "TIWXR") || name == "" {
		return ""
	}
	return "Nms" + strings.ToUpper(name[:1]) + name[1:]
}

// BuiltinSchema returns the documented built-in schema with this id, compared
// case-insensitively.
func BuiltinSchema(id string) *Builtin {
	return builtinByID[strings.ToLower(strings.TrimSpace(id))]
}

// BuiltinsNamed returns the built-ins whose name (without namespace) is
// name, compared case-insensitively.
func BuiltinsNamed(name string) []*Builtin { return builtinByName[strings.ToLower(name)] }

// BuiltinTable reports whether table is a built-in SQL table, and the
// built-in schema mapping it when known.
func BuiltinTable(table string) (schema string, ok bool) {
	schema, ok = builtinByTable[strings.ToLower(UnquoteIdent(table))]
	return schema, ok
}

// IsReserved reports whether a namespace is reserved for Campaign.
func IsReserved(ns string) bool {
	return reservedNamespaces[strings.ToLower(strings.TrimSpace(ns))]
}

// IsRemoved reports whether a schema id is one of the Interaction schemas
// removed in v7.
func IsRemoved(id string) bool { return removedSet[strings.ToLower(strings.TrimSpace(id))] }

// UnquoteIdent strips a database schema prefix and identifier quotes:
// "public"."NmsRecipient", [dbo].[NmsRecipient] and `NmsRecipient` all give
// NmsRecipient.
func UnquoteIdent(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		s = s[i+1:]
	}
	return strings.Trim(s, "\"[]`")
}
