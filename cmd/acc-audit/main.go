// Command acc-audit audits exported Adobe Campaign Classic configuration
// and reports what breaks or must be adapted for Campaign Classic v7.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/acc-audit/acc-audit/cmd/acc-audit/cli"
)

func main() {
	// The first Ctrl-C stops the scan and the command ends without writing
	// a report; a second one kills the process as usual.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	os.Exit(cli.Main(os.Args[1:], cli.Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		Ctx:    ctx,
	}))
}
