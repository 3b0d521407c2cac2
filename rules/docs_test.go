package rules_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/acc-audit/acc-audit/audit/audittest"
	"github.com/acc-audit/acc-audit/internal/gendocs"
	"github.com/acc-audit/acc-audit/rules"
)

// TestGeneratedDocsAreCurrent fails when docs/rules.md or the rule table of
// README.md no longer match the rule metadata: run `make docs`.
func TestGeneratedDocsAreCurrent(t *testing.T) {
	root := filepath.Dir(audittest.Fixtures())
	want, err := gendocs.RulesDoc(rules.All())
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, "docs", "rules.md"))
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("docs/rules.md is stale: run make docs")
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	updated, err := gendocs.Readme(readme, rules.All())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readme, updated) {
		t.Errorf("the rule table of README.md is stale: run make docs")
	}
}
