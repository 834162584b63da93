package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/landscape-bot/landscape/curate"
	"github.com/landscape-bot/landscape/feeds"
	"github.com/landscape-bot/landscape/store"
)

// feedService is the feeds of the state store, fetched by the link
// fetcher (LANDSCAPE_FETCH_ALLOW); with a corpus folder, items are added
// to it through the curators' path. Close the store when done.
func (e *env) feedService(ctx context.Context) (*feeds.Service, *store.Store, error) {
	fetcher, err := e.fetcher()
	if err != nil {
		return nil, nil, err
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return nil, nil, err
	}
	var adder feeds.Adder = noFolder{}
	if dir := *e.corpusDir; dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			st.Close()
			return nil, nil, fmt.Errorf("corpus folder: %w", err)
		}
		opts := e.corpusOptions()
		adder = curate.New(dir, opts, curate.FolderDocuments(opts), time.Now)
	}
	return feeds.New(st, fetcher, adder, "cli "+store.NewOwner(), time.Now), st, nil
}

// noFolder is the adder without a corpus folder: polls refuse to add.
type noFolder struct{}

func (noFolder) Add(context.Context, curate.Input) (curate.Report, error) {
	return curate.Report{}, errors.New("no corpus folder: set LANDSCAPE_CORPUS_DIR or pass --corpus DIR")
}

