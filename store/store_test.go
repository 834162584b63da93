package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/internal/pgtest"
)

var t0 = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

// clock is an injected time that tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// backend is one kind of store the suite runs against.
type backend struct {
	name string
	// fresh returns where a new, empty store lives: a file or a URL.
	fresh func(t testing.TB) string
	open  func(ctx context.Context, where string, o Options) (*Store, error)
	// readOnly opens where to read it, writing nothing.
	readOnly func(ctx context.Context, where string) (*Store, error)
}

// backends: every test of the suite runs unchanged against each.
var backends = []backend{
	{"sqlite", func(t testing.TB) string { return filepath.Join(t.TempDir(), FileName) }, Open, OpenReadOnly},
	{"postgres", pgtest.URL, OpenPostgres, OpenPostgresReadOnly},
}

// sqlOf adapts a test's query with ? placeholders to the backend.
func (b backend) sqlOf(query string) string {
	return (&Store{postgres: b.name == "postgres"}).sql(query)
}

// eachBackend runs f once per backend, as subtests.
func eachBackend(t *testing.T, f func(t *testing.T, b backend)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { f(t, b) })
	}
}

// store opens the store at where, closed when t ends: one replica.
func (b backend) store(t testing.TB, where string, c *clock) *Store {
	t.Helper()
	s, err := b.open(context.Background(), where, Options{Now: c.now, BusyTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// replicas opens n stores on the same place: replicas sharing it.
func (b backend) replicas(t testing.TB, where string, c *clock, n int) []*Store {
	t.Helper()
	var out []*Store
	for range n {
		out = append(out, b.store(t, where, c))
	}
	return out
}

func TestMigrationsAreAppliedOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		where := b.fresh(t)
		c := &clock{t: t0}
		s := b.store(t, where, c)
		if err := s.LogQuestion(context.Background(), Question{At: t0, Channel: "C1", Text: "q"}); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s2 := b.store(t, where, c) // reopening keeps the data and the version
		steps, _ := migrations(b.name)
		v, err := s2.SchemaVersion(context.Background())
		if err != nil || v != len(steps) || v < 2 {
			t.Fatalf("version %d, %v; want %d", v, err, len(steps))
		}
		a, err := s2.ActivityBetween(context.Background(), t0.Add(-time.Hour), t0.Add(time.Hour))
		if err != nil || a.UnansweredCount != 1 {
			t.Errorf("after reopening: %+v, %v", a, err)
		}
	})
}

// pendingMigrations are numbers left free for a migration landing on
// another branch (0004: the replicas'); the lead renumbers at the merge,
// and this list is emptied.
var pendingMigrations = map[int]bool{4: true}

// Both backends have the same migrations, by number and name: a version
// means the same schema on either.
func TestMigrationsMatch(t *testing.T) {
	names := map[string][]string{}
	for _, b := range backends {
		files, err := fs.Glob(migrationFiles, path.Join("migrations", b.name, "*.sql"))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range files {
			base := path.Base(f)
			for n++; pendingMigrations[n]; n++ {
			}
			if want := fmt.Sprintf("%04d_", n); base[:5] != want {
				t.Errorf("%s: migration %d must be named %s…", f, n, want)
			}
			names[b.name] = append(names[b.name], base)
		}
	}
	if diff := cmp.Diff(names["sqlite"], names["postgres"]); diff != "" {
		t.Errorf("migrations differ between backends (-sqlite +postgres):\n%s", diff)
	}
}

