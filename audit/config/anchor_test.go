package config

import (
	"strings"
	"testing"
)

// TestAnchorsAndAliases: YAML anchors and aliases are read (teams share
// lists this way); an alias bomb is refused with its position.
func TestAnchorsAndAliases(t *testing.T) {
	c, err := Parse(".acc-audit.yaml", []byte("disable: &legacy [SQL-005, TZ-006]\nenable: *legacy\nseverity:\n  SQL-004: warning\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.Enable.Strings(), ","); got != "SQL-005,TZ-006" {
		t.Errorf("enable %q", got)
	}
	// Aliases are expanded only where the schema expects a value: a list
	// of lists (the shape of an alias bomb) is a type error at its line.
	_, err = Parse(".acc-audit.yaml", []byte("enable: &a [SQL-001]\ndisable: [*a, *a]\n"))
	if err == nil || !strings.Contains(err.Error(), ".acc-audit.yaml:2:") {
		t.Errorf("nested alias: %v", err)
	}
}
