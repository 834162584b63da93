package feeds

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/curate"
	"github.com/landscape-bot/landscape/fetch"
	"github.com/landscape-bot/landscape/store"
)

// Result is what one poll of a feed did.
type Result struct {
	Feed store.Feed // as claimed, before the poll
	// Busy: another replica is polling it; nothing was done.
	Busy bool
	// NotModified: the server answered 304 to the conditional GET.
	NotModified bool
	// Err is why the feed itself could not be read (its items were not
	// looked at); nil when it was.
	Err error
	// Items are the items this poll saw for the first time (or tried
	// again), with what became of each.
	Items []store.FeedItem
	// Next is when the feed is polled again.
	Next time.Time
}

// Count is how many of the poll's items had outcome.
func (r Result) Count(outcome string) int {
	n := 0
	for _, it := range r.Items {
		if it.Outcome == outcome {
			n++
		}
	}
	return n
}

// PollAll polls every followed feed once, now, due or not; one another
// replica is polling is left to it (Busy).
func (s *Service) PollAll(ctx context.Context) ([]Result, error) {
	feeds, err := s.store.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, f := range feeds {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		out = append(out, s.claimAndPoll(ctx, f.URL, false))
	}
	return out, nil
}

// PollDue polls the feeds due now that no other replica is polling.
func (s *Service) PollDue(ctx context.Context) ([]Result, error) {
	due, err := s.store.DueFeeds(ctx)
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, u := range due {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		if r := s.claimAndPoll(ctx, u, true); !r.Busy {
			out = append(out, r)
		}
	}
	return out, nil
}

// checkEvery is how often Run looks for feeds due: a feed is polled at
// most this late.
const checkEvery = time.Minute

// Run polls the feeds as they come due until ctx ends, reporting each
// poll (and each failure to read the store) to report; after is the
// clock's timer (time.After).
func (s *Service) Run(ctx context.Context, after func(time.Duration) <-chan time.Time, report func(Result, error)) {
	for {
		results, err := s.PollDue(ctx)
		for _, r := range results {
			report(r, nil)
		}
		if err != nil && ctx.Err() == nil {
			report(Result{}, err)
		}
		select {
		case <-ctx.Done():
			return
		case <-after(jitter(checkEvery)):
		}
	}
}

// claimAndPoll polls the feed at u if this process can lease it (and, with
// due, if it is due).
func (s *Service) claimAndPoll(ctx context.Context, u string, due bool) Result {
	f, ok, err := s.store.ClaimFeed(ctx, u, s.owner, lease, due)
	switch {
	case err != nil:
		return Result{Feed: store.Feed{URL: u}, Err: err}
	case !ok:
		return Result{Feed: store.Feed{URL: u}, Busy: true}
	}
	return s.poll(ctx, f)
}

// poll reads f and takes its new items, then records the poll and ends
// the lease, whatever happened (a shutdown included).
func (s *Service) poll(ctx context.Context, f store.Feed) Result {
	pctx, cancel := context.WithTimeout(ctx, pollBudget)
	defer cancel()
	res := Result{Feed: f}
	p := store.FeedPoll{ETag: f.ETag, LastModified: f.LastModified}
	fd, doc, err := s.read(pctx, f)
	switch {
	case err != nil:
		res.Err = err
	case fd.NotModified:
		res.NotModified = true
	default:
		p.Title = feedTitle(doc.Title, f.URL)
		var complete bool
		res.Items, complete, err = s.take(pctx, f, doc)
		if err != nil {
			res.Err = err
		} else if complete {
			// Only once every new item is taken: a 304 next time must not
			// hide one left for later.
			p.ETag, p.LastModified = fd.Validators.ETag, fd.Validators.LastModified
		}
	}
	p.At = s.now()
	res.Next = s.next(f, res, ctx.Err() != nil, p.At)
	p.NextPoll, p.Added = res.Next, res.Count(store.OutcomeAdded)
	if res.Err != nil {
		p.Error = res.Err.Error()
	}
	rctx, rcancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer rcancel()
	if err := s.store.FinishFeedPoll(rctx, f.URL, s.owner, p); err != nil && res.Err == nil {
		res.Err = err
	}
	return res
}

// read fetches f conditionally and parses it.
func (s *Service) read(ctx context.Context, f store.Feed) (*fetch.Feed, *gofeed.Feed, error) {
	fd, err := s.fetch.GetFeed(ctx, f.URL, fetch.Validators{ETag: f.ETag, LastModified: f.LastModified})
	switch {
	case err != nil:
		return nil, nil, err
	case fd.NotModified:
		return fd, nil, nil
	case fd.IsPage():
		return nil, nil, errPage(fd)
	}
	doc, err := parse(fd)
	return fd, doc, err
}

// next is when f is polled again after res: its interval, jittered; after
// failures in a row, the interval doubled for each (up to maxBackoff), and
// never before the server's Retry-After; at once when shutdown cut the
// poll short.
func (s *Service) next(f store.Feed, res Result, cut bool, now time.Time) time.Time {
	if cut {
		return now
	}
	if res.Err == nil {
		return now.Add(jitter(f.Every))
	}
	wait := f.Every
	for range min(f.Failures, 16) {
		wait *= 2
	}
	wait = jitter(min(wait, maxBackoff))
	var later *fetch.RetryLater
	if errors.As(res.Err, &later) {
		wait = max(wait, later.After)
	}
	return now.Add(wait)
}

// item is a feed's item as a poll takes it.
type item struct {
	key, link, title string
	published        *time.Time
}

