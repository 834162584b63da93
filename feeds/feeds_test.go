package feeds

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/fetch"
	"github.com/landscape-bot/landscape/store"
)

// A feed followed with a tag: its first poll adds its items, each with a
// sidecar naming the feed, the item's link and the tag, cited by the
// item's own link; the next poll is conditional and adds nothing; a new
// item is picked up by the one after.
func TestFollowAndPoll(t *testing.T) {
	s := newSite(t)
	s.addFeed("/feed.xml", &feed{title: "Robot News", first: 1, last: 3})
	e := newEnv(t, fetch.Options{})
	ctx := context.Background()
	fol, err := e.svc.Follow(ctx, s.URL+"/feed.xml", "Robotics", 0, "U1")
	if err != nil {
		t.Fatal(err)
	}
	if f := fol.Feed; !fol.New || fol.Items != 3 || f.Title != "Robot News" || f.Tag != "robotics" || f.Every != DefaultEvery || f.Site != s.URL+"/" {
		t.Errorf("followed: %+v", fol)
	}
	if n := len(e.docs(t)); n != 0 {
		t.Errorf("following added %d documents; the poll adds them", n)
	}

	res, err := e.svc.PollAll(ctx)
	if err != nil || len(res) != 1 || res[0].Err != nil {
		t.Fatalf("first poll: %+v, %v", res, err)
	}
	if n := res[0].Count(store.OutcomeAdded); n != 3 {
		t.Errorf("first poll added %d, want 3: %+v", n, res[0].Items)
	}
	docs := e.docs(t)
	var links []string
	for _, d := range docs {
		links = append(links, d.URL)
		if !cmp.Equal(d.Tags, []string{"robotics"}) || !strings.HasPrefix(d.Title, "Article ") || d.Published == "" {
			t.Errorf("%s: tags %v, title %q, published %q", d.ID, d.Tags, d.Title, d.Published)
		}
	}
	sort.Strings(links)
	want := []string{s.URL + "/articles/1.html", s.URL + "/articles/2.html", s.URL + "/articles/3.html"}
	if diff := cmp.Diff(want, links); diff != "" {
		t.Errorf("documents' links (-want +got):\n%s", diff)
	}
	var sc map[string]any
	raw, err := os.ReadFile(corpus.SidecarPath(docs[0].Path))
	if err != nil || json.Unmarshal(raw, &sc) != nil {
		t.Fatalf("sidecar: %s, %v", raw, err)
	}
	if sc["feed"] != s.URL+"/feed.xml" || sc["feed_item"] != docs[0].URL || sc["url"] != docs[0].URL || sc["added_by"] != "U1" {
		t.Errorf("sidecar: %s", raw)
	}

	e.clock.add(2 * time.Hour)
	res, _ = e.svc.PollAll(ctx)
	if !res[0].NotModified || len(res[0].Items) != 0 {
		t.Errorf("second poll: %+v", res[0])
	}
	if _, cond := s.count("/feed.xml"); cond != 1 {
		t.Errorf("%d conditional requests, want 1", cond)
	}
	s.publish("/feed.xml", 1)
	res, _ = e.svc.PollAll(ctx)
	if n := res[0].Count(store.OutcomeAdded); n != 1 || len(res[0].Items) != 1 || res[0].Items[0].Link != s.URL+"/articles/4.html" {
		t.Errorf("a new item: %+v", res[0].Items)
	}
	if n := len(e.docs(t)); n != 4 {
		t.Errorf("%d documents, want 4", n)
	}
	feeds, _ := e.svc.List(ctx)
	if f := feeds[0]; f.Items != 4 || f.Error != "" || !f.LastPoll.Equal(e.clock.now()) || f.NextPoll.Before(e.clock.now().Add(54*time.Minute)) || f.NextPoll.After(e.clock.now().Add(66*time.Minute)) {
		t.Errorf("after three polls: %+v", f)
	}
}

