package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/bot"
	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/store"
)

// digestJSON is `digest --json`.
type digestJSON struct {
	Date    string        `json:"date"`
	Channel string        `json:"channel"`
	Text    string        `json:"text"`
	Blocks  []slack.Block `json:"blocks"`
}

func runDigest(ctx context.Context, e *env, args []string) error {
	dryRun := e.fs.Bool("dry-run", false, "")
	date := e.fs.String("date", "", "")
	asJSON := e.fs.Bool("json", false, "")
	pos, err := e.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("digest takes no arguments (did you mean --date %s?)", pos[0])
	}
	cfg, err := digest.ParseConfig(e.getenv)
	if err != nil {
		return fmt.Errorf("configuration (environment or .env):\n%w", err)
	}
	day := time.Now().In(cfg.Loc)
	if *date != "" {
		if day, err = time.ParseInLocation("2006-01-02", *date, cfg.Loc); err != nil {
			return usagef("--date %q: want YYYY-MM-DD", *date)
		}
	}
	slot := cfg.SlotOn(day)
	c, err := e.loadCorpus()
	if err != nil {
		return err
	}
	set := facts.Extract(c)

	if *dryRun {
		// Read what the bot has recorded, if it has a store; write nothing.
		var reader digest.ActivityReader
		st, err := e.existingStore(ctx)
		if err != nil {
			return err
		}
		if st != nil {
			defer st.Close()
			reader = st
		}
		d, err := digest.Compose(ctx, cfg, slot, set, reader)
		if err != nil {
			return err
		}
		return printDigest(e.stdout, cfg, d, *asJSON)
	}

	if cfg.Channel == "" {
		return errors.New("DIGEST_CHANNEL is not set: set it to the channel ID to post to (e.g. C0123456789; in Slack: channel name → View channel details → bottom), or use --dry-run")
	}
	scfg, err := readServeConfig(e.getenv)
	if err != nil {
		return fmt.Errorf("configuration (environment or .env):\n%w", err)
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	host, _ := os.Hostname()
	claim, err := st.ClaimDigest(ctx, slot, cfg.Channel, fmt.Sprintf("cli %s/%d", host, os.Getpid()), 2*time.Minute)
	if err != nil {
		return err
	}
	if claim == store.ClaimNone {
		state, ts, _ := st.DigestState(ctx, slot)
		return fmt.Errorf("the digest for %s is %s already (message %s): nothing posted; --dry-run shows it", slot.Format("2006-01-02 15:04 MST"), state, orDash(ts))
	}
	d, err := digest.Compose(ctx, cfg, slot, set, st)
	if err != nil {
		_ = st.MarkDigest(ctx, slot, store.StateFailed, "")
		return err
	}
	if err := st.MarkDigest(ctx, slot, store.StatePosting, ""); err != nil {
		return err
	}
	ts, err := bot.NewDigestPoster(scfg.slackClient()).PostDigest(ctx, cfg.Channel, d, slot)
	if err != nil {
		_ = st.MarkDigest(context.WithoutCancel(ctx), slot, store.StateFailed, "")
		return err
	}
	if err := st.MarkDigest(context.WithoutCancel(ctx), slot, store.StatePosted, ts); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Digest for %s posted to %s (message %s).\n", slot.Format("2006-01-02"), cfg.Channel, ts)
	return nil
}

func printDigest(w io.Writer, cfg digest.Config, d digest.Digest, asJSON bool) error {
	m := bot.DigestMessage(d)
	if asJSON {
		return writeJSON(w, digestJSON{Date: d.Date.Format("2006-01-02"), Channel: cfg.Channel, Text: m.Text, Blocks: m.Blocks})
	}
	fmt.Fprintf(w, "Landscape digest — %s", d.Date.Format("Monday 2 January 2006"))
	if cfg.Channel != "" {
		fmt.Fprintf(w, " (for %s, slot %s)", cfg.Channel, d.Date.Format("15:04 MST"))
	}
	fmt.Fprintln(w)
	if f := d.Fact; f != nil {
		fmt.Fprintf(w, "\nFact of the day\n  “%s”\n  — %s\n", oneLine(f.Context+" "+f.Quote), sourceLine(f.Source))
		if f.Cites != "" {
			fmt.Fprintf(w, "  Cites: %s\n", f.Cites)
		}
	}
	a := d.Activity
	if len(a.NewDocuments) > 0 {
		fmt.Fprintln(w, "\nNew in the corpus")
		for _, doc := range a.NewDocuments {
			fmt.Fprintf(w, "  • %s\n", doc.Title)
		}
	}
	if a.UnansweredCount > 0 {
		fmt.Fprintf(w, "\nUnanswered questions (%d)\n", a.UnansweredCount)
		for _, q := range a.Unanswered {
			fmt.Fprintf(w, "  • %s\n", q)
		}
	}
	if len(a.MostAsked) > 0 {
		fmt.Fprintln(w, "\nMost asked")
		for _, q := range a.MostAsked {
			fmt.Fprintf(w, "  • %s (%d×)\n", q.Question, q.Count)
		}
	}
	if a.DownVotes > 0 {
		fmt.Fprintf(w, "\n👎 %d marked unhelpful\n", a.DownVotes)
	}
	if cfg.Channel == "" {
		fmt.Fprintln(w, "\n(DIGEST_CHANNEL is not set: the bot posts no digest.)")
	}
	return nil
}
