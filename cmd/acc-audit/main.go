// Command acc-audit audits exported Adobe Campaign Classic configuration
// and reports what breaks or must be adapted for Campaign Classic v7.
package main

import (
	"os"

	"github.com/acc-audit/acc-audit/cmd/acc-audit/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
	}))
}