// items lists doc's items with a link, newest first (in the feed's own
// order when some are undated), links read against the feed's address.
func items(doc *gofeed.Feed, feedURL string) []item {
	var out []item
	dated := true
	for _, it := range doc.Items {
		link := it.Link
		if link == "" && len(it.Links) > 0 {
			link = it.Links[0]
		}
		if link = resolve(feedURL, link); link == "" {
			continue
		}
		key := strings.TrimSpace(it.GUID)
		if key == "" {
			key = link
		}
		when := it.PublishedParsed
		if when == nil {
			when = it.UpdatedParsed
		}
		dated = dated && when != nil
		out = append(out, item{key: key, link: link, title: strings.Join(strings.Fields(it.Title), " "), published: when})
	}
	if dated {
		sort.SliceStable(out, func(i, j int) bool { return out[i].published.After(*out[j].published) })
	}
	return out
}

// take adds the items of doc that polls have not seen, newest first, at
// most MaxItems; on the feed's first poll the older ones are recorded as
// published before it was followed, later the ones over MaxItems as left
// out. complete reports that every new item was dealt with (none is left
// to try again).
func (s *Service) take(ctx context.Context, f store.Feed, doc *gofeed.Feed) (taken []store.FeedItem, complete bool, err error) {
	seen, err := s.store.FeedItems(ctx, f.URL)
	if err != nil {
		return nil, false, err
	}
	var fresh []item
	for _, it := range items(doc, f.URL) {
		if old, ok := seen[it.key]; !ok || old.Outcome == store.OutcomeFailed && old.Attempts < maxAttempts {
			fresh = append(fresh, it)
		}
	}
	leftOut := store.ItemOverCap
	if len(seen) == 0 { // the first poll that read the feed
		leftOut = store.ItemBefore
	}
	var passed []store.FeedItem
	if len(fresh) > MaxItems {
		for _, it := range fresh[MaxItems:] {
			passed = append(passed, store.FeedItem{Key: it.key, Link: it.link, Outcome: leftOut})
		}
		fresh = fresh[:MaxItems]
	}
	if err := s.store.RecordFeedItems(ctx, f.URL, passed); err != nil {
		return nil, false, err
	}
	complete = true
	for _, it := range fresh {
		if ctx.Err() != nil {
			return append(passed, taken...), false, nil
		}
		got := s.addItem(ctx, f, it)
		if ctx.Err() != nil && got.Outcome == store.OutcomeFailed {
			return append(passed, taken...), false, nil // cut short: tried again next time
		}
		if got.Outcome == store.OutcomeFailed {
			complete = false
		}
		if err := s.store.RecordFeedItems(ctx, f.URL, []store.FeedItem{got}); err != nil {
			return append(passed, taken...), false, err
		}
		taken = append(taken, got)
	}
	return append(passed, taken...), complete, nil
}

// sidecar is what a feed's document records beside it: the corpus reads
// url, title, published and tags; feed and feed_item say where it came
// from.
type sidecar struct {
	URL       string    `json:"url"`
	Title     string    `json:"title,omitempty"`
	Published string    `json:"published,omitempty"`
	Tags      []string  `json:"tags,omitempty"`
	Feed      string    `json:"feed"`
	FeedItem  string    `json:"feed_item"`
	AddedBy   string    `json:"added_by,omitempty"`
	AddedAt   time.Time `json:"added_at"`
}

// addItem fetches the page it links to and adds it through the curation
// path, with a sidecar recording the feed, the item's link and the tag.
func (s *Service) addItem(ctx context.Context, f store.Feed, it item) store.FeedItem {
	rec := store.FeedItem{Key: it.key, Link: it.link, At: s.now()}
	resp, err := s.fetch.Get(ctx, it.link)
	if err != nil {
		return outcome(rec, curate.Report{}, err)
	}
	defer resp.Body.Close()
	sc := sidecar{URL: resp.URL, Title: it.title, Feed: f.URL, FeedItem: it.link, AddedBy: f.AddedBy, AddedAt: rec.At.UTC()}
	if it.published != nil {
		sc.Published = it.published.UTC().Format("2006-01-02")
	}
	if f.Tag != "" {
		sc.Tags = []string{f.Tag}
	}
	meta, err := json.MarshalIndent(sc, "", "  ")
	if err != nil {
		return outcome(rec, curate.Report{}, err)
	}
	rep, err := s.add.Add(ctx, curate.Input{Name: curate.LinkFileName(resp.URL, resp.Ext), Body: resp.Body, Sidecar: meta, Rename: true})
	return outcome(rec, rep, err)
}

// outcome records how adding an item went: added, a duplicate, skipped
// (no article text), refused (the fetcher's rules, a page gone), or
// failed (a server slow or failing, a connection lost: to try again).
func outcome(rec store.FeedItem, rep curate.Report, err error) store.FeedItem {
	var refusal *fetch.Refusal
	var problem corpus.Problem
	switch {
	case err == nil && rep.DuplicateOf != nil:
		rec.Outcome, rec.DocID, rec.Detail = store.OutcomeDuplicate, rep.DuplicateOf.ID, "the same as "+rep.DuplicateOf.ID
	case err == nil:
		rec.Outcome, rec.DocID = store.OutcomeAdded, rep.Doc.ID
	case errors.As(err, &problem):
		rec.Outcome, rec.Detail = store.ItemSkipped, problem.Msg
	case errors.As(err, &refusal) && !refusal.Temporary:
		rec.Outcome, rec.Detail = store.OutcomeRefused, refusal.Error()
	default:
		rec.Outcome, rec.Detail = store.OutcomeFailed, err.Error()
	}
	return rec
}
