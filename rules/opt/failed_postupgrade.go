package opt

import (
	"github.com/acc-audit/acc-audit/rules/internal/option"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// FailedPostUpgrade flags the option a failed postupgrade leaves behind.
var FailedPostUpgrade = &audit.Rule{
	ID:        "OPT-005",
	Name:      "failed-postupgrade",
	Title:     "A previous postupgrade stopped on an error",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Packages,
	Doc: audit.Doc{
		Rationale: "PostUpgradeLastError records the step where the last postupgrade failed, as `{build}:{mode}:{step}`; " +
			"the postupgrade resumes \"from the same place it was stopped\" once the cause is fixed. An export carrying " +
			"it comes from an instance whose upgrade is unfinished. When NmsServer_LastPostUpgrade (the build before " +
			"the last upgrade) is in the scan, the finding names it.",
		Remediation: "Read the postupgrade log of that build (`var/<instance>/postupgrade/`), fix the failing step, " +
			"rerun `nlserver config -postupgrade -instance:<name>` until it completes, and export again.",
		Bad: `<package buildNumber="9032" buildVersion="6.7">
  <entities schema="xtk:option">
    <option name="PostUpgradeLastError" stringValue="9032:0:12"/>
  </entities>
</package>`,
		Good: `<package buildNumber="9032" buildVersion="6.7">
  <entities schema="xtk:option">
    <option dataType="3" longValue="8977" name="NmsServer_LastPostUpgrade"/>
  </entities>
</package>`,
		URL: docs.Resume,
	},
	Effort:   2,
	Schemas:  []string{"xtk:option"},
	Requires: []*audit.Collector{option.Collector},
	Run:      runFailedPostUpgrade,
}

func runFailedPostUpgrade(p *audit.Pass) {
	if strings.TrimSpace(p.Entity.Name) != "PostUpgradeLastError" || srcschema.Deleted(p.Entity.Root) {
		return
	}
	v, start, end := srcschema.OptionValue(p)
	v = strings.TrimSpace(v)
	if v == "" {
		return
	}
	detail := "value " + v
	if parts := strings.Split(v, ":"); len(parts) == 3 {
		detail = "build " + parts[0] + ", mode " + parts[1] + ", step " + parts[2]
	}
	f := p.Newf(start, end, "PostUpgradeLastError is set (%s): the last postupgrade stopped on an error and has not completed; fix the step and rerun it", detail)
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		if last, ok := option.Value(ix, lastPostUpgrade); ok && strings.TrimSpace(last) != "" {
			f.Message += "; the instance was upgraded from build " + strings.TrimSpace(last)
		}
		return true
	})
}

// lastPostUpgrade names the build the last finished post-upgrade reached.
var lastPostUpgrade = option.Watch("NmsServer_LastPostUpgrade")
