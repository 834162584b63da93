package main

import "context"

func runGenCorpus(ctx context.Context, e *env, args []string) error { return usagef("gen-corpus: not yet") }
