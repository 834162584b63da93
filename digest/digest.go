package digest

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/store"
)

// Digest is one day's digest, ready to render.
type Digest struct {
	Date     time.Time // the slot it stands for
	Fact     *facts.Fact
	Activity store.Activity
}

// FactOfTheDay picks the fact for date: facts in a fixed order, one a day,
// so that consecutive days go through all of them before any repeats.
func FactOfTheDay(set *facts.Set, date time.Time) *facts.Fact {
	if set == nil || len(set.Facts) == 0 {
		return nil
	}
	fs := append([]facts.Fact(nil), set.Facts...)
	sort.SliceStable(fs, func(i, j int) bool { // independent of ranking changes
		a, b := fs[i], fs[j]
		if a.Passage != b.Passage {
			return a.Passage < b.Passage
		}
		return a.Value < b.Value
	})
	y, m, d := date.Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	f := fs[int(day%int64(len(fs)))]
	return &f
}

// ActivityReader is what composing a digest needs of the state store.
type ActivityReader interface {
	ActivityBetween(ctx context.Context, from, to time.Time) (store.Activity, error)
	LastPosted(ctx context.Context, before time.Time) (time.Time, bool, error)
}

// Compose builds the digest for slot: the activity since the last posted
// digest (or the previous slot, when none was posted). A nil reader gives
// a digest with the fact of the day only.
func Compose(ctx context.Context, cfg Config, slot time.Time, set *facts.Set, r ActivityReader) (Digest, error) {
	d := Digest{Date: slot.In(cfg.Loc), Fact: FactOfTheDay(set, slot.In(cfg.Loc))}
	if r == nil {
		return d, nil
	}
	since, ok, err := r.LastPosted(ctx, slot)
	if err != nil {
		return d, err
	}
	if !ok {
		since = cfg.Latest(slot.Add(-time.Second))
		if since.IsZero() {
			since = slot.Add(-24 * time.Hour)
		}
	}
	d.Activity, err = r.ActivityBetween(ctx, since, slot)
	return d, err
}

// Poster posts a digest to Slack, and finds one posted earlier.
type Poster interface {
	PostDigest(ctx context.Context, channel string, d Digest, slot time.Time) (ts string, err error)
	FindDigest(ctx context.Context, channel string, slot time.Time) (ts string, found bool, err error)
}

// Ledger is what the scheduler needs of the state store.
type Ledger interface {
	ActivityReader
	ClaimDigest(ctx context.Context, slot time.Time, channel, owner string, lease time.Duration) (store.Claim, error)
	MarkDigest(ctx context.Context, slot time.Time, state, ts string) error
	SkipDigest(ctx context.Context, slot time.Time, channel, owner string) (bool, error)
	DigestState(ctx context.Context, slot time.Time) (state, ts string, err error)
}

// Scheduler posts the digest at each slot, exactly once.
type Scheduler struct {
	cfg    Config
	ledger Ledger
	poster Poster
	facts  func() *facts.Set
	log    *slog.Logger
	owner  string // this process, in the ledger
	now    func() time.Time
	after  func(time.Duration) <-chan time.Time
	// lease is how long a claim or a post in progress is trusted before
	// another process may take the slot over.
	lease time.Duration
}

// NewScheduler returns a scheduler; now and after are the clock (time.Now,
// time.After in production).
func NewScheduler(cfg Config, l Ledger, p Poster, fs func() *facts.Set, log *slog.Logger, owner string,
	now func() time.Time, after func(time.Duration) <-chan time.Time) *Scheduler {
	return &Scheduler{cfg: cfg, ledger: l, poster: p, facts: fs, log: log, owner: owner, now: now, after: after, lease: 2 * time.Minute}
}

// pollEvery bounds the wait between checks, so a failed post is retried
// and a clock jump is noticed within it.
const pollEvery = time.Minute

// Run checks at each slot (and at least every minute) until ctx ends.
func (s *Scheduler) Run(ctx context.Context) error {
	for {
		if err := s.Check(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("digest", "err", err)
		}
		wait := min(s.cfg.Next(s.now()).Sub(s.now()), pollEvery)
		select {
		case <-ctx.Done():
			return nil
		case <-s.after(max(wait, 0)):
		}
	}
}

