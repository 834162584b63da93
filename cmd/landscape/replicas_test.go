package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/landscape-bot/landscape/internal/fakeslack"
	"github.com/landscape-bot/landscape/internal/pgtest"
)

var (
	buildOnce sync.Once
	binDir    string
	binary    string
	buildErr  error
)

// landscapeBinary builds `landscape` once for the test process (with the
// race detector when the tests have it, reusing their compiled packages).
func landscapeBinary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		var err error
		if binDir, err = os.MkdirTemp("", "landscape-bin"); err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(binDir, "landscape")
		args := []string{"build", "-o", binary}
		if raceEnabled {
			args = append(args, "-race")
		}
		goTool, err := exec.LookPath("go")
		if err != nil {
			goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		out, err := exec.Command(goTool, append(args, ".")...).CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// replica is one `landscape serve` process.
type replica struct {
	cmd    *exec.Cmd
	stderr *fakeslack.Log
	conn   int64 // its socket at the fake Slack
	exited chan struct{}
}

// startProcess runs the landscape binary with args and env (besides HOME
// and PATH) in a fresh folder, stopped with SIGTERM when t ends (its log
// shown if t failed).
func startProcess(t testing.TB, name string, env []string, args ...string) *replica {
	t.Helper()
	dir := t.TempDir()
	r := &replica{cmd: exec.Command(landscapeBinary(t), args...), stderr: &fakeslack.Log{}, exited: make(chan struct{})}
	r.cmd.Env = append([]string{"HOME=" + dir, "PATH=" + os.Getenv("PATH")}, env...)
	r.cmd.Dir, r.cmd.Stderr = dir, r.stderr
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { _ = r.cmd.Wait(); close(r.exited) }()
	t.Cleanup(func() {
		_ = r.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-r.exited:
		case <-time.After(20 * time.Second):
			_ = r.cmd.Process.Kill()
			t.Errorf("%s did not stop on SIGTERM", name)
		}
		if t.Failed() {
			t.Logf("%s log:\n%s", name, tail(r.stderr.String(), 4000))
		}
	})
	return r
}

// slackEnv is the environment of a `landscape serve` on the fake Slack f.
func slackEnv(f *fakeslack.Server) []string {
	return []string{"SLACK_BOT_TOKEN=xoxb-1111-2222-abcdefghijkl", "SLACK_APP_TOKEN=xapp-1-A111-2222-abcdef0123",
		"SLACK_API_URL=" + f.URL() + "/api", "LOG_FORMAT=json"}
}

