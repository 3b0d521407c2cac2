package audit

import (
	"fmt"
	"slices"
	"strings"
)

// Targets a scan can audit an export for. A v7 rule holds for every
// target: what v7 refuses, Campaign v8 refuses too.
const (
	TargetV7           = "v7"
	TargetV8           = "v8"            // any Campaign v8 deployment (Managed Cloud Services)
	TargetV8Enterprise = "v8-enterprise" // v8 Enterprise: full FDA, customer data on Snowflake
)

// TargetNames lists the accepted --target values.
var TargetNames = []string{TargetV7, TargetV8, TargetV8Enterprise}

// ParseTarget reads a --target value; "" is v7.
func ParseTarget(s string) (string, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return TargetV7, nil
	}
	if !slices.Contains(TargetNames, t) {
		return "", fmt.Errorf("target must be %s, not %q", strings.Join(TargetNames, ", "), s)
	}
	return t, nil
}

// TargetLabel names a target for people: "Campaign Classic v7".
func TargetLabel(t string) string {
	switch t {
	case TargetV8:
		return "Campaign v8"
	case TargetV8Enterprise:
		return "Campaign v8 Enterprise (FFDA)"
	}
	return "Campaign Classic v7"
}

// RunsFor reports whether the rule runs when auditing for target t: a rule
// without Targets runs for every target, the others only for theirs.
func (r *Rule) RunsFor(t string) bool {
	if t == "" {
		t = TargetV7
	}
	return len(r.Targets) == 0 || slices.Contains(r.Targets, t)
}
