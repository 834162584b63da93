package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/fetch"
	"github.com/landscape-bot/landscape/store"
)

// Follower follows feeds for curators (cmd/landscape adapts the feeds
// service to it).
type Follower interface {
	// Follow follows the feed at link (or the one a page names), tagging
	// what it brings with tag, for user.
	Follow(ctx context.Context, link, tag, user string) (Followed, error)
	// Unfollow stops following the feed at link (its address or its
	// site's); false when none is followed there.
	Unfollow(ctx context.Context, link string) (store.Feed, bool, error)
	// Feeds lists the feeds followed.
	Feeds(ctx context.Context) ([]store.Feed, error)
}

// Followed is what following a feed did.
type Followed struct {
	Feed store.Feed
	New  bool // false: it was followed already (its tag is now this one)
	// Items is how many items the feed holds; its first poll takes the
	// newest of them, up to the feed poller's limit.
	Items int
}

// followTimeout bounds following a feed: the page and the feed it names,
// each a fetch.
const followTimeout = 2*fetch.Timeout + 10*time.Second

// maxFeedsListed keeps /landscape feeds within one message; more are
// counted (`landscape feeds` lists them all).
const maxFeedsListed = 40

// followOff says why feeds cannot be followed here; ok when they can.
func (b *Bot) followOff(send func(Message) error) (bool, error) {
	if b.opts.Feeds == nil {
		t := "Feeds cannot be followed here: the bot runs without a corpus folder (LANDSCAPE_CORPUS_DIR) to add their articles to."
		return false, send(newMessage(t, section(t)))
	}
	return true, nil
}

// slashFollow is `/landscape follow URL [tag]` (curators).
func (b *Bot) slashFollow(ctx context.Context, r request) error {
	send := b.privately(ctx, r, responseOpts{})
	if ok, err := b.followOff(send); !ok {
		return err
	}
	if ok, err := b.mayCurate(ctx, r.User, store.CurationFollow, r.Text, send); !ok {
		return err
	}
	links := linksIn(r.Text)
	if len(links) != 1 {
		return send(followUsageMessage())
	}
	var tag string
	for _, w := range strings.Fields(linkRE.ReplaceAllString(r.Text, " ")) {
		tag = strings.TrimPrefix(w, "tag:")
	}
	fol, err := b.opts.Feeds.Follow(ctx, links[0], tag, r.User)
	c := store.Curation{UserID: r.User, Action: store.CurationFollow, Source: links[0], Outcome: store.OutcomeAdded}
	if err != nil {
		c.Outcome, c.Detail = store.OutcomeRefused, err.Error()
		b.recordCuration(ctx, c)
		return send(followRefusedMessage(links[0], err))
	}
	c.Title = fol.Feed.Title
	if !fol.New {
		c.Outcome = store.OutcomeDuplicate
	}
	b.recordCuration(ctx, c)
	return send(FollowedMessage(fol))
}

// slashUnfollow is `/landscape unfollow URL` (curators).
func (b *Bot) slashUnfollow(ctx context.Context, r request) error {
	send := b.privately(ctx, r, responseOpts{})
	if ok, err := b.followOff(send); !ok {
		return err
	}
	if ok, err := b.mayCurate(ctx, r.User, store.CurationUnfollow, r.Text, send); !ok {
		return err
	}
	links := linksIn(r.Text)
	if len(links) != 1 {
		return send(unfollowUsageMessage())
	}
	f, ok, err := b.opts.Feeds.Unfollow(ctx, links[0])
	switch {
	case err != nil:
		return err
	case !ok:
		b.recordCuration(ctx, store.Curation{UserID: r.User, Action: store.CurationUnfollow, Source: links[0], Outcome: store.OutcomeRefused, Detail: "not followed"})
		return send(notFollowedMessage(links[0]))
	}
	b.recordCuration(ctx, store.Curation{UserID: r.User, Action: store.CurationUnfollow, Source: links[0], Title: f.Title, Outcome: store.OutcomeRemoved})
	return send(UnfollowedMessage(f))
}

// slashFeeds is `/landscape feeds`: the feeds followed and how their
// polls go.
func (b *Bot) slashFeeds(ctx context.Context, r request) error {
	send := b.privately(ctx, r, responseOpts{})
	if ok, err := b.followOff(send); !ok {
		return err
	}
	list, err := b.opts.Feeds.Feeds(ctx)
	if err != nil {
		return err
	}
	return send(FeedsMessage(list, b.opts.Now()))
}

// every says a feed's schedule in words: "hourly", "every 30m".
func every(d time.Duration) string {
	switch {
	case d == time.Hour:
		return "hourly"
	case d == 24*time.Hour:
		return "daily"
	case d%time.Hour == 0:
		return fmt.Sprintf("every %dh", d/time.Hour)
	}
	return "every " + strings.TrimSuffix(d.Round(time.Minute).String(), "0s")
}

