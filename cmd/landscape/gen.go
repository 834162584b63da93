package main

import (
	"context"
	"fmt"

	"github.com/landscape-bot/landscape/internal/synth"
)

// runGenCorpus writes synthetic near-miss documents, to try the engine at
// scale: landscape gen-corpus -n 2000 /tmp/synth && landscape eval --corpus /tmp/synth ….
func runGenCorpus(ctx context.Context, e *env, args []string) error {
	n := e.fs.Int("n", 2000, "")
	seed := e.fs.Uint64("seed", 1, "")
	pos, err := e.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("gen-corpus: give the folder to write to")
	}
	if *n < 1 || *n > 1_000_000 {
		return usagef("gen-corpus: -n must be between 1 and 1000000")
	}
	werr, err := interruptible(ctx, func() error { return synth.Write(pos[0], *seed, *n) })
	if err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %d synthetic documents to %s\n", *n, pos[0])
	return nil
}