// A store written by a newer landscape is refused, untouched.
func TestNewerSchemaIsRefused(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		where := b.fresh(t)
		s := b.store(t, where, &clock{t: t0})
		ctx := context.Background()
		if err := s.LogQuestion(ctx, Question{At: t0, Channel: "C1", Text: "kept"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE schema_version SET version = 99`); err != nil {
			t.Fatal(err)
		}
		s.Close()
		_, err := b.open(ctx, where, Options{})
		if err == nil || !strings.Contains(err.Error(), "schema version 99 is newer than this landscape") || !strings.Contains(err.Error(), "left unchanged") {
			t.Fatalf("newer schema: %v", err)
		}
		db := rawDB(t, b, where)
		var n, v int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM questions`).Scan(&n); err != nil || n != 1 {
			t.Errorf("questions after the refusal: %d, %v", n, err)
		}
		if err := db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil || v != 99 {
			t.Errorf("version after the refusal: %d, %v", v, err)
		}
	})
}

// rawDB opens a store's database without the store: no migration, no check.
func rawDB(t testing.TB, b backend, where string) *sql.DB {
	t.Helper()
	driver := map[string]string{"sqlite": "sqlite", "postgres": "pgx"}[b.name]
	db, err := sql.Open(driver, where)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConcurrentWriters(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		s := b.store(t, b.fresh(t), &clock{t: t0})
		var wg sync.WaitGroup
		for w := range 8 {
			wg.Go(func() {
				for i := range 50 {
					q := Question{At: t0, Channel: "C1", UserHash: s.HashUser("T", fmt.Sprint(w)), Text: fmt.Sprintf("q%d-%d", w, i)}
					if err := s.LogQuestion(context.Background(), q); err != nil {
						t.Error(err)
						return
					}
					if _, err := s.ClaimEvent(context.Background(), []string{fmt.Sprintf("e%d-%d", w, i)}, nil, "me", time.Minute); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		a, err := s.ActivityBetween(context.Background(), t0, t0.Add(time.Second))
		if err != nil || a.UnansweredCount != 400 {
			t.Errorf("%d questions logged, want 400 (%v)", a.UnansweredCount, err)
		}
	})
}

func TestActivity(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		c := &clock{t: t0}
		s := b.store(t, b.fresh(t), c)
		ctx := context.Background()
		log := func(at time.Time, q string, answered bool) {
			if err := s.LogQuestion(ctx, Question{At: at, Channel: "C1", UserHash: "h", Text: q, Answered: answered}); err != nil {
				t.Fatal(err)
			}
		}
		log(t0.Add(-48*time.Hour), "too old", false)
		for i := range 3 {
			log(t0.Add(time.Duration(i)*time.Minute), "How much investment?", true)
		}
		log(t0.Add(5*time.Minute), "how much investment?", true)
		log(t0.Add(6*time.Minute), "Who wrote it?", true)
		log(t0.Add(7*time.Minute), "what about robots in Peru?", false)
		log(t0.Add(8*time.Minute), "what about robots in Peru?", false)
		if err := s.RecordFeedback(ctx, Feedback{At: t0, Up: false, Question: "x"}); err != nil {
			t.Fatal(err)
		}
		if err := s.RecordFeedback(ctx, Feedback{At: t0, Up: true, Question: "y"}); err != nil {
			t.Fatal(err)
		}
		if err := s.NoteDocuments(ctx, []Document{{ID: "old", Title: "Old", FirstSeen: t0.Add(-72 * time.Hour)}, {ID: "new", Title: "New"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.NoteDocuments(ctx, []Document{{ID: "new", Title: "New", FirstSeen: t0.Add(time.Hour)}}); err != nil { // first seen stays
			t.Fatal(err)
		}
		got, err := s.ActivityBetween(ctx, t0.Add(-time.Hour), t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		for i := range got.NewDocuments {
			got.NewDocuments[i].FirstSeen = time.Time{}
		}
		want := Activity{
			NewDocuments:    []Document{{ID: "new", Title: "New"}},
			Unanswered:      []string{"what about robots in Peru?"},
			UnansweredCount: 2,
			MostAsked:       []Asked{{"How much investment?", 4}, {"what about robots in Peru?", 2}, {"Who wrote it?", 1}},
			DownVotes:       1,
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("activity (-want +got):\n%s", diff)
		}
	})
}

func TestClaimDigest(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := &clock{t: t0}
		where := be.fresh(t)
		a, b := be.store(t, where, c), be.store(t, where, c) // two replicas, one store
		ctx := context.Background()
		slot := t0
		lease := 2 * time.Minute
		claim := func(s *Store, owner string) Claim {
			t.Helper()
			cl, err := s.ClaimDigest(ctx, slot, "C1", owner, lease)
			if err != nil {
				t.Fatal(err)
			}
			return cl
		}
		if got := claim(a, "a"); got != ClaimNew {
			t.Fatalf("first claim = %v", got)
		}
		if got := claim(b, "b"); got != ClaimNone {
			t.Fatalf("second replica claimed a fresh claim: %v", got)
		}
		// a dies before posting: after the lease, b takes over and retries.
		c.add(3 * time.Minute)
		if got := claim(b, "b"); got != ClaimRetry {
			t.Fatalf("stale claim = %v, want retry", got)
		}
		// b dies while posting: after the lease, a must verify first.
		if err := b.MarkDigest(ctx, slot, StatePosting, ""); err != nil {
			t.Fatal(err)
		}
		if got := claim(a, "a"); got != ClaimNone {
			t.Fatalf("claim of a fresh post in progress = %v", got)
		}
		c.add(3 * time.Minute)
		if got := claim(a, "a"); got != ClaimVerify {
			t.Fatalf("stale posting = %v, want verify", got)
		}
		// A failed post is retried at once; a posted one never again.
		if err := a.MarkDigest(ctx, slot, StateFailed, ""); err != nil {
			t.Fatal(err)
		}
		if got := claim(b, "b"); got != ClaimRetry {
			t.Fatalf("failed = %v, want retry", got)
		}
		if err := b.MarkDigest(ctx, slot, StatePosted, "1700.1"); err != nil {
			t.Fatal(err)
		}
		c.add(time.Hour)
		if got := claim(a, "a"); got != ClaimNone {
			t.Fatalf("posted slot claimed again: %v", got)
		}
		if last, ok, err := a.LastPosted(ctx, slot.Add(time.Second)); err != nil || !ok || !last.Equal(slot) {
			t.Errorf("LastPosted = %v %v %v", last, ok, err)
		}
		// What the replica that lost the claim reads of the slot.
		if state, ts, err := a.DigestState(ctx, slot); err != nil || state != StatePosted || ts != "1700.1" {
			t.Errorf("DigestState = %q %q %v, want posted 1700.1", state, ts, err)
		}
		if state, ts, err := a.DigestState(ctx, slot.Add(time.Hour)); err != nil || state != "" || ts != "" {
			t.Errorf("DigestState of a slot with no row = %q %q %v", state, ts, err)
		}
	})
}

// Many claimers at once, on a new slot and on a failed one: exactly one
// wins each time.
func TestClaimRace(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		where := b.fresh(t)
		c := &clock{t: t0}
		stores := b.replicas(t, where, c, 4)
		race := func(want Claim) {
			t.Helper()
			var mu sync.Mutex
			wins := 0
			var wg sync.WaitGroup
			for i := range 16 {
				wg.Go(func() {
					cl, err := stores[i%4].ClaimDigest(context.Background(), t0, "C1", fmt.Sprint(i), time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					if cl == want {
						mu.Lock()
						wins++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if wins != 1 {
				t.Errorf("%d claimers won %v, want 1", wins, want)
			}
		}
		race(ClaimNew)
		if err := stores[0].MarkDigest(context.Background(), t0, StateFailed, ""); err != nil {
			t.Fatal(err)
		}
		race(ClaimRetry)
	})
}

// An event is claimed once under any of its keys, and again only after
// SeenFor.
func TestClaimEvent(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		c := &clock{t: t0}
		s := b.store(t, b.fresh(t), c)
		ctx := context.Background()
		steps := []struct {
			name    string
			advance time.Duration
			keys    []string
			want    bool
		}{
			{"first delivery", 0, []string{"event:E1", "msg:C1:1.1"}, true},
			{"redelivery", time.Second, []string{"event:E1", "msg:C1:1.1"}, false},
			{"the same message as another event", 0, []string{"event:E2", "msg:C1:1.1"}, false},
			{"the refused claim left nothing behind", 0, []string{"event:E2", "msg:C1:2.2"}, true},
			{"another message", 0, []string{"event:E3", "msg:C1:3.3"}, true},
			{"remembered within SeenFor", SeenFor - 2*time.Second, []string{"event:E1"}, false},
			{"forgotten after SeenFor", 2 * time.Second, []string{"event:E1", "msg:C1:1.1"}, true},
		}
		for _, st := range steps {
			c.add(st.advance)
			got, err := s.ClaimEvent(ctx, st.keys, []byte(`{}`), "a", time.Minute)
			if err != nil || got != st.want {
				t.Errorf("%s: claimed = %v, %v; want %v", st.name, got, err, st.want)
			}
		}
	})
}

// The race that lost events: replicas claiming a redelivery (same event
// ID) and a double delivery (same channel+ts, other event ID) at once.
// Each message must be claimed exactly once: never twice, never by nobody.
func TestClaimEventRace(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		where := b.fresh(t)
		c := &clock{t: t0}
		stores := b.replicas(t, where, c, 3)
		const messages = 60
		wins := make([]int, messages)
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range messages {
			msg := fmt.Sprintf("msg:C1:%d.1", i)
			deliveries := [][]string{
				{fmt.Sprintf("event:E%d", i), msg},
				{fmt.Sprintf("event:E%d", i), msg}, // redelivered to another replica
				{fmt.Sprintf("event:M%d", i), msg}, // the same message as a message event
				{msg, fmt.Sprintf("event:E%d", i)}} // keys in another order
			for d, keys := range deliveries {
				wg.Go(func() {
					ok, err := stores[(i+d)%len(stores)].ClaimEvent(context.Background(), keys, []byte(`{}`), fmt.Sprint(d), time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					if ok {
						mu.Lock()
						wins[i]++
						mu.Unlock()
					}
				})
			}
		}
		wg.Wait()
		for i, n := range wins {
			if n != 1 {
				t.Errorf("message %d claimed %d times, want exactly once", i, n)
			}
		}
	})
}

// A claimed event is kept while its owner renews the lease, taken over by
// one other replica once the lease runs out, released at once on request,
// and gone once finished.
func TestEventLease(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := &clock{t: t0}
		where := be.fresh(t)
		a, b := be.store(t, where, c), be.store(t, where, c)
		ctx := context.Background()
		lease := 10 * time.Second
		if ok, err := a.ClaimEvent(ctx, []string{"event:E1", "msg:C1:1.1"}, []byte(`{"text":"q1"}`), "a", lease); !ok || err != nil {
			t.Fatalf("claim: %v %v", ok, err)
		}
		reclaim := func(want ...Event) {
			t.Helper()
			got, err := b.ReclaimEvents(ctx, "b", lease, 10)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("reclaimed (-want +got):\n%s", diff)
			}
		}
		c.add(8 * time.Second)
		reclaim() // within the lease
		if err := a.RenewEvents(ctx, "a", lease); err != nil {
			t.Fatal(err)
		}
		c.add(8 * time.Second)
		reclaim() // renewed
		c.add(3 * time.Second)
		reclaim(Event{ID: "event:E1", Payload: []byte(`{"text":"q1"}`), Attempts: 2}) // a stopped renewing
		reclaim()                                                                     // b holds it now
		if err := a.RenewEvents(ctx, "a", lease); err != nil {                        // a's renewal no longer covers it
			t.Fatal(err)
		}
		c.add(lease + time.Second)
		reclaim(Event{ID: "event:E1", Payload: []byte(`{"text":"q1"}`), Attempts: 3})
		if err := b.ReleaseEvent(ctx, "event:E1", "b"); err != nil {
			t.Fatal(err)
		}
		reclaim(Event{ID: "event:E1", Payload: []byte(`{"text":"q1"}`), Attempts: 4}) // released: at once
		if err := b.FinishEvent(ctx, "event:E1"); err != nil {
			t.Fatal(err)
		}
		c.add(time.Hour)
		reclaim() // finished
	})
}