// A page names its Atom feed with <link rel="alternate">: following the
// page follows the feed, whose relative links are read against it.
func TestFollowAPage(t *testing.T) {
	s := newSite(t)
	s.addFeed("/atom.xml", &feed{atom: true, title: "Drone Weekly", first: 1, last: 2})
	s.page("/blog/", `<html><head><title>Blog</title>
		<link rel="stylesheet" href="/style.css">
		<link rel="alternate" type="application/atom+xml" title="Drone Weekly" href="../atom.xml">
		</head><body><p>Posts</p></body></html>`)
	e := newEnv(t, fetch.Options{})
	ctx := context.Background()
	fol, err := e.svc.Follow(ctx, s.URL+"/blog/", "", 0, "ada")
	if err != nil {
		t.Fatal(err)
	}
	if fol.Feed.URL != s.URL+"/atom.xml" || fol.Feed.Title != "Drone Weekly" || fol.Feed.Tag != "" {
		t.Errorf("followed: %+v", fol.Feed)
	}
	res, _ := e.svc.PollAll(ctx)
	if n := res[0].Count(store.OutcomeAdded); n != 2 {
		t.Errorf("added %d, want 2: %+v", n, res[0])
	}
	if _, ok, err := e.svc.Unfollow(ctx, s.URL); !ok || err != nil {
		t.Errorf("unfollow by the site's address: %v, %v", ok, err)
	}
	if feeds, _ := e.svc.List(ctx); len(feeds) != 0 {
		t.Errorf("feeds after unfollowing: %+v", feeds)
	}
	if n := len(e.docs(t)); n != 2 {
		t.Errorf("%d documents after unfollowing, want the 2 taken", n)
	}
}

// What is no feed, or is fetched from where links may not lead, is
// refused with the feed named, and nothing is followed; a private
// address is refused at the dialer's check, never dialled.
func TestFollowRefused(t *testing.T) {
	s := newSite(t)
	s.handle("/broken.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>Oops</item></channel></rss>`))
	})
	s.handle("/notes.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"notes": [1, 2`))
	})
	s.page("/plain.html", "<html><head><title>No feed here</title></head><body><p>Hello</p></body></html>")
	e := newEnv(t, fetch.Options{Resolver: resolver{"news.intranet.example": "10.1.2.3"}})
	tests := []struct{ link, want string }{
		{s.URL + "/broken.xml", "not a well-formed feed"},
		{s.URL + "/notes.json", "not a well-formed feed"},
		{s.URL + "/plain.html", "a web page that names no feed"},
		{s.URL + "/missing.xml", "404 Not Found"},
		{"http://news.intranet.example/feed.xml", "news.intranet.example resolves to 10.1.2.3, a private address"},
		{"ftp://example.com/feed.xml", "only http and https"},
	}
	for _, tt := range tests {
		_, err := e.svc.Follow(context.Background(), tt.link, "tag", 0, "U1")
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.link) {
			t.Errorf("follow %s: %v; want a refusal naming it and saying %q", tt.link, err, tt.want)
		}
	}
	if _, err := e.svc.Follow(context.Background(), s.URL+"/broken.xml", "two words", 0, "U1"); err == nil || !strings.Contains(err.Error(), "one word") {
		t.Errorf("a tag of two words: %v", err)
	}
	if _, err := e.svc.Follow(context.Background(), s.URL+"/broken.xml", "", time.Minute, "U1"); err == nil || !strings.Contains(err.Error(), "at least 5m0s") {
		t.Errorf("every minute: %v", err)
	}
	if feeds, _ := e.svc.List(context.Background()); len(feeds) != 0 {
		t.Errorf("followed: %+v", feeds)
	}
}

// A feed of 5,000 items: its first poll takes the newest 100 and records
// the rest as published before it was followed; nothing else comes later
// but what is new.
func TestFirstPollTakesTheNewest(t *testing.T) {
	s := newSite(t)
	s.addFeed("/firehose.xml", &feed{title: "Firehose", first: 1, last: 5000})
	e := newEnv(t, fetch.Options{})
	ctx := context.Background()
	if _, err := e.svc.Follow(ctx, s.URL+"/firehose.xml", "", 0, "U1"); err != nil {
		t.Fatal(err)
	}
	res, _ := e.svc.PollAll(ctx)
	if got := [3]int{res[0].Count(store.OutcomeAdded), res[0].Count(store.ItemBefore), s.articlesAsked()}; got != [3]int{MaxItems, 5000 - MaxItems, MaxItems} {
		t.Errorf("added, left before, pages fetched = %v; want %d, %d, %d", got, MaxItems, 5000-MaxItems, MaxItems)
	}
	for _, d := range e.docs(t) {
		if n := strings.TrimSuffix(filepath.Base(d.URL), ".html"); len(n) != 4 || n < "4901" {
			t.Errorf("took %s, not one of the newest 100", d.URL)
		}
	}
	s.publish("/firehose.xml", 150) // more new items than a poll takes
	res, _ = e.svc.PollAll(ctx)
	if got := [2]int{res[0].Count(store.OutcomeAdded), res[0].Count(store.ItemOverCap)}; got != [2]int{MaxItems, 50} {
		t.Errorf("added, over the cap = %v; want %d, 50", got, MaxItems)
	}
	res, _ = e.svc.PollAll(ctx)
	if !res[0].NotModified {
		t.Errorf("third poll: %+v", res[0])
	}
}

