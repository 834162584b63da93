package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
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
	set, err := e.corpusFacts(ctx)
	if err != nil {
		return err
	}

	if *dryRun {
		// Read what the bot has recorded, if anything; write nothing.
		var reader digest.ActivityReader
		st, err := e.readStore(ctx)
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
	// The scheduler's own delivery: the same claim, the same check of the
	// channel after a crash mid-post, the same record.
	sched := digest.NewScheduler(cfg, st, bot.NewDigestPoster(scfg.slackClient()), func() *facts.Set { return set },
		slog.New(slog.DiscardHandler), "cli "+store.NewOwner(), time.Now, time.After)
	d, err := sched.Deliver(ctx, slot)
	switch {
	case err != nil:
		return err
	case d.Claim == store.ClaimNone:
		return fmt.Errorf("the digest for %s is %s already (message %s): nothing posted; --dry-run shows it", slot.Format("2006-01-02 15:04 MST"), d.State, orDash(d.TS))
	case d.Found:
		fmt.Fprintf(e.stdout, "Digest for %s was in %s already (message %s), posted by a run that stopped before recording it: recorded, not posted again.\n", slot.Format("2006-01-02"), cfg.Channel, d.TS)
	default:
		fmt.Fprintf(e.stdout, "Digest for %s posted to %s (message %s).\n", slot.Format("2006-01-02"), cfg.Channel, d.TS)
	}
	return nil
}

func printDigest(w io.Writer, cfg digest.Config, d digest.Digest, asJSON bool) error {
	m := bot.DigestMessage(d)
	if asJSON {
		return writeJSON(w, digestJSON{Date: d.Date.Format("2006-01-02"), Channel: cfg.Channel, Text: m.Text, Blocks: m.Blocks})
	}
	fmt.Fprint(w, d.Title())
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
	for _, s := range d.Sections() {
		fmt.Fprintf(w, "\n%s", s.Title)
		if s.Count > 0 {
			fmt.Fprintf(w, " (%d)", s.Count)
		}
		if s.Note != "" {
			fmt.Fprintf(w, " — %s", s.Note)
		}
		fmt.Fprintln(w)
		printItems(w, "  ", s.Items)
		for _, g := range s.Groups {
			switch {
			case g.Feed != "":
				fmt.Fprintf(w, "  From %s (%d)\n", g.Feed, g.Count)
			case g.AddedBy != "" && len(s.Groups) > 1:
				fmt.Fprintf(w, "  Added from Slack by %s (%d)\n", g.AddedBy, g.Count)
			case len(s.Groups) > 1:
				fmt.Fprintf(w, "  Put in the corpus folder (%d)\n", g.Count)
			}
			indent := "  "
			if len(s.Groups) > 1 || g.Feed != "" {
				indent = "    "
			}
			printItems(w, indent, g.Items)
			if g.More > 0 && len(s.Groups) > 1 {
				fmt.Fprintf(w, "%s…and %d more\n", indent, g.More)
			}
		}
		if s.More > 0 && len(s.Groups) <= 1 {
			fmt.Fprintf(w, "  …and %d more", s.More)
			if s.Where != "" {
				fmt.Fprintf(w, " (landscape %s)", s.Where)
			}
			fmt.Fprintln(w)
		}
	}
	if u := d.Unhelpful(); u != "" {
		fmt.Fprintf(w, "\n👎 %s\n", u)
	}
	if cfg.Channel == "" {
		fmt.Fprintln(w, "\n(DIGEST_CHANNEL is not set: the bot posts no digest.)")
	}
	return nil
}

// printItems prints a list's items, a bullet each.
func printItems(w io.Writer, indent string, items []digest.Item) {
	for _, it := range items {
		fmt.Fprintf(w, "%s• %s", indent, it.Text)
		if it.Times > 0 {
			fmt.Fprintf(w, " (%d×)", it.Times)
		}
		fmt.Fprintln(w)
	}
}