// FollowedMessage reports a feed followed.
func FollowedMessage(fol Followed) Message {
	f := fol.Feed
	tag := "no tag"
	if f.Tag != "" {
		tag = "tag `" + esc(f.Tag) + "`"
	}
	if !fol.New {
		t := fmt.Sprintf("↩️ *Already following* %s — %s, polled %s.", link(f.URL, clip(f.Title, echoWidth)), tag, every(f.Every))
		return newMessage(fmt.Sprintf("Already following “%s”.", f.Title), section(t))
	}
	t := fmt.Sprintf("✅ *Following* %s\n%s · polled %s · %d items in it now: the newest join the corpus within minutes, then each new one as it comes.",
		link(f.URL, clip(f.Title, echoWidth)), capitalise(tag), every(f.Every), fol.Items)
	blocks := withContext([]slack.Block{section(t)}, "`/landscape feeds` shows how its polls go; `/landscape unfollow "+esc(f.URL)+"` stops it (its documents stay).")
	return newMessage(fmt.Sprintf("Following “%s” (%s).", f.Title, f.URL), blocks...)
}

func followRefusedMessage(link string, err error) Message {
	t := fmt.Sprintf("❌ *Not followed:* %s\n%s", esc(clip(link, echoWidth)), esc(clip(err.Error(), errorWidth)))
	return newMessage("Not followed: "+err.Error(), section(t))
}

func followUsageMessage() Message {
	t := "Give one feed to follow: `/landscape follow https://… [tag]` — an RSS, Atom or JSON Feed, or a page that names its feed. The tag (one word) goes on every document it brings, for `tag:` filters and channel scopes."
	return newMessage("Give one feed to follow: /landscape follow https://… [tag]", section(t))
}

func unfollowUsageMessage() Message {
	t := "Say which feed to stop following: `/landscape unfollow https://…` (`/landscape feeds` lists them)."
	return newMessage("Say which feed to stop following: /landscape unfollow https://…", section(t))
}

func notFollowedMessage(l string) Message {
	t := fmt.Sprintf("No feed is followed at %s. `/landscape feeds` lists them.", esc(clip(l, echoWidth)))
	return newMessage(fmt.Sprintf("No feed is followed at %s.", clip(l, echoWidth)), section(t))
}

// UnfollowedMessage says f is no longer followed.
func UnfollowedMessage(f store.Feed) Message {
	t := fmt.Sprintf("✅ *Unfollowed* %s — the %d %s it brought stay in the corpus (`/landscape remove` takes one out).",
		link(f.URL, clip(f.Title, echoWidth)), f.Items, plural(f.Items, "document", "documents"))
	return newMessage(fmt.Sprintf("Unfollowed “%s”.", f.Title), section(t))
}

// FeedsMessage lists the feeds followed: each with its tag, schedule,
// last poll (as of now) and documents brought, and why a failing one
// fails.
func FeedsMessage(list []store.Feed, now time.Time) Message {
	if len(list) == 0 {
		t := "No feeds are followed yet. Curators follow one with `/landscape follow https://… [tag]`: its new articles then join the corpus as they come."
		return newMessage("No feeds are followed yet.", section(t))
	}
	lines := []string{fmt.Sprintf("*Feeds followed* (%d)", len(list))}
	failing := 0
	for _, f := range list[:min(len(list), maxFeedsListed)] {
		l := "• " + link(f.URL, clip(f.Title, docLineWidth))
		if f.Tag != "" {
			l += " `" + esc(f.Tag) + "`"
		}
		polled := "not polled yet"
		if !f.LastPoll.IsZero() {
			polled = "polled " + ago(now.Sub(f.LastPoll))
		}
		l += fmt.Sprintf(" — %s, %s · %d %s", every(f.Every), polled, f.Items, plural(f.Items, "document", "documents"))
		if f.Error != "" {
			failing++
			l += "\n   ↳ ⚠️ " + esc(clip(f.Error, echoWidth))
			if f.Failures > 1 {
				l += fmt.Sprintf(" (%d polls in a row)", f.Failures)
			}
		}
		lines = append(lines, l)
	}
	blocks := sections(lines)
	if rest := len(list) - maxFeedsListed; rest > 0 {
		blocks = withContext(blocks, fmt.Sprintf("…and %d more: `landscape feeds` lists them all.", rest))
	}
	text := fmt.Sprintf("%d feeds followed", len(list))
	if failing > 0 {
		text += fmt.Sprintf(", %d failing", failing)
	}
	return newMessage(text+".", blocks...)
}

// ago says how long ago in a few words: "just now", "5 min ago", "3 h
// ago", "2 days ago".
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days ago", int(d/(24*time.Hour)))
}