// Bad feeds are recorded and shown, and the others keep polling: one that
// turned into a web page, one that loops on redirects, one that hangs,
// one rate limited (its Retry-After honoured); an item with no article
// text is skipped and counted; one whose fetch fails is tried again.
func TestBadFeedsDoNotStopTheOthers(t *testing.T) {
	s := newSite(t)
	s.addFeed("/good.xml", &feed{title: "Good", first: 1, last: 3})
	s.page("/turned.xml", "<html><head><title>Moved</title></head><body>We moved.</body></html>")
	s.handle("/loop.xml", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop.xml", http.StatusFound) })
	s.handle("/hang.xml", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	s.handle("/busy.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7200")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	s.mu.Lock()
	s.empty["/articles/2.html"] = true
	s.flaky["/articles/3.html"] = 1
	s.mu.Unlock()
	e := newEnv(t, fetch.Options{Timeout: 500 * time.Millisecond})
	ctx := context.Background()
	for _, p := range []string{"/turned.xml", "/loop.xml", "/hang.xml", "/busy.xml", "/good.xml"} {
		// Each was a feed when followed: record it as such.
		if _, err := e.st.FollowFeed(ctx, store.Feed{URL: s.URL + p, Title: p, Every: time.Hour, AddedAt: t0, NextPoll: t0}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := e.svc.PollAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]Result{}
	for _, r := range res {
		byPath[strings.TrimPrefix(r.Feed.URL, s.URL)] = r
	}
	for p, want := range map[string]string{
		"/turned.xml": "a web page (text/html), not a feed",
		"/loop.xml":   "more than 5 redirects",
		"/hang.xml":   "took over 500ms to answer",
		"/busy.xml":   "429 Too Many Requests: retry after 2h0m0s",
	} {
		if r := byPath[p]; r.Err == nil || !strings.Contains(r.Err.Error(), want) {
			t.Errorf("%s: %v, want %q", p, r.Err, want)
		}
	}
	if r := byPath["/busy.xml"]; r.Next.Before(e.clock.now().Add(2 * time.Hour)) {
		t.Errorf("rate limited: polled again at %v, before its Retry-After", r.Next)
	}
	good := byPath["/good.xml"]
	if got := [3]int{good.Count(store.OutcomeAdded), good.Count(store.ItemSkipped), good.Count(store.OutcomeFailed)}; good.Err != nil || got != [3]int{1, 1, 1} {
		t.Errorf("good feed: added, skipped, failed = %v, %v: %+v", got, good.Err, good.Items)
	}
	feeds, _ := e.svc.List(ctx)
	for _, f := range feeds {
		if (f.Error == "") != strings.HasSuffix(f.URL, "/good.xml") {
			t.Errorf("%s: error %q recorded", f.URL, f.Error)
		}
	}
	// The failed item is tried again (the feed is read whole, not
	// conditionally, while one is left); the skipped one is not.
	res, _ = e.svc.PollAll(ctx)
	for _, r := range res {
		if strings.HasSuffix(r.Feed.URL, "/good.xml") && (r.NotModified || r.Count(store.OutcomeAdded) != 1 || len(r.Items) != 1) {
			t.Errorf("second poll of the good feed: %+v", r)
		}
	}
	if n := len(e.docs(t)); n != 2 {
		t.Errorf("%d documents, want 2", n)
	}
}

// After failures in a row the interval doubles, up to a day, and never
// comes before a Retry-After.
func TestNext(t *testing.T) {
	s := &Service{}
	now := t0
	tests := []struct {
		name     string
		failures int
		err      error
		want     time.Duration
	}{
		{"went well", 0, nil, time.Hour},
		{"first failure", 0, errors.New("x"), time.Hour},
		{"third failure", 2, errors.New("x"), 4 * time.Hour},
		{"many", 30, errors.New("x"), maxBackoff},
		{"retry after", 0, &fetch.RetryLater{After: 5 * time.Hour}, 5 * time.Hour}, // never before it
		{"retry after, shorter than the back-off", 3, &fetch.RetryLater{After: time.Minute}, 8 * time.Hour},
	}
	for _, tt := range tests {
		got := s.next(store.Feed{Every: time.Hour, Failures: tt.failures}, Result{Err: tt.err}, false, now).Sub(now)
		lo, hi := time.Duration(float64(tt.want)*(1-jitterShare)), time.Duration(float64(tt.want)*(1+jitterShare))
		var later *fetch.RetryLater
		if errors.As(tt.err, &later) && later.After == tt.want {
			lo, hi = tt.want, tt.want
		}
		if got < lo || got > hi {
			t.Errorf("%s: next in %v, want %v ± %v%%", tt.name, got, tt.want, jitterShare*100)
		}
	}
	if got := s.next(store.Feed{Every: time.Hour}, Result{}, true, now); !got.Equal(now) {
		t.Errorf("a poll cut short: next at %v, want at once", got)
	}
}

// Two processes sharing a store: the one that holds a feed's lease polls
// it; the other leaves it.
func TestOnePollerAtATime(t *testing.T) {
	s := newSite(t)
	s.addFeed("/feed.xml", &feed{title: "Shared", first: 1, last: 1})
	e := newEnv(t, fetch.Options{})
	ctx := context.Background()
	if _, err := e.svc.Follow(ctx, s.URL+"/feed.xml", "", 0, "U1"); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := e.st.ClaimFeed(ctx, s.URL+"/feed.xml", "other-replica", lease, true); !ok || err != nil {
		t.Fatal("the other replica's claim", ok, err)
	}
	res, err := e.svc.PollAll(ctx)
	if err != nil || len(res) != 1 || !res[0].Busy {
		t.Errorf("poll beside the other replica: %+v, %v", res, err)
	}
	due, err := e.svc.PollDue(ctx)
	if err != nil || len(due) != 0 {
		t.Errorf("due beside the other replica: %+v, %v", due, err)
	}
	if asked, _ := s.count("/feed.xml"); asked != 1 { // the follow's own read
		t.Errorf("the feed was read %d times, want once", asked)
	}
}

func TestParseOPML(t *testing.T) {
	opml := `<?xml version="1.0"?><opml version="2.0"><head><title>Subscriptions</title></head><body>
		<outline text="AI &amp; Robotics"><outline text="Robot News" type="rss" xmlUrl="https://example.com/feed.xml"/>
		<outline title="Drone Weekly" text="dw" xmlUrl=" https://example.org/atom.xml "/></outline>
		<outline text="Top" type="rss" xmlUrl="https://example.net/rss"/></body></opml>`
	got, err := ParseOPML(strings.NewReader(opml))
	if err != nil {
		t.Fatal(err)
	}
	want := []Subscription{
		{URL: "https://example.com/feed.xml", Title: "Robot News", Folder: "AI & Robotics"},
		{URL: "https://example.org/atom.xml", Title: "Drone Weekly", Folder: "AI & Robotics"},
		{URL: "https://example.net/rss", Title: "Top"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("subscriptions (-want +got):\n%s", diff)
	}
	for _, bad := range []string{"<html></html>", `<opml><body><outline text="empty"/></body></opml>`, "not xml"} {
		if _, err := ParseOPML(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseOPML(%q): no error", bad)
		}
	}
}

func TestTags(t *testing.T) {
	for in, want := range map[string]string{"Robotics": "robotics", " ai-policy ": "ai-policy", "": "", "机器人": "机器人"} {
		if got, err := Tag(in); got != want || err != nil {
			t.Errorf("Tag(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"two words", "tag:x", "-x", strings.Repeat("a", maxTag+1)} {
		if _, err := Tag(bad); err == nil {
			t.Errorf("Tag(%q): no error", bad)
		}
	}
	for in, want := range map[string]string{"AI & Robotics": "ai-robotics", "News": "news", "★": ""} {
		if got := FolderTag(in); got != want {
			t.Errorf("FolderTag(%q) = %q, want %q", in, got, want)
		}
	}
}

// Run polls the feeds as they come due, each time the clock's timer
// fires, reports each poll, and returns when its context ends.
func TestRun(t *testing.T) {
	s := newSite(t)
	s.addFeed("/feed.xml", &feed{title: "Robot News", first: 1, last: 2})
	e := newEnv(t, fetch.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := e.svc.Follow(ctx, s.URL+"/feed.xml", "robotics", 0, "U1"); err != nil {
		t.Fatal(err)
	}
	tick := make(chan time.Time)
	reports := make(chan Result, 8)
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.svc.Run(ctx, func(time.Duration) <-chan time.Time { return tick }, func(r Result, err error) {
			if err != nil {
				t.Error(err)
			}
			reports <- r
		})
	}()
	if r := <-reports; r.Count(store.OutcomeAdded) != 2 {
		t.Errorf("first poll: %+v", r)
	}
	s.publish("/feed.xml", 1)
	tick <- t0 // not due yet: an hour has not passed
	e.clock.add(2 * time.Hour)
	tick <- t0
	if r := <-reports; r.Count(store.OutcomeAdded) != 1 {
		t.Errorf("the poll an hour later: %+v", r)
	}
	cancel()
	<-done
	if len(reports) != 0 {
		t.Errorf("polled a feed not due: %+v", <-reports)
	}
}
