package bot

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/store"
)

var feedsNow = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func TestFeedMessagesGolden(t *testing.T) {
	robots := store.Feed{URL: "https://factory-floor.example/feed.xml", Title: "Factory Floor", Tag: "robotics", Every: time.Hour,
		LastPoll: feedsNow.Add(-25 * time.Minute), Items: 42}
	golden(t, "followed", FollowedMessage(Followed{Feed: robots, New: true, Items: 20}))
	golden(t, "followed-already", FollowedMessage(Followed{Feed: robots}))
	golden(t, "follow-refused", followRefusedMessage("https://example.com/broken.xml", errors.New("https://example.com/broken.xml: not a well-formed feed: XML syntax error on line 1: element <title> closed by </item>")))
	golden(t, "follow-usage", followUsageMessage())
	failing := store.Feed{URL: "https://gone.example/feed", Title: "Gone Daily <!here>", Every: 2 * time.Hour, LastPoll: feedsNow.Add(-3 * time.Hour),
		Items: 7, Error: "gone.example answered 404 Not Found", Failures: 4}
	fresh := store.Feed{URL: "https://drones.example/atom.xml", Title: "Drone Notes", Tag: "drones", Every: 30 * time.Minute}
	golden(t, "feeds", FeedsMessage([]store.Feed{fresh, robots, failing}, feedsNow))
	golden(t, "feeds-none", FeedsMessage(nil, feedsNow))
	golden(t, "unfollowed", UnfollowedMessage(robots))
	golden(t, "not-followed", notFollowedMessage("https://example.com/other.xml"))
}

func TestScopeMessagesGolden(t *testing.T) {
	sc := store.Scope{Channel: "C0ROBOTS", Filter: "tag:robotics source:reuters", SetBy: "U0ADA", At: feedsNow}
	golden(t, "scope", ScopeMessage(sc, [2]int{12, 340}))
	golden(t, "scope-empty", ScopeMessage(store.Scope{Channel: "C0ROBOTS", Filter: "tag:nothing"}, [2]int{0, 340}))
	golden(t, "scope-none", noScopeMessage())
	golden(t, "scope-dm", scopeInDMMessage())
	golden(t, "scope-cleared", scopeClearedMessage(true))
	_, err := ParseScope("robots please")
	golden(t, "scope-usage", scopeUsageMessage(err))
	_, c := testEngine(t)
	b := &Bot{corpus: testCorpus{c}}
	golden(t, "stats-scoped", StatsMessage(b.scopedFacts("source:imd").Filter("patents"), StatsPage{Topic: "patents", Scope: "source:imd"}, true, nil))
}

func TestParseScope(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"tag:Robotics source:reuters", "tag:Robotics source:reuters", ""},
		{"since:2025 tag:x", "tag:x since:2025", ""},
		{"source:reuters", "source:reuters", ""},
		{"robots please", "", "“robots please” is not a filter"},
		{"since:lastyear", "", "since:lastyear: want a year"},
		{"", "", "a scope needs a filter"},
	}
	for _, tt := range tests {
		got, err := ParseScope(tt.in)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("ParseScope(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// fakeFollower is the feeds service as the bot sees it: it follows what
// it is given unless the link says "broken".
type fakeFollower struct {
	mu    sync.Mutex
	feeds []store.Feed
}

func (f *fakeFollower) Follow(_ context.Context, link, tag, user string) (Followed, error) {
	if strings.Contains(link, "broken") {
		return Followed{}, errors.New(link + ": not a well-formed feed")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	fd := store.Feed{URL: link, Title: "Factory Floor", Tag: tag, Every: time.Hour, AddedBy: user}
	f.feeds = append(f.feeds, fd)
	return Followed{Feed: fd, New: true, Items: 3}, nil
}

func (f *fakeFollower) Unfollow(_ context.Context, link string) (store.Feed, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, fd := range f.feeds {
		if fd.URL == link {
			f.feeds = append(f.feeds[:i], f.feeds[i+1:]...)
			return fd, true, nil
		}
	}
	return store.Feed{}, false, nil
}

func (f *fakeFollower) Feeds(context.Context) ([]store.Feed, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]store.Feed(nil), f.feeds...), nil
}

// /landscape follow, feeds and unfollow through Slack: a curator follows
// (with a tag) and unfollows; a malformed feed is refused; anyone lists
// the feeds; someone else may not follow. Each is recorded.
func TestFollowFromSlack(t *testing.T) {
	c := startCuration(t, "U1", func(o *Options) { o.Feeds = &fakeFollower{} })
	steps := []struct{ user, text, want string }{
		{"U1", "follow <https://factory-floor.example/feed.xml> Robotics", "Following"},
		{"U1", "follow https://example.com/broken.xml", "Not followed"},
		{"U1", "follow", "Give one feed to follow"},
		{"U0EVE", "follow https://other.example/feed.xml", "only curators"},
		{"U0EVE", "feeds", "Factory Floor"},
		{"U1", "unfollow <https://factory-floor.example/feed.xml>", "Unfollowed"},
		{"U1", "unfollow https://factory-floor.example/feed.xml", "No feed is followed at"},
		{"U0EVE", "feeds", "No feeds are followed yet"},
	}
	for i, st := range steps {
		id := "f" + string(rune('a'+i))
		c.fake.Send("slash_commands", c.fake.SlashFrom(st.user, st.text, id), 0)
		if got := c.response(t, id); !strings.Contains(got, st.want) {
			t.Errorf("/landscape %s (%s): %s\nwant %q", st.text, st.user, got, st.want)
		}
	}
	want := []string{"U1 follow  added", "U1 follow  refused", "U0EVE follow  refused", "U1 unfollow  removed", "U1 unfollow  refused"}
	if diff := cmp.Diff(want, c.curations(t)); diff != "" {
		t.Errorf("recorded (-want +got):\n%s", diff)
	}
}
