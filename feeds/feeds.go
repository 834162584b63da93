// Package feeds keeps the corpus current from followed feeds (RSS 2.0,
// Atom, JSON Feed): it follows a feed — given its address, or a page whose
// <link rel="alternate"> names one, or a feed reader's OPML export — and
// polls each on its schedule, with conditional GETs, jitter, back-off on
// errors and a server's Retry-After, one replica at a time (a lease in the
// store). Each new item's link is fetched by the safe fetcher and added
// through the one curation path (curate: staged, checked, deduplicated by
// link and by text), with a sidecar naming the feed, the item's link and
// the feed's tag. A feed is followed from now on: its first poll takes its
// newest MaxItems items at most, later polls what is new, MaxItems at most.
package feeds

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/landscape-bot/landscape/curate"
	"github.com/landscape-bot/landscape/fetch"
	"github.com/landscape-bot/landscape/store"
)

const (
	// DefaultEvery is how often a feed is polled unless told otherwise:
	// news sites publish a few times a day, and an hour is what feed
	// readers use.
	DefaultEvery = time.Hour
	// MinEvery is the shortest schedule: polling more often than this
	// burdens the server for items that rarely come that fast.
	MinEvery = 5 * time.Minute
	// MaxItems is how many items one poll takes at most: a feed of 5,000
	// items cannot flood the corpus, and a poll's fetches end in minutes.
	MaxItems = 100
	// maxAttempts is how often an item whose fetch failed (a timeout, a
	// dropped connection) is tried, a poll each, before it is given up.
	maxAttempts = 3
	// jitterShare spreads polls by up to this share of their interval
	// either way, so that feeds followed together and replicas started
	// together do not poll in step.
	jitterShare = 0.1
	// maxBackoff bounds the wait after failures in a row (the interval
	// doubles with each): a feed that comes back is seen within a day.
	maxBackoff = 24 * time.Hour
	// pollBudget bounds one poll: MaxItems fetches within fetch.Timeout
	// each take far less in practice; what is left is taken next time.
	pollBudget = 10 * time.Minute
	// lease is how long a replica holds a feed it polls: past it (the
	// replica died), another polls it.
	lease = pollBudget + time.Minute
	// recordTimeout bounds recording a poll that shutdown cut short.
	recordTimeout = 10 * time.Second
)

// Store is what following and polling need of the state store;
// *store.Store is one.
type Store interface {
	FollowFeed(ctx context.Context, f store.Feed) (bool, error)
	UnfollowFeed(ctx context.Context, url string) (store.Feed, bool, error)
	Feeds(ctx context.Context) ([]store.Feed, error)
	DueFeeds(ctx context.Context) ([]string, error)
	ClaimFeed(ctx context.Context, url, owner string, lease time.Duration, due bool) (store.Feed, bool, error)
	FinishFeedPoll(ctx context.Context, url, owner string, p store.FeedPoll) error
	FeedItems(ctx context.Context, url string) (map[string]store.FeedItem, error)
	RecordFeedItems(ctx context.Context, url string, items []store.FeedItem) error
}

// Fetcher fetches feeds and the pages their items link to, within the
// rules of links people paste; *fetch.Fetcher is one.
type Fetcher interface {
	GetFeed(ctx context.Context, link string, v fetch.Validators) (*fetch.Feed, error)
	curate.Fetcher
}

// Adder adds a document to the corpus through the one curation path;
// *curate.Curator is one.
type Adder interface {
	Add(ctx context.Context, in curate.Input) (curate.Report, error)
}

// Service follows feeds and polls them.
type Service struct {
	store Store
	fetch Fetcher
	add   Adder
	owner string // this process, as the holder of feed leases
	now   func() time.Time
}

// New returns a service that keeps feeds in st, fetches with f, adds
// documents with a, and holds leases as owner (store.NewOwner).
func New(st Store, f Fetcher, a Adder, owner string, now func() time.Time) *Service {
	return &Service{store: st, fetch: f, add: a, owner: owner, now: now}
}