// Replicas reclaiming the same expired events at once: each event is taken
// over by exactly one.
func TestReclaimRace(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := &clock{t: t0}
		where := be.fresh(t)
		stores := be.replicas(t, where, c, 4)
		ctx := context.Background()
		const events = 40
		for i := range events {
			if _, err := stores[0].ClaimEvent(ctx, []string{fmt.Sprintf("event:E%d", i)}, []byte(`{}`), "dead", time.Second); err != nil {
				t.Fatal(err)
			}
		}
		c.add(2 * time.Second)
		taken := map[string]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i, s := range stores {
			wg.Go(func() {
				for range 3 {
					evs, err := s.ReclaimEvents(ctx, fmt.Sprint(i), time.Minute, 15)
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					for _, e := range evs {
						taken[e.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(taken) != events {
			t.Errorf("%d of %d events taken over", len(taken), events)
		}
		for id, n := range taken {
			if n != 1 {
				t.Errorf("%s taken over %d times", id, n)
			}
		}
	})
}

func TestConversation(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := &clock{t: t0}
		where := be.fresh(t)
		a, b := be.store(t, where, c), be.store(t, where, c)
		ctx := context.Background()
		if err := a.RememberConversation(ctx, "D1", "dm", "how much investment?"); err != nil {
			t.Fatal(err)
		}
		c.add(time.Minute)
		if err := a.RememberConversation(ctx, "C1", "1.1", "who wrote it?"); err != nil {
			t.Fatal(err)
		}
		q, at, ok, err := b.Conversation(ctx, "D1", "dm") // the other replica sees it
		if err != nil || !ok || q != "how much investment?" || !at.Equal(t0) {
			t.Errorf("conversation = %q %v %v %v", q, at, ok, err)
		}
		if err := b.RememberConversation(ctx, "D1", "dm", "and the US?"); err != nil {
			t.Fatal(err)
		}
		if q, _, _, _ := a.Conversation(ctx, "D1", "dm"); q != "and the US?" {
			t.Errorf("after a follow-up: %q", q)
		}
		if _, _, ok, _ := a.Conversation(ctx, "D2", "dm"); ok {
			t.Error("a conversation never had")
		}
		c.add(ConversationsFor)
		if _, _, ok, _ := a.Conversation(ctx, "C1", "1.1"); ok {
			t.Error("a conversation older than ConversationsFor")
		}
	})
}

// User IDs are hashed with the store's key: the same on every replica and
// after a restart, different in another store, and not the unkeyed hash.
func TestHashUser(t *testing.T) {
	eachBackend(t, func(t *testing.T, be backend) {
		c := &clock{t: t0}
		where := be.fresh(t)
		a, b := be.store(t, where, c), be.store(t, where, c)
		h := a.HashUser("T1", "U1")
		if len(h) != 16 {
			t.Errorf("hash %q, want 16 hex digits", h)
		}
		if b.HashUser("T1", "U1") != h {
			t.Error("two replicas hash one user differently")
		}
		if a.HashUser("T1", "U2") == h || a.HashUser("T2", "U1") == h {
			t.Error("different users, same hash")
		}
		a.Close()
		if be.store(t, where, c).HashUser("T1", "U1") != h {
			t.Error("the hash changed after reopening")
		}
		if be.store(t, be.fresh(t), c).HashUser("T1", "U1") == h {
			t.Error("another store hashes alike: the key is not per store")
		}
		plain := sha256.Sum256([]byte("landscape\x00T1\x00U1"))
		if h == hex.EncodeToString(plain[:8]) {
			t.Error("the hash is not keyed")
		}
	})
}
