package rules_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/acc-audit/acc-audit/audit/audittest"
	"github.com/acc-audit/acc-audit/internal/gendocs"
	"github.com/acc-audit/acc-audit/rules"
)

// TestGeneratedDocsAreCurrent fails when docs/rules.md or the rule table of
// README.md no longer match the rule metadata: run `make docs`.
func TestGeneratedDocsAreCurrent(t *testing.T) {
	root := filepath.Dir(audittest.Fixtures())
	want, err := gendocs.RulesDoc(gendocs.Rules())
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
	updated, err := gendocs.Readme(readme, gendocs.Rules())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readme, updated) {
		t.Errorf("the rule table of README.md is stale: run make docs")
	}
}

// TestOneRiskAreaPerFamily: the family of a rule (its id prefix) decides
// its risk area, so that listings grouped either way agree.
func TestOneRiskAreaPerFamily(t *testing.T) {
	area := map[string]string{}
	for _, r := range rules.All() {
		family, _, _ := strings.Cut(r.ID, "-")
		if a, ok := area[family]; ok && a != r.Category {
			t.Errorf("%s: risk area %q, other %s rules have %q", r.ID, r.Category, family, a)
		}
		area[family] = r.Category
	}
}
