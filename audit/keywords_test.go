package audit

import (
	"strings"
	"testing"
)

// A keyword the word automaton cannot take is a mistake of the rule.
func TestValidateKeywords(t *testing.T) {
	r := &Rule{ID: "TST-001", Name: "tst", Title: "Test", Severity: SeverityError, Category: "Test", Run: func(*Pass) {},
		Keywords: []string{"ok", "Upper", ""}}
	err := Validate([]*Rule{r})
	if err == nil || !strings.Contains(err.Error(), `keyword "Upper"`) || !strings.Contains(err.Error(), `keyword ""`) {
		t.Fatalf("err = %v", err)
	}
	r.Keywords = []string{"ok", "a.@ b"}
	if err := Validate([]*Rule{r}); err != nil && strings.Contains(err.Error(), "keyword") {
		t.Fatalf("err = %v", err)
	}
}
