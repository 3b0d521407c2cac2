package cli

import (
	"fmt"
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

// checkEnabledTargets refuses an --enable name whose rules all belong to
// other targets: `--enable V8` on a v7 scan would otherwise run nothing
// and report a clean export.
func checkEnabledTargets(enable []string, all []*audit.Rule, target string) error {
	for _, name := range enable {
		var targets []string
		runs := false
		for _, r := range all {
			if !ruleAnswers(r, name) {
				continue
			}
			if r.RunsFor(target) {
				runs = true
				break
			}
			for _, t := range r.Targets {
				if !slices.Contains(targets, t) {
					targets = append(targets, t)
				}
			}
		}
		if !runs && len(targets) > 0 {
			return fmt.Errorf("--enable %s: its rules run only with --target %s (the target is %s)", name, strings.Join(targets, " or "), target)
		}
	}
	return nil
}