// startReplicas starts n `landscape serve` processes on one fake Slack and
// one store (storeURL, or, when empty, one SQLite file in a shared data
// folder), each with the digest on, and waits until each is connected.
// They are stopped when t ends.
func startReplicas(t testing.TB, f *fakeslack.Server, storeURL string, n int) []*replica {
	t.Helper()
	shared := t.TempDir()
	var rs []*replica
	for i := range n {
		env := append(slackEnv(f),
			"LANDSCAPE_DATA_DIR="+shared, "LANDSCAPE_STORE_URL="+storeURL,
			// Every replica is due the same digest slot as it starts: the
			// latest midnight, within a catch-up of a day.
			"DIGEST_CHANNEL=CDIGEST", "DIGEST_SCHEDULE=0 0 * * *", "DIGEST_CATCHUP=25h",
		)
		r := startProcess(t, fmt.Sprintf("replica %d", i), env, "serve")
		f.WaitForWithin(60*time.Second, fmt.Sprintf("replica %d connected", i), func() bool { return f.Connections() == i+1 })
		r.conn = int64(i + 1)
		rs = append(rs, r)
	}
	return rs
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// loadResult is what a load run saw.
type loadResult struct {
	threads   map[string]int // mention ts → answers posted in its thread
	acks      []time.Duration
	took      time.Duration
	killedAt  time.Time
	orphans   []string // mentions the killed replica had acked, not answered
	lastReply time.Time
}

// question is what every mention of the load asks.
const question = "how much private GenAI investment in China 2023?"

// load sends n mentions, never more than inFlight unanswered. Every tenth
// is redelivered at once to another connection (same event ID); every
// tenth, offset, also comes as the message event of the same channel+ts.
// Given replicas to kill, halfway through answers are slowed, and once one
// of them has acked more mentions than it can be posting, it is killed with
// SIGKILL.
func load(t testing.TB, f *fakeslack.Server, n, inFlight int, kill []*replica) loadResult {
	t.Helper()
	ts := func(i int) string { return fmt.Sprintf("1700002000.%06d", i) }
	answered := func() int {
		seen := map[string]bool{}
		for _, p := range f.Posts() {
			if p.Channel == "C1" {
				seen[p.ThreadTS] = true
			}
		}
		return len(seen)
	}
	var res loadResult
	var envs []string
	mention := map[string]string{} // envelope → mention ts
	start := time.Now()
	for i := range n {
		if i >= inFlight {
			f.WaitForWithin(60*time.Second, "room in flight", func() bool { return answered() > i-inFlight })
		}
		env := f.Send("events_api", f.Mention(fmt.Sprintf("EvL%d", i), "C1", ts(i), "", question), 0)
		envs, mention[env] = append(envs, env), ts(i)
		switch i % 10 {
		case 3:
			mention[f.Resend(env)] = ts(i)
		case 7:
			f.Send("events_api", f.Message(fmt.Sprintf("EvM%d", i), "C1", "channel", ts(i), "", "<@UBOT> "+question, nil), 0)
		}
		if len(kill) > 0 && i == n/2 {
			f.PostDelay.Store(int64(300 * time.Millisecond))
		}
		if len(kill) > 0 && i > n/2 && res.killedAt.IsZero() {
			// The replica with the most acked and unanswered, once that is
			// more than its 8 workers can be posting: some are queued.
			victim, most := kill[0], 0
			for _, r := range kill {
				if k := len(unanswered(f, r.conn, mention)); k > most {
					victim, most = r, k
				}
			}
			if most >= 12 {
				if err := victim.cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				res.killedAt = time.Now()
				<-victim.exited
				// What it had acked by its death and not answered.
				res.orphans = unanswered(f, victim.conn, mention)
				f.PostDelay.Store(0)
			}
		}
	}
	f.WaitForWithin(90*time.Second, "every mention answered", func() bool { return answered() >= n })
	res.took = time.Since(start)
	if len(kill) > 0 {
		time.Sleep(5 * time.Second) // late duplicates would come within a lease scan or two
	}
	res.threads = map[string]int{}
	for _, p := range f.Posts() {
		if p.Channel == "C1" {
			res.threads[p.ThreadTS]++
			if p.At.After(res.lastReply) {
				res.lastReply = p.At
			}
		}
	}
	res.acks, _ = f.AckLatencies(acked(f, envs))
	sort.Slice(res.acks, func(i, j int) bool { return res.acks[i] < res.acks[j] })
	return res
}

// unanswered lists the mentions acked on conn whose thread has no answer.
func unanswered(f *fakeslack.Server, conn int64, mention map[string]string) []string {
	posted := map[string]bool{}
	for _, p := range f.Posts() {
		posted[p.ThreadTS] = true
	}
	var out []string
	for env, d := range f.Deliveries() {
		if ts, ok := mention[env]; ok && d.Conn == conn && d.Acked && !posted[ts] {
			out = append(out, ts)
		}
	}
	return out
}

// acked keeps the envelopes that were acked (one sent to a replica as it
// died never is; its redelivery is).
func acked(f *fakeslack.Server, envs []string) []string {
	d := f.Deliveries()
	var out []string
	for _, e := range envs {
		if d[e].Acked {
			out = append(out, e)
		}
	}
	return out
}

// The end-to-end test: three `landscape serve` processes, one fake
// Slack, one store. 500 mentions at 50 in flight, 10% redelivered to
// another connection and 10% also delivered as a message event, are each
// answered exactly once, though one replica is killed with SIGKILL halfway:
// what it had acked and not answered is answered by another within 30 s.
// The three schedulers post one digest; a DM follow-up that lands on
// another replica continues the conversation. PostgreSQL is the store
// replicas are meant to share; one SQLite file on a shared folder must
// work too.
func TestReplicas(t *testing.T) {
	n := 500
	if testing.Short() {
		n = 100
	}
	stores := []struct {
		name string
		url  func(t testing.TB) string
	}{
		{"postgres", pgtest.URL},
		{"sqlite file", func(testing.TB) string { return "" }},
	}
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) {
			storeURL := s.url(t)
			f := fakeslack.New(t)
			rs := startReplicas(t, f, storeURL, 3)
			res := load(t, f, n, 50, rs)

			lost, twice := 0, 0
			for i := range n {
				switch res.threads[fmt.Sprintf("1700002000.%06d", i)] {
				case 0:
					lost++
				case 1:
				default:
					twice++
				}
			}
			if len(res.threads) != n || lost != 0 || twice != 0 {
				t.Errorf("%d mentions: %d answered in %d threads, %d lost, %d answered more than once", n, len(res.threads), len(res.threads), lost, twice)
			}
			if res.killedAt.IsZero() || len(res.orphans) == 0 {
				t.Fatalf("the replica was not killed with acked, unanswered mentions (%d)", len(res.orphans))
			}
			// The victim's posts in flight land within the fake's delay;
			// what comes later is another replica's.
			var lastOrphan time.Time
			takenOver := 0
			for _, p := range f.Posts() {
				for _, o := range res.orphans {
					if p.ThreadTS != o {
						continue
					}
					if p.At.After(lastOrphan) {
						lastOrphan = p.At
					}
					if p.At.Sub(res.killedAt) > time.Second {
						takenOver++
					}
				}
			}
			if took := lastOrphan.Sub(res.killedAt); took > 30*time.Second || takenOver == 0 {
				t.Errorf("the killed replica's %d acked mentions: %d answered by another replica, the last %v after the kill; want some, within 30 s", len(res.orphans), takenOver, took)
			}
			t.Logf("%s: %d mentions in %v; the killed replica left %d acked and unanswered (%d posting as it died), all answered %v after the kill; lost %d, twice %d; ack p50 %v, p99 %v",
				s.name, n, res.took.Round(time.Millisecond), len(res.orphans), len(res.orphans)-takenOver, lastOrphan.Sub(res.killedAt).Round(time.Millisecond),
				lost, twice, res.acks[len(res.acks)/2], res.acks[len(res.acks)*99/100])

			// Three schedulers, one digest per slot.
			slots := map[float64]int{}
			for _, p := range f.Posts() {
				if p.Channel != "CDIGEST" {
					continue
				}
				var md struct {
					Payload struct {
						Slot float64 `json:"slot"`
					} `json:"event_payload"`
				}
				_ = json.Unmarshal([]byte(p.Metadata), &md)
				slots[md.Payload.Slot]++
			}
			if len(slots) == 0 {
				t.Error("no digest posted")
			}
			for slot, k := range slots {
				if k != 1 {
					t.Errorf("digest of slot %v posted %d times", slot, k)
				}
			}

			// A DM follow-up on the other live replica.
			q1 := f.Send("events_api", f.Message("EvDM1", "D9", "im", "1700003000.000100", "", question, nil), 0)
			f.WaitFor("the DM answer", func() bool { return len(dmPosts(f)) == 1 })
			q2 := f.SendElsewhere(q1, "events_api", f.Message("EvDM2", "D9", "im", "1700003001.000100", "", "and the US?", nil))
			f.WaitFor("the DM follow-up answer", func() bool { return len(dmPosts(f)) == 2 })
			if d := f.Deliveries(); d[q1].Conn == d[q2].Conn {
				t.Error("the follow-up went to the same replica")
			}
			if p := dmPosts(f)[1]; !strings.Contains(p.Blocks, `"text":"$22.46bn","style":{"bold":true}`) {
				t.Errorf("the follow-up on another replica did not continue the conversation: %s", p.Blocks)
			}
		})
	}
}

func dmPosts(f *fakeslack.Server) []fakeslack.Post {
	var out []fakeslack.Post
	for _, p := range f.Posts() {
		if p.Channel == "D9" {
			out = append(out, p)
		}
	}
	return out
}

// BenchmarkReplicas: answers per second and ack latency of 500 mentions at
// 50 in flight, through one and three `landscape serve` processes on one
// PostgreSQL store.
func BenchmarkReplicas(b *testing.B) {
	for _, n := range []int{1, 3} {
		b.Run(fmt.Sprintf("replicas=%d", n), func(b *testing.B) {
			var rates, p99s []float64
			for b.Loop() {
				b.StopTimer()
				f := fakeslack.New(b)
				startReplicas(b, f, pgtest.URL(b), n)
				b.StartTimer()
				res := load(b, f, 500, 50, nil)
				rates = append(rates, 500/res.took.Seconds())
				p99s = append(p99s, float64(res.acks[len(res.acks)*99/100].Microseconds())/1000)
			}
			b.ReportMetric(median(rates), "answers/s")
			b.ReportMetric(median(p99s), "ack-p99-ms")
		})
	}
}

func median(xs []float64) float64 {
	sort.Float64s(xs)
	return xs[len(xs)/2]
}
