package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/option"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// The V8 family tells a Campaign Classic v7 customer what blocks or must
// change for the move to Campaign v8, for which Adobe offers no automated
// migration. Its rules run only with --target v8 or v8-enterprise (after
// the v7 rules, which hold there too); those that hold only for v8
// Enterprise (full FDA, customer data on Snowflake) run only with
// v8-enterprise.

// Targets of the V8 rules: any v8 deployment, or v8 Enterprise only.
var (
	v8Any        = []string{audit.TargetV8, audit.TargetV8Enterprise}
	v8Enterprise = []string{audit.TargetV8Enterprise}
)

// v8Option builds the Run function of an xtk:option rule: msg receives the
// name and value of an option of names whose value is on, and returns the
// message.
func v8Option(names []string, on func(string) bool, msg func(name, value string) string) func(*audit.Pass) {
	return option.Rule(func(_ *audit.Pass, name, v string) string {
		for _, n := range names {
			if strings.EqualFold(name, n) && on(v) {
				return msg(n, v)
			}
		}
		return ""
	})
}

// v8Enabled reads a boolean option: not 0, not empty.
func v8Enabled(v string) bool { return !option.Off(v) }

// v8StringValue reads an option whose value is text: any non-empty value
// other than 0 or false counts.
func v8StringValue(v string) bool {
	v = strings.TrimSpace(v)
	return v != "" && v != "0" && !strings.EqualFold(v, "false")
}

// v8Extension returns the schema a live srcSchema extends, lower-cased,
// with its attribute.
func v8Extension(p *audit.Pass) (string, *xmltree.Attr) {
	root := p.Entity.Root
	if srcschema.Deleted(root) || srcschema.IsReference(root) {
		return "", nil
	}
	target, a := srcschema.Extended(root)
	return strings.ToLower(target), a
}
