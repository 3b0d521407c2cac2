package audit

import (
	"fmt"
	"strings"
)

// Select narrows a rule set. enable, when not empty, keeps only the rules it
// names; disable then removes rules. A name is a rule id ("SQL-001"), a rule
// name ("sqldata-in-expression"), or a family, the id prefix before the
// dash ("SQL"); matching ignores case. Unknown names are an error, so that a
// typo in CI configuration does not silently turn a rule off.
func Select(all []*Rule, enable, disable []string) ([]*Rule, error) {
	match := func(r *Rule, name string) bool {
		n := strings.TrimSpace(name)
		family, _, _ := strings.Cut(r.ID, "-")
		return strings.EqualFold(n, r.ID) || strings.EqualFold(n, r.Name) || strings.EqualFold(n, family)
	}
	check := func(names []string) error {
		for _, n := range names {
			found := false
			for _, r := range all {
				if match(r, n) {
					found = true
					break
				}
			}
			if !found {
				return fmt.Errorf("unknown rule %q%s (see `acc-audit rules`)", n, DidYouMean(all, n))
			}
		}
		return nil
	}
	if err := check(enable); err != nil {
		return nil, err
	}
	if err := check(disable); err != nil {
		return nil, err
	}
	var out []*Rule
	for _, r := range all {
		keep := len(enable) == 0
		for _, n := range enable {
			if match(r, n) {
				keep = true
			}
		}
		for _, n := range disable {
			if match(r, n) {
				keep = false
			}
		}
		if keep {
			out = append(out, r)
		}
	}
	return out, nil
}

// SplitList splits comma-separated flag values.
func SplitList(values []string) []string {
	var out []string
	for _, v := range values {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
