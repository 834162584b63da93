package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/landscape-bot/landscape/corpus"
)

// sourceInfo is one document as `sources --json` prints it.
type sourceInfo struct {
	*corpus.Document
	Passages int `json:"passages"`
}

func runSources(ctx context.Context, e *env, args []string) error {
	asJSON := e.fs.Bool("json", false, "")
	pos, err := e.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("sources takes no arguments")
	}
	c, err := e.loadCorpus(ctx)
	if err != nil {
		return err
	}
	infos := make([]sourceInfo, len(c.Docs))
	for i, d := range c.Docs {
		infos[i] = sourceInfo{Document: d, Passages: len(d.Passages)}
	}
	if *asJSON {
		return writeJSON(e.stdout, map[string]any{"documents": infos})
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PUBLISHED\tPASSAGES\tTITLE\tAUTHOR\tPUBLISHER")
	for _, in := range infos {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", orDash(in.Published), in.Passages, in.Title, orDash(in.Author), orDash(in.Publisher))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\n%d documents, %d passages\n", len(c.Docs), len(c.Passages))
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