// Followed is what following a feed did.
type Followed struct {
	Feed store.Feed
	New  bool // false: it was followed already (its tag and schedule are now these)
	// Items is how many items the feed holds now; its first poll takes the
	// newest MaxItems of them.
	Items int
}

// maxTag bounds a tag: a word or two, typed in filters.
const maxTag = 40

var tagRE = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}_-]*$`)

// Tag reads a tag as typed ("Robotics") into the form documents carry
// ("robotics"): one word of letters, digits, "-" and "_". "" is no tag.
func Tag(s string) (string, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return "", nil
	}
	if !tagRE.MatchString(t) || utf8.RuneCountInString(t) > maxTag {
		return "", fmt.Errorf("tag %q: one word of letters, digits, - and _ (at most %d), such as robotics", s, maxTag)
	}
	return t, nil
}

// Refusal is a feed that cannot be followed: not a feed, or a link the
// fetcher refuses; its message names the feed.
type Refusal struct {
	URL    string
	Reason string
}

func (r *Refusal) Error() string { return r.URL + ": " + r.Reason }

// Follow follows the feed at link — a feed, or a page whose <link
// rel="alternate"> names one — tagging what it brings with tag, polled
// every (0: DefaultEvery) from now on, for by (who follows it). A link
// that leads to no feed, or that the fetcher refuses, is a *Refusal and
// follows nothing.
func (s *Service) Follow(ctx context.Context, link, tag string, every time.Duration, by string) (Followed, error) {
	tag, err := Tag(tag)
	if err != nil {
		return Followed{}, err
	}
	switch {
	case every == 0:
		every = DefaultEvery
	case every < MinEvery:
		return Followed{}, fmt.Errorf("every %v: at least %v, not to burden the server", every, MinEvery)
	}
	link = strings.TrimSpace(link)
	fd, doc, err := s.discover(ctx, link)
	if err != nil {
		var r *Refusal
		if errors.As(err, &r) {
			return Followed{}, err
		}
		return Followed{}, &Refusal{URL: link, Reason: err.Error()}
	}
	now := s.now()
	f := store.Feed{URL: fd.URL, Title: feedTitle(doc.Title, fd.URL), Site: resolve(fd.URL, doc.Link), Tag: tag, Every: every,
		AddedBy: by, AddedAt: now, NextPoll: now}
	isNew, err := s.store.FollowFeed(ctx, f)
	if err != nil {
		return Followed{}, err
	}
	return Followed{Feed: f, New: isNew, Items: len(doc.Items)}, nil
}

// Unfollow stops following the feed at link (its address, or its
// site's). The documents it brought stay. It returns the feed; false when
// none is followed there.
func (s *Service) Unfollow(ctx context.Context, link string) (store.Feed, bool, error) {
	link = strings.TrimSpace(link)
	f, ok, err := s.store.UnfollowFeed(ctx, link)
	if err != nil || ok {
		return f, ok, err
	}
	// Also as written with or without its last slash.
	if alt := strings.TrimSuffix(link, "/"); alt != link {
		return s.store.UnfollowFeed(ctx, alt)
	}
	return s.store.UnfollowFeed(ctx, link+"/")
}

// List lists the feeds followed, by title.
func (s *Service) List(ctx context.Context) ([]store.Feed, error) { return s.store.Feeds(ctx) }

// maxTitle bounds a feed's title as kept and shown.
const maxTitle = 200

// feedTitle is a feed's title on one line, or its host when it has none.
func feedTitle(title, feedURL string) string {
	t := strings.Join(strings.Fields(title), " ")
	if t == "" {
		if u, err := url.Parse(feedURL); err == nil {
			t = u.Host
		}
	}
	if r := []rune(t); len(r) > maxTitle {
		t = string(r[:maxTitle-1]) + "…"
	}
	return t
}

// resolve is ref read against base; "" when either is not a link.
func resolve(base, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	b, err := url.Parse(base)
	if err != nil {
		return ""
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	return b.ResolveReference(r).String()
}

// jitter spreads d by up to jitterShare of it either way.
func jitter(d time.Duration) time.Duration {
	return d + time.Duration((rand.Float64()*2-1)*jitterShare*float64(d))
}
