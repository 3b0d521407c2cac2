package suppress

import (
	"errors"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/acc-audit/acc-audit/audit/config"
)

// FileName is the suppression file looked for when none is configured.
const FileName = ".acc-audit-suppressions.yaml"

// A File is a suppression file:
//
//	suppressions:
//	  - rule: SQL-001
//	    entity: xtk:workflow wkfNightlyImport
//	    place: activities/js[@name='js1']/script   # optional
//	    fingerprint: 3f2a...:0                     # optional
//	    reason: rewritten in sprint 12, retested
//	    expires: 2027-01-31                        # optional
type File struct {
	Path    string   `yaml:"-"` // as shown in findings about it
	Entries []*Entry `yaml:"suppressions"`
}

// An Entry suppresses the findings of one rule on matching entities.
type Entry struct {
	// Rule is a rule id, name or family.
	Rule config.Value[string] `yaml:"rule"`
	// Entity is the entity schema and key as findings show them
	// ("xtk:workflow wkfNightly"); `*` matches any run of characters.
	Entity config.Value[string] `yaml:"entity"`
	// Place narrows to a place inside the entity (`*` wildcards too).
	Place config.Value[string] `yaml:"place"`
	// Fingerprint narrows to one finding.
	Fingerprint config.Value[string] `yaml:"fingerprint"`
	Reason      config.Value[string] `yaml:"reason"`
	// Expires (YYYY-MM-DD) is the last day the entry applies.
	Expires config.Value[string] `yaml:"expires"`

	pos     config.Pos
	entity  *regexp.Regexp
	place   *regexp.Regexp
	expires time.Time
	used    int
}

// Position is where the entry starts in the file.
func (e *Entry) Position() config.Pos { return e.pos }

// Load reads and checks a suppression file. display is the path shown in
// messages and findings; known tells whether a rule name exists, and
// suggest, when set, completes the message about an unknown one (" (did
// you mean X?)").
func Load(path, display string, known func(string) bool, suggest func(string) string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(display, data, known, suggest)
}

// Parse decodes and checks suppression file text.
func Parse(display string, data []byte, known func(string) bool, suggest func(string) string) (*File, error) {
	src := config.Source{File: display, Data: data}
	f := &File{Path: display}
	if err := src.Decode(f); err != nil {
		return nil, err
	}
	var errs []error
	for i, e := range f.Entries {
		if e == nil {
			errs = append(errs, &config.Error{File: display, Msg: "empty entry in suppressions"})
			continue
		}
		e.pos = e.Rule.Pos
		if !e.Rule.Set {
			e.pos = e.Entity.Pos
		}
		bad := func(at config.Positioned, format string, args ...any) {
			if at.Position().Line == 0 {
				at = e.pos
			}
			errs = append(errs, src.Errorf(at, format, args...))
		}
		switch {
		case !e.Rule.Set || strings.TrimSpace(e.Rule.V) == "":
			bad(e.pos, "suppression %d: rule is required", i+1)
		case known != nil && !known(e.Rule.V):
			hint := ""
			if suggest != nil {
				hint = suggest(e.Rule.V)
			}
			bad(e.Rule, "unknown rule %q%s (see acc-audit rules)", e.Rule.V, hint)
		}
		if !e.Entity.Set || strings.TrimSpace(e.Entity.V) == "" {
			bad(e.pos, "suppression of %s: entity is required (schema and key as findings show them, e.g. \"xtk:workflow wkfNightly\"); to turn a rule off everywhere, disable it", e.Rule.V)
		} else {
			e.entity = glob(e.Entity.V)
		}
		if e.Place.Set {
			e.place = glob(e.Place.V)
		}
		if strings.TrimSpace(e.Reason.V) == "" {
			bad(e.pos, "suppression of %s on %s: reason is required", e.Rule.V, e.Entity.V)
		}
		if e.Expires.Set {
			t, err := time.Parse(time.DateOnly, strings.TrimSpace(e.Expires.V))
			if err != nil {
				bad(e.Expires, "expires must be a date written YYYY-MM-DD, not %q", e.Expires.V)
			}
			e.expires = t
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return f, nil
}

// glob compiles a pattern where `*` matches any run of characters and
// everything else is literal; entity keys and places hold `/`, `:` and
// brackets, which path globs would interpret.
func glob(p string) *regexp.Regexp {
	parts := strings.Split(strings.TrimSpace(p), "*")
	for i, s := range parts {
		parts[i] = regexp.QuoteMeta(s)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
}

// expired reports whether the entry's last day is before today.
func (e *Entry) expired(now time.Time) bool {
	return !e.expires.IsZero() && pastLastDay(e.expires, now)
}

// pastLastDay reports whether now is a day after last, a date (midnight
// UTC) that names the last day a suppression applies.
func pastLastDay(last, now time.Time) bool {
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(last)
}