// runFollow is `landscape follow [--tag T] [--every DURATION] URL` and
// `landscape follow --opml FILE`.
func runFollow(ctx context.Context, e *env, args []string) error {
	tag := e.fs.String("tag", "", "")
	every := e.fs.Duration("every", 0, "")
	opml := e.fs.String("opml", "", "")
	pos, err := e.parse(args)
	if err != nil {
		return err
	}
	switch {
	case *opml == "" && len(pos) != 1:
		return usagef("follow: give one feed's URL (or a page naming its feed), or --opml FILE")
	case *opml != "" && len(pos) > 0:
		return usagef("follow --opml FILE takes no URL")
	case *every < 0:
		return usagef("--every %v: a duration such as 30m or 2h", *every)
	}
	svc, st, err := e.feedService(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	by := e.getenv("USER")
	if *opml != "" {
		return followOPML(ctx, e, svc, *opml, *tag, *every, by)
	}
	fol, err := svc.Follow(ctx, pos[0], *tag, *every, by)
	if err != nil {
		return err
	}
	printFollowed(e.stdout, fol)
	if *e.corpusDir == "" {
		fmt.Fprintln(e.stdout, "Note: no corpus folder is set (LANDSCAPE_CORPUS_DIR or --corpus): polls have nowhere to add its items.")
	}
	return nil
}

func printFollowed(w io.Writer, fol feeds.Followed) {
	f := fol.Feed
	tag := "no tag"
	if f.Tag != "" {
		tag = "tag " + f.Tag
	}
	if !fol.New {
		fmt.Fprintf(w, "Already following “%s” (%s): now %s, every %v.\n", f.Title, f.URL, tag, f.Every)
		return
	}
	fmt.Fprintf(w, "Following “%s” (%s), %s, every %v: %d items in it now; the next poll takes the newest %d at most (landscape feeds poll, or landscape serve).\n",
		f.Title, f.URL, tag, f.Every, fol.Items, min(fol.Items, feeds.MaxItems))
}

// followOPML follows each feed of a feed reader's subscription list, each
// tagged with tag, else with its folder's name; one that cannot be
// followed is reported and the others still are.
func followOPML(ctx context.Context, e *env, svc *feeds.Service, path, tag string, every time.Duration, by string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	subs, err := feeds.ParseOPML(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	failed := 0
	for _, sub := range subs {
		t := tag
		if t == "" {
			t = feeds.FolderTag(sub.Folder)
		}
		fol, err := svc.Follow(ctx, sub.URL, t, every, by)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			fmt.Fprintf(e.stdout, "FAIL %v\n", err)
			failed++
			continue
		}
		fmt.Fprint(e.stdout, "ok   ")
		printFollowed(e.stdout, fol)
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d feeds of %s not followed", failed, len(subs), path)
	}
	return nil
}

// runUnfollow is `landscape unfollow URL`.
func runUnfollow(ctx context.Context, e *env, args []string) error {
	pos, err := e.parse(args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("unfollow: give the feed's URL (landscape feeds lists them)")
	}
	svc, st, err := e.feedService(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	f, ok, err := svc.Unfollow(ctx, pos[0])
	switch {
	case err != nil:
		return err
	case !ok:
		return fmt.Errorf("no feed followed at %s: landscape feeds lists them", pos[0])
	}
	fmt.Fprintf(e.stdout, "Unfollowed “%s” (%s). The %d documents it brought stay in the corpus: remove them like any other.\n", f.Title, f.URL, f.Items)
	return nil
}

// feedJSON is a feed in `feeds --json`.
type feedJSON struct {
	URL      string  `json:"url"`
	Title    string  `json:"title"`
	Tag      string  `json:"tag"`
	LastPoll *string `json:"last_poll"` // RFC 3339; null: never polled
	Items    int     `json:"items"`
	Error    string  `json:"error"`
}

// runFeeds is `landscape feeds [--json]` and `landscape feeds poll`.
func runFeeds(ctx context.Context, e *env, args []string) error {
	asJSON := e.fs.Bool("json", false, "")
	pos, err := e.parse(args)
	if err != nil {
		return err
	}
	poll := len(pos) == 1 && pos[0] == "poll"
	if len(pos) > 0 && !poll {
		return usagef("feeds: unknown %q (feeds [--json], or feeds poll)", pos[0])
	}
	svc, st, err := e.feedService(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if poll {
		return pollFeeds(ctx, e, svc)
	}
	list, err := svc.List(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]feedJSON, 0, len(list))
		for _, f := range list {
			j := feedJSON{URL: f.URL, Title: f.Title, Tag: f.Tag, Items: f.Items, Error: f.Error}
			if !f.LastPoll.IsZero() {
				s := f.LastPoll.UTC().Format(time.RFC3339)
				j.LastPoll = &s
			}
			out = append(out, j)
		}
		return writeJSON(e.stdout, out)
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "No feeds followed: landscape follow [--tag T] URL follows one.")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TITLE\tURL\tTAG\tLAST POLL\tITEMS\tERROR")
	for _, f := range list {
		last := "never"
		if !f.LastPoll.IsZero() {
			last = f.LastPoll.UTC().Format("2006-01-02 15:04 UTC")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\n", oneLine(f.Title), f.URL, orDash(f.Tag), last, f.Items, orDash(oneLine(f.Error)))
	}
	return tw.Flush()
}

// itemsShown bounds the items of one feed a poll's report lists by name
// (those not added, with why).
const itemsShown = 10

// pollFeeds polls every followed feed once, now, and reports each.
func pollFeeds(ctx context.Context, e *env, svc *feeds.Service) error {
	if *e.corpusDir == "" {
		return errors.New("no corpus folder to add the feeds' items to: set LANDSCAPE_CORPUS_DIR or pass --corpus DIR")
	}
	results, err := svc.PollAll(ctx)
	if err != nil {
		return err
	}
	if len(results) == 0 {
		fmt.Fprintln(e.stdout, "No feeds followed: landscape follow [--tag T] URL follows one.")
	}
	failed := 0
	for _, r := range results {
		fmt.Fprintf(e.stdout, "“%s” (%s): %s\n", r.Feed.Title, r.Feed.URL, pollSummary(r))
		if r.Err != nil {
			failed++
		}
		shown := 0
		for _, it := range r.Items {
			if it.Outcome == store.OutcomeAdded || it.Outcome == store.ItemBefore || it.Outcome == store.ItemOverCap {
				continue
			}
			if shown++; shown > itemsShown {
				break
			}
			fmt.Fprintf(e.stdout, "  %s %s: %s\n", it.Outcome, it.Link, oneLine(it.Detail))
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d feeds could not be read (landscape feeds shows why)", failed, len(results))
	}
	return nil
}

// pollSummary says in a line what a poll did.
func pollSummary(r feeds.Result) string {
	switch {
	case r.Busy:
		return "being polled by another process; left to it"
	case r.Err != nil:
		return "failed: " + oneLine(r.Err.Error())
	case r.NotModified:
		return "not modified since the last poll: nothing new"
	}
	parts := []string{fmt.Sprintf("%d added", r.Count(store.OutcomeAdded))}
	for _, c := range []struct{ outcome, what string }{
		{store.OutcomeDuplicate, "already in the corpus"},
		{store.ItemSkipped, "skipped (no article text)"},
		{store.OutcomeRefused, "refused"},
		{store.OutcomeFailed, "failed (tried again next poll)"},
		{store.ItemBefore, fmt.Sprintf("older left out (a feed is followed from now on: its newest %d at most)", feeds.MaxItems)},
		{store.ItemOverCap, fmt.Sprintf("left out (over %d a poll)", feeds.MaxItems)},
	} {
		if n := r.Count(c.outcome); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, c.what))
		}
	}
	return strings.Join(parts, ", ")
}
