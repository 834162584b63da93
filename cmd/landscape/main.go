// Command landscape answers questions about a landscape (first: generative
// AI in China) from a curated corpus, quoting the passage and its source.
// It owns the command line (run.go's table of commands), configuration
// from the environment and .env, and `serve`'s server, which opens what
// the bot serves from and closes it in order.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	context.AfterFunc(ctx, stop) // after the first signal, a second one kills at once
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}
