// Command gendocs regenerates docs/rules.md and the rule table of README.md
// from the rule metadata. Run it from the repository root (make docs).
package main

import (
	"fmt"
	"os"

	"github.com/acc-audit/acc-audit/internal/gendocs"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

func run() error {
	doc, err := gendocs.RulesDoc(gendocs.Rules())
	if err != nil {
		return err
	}
	if err := os.WriteFile("docs/rules.md", doc, 0o644); err != nil {
		return err
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		return err
	}
	out, err := gendocs.Readme(readme, gendocs.Rules())
	if err != nil {
		return err
	}
	return os.WriteFile("README.md", out, 0o644)
}