// Check posts the latest slot's digest if it is due and nobody has: late,
// within the catch-up window, when the bot was down at the slot; a slot
// missed by more than that is skipped, and said so once in the log.
func (s *Scheduler) Check(ctx context.Context) error {
	now := s.now()
	slot := s.cfg.Latest(now)
	if slot.IsZero() {
		return nil
	}
	if late := now.Sub(slot); late > s.cfg.Catchup {
		first, err := s.ledger.SkipDigest(ctx, slot, s.cfg.Channel, s.owner)
		if err == nil && first {
			s.log.Warn("digest slot skipped: the bot was not running within the catch-up window", "slot", slot, "late", late.Round(time.Second), "catchup", s.cfg.Catchup)
		}
		return err
	}
	d, err := s.Deliver(ctx, slot)
	if err != nil || d.Claim == store.ClaimNone {
		return err
	}
	if d.Found {
		s.log.Info("digest found in the channel, posted by an attempt that stopped before recording it", "slot", slot, "channel", s.cfg.Channel)
		return nil
	}
	s.log.Info("digest posted", "slot", slot, "channel", s.cfg.Channel, "late", now.Sub(slot).Round(time.Second))
	return nil
}

// Delivery is what Deliver did.
type Delivery struct {
	// Claim is how the slot was claimed; ClaimNone: it was not (posted,
	// skipped, or in another process's hands), and State says which.
	Claim store.Claim
	State string // the slot's state in the ledger at the end
	TS    string // the digest's message, when there is one
	// Found: an earlier attempt, which died while posting, had posted it;
	// it was recorded, not posted again.
	Found bool
}

// deliverTimeout bounds a delivery once the slot is claimed: it then runs
// to the end even when its context ends (a shutdown), so that the slot is
// not left half done; posting through Slack's rate limits takes far less.
const deliverTimeout = time.Minute

// Deliver is the one way a digest goes out, for the scheduler and for
// `landscape digest` alike: claim slot in the ledger; if an earlier attempt
// died while posting, look for its message in the channel before posting
// (and, when the channel cannot be checked, mark the slot unknown rather
// than risk posting twice); compose, post, record.
func (s *Scheduler) Deliver(ctx context.Context, slot time.Time) (Delivery, error) {
	claim, err := s.ledger.ClaimDigest(ctx, slot, s.cfg.Channel, s.owner, s.lease)
	d := Delivery{Claim: claim}
	if err != nil {
		return d, err
	}
	if claim == store.ClaimNone {
		d.State, d.TS, err = s.ledger.DigestState(ctx, slot)
		return d, err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), deliverTimeout)
	defer cancel()
	if claim == store.ClaimVerify {
		// The last claimer died while posting: it may have posted.
		ts, found, err := s.poster.FindDigest(ctx, s.cfg.Channel, slot)
		if err != nil {
			d.State = store.StateUnknown
			_ = s.ledger.MarkDigest(ctx, slot, d.State, "")
			return d, fmt.Errorf("digest %v: an earlier post may or may not have gone out, and the channel could not be checked (%w); not posting twice", slot, err)
		}
		if found {
			d.State, d.TS, d.Found = store.StatePosted, ts, true
			return d, s.ledger.MarkDigest(ctx, slot, d.State, ts)
		}
	}
	dg, err := Compose(ctx, s.cfg, slot, s.facts(), s.ledger)
	if err != nil {
		d.State = store.StateFailed
		_ = s.ledger.MarkDigest(ctx, slot, d.State, "")
		return d, fmt.Errorf("digest %v: %w", slot, err)
	}
	if err := s.ledger.MarkDigest(ctx, slot, store.StatePosting, ""); err != nil {
		return d, err
	}
	ts, err := s.poster.PostDigest(ctx, s.cfg.Channel, dg, slot)
	if err != nil {
		d.State = store.StateFailed
		_ = s.ledger.MarkDigest(ctx, slot, d.State, "")
		return d, fmt.Errorf("digest %v: post: %w (retried within the catch-up window)", slot, err)
	}
	d.State, d.TS = store.StatePosted, ts
	return d, s.ledger.MarkDigest(ctx, slot, d.State, ts)
}
