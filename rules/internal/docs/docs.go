// Package docs holds the documentation pages the rules cite. The Campaign
// Classic documentation is published from the AdobeDocs/campaign-classic.en
// repository; linking the source keeps the anchors stable.
package docs

const (
	Base     = "https://github.com/AdobeDocs/campaign-classic.en/blob/main/help/"
	SQLData  = Base + "migration/using/general-configurations.md#sqldata"
	SQLFuncs = Base + "migration/using/general-configurations.md#sql-functions"
)

// Settings of recent v7 builds (7.3 to 7.4.3) cited by the CONF and WEB rules.
const (
	Latest    = Base + "rn/using/latest-release.md#build-9397"
	Edge      = Base + "technotes/using/edge-chromium.md"
	IMSImpact = Base + "technotes/using/impact-ims-migration.md"
)

// Pages cited by the server configuration, security, web and JSSP families.
const (
	Zones        = Base + "installation/using/security-zones.md"
	ZonesRecs    = Base + "installation/using/security-zones.md#recommendations"
	ZonesProxies = Base + "installation/using/security-zones.md#sub-networks-and-proxies-in-a-security-zone"
	ServerRelay  = Base + "installation/using/server-configuration.md#relay"
	URLPerm      = Base + "installation/using/url-permissions.md"
	MigSecurity  = Base + "migration/using/general-configurations.md#security-zones"
	MigPasswords = Base + "migration/using/general-configurations.md#user-passwords"
	MigNew       = Base + "migration/using/general-configurations.md#new-features-in-v7"
	MigToken     = Base + "migration/using/general-configurations.md#sessiontoken-parameter"
	MigIdentWeb  = Base + "migration/using/general-configurations.md#identified-web-applications"
	MigAnonWeb   = Base + "migration/using/general-configurations.md#anonymous-web-applications"
	MigJSSP      = Base + "migration/using/general-configurations.md#jssp"
	MigPlatform  = Base + "migration/using/configuring-your-platform.md"
	MigLinux     = Base + "migration/using/migrating-in-linux-for-adobe-campaign-v7.md"
	AccessMgmt   = Base + "installation/using/access-management.md#access-management"
	PublishForm  = Base + "web/using/publishing-a-web-form.md#import-web-packages"
)

// Pages cited by the JavaScript and build rules.
const (
	JavaScript  = Base + "migration/using/general-configurations.md#javascript"
	NewFeatures = Base + "migration/using/general-configurations.md#new-features-in-v7"
	JSCheck     = Base + "migration/using/testing-the-migration.md#verification-process"
	GCM         = Base + "technotes/using/gcm-functions.md"
	JSURLPerm   = Base + "installation/using/url-permissions.md"
	Server      = Base + "installation/using/server-configuration.md"
	Guidelines  = Base + "installation/using/scripting-coding-guidelines.md"
	RN2021      = Base + "rn/using/release-2021.md"
	RN2023      = Base + "rn/using/release-2023.md"
	OldRN       = "https://github.com/AdobeDocs/campaign-classic.en/blob/579329d9/help/rn/using/"
)

// Pages cited by the workflow, CRM, report, delivery and Message Center
// families.
const (
	Workflows    = Base + "migration/using/configuring-your-platform.md#workflows"
	Check        = Base + "migration/using/testing-the-migration.md#verification-process"
	Reports      = Base + "migration/using/general-configurations.md#personalized-reports"
	Conflicts    = Base + "migration/using/general-configurations.md#conflicts"
	Removed      = Base + "rn/using/deprecated-features.md#removed-features"
	Release2021  = Base + "rn/using/release-2021.md"
	MessageCtr   = Base + "migration/using/configuring-your-platform.md#message-center"
	TrackingMig  = Base + "migration/using/configuring-your-platform.md#tracking"
	MsgTracking  = Base + "delivery/using/about-message-tracking.md"
	URLPerso     = Base + "installation/using/privacy.md#url-personalization"
	MirrorPage   = Base + "migration/using/configuring-your-platform.md#after-the-migration"
	MCInstances  = Base + "message-center/using/configuring-instances.md"
	MSDynamics   = Base + "platform/using/crm-ms-dynamics.md#configure-acc-for-microsoft"
	CRMDeprec    = Base + "rn/using/deprecated-features.md#crm-connectors"
	Triggers     = Base + "technotes/using/acc-config-updates.md#acc-triggers-updates"
	Release184   = "https://github.com/AdobeDocs/campaign-classic.en/blob/579329d9/help/rn/using/release-18_4---build-8931.md"
	WorkflowsSQL = Base + "workflow/using/sql-code-and-javascript-code.md"
)

