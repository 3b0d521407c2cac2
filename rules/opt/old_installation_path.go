package opt

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/installpath"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// OldInstallationPath flags paths into the installation directory of the
// version being migrated from, written in option values and code outside
// workflows (WF-001 covers workflows, CONF-012 serverConf.xml for nl5).
var OldInstallationPath = &audit.Rule{
	ID:        "OPT-006",
	Name:      "old-installation-path",
	Title:     "Path into the previous installation directory (nl5, Adobe Campaign v6) in an option value or code",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  area.Packages,
	Doc: audit.Doc{
		Rationale: "The migration installs v7 beside the previous build and retires the old tree: on Linux the v5 " +
			"directory nl5 is renamed nl5.back; on Windows the v7 build has its own folder and the v6 one " +
			"(`C:\\Program Files (x86)\\Adobe\\Adobe Campaign v6`, `Neolane v6` for early v6 builds, `Neolane v5`) " +
			"is kept only as a backup. \"If you customized the installation folder, make sure to check it is " +
			"correctly updated after the migration.\" Option values (upload and publishing directories, file " +
			"resources), JavaScript libraries, JSSP pages and templates that name the old folder read or write " +
			"where nothing is served any more. The rule reports the folder as a directory of a path (next to a " +
			"/ or \\ separator) in attribute values, element texts, template text and JavaScript string literals, " +
			"never in identifiers, comments, labels or descriptions. nl5 paths are reported for a v5.11 source " +
			"(or an unknown one), v6 folders for a v6.02 or v6.1 source (or an unknown one), where they are installed: " +
			"under an Adobe\\ or Neolane\\ folder, Program Files or a drive's root, not in a URL or a backup folder of " +
			"the same name. Workflows are WF-001's " +
			"for nl5, and serverConf.xml is CONF-012's.",
		Remediation: "Point the path to the v7 installation (`C:\\Program Files (x86)\\Adobe\\Adobe Campaign v7\\var\\<instance>\\upload\\`, " +
			"`/usr/local/neolane/nl6/var/<instance>/`), or build it at run time from the installation directory " +
			"(`application.getEnv(\"XTK_INSTALL_DIR\")`) so that the next upgrade does not break it.",
		Bad: `<option name="cusUploadDirectory" dataType="6">
  <memoValue>C:\Program Files (x86)\Adobe\Adobe Campaign v6\var\prod\upload\</memoValue>
</option>`,
		Good: `<option name="cusUploadDirectory" dataType="6">
  <memoValue>C:\Program Files (x86)\Adobe\Adobe Campaign v7\var\prod\upload\</memoValue>
</option>`,
		URL: docs.MigPlatform,
	},
	Effort:   0.5,
	Keywords: []string{"nl5", "neolane", "campaign v6", "campaign_v6", "campaignv6"},
	Run:      runOldInstallationPath,
}

// oldInstallDirs are the folder names of the previous installations; the
// version each belongs to gates it.
var oldInstallDirs = []struct {
	re      *regexp.Regexp
	version string // the source version whose folder it is
	words   []string
}{
	{installpath.NL5, audit.V511, []string{"nl5", "neolane"}},
	{regexp.MustCompile(`(?i)(?:adobe campaign|neolane)[ _]?v6(?:\.\w+)?`), "v6", []string{"campaign v6", "neolane v6", "neolane_v6"}},
}

func runOldInstallationPath(p *audit.Pass) {
	schema := p.Entity.Schema
	for _, dir := range oldInstallDirs {
		if !oldInstallVersion(p.Unit.Version, dir.version) {
			continue
		}
		if dir.version == audit.V511 && (schema == "xtk:workflow" || schema == "nms:operation" || schema == "serverConf") {
			continue // WF-001 and CONF-012
		}
		walk.LiteralSites(p, nil, func(s walk.Site) {
			if !walk.HasFold(s.Text, dir.words...) {
				return
			}
			for _, m := range dir.re.FindAllStringIndex(s.Text, -1) {
				if !installpath.Match(s.Text, m[0], m[1]) {
					continue
				}
				if dir.version == "v6" {
					// The v6 folder is installed under Adobe\ or Neolane\ of
					// Program Files, or at a drive's root: a folder of that
					// name elsewhere (D:\Backups\Adobe Campaign v6) or in a
					// URL is not the installation.
					before := s.Text[:m[0]]
					if up := strings.TrimRight(before, `\/`); up != before {
						parent := strings.ToLower(up[strings.LastIndexAny(up, `\/`)+1:])
						installed := parent == "" || parent == "adobe" || parent == "neolane" ||
							strings.HasPrefix(parent, "program files") || len(parent) == 2 && parent[1] == ':'
						if !installed || strings.Contains(installpath.Around(s.Raw, m[0], m[1]), "://") {
							continue
						}
					}
				}
				p.ReportValue(s.Span, m[0], m[1],
					"%s names the previous installation folder in \"%s\" (%s): that folder is not served after the migration; "+
						"point the path to the v7 installation or build it from the installation directory",
					walk.PlaceOf(p, s.Elem), installpath.Around(s.Raw, m[0], m[1]), s.Where)
			}
		})
	}
}

// oldInstallVersion reports whether the folder of version dir can be the
// previous installation of a scan from source version v ("" = unknown).
func oldInstallVersion(v, dir string) bool {
	if v == "" {
		return true
	}
	if dir == "v6" {
		return strings.HasPrefix(v, "v6")
	}
	return v == dir
}
