package area

// Risk areas of the server configuration and web families.
const (
	ServerConf = "Server configuration"
	Security   = "Authentication and sessions"
	WebApps    = "Web applications and JSSP"
)

// Risk areas of the JavaScript and build rules.
const (
	JS    = "JavaScript interpreter and APIs"
	Build = "Changes of v7 builds"
)

// Risk areas of these families.
const (
	Workflows  = "Workflows"
	CRM        = "CRM connectors and external accounts"
	Reports    = "Reports"
	Deliveries = "Deliveries, personalization and tracking"
	MessageCtr = "Message Center"
)

// Risk areas, used to group findings in reports.
const (
	SQL = "SQLData and raw SQL"
)

// Risk areas of the schema, package, option, Interaction, folder, database
// and time-zone families.
const (
	Schemas     = "Schema modification practices"
	Packages    = "Packages and options"
	Interaction = "Interaction and offers"
	Folders     = "Navigation tree and folders"
	Database    = "Database structure"
	TimeZones   = "Time zones"
)

// V8 is the risk area of the V8 family.
const V8 = "Campaign v8 readiness"