// Pages cited by the schema, package, option, Interaction, folder, database
// and time-zone families.
const (
	Extend          = Base + "configuration/using/extending-a-schema.md#extending-a-schema"
	SchemaRef       = Base + "configuration/using/about-schema-reference.md#identification-of-a-schema"
	Migration       = Base + "migration/using/about-migration.md#specific-configurations"
	SchemaEdit      = Base + "configuration/using/examples-of-schemas-edition.md"
	SysFilters      = Base + "configuration/using/filtering-schemas.md#modifying-system-filters-of-built-in-schemas"
	MigTools        = Base + "migration/using/testing-the-migration.md#migration-tools"
	SchemaConflicts = Base + "migration/using/general-configurations.md#conflicts"
	Resolve         = Base + "migration/using/general-configurations.md#resolve-a-conflict"
	GeneralProc     = Base + "migration/using/testing-the-migration.md#general-procedure"
	PackageData     = Base + "platform/using/working-with-data-packages.md#data-structure"
	PackageExp      = Base + "platform/using/working-with-data-packages.md#exporting-a-set-of-objects-in-a-package"
	OptSecurity     = Base + "installation/using/configuring-campaign-options.md#security"
	OptDatabase     = Base + "installation/using/configuring-campaign-options.md#database"
	AfterMig        = Base + "migration/using/configuring-your-platform.md#after-the-migration"
	Resume          = Base + "migration/using/testing-the-migration.md#resuming-migration"
	IntPrereq       = Base + "migration/using/general-configurations.md#prerequisites"
	IntContent      = Base + "migration/using/general-configurations.md#offer-content"
	IntTests        = Base + "migration/using/general-configurations.md#tests-and-configuration"
	Tree            = Base + "migration/using/configuring-your-platform.md#campaign-vseven-tree-structure"
	Platform        = Base + "migration/using/configuring-your-platform.md#configuring-your-platform"
	Indexes         = Base + "configuration/using/data-model-best-practices.md#indexes"
	BeforeMig       = Base + "migration/using/before-starting-migration.md"
	TZMySQL         = Base + "migration/using/configuring-your-platform.md#mysql"
	TZMulti         = Base + "migration/using/general-configurations.md#multi-time-zone-mode"
	TZOracle        = Base + "migration/using/general-configurations.md#oracle"
	TZManagement    = Base + "installation/using/time-zone-management.md#migration"
	TZOperating     = Base + "installation/using/time-zone-management.md#operating-principle"
	DataTypes       = Base + "configuration/using/schema-structure.md#data-types"
)

// Pages cited by the SQL function and code rules.
const (
	FuncList  = Base + "configuration/using/adding-additional-sql-functions.md#general-structure-of-package-to-import"
	Scripting = Base + "installation/using/scripting-coding-guidelines.md#scripting"
)

// The Campaign v8 documentation is published from AdobeDocs/campaign.en.
const (
	V8Base     = "https://github.com/AdobeDocs/campaign.en/blob/main/help/"
	V7toV8     = V8Base + "v8/start/v7-to-v8.md"
	Guardrails = V8Base + "v8/start/ac-guardrails.md"
	Security   = V8Base + "v8/config/security.md"
	Coupons    = V8Base + "v8/send/personalized-coupons.md"
	Compat     = V8Base + "v8/start/compatibility-matrix.md"
	ExtAccount = V8Base + "v8/config/external-accounts.md"
	Create     = V8Base + "v8/dev/create-schema.md"
	Keys       = V8Base + "v8/architecture/keys.md"
	Staging    = V8Base + "v8/architecture/staging.md"
	Model      = V8Base + "v8/dev/datamodel-best-practices.md"
	MRM        = V8Base + "automation/mrm/about-marketing-resource-management.md"
	WfJS       = V8Base + "automation/workflow/javascript-in-workflows.md"
	IMS        = V8Base + "technotes/upgrades/ims-migration.md"
	IMSUsers   = V8Base + "technotes/upgrades/migrate-users-to-ims.md"
	Packages   = V8Base + "v8/dev/packages.md"
	RN2022     = V8Base + "v8/start/release-notes-2022.md"
	RN         = V8Base + "v8/start/release-notes.md"
)
