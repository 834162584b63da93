package digest

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/store"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// fakePoster records digests by slot; it can fail the next posts.
type fakePoster struct {
	mu       sync.Mutex
	posts    map[int64]int
	failNext int
	findErr  error
}

func (p *fakePoster) PostDigest(ctx context.Context, channel string, d Digest, slot time.Time) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.failNext > 0 {
		p.failNext--
		return "", errors.New("slack is down")
	}
	if p.posts == nil {
		p.posts = map[int64]int{}
	}
	p.posts[slot.Unix()]++
	return "1700.0001", nil
}

func (p *fakePoster) FindDigest(ctx context.Context, channel string, slot time.Time) (string, bool, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return "1700.0001", p.posts[slot.Unix()] > 0, p.findErr
}

func (p *fakePoster) count(slot time.Time) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.posts[slot.Unix()]
}

func config(t *testing.T, env map[string]string) Config {
	t.Helper()
	c, err := ParseConfig(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func builtinFacts(t testing.TB) *facts.Set {
	c, _, err := corpus.Load(corpus.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return facts.Extract(c)
}

type rig struct {
	cfg    Config
	clock  *clock
	poster *fakePoster
	path   string
	logs   *strings.Builder
	mu     *sync.Mutex
}

func newRig(t *testing.T, env map[string]string) *rig {
	if env == nil {
		env = map[string]string{"DIGEST_CHANNEL": "C1"}
	}
	return &rig{cfg: config(t, env), clock: &clock{}, poster: &fakePoster{}, path: filepath.Join(t.TempDir(), store.FileName), logs: &strings.Builder{}, mu: &sync.Mutex{}}
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *strings.Builder
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// instance is one bot process: its own store handle on the shared file.
func (r *rig) instance(t *testing.T, owner string) *Scheduler {
	st, err := store.Open(context.Background(), r.path, store.Options{Now: r.clock.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	set := builtinFacts(t)
	log := slog.New(slog.NewTextHandler(lockedWriter{r.mu, r.logs}, nil))
	return NewScheduler(r.cfg, st, r.poster, func() *facts.Set { return set }, log, owner, r.clock.now, time.After)
}

func (r *rig) check(t *testing.T, s *Scheduler) {
	t.Helper()
	if err := s.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func zurich(t *testing.T, y int, m time.Month, d, h, min int) time.Time {
	loc, err := time.LoadLocation("Europe/Zurich")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(y, m, d, h, min, 0, 0, loc)
}

func TestConfig(t *testing.T) {
	c := config(t, map[string]string{})
	if c.Channel != "" || c.Spec != DefaultSchedule || c.Loc != time.UTC || c.Catchup != 2*time.Hour {
		t.Errorf("defaults: %+v", c)
	}
	_, err := ParseConfig(func(k string) string {
		return map[string]string{"DIGEST_SCHEDULE": "every day", "DIGEST_TZ": "Mars/Olympus", "DIGEST_CATCHUP": "soon"}[k]
	})
	for _, want := range []string{"DIGEST_SCHEDULE", "DIGEST_TZ", "DIGEST_CATCHUP"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %s: %v", want, err)
		}
	}
}

// Slots at 09:00 local stay at 09:00 local across the spring and autumn
// clock changes; across midnight the latest slot is yesterday's.
func TestScheduleAcrossMidnightAndDST(t *testing.T) {
	c := config(t, map[string]string{"DIGEST_SCHEDULE": "0 9 * * *", "DIGEST_TZ": "Europe/Zurich"})
	for _, day := range []time.Time{zurich(t, 2026, 3, 28, 12, 0), zurich(t, 2026, 3, 29, 12, 0), zurich(t, 2026, 10, 25, 12, 0)} {
		got := c.Latest(day)
		if h, m := got.Hour(), got.Minute(); h != 9 || m != 0 || got.Day() != day.Day() {
			t.Errorf("Latest(%v) = %v, want 09:00 that day", day, got)
		}
	}
	if a, b := c.Latest(zurich(t, 2026, 3, 28, 12, 0)), c.Latest(zurich(t, 2026, 3, 29, 12, 0)); b.Sub(a) != 23*time.Hour {
		t.Errorf("slots across the spring change are %v apart, want 23h", b.Sub(a))
	}
	if got, want := c.Latest(zurich(t, 2026, 11, 27, 0, 30)), zurich(t, 2026, 11, 26, 9, 0); !got.Equal(want) {
		t.Errorf("just after midnight: %v, want %v", got, want)
	}
	// 02:30 does not exist on the spring-change day: no slot, and no double.
	c2 := config(t, map[string]string{"DIGEST_SCHEDULE": "30 2 * * *", "DIGEST_TZ": "Europe/Zurich"})
	seen := map[string]bool{}
	for s := c2.Next(zurich(t, 2026, 3, 27, 12, 0)); s.Before(zurich(t, 2026, 3, 31, 0, 0)); s = c2.Next(s) {
		key := s.Format("2006-01-02")
		if seen[key] {
			t.Errorf("two slots on %s", key)
		}
		seen[key] = true
	}
	if c.SlotOn(zurich(t, 2026, 11, 26, 23, 0)).Hour() != 9 {
		t.Error("SlotOn is not the day's 09:00")
	}
}

func TestRestartBeforeDuringAfterSlot(t *testing.T) {
	r := newRig(t, nil)
	slot := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) // a Thursday
	r.clock.set(slot.Add(-time.Minute))
	a := r.instance(t, "a")
	r.check(t, a)
	if n := r.poster.count(slot); n != 0 {
		t.Fatalf("posted %d before the slot", n)
	}
	r.clock.set(slot.Add(10 * time.Second))
	r.check(t, a)
	r.check(t, a)
	b := r.instance(t, "b") // a restart just after posting
	r.clock.set(slot.Add(5 * time.Minute))
	r.check(t, b)
	if n := r.poster.count(slot); n != 1 {
		t.Errorf("posted %d times, want 1", n)
	}
}

func TestCatchUp(t *testing.T) {
	slot := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	t.Run("inside the window: posted late", func(t *testing.T) {
		r := newRig(t, nil)
		r.clock.set(slot.Add(time.Hour + 59*time.Minute))
		r.check(t, r.instance(t, "a"))
		if n := r.poster.count(slot); n != 1 {
			t.Errorf("posted %d, want 1", n)
		}
	})
	t.Run("outside the window: skipped and said so once", func(t *testing.T) {
		r := newRig(t, nil)
		r.clock.set(slot.Add(2*time.Hour + time.Minute))
		a := r.instance(t, "a")
		r.check(t, a)
		r.check(t, r.instance(t, "b")) // a restart
		if n := r.poster.count(slot); n != 0 {
			t.Errorf("posted %d, want 0", n)
		}
		r.mu.Lock()
		logs := r.logs.String()
		r.mu.Unlock()
		if strings.Count(logs, "digest slot skipped") != 1 {
			t.Errorf("want one skip line, logs:\n%s", logs)
		}
	})
}

// Two bot instances sharing one store, checking at the same moment: one
// post.
func TestTwoInstancesPostOnce(t *testing.T) {
	r := newRig(t, nil)
	slot := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	r.clock.set(slot.Add(time.Second))
	var scheds []*Scheduler
	for _, o := range []string{"a", "b", "c"} {
		scheds = append(scheds, r.instance(t, o))
	}
	var wg sync.WaitGroup
	for _, s := range scheds {
		for range 3 {
			wg.Go(func() {
				if err := s.Check(context.Background()); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
	if n := r.poster.count(slot); n != 1 {
		t.Errorf("posted %d times, want 1", n)
	}
}

func TestFailedPostIsRetried(t *testing.T) {
	r := newRig(t, nil)
	slot := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	r.clock.set(slot.Add(time.Second))
	r.poster.failNext = 1
	a := r.instance(t, "a")
	if err := a.Check(context.Background()); err == nil {
		t.Fatal("a failed post reported no error")
	}
	r.clock.set(slot.Add(time.Minute))
	r.check(t, a)
	if n := r.poster.count(slot); n != 1 {
		t.Errorf("posted %d, want 1 after the retry", n)
	}
}

// A process that dies while posting: the next one checks the channel
// before posting, so a post that went out is not repeated and one that did
// not is not lost.
func TestCrashDuringPost(t *testing.T) {
	slot := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name      string
		postWent  bool
		wantPosts int
	}{{"post went out", true, 1}, {"post never went out", false, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, nil)
			r.clock.set(slot.Add(time.Second))
			st, err := store.Open(context.Background(), r.path, store.Options{Now: r.clock.now})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if _, err := st.ClaimDigest(context.Background(), slot, "C1", "dead", 2*time.Minute); err != nil {
				t.Fatal(err)
			}
			if err := st.MarkDigest(context.Background(), slot, store.StatePosting, ""); err != nil {
				t.Fatal(err)
			}
			if tc.postWent {
				r.poster.PostDigest(context.Background(), "C1", Digest{}, slot)
			}
			b := r.instance(t, "b")
			r.clock.set(slot.Add(time.Minute)) // within the lease: hands off
			r.check(t, b)
			r.clock.set(slot.Add(5 * time.Minute))
			r.check(t, b)
			if n := r.poster.count(slot); n != tc.wantPosts {
				t.Errorf("posted %d, want %d", n, tc.wantPosts)
			}
			if state, _, _ := st.DigestState(context.Background(), slot); state != store.StatePosted {
				t.Errorf("ledger state %q, want posted", state)
			}
		})
	}
}

func TestFactOfTheDayRotation(t *testing.T) {
	set := builtinFacts(t)
	n := len(set.Facts)
	start := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	seen := map[string]int{}
	var first string
	for i := range n + 1 {
		f := FactOfTheDay(set, start.AddDate(0, 0, i))
		key := f.Passage + "|" + f.Value
		if i == n {
			if key != first {
				t.Errorf("day %d repeats %q, want the first fact again", i, key)
			}
			break
		}
		if i == 0 {
			first = key
		}
		seen[key]++
	}
	if len(seen) != n {
		t.Errorf("%d distinct facts in %d days, want all %d", len(seen), n, n)
	}
	a, b := FactOfTheDay(set, start), FactOfTheDay(set, start.AddDate(0, 0, 1))
	if a.Quote == b.Quote && a.Value == b.Value {
		t.Error("two dates, the same fact of the day")
	}
}
