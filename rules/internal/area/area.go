// Package area names the risk areas of the rules, used to group findings
// in reports. Each family reports under one area; a few share one (PKG and
// OPT, WEB and JSSP).
package area

const (
	SQL         = "SQLData and raw SQL"
	JS          = "JavaScript interpreter and APIs"
	Build       = "Changes of v7 builds"
	V8          = "Campaign v8 readiness"
	Schemas     = "Schema modification practices"
	Packages    = "Packages and options"
	Interaction = "Interaction and offers"
	Folders     = "Navigation tree and folders"
	Database    = "Database structure"
	TimeZones   = "Time zones"
	ServerConf  = "Server configuration"
	Security    = "Authentication and sessions"
	WebApps     = "Web applications and JSSP"
	Workflows   = "Workflows"
	CRM         = "CRM connectors and external accounts"
	Reports     = "Reports"
	Deliveries  = "Deliveries, personalization and tracking"
	MessageCtr  = "Message Center"
)
