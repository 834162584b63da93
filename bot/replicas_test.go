package bot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/internal/fakeslack"
	"github.com/landscape-bot/landscape/store"
)

// replicas runs n bots on one fake Slack and one state store, each on its
// own connection, envelopes going to them in turn.
func replicas(t *testing.T, n int, ans Answerer, opts Options) (*fakeslack.Server, *store.Store, []*harness) {
	f := fakeslack.New(t)
	st := testStore(t)
	opts.Store = st
	var hs []*harness
	for range n {
		h := startOn(t, f, ans, opts)
		f.WaitConnected()
		hs = append(hs, h)
	}
	return f, st, hs
}

// A mention redelivered to the other replica, and the same message as a
// DM message event there, are answered once.
func TestReplicasAnswerOnce(t *testing.T) {
	f, _, hs := replicas(t, 2, nil, Options{})
	env := f.Send("events_api", f.Mention("EvR", "C1", "1700000300.000100", "", "who wrote the article?"), 0)
	again := f.Resend(env)
	dm := f.Send("events_api", f.Mention("EvDM", "D1", "1700000301.000100", "", "who wrote the article?"), 0)
	twin := f.Send("events_api", f.Message("EvDM2", "D1", "im", "1700000301.000100", "", "<@UBOT> who wrote the article?", nil), 0)
	if d := f.Deliveries(); d[env].Conn == d[again].Conn {
		t.Fatal("the redelivery went to the same connection")
	}
	// Acked once claimed (or found claimed).
	f.WaitFor("every ack", func() bool { return f.Acks(env) == 1 && f.Acks(again) == 1 && f.Acks(dm) == 1 && f.Acks(twin) == 1 })
	f.WaitFor("two answers", func() bool { return len(f.Posts()) >= 2 })
	f.Send("events_api", f.Mention("EvLast", "C1", "1700000302.000100", "", "who wrote the article?"), 0)
	f.WaitFor("the last answer", func() bool { return len(f.Posts()) >= 3 })
	if n := len(f.Posts()); n != 3 {
		t.Errorf("%d posts, want 3 (one per message)", n)
	}
	dups := 0.0
	for _, h := range hs {
		dups += counterValue(t, h.bot.metrics.duplicates)
	}
	if dups != 2 {
		t.Errorf("%v duplicates counted, want 2", dups)
	}
}

// A DM follow-up that lands on the other replica continues the question
// asked on the first.
func TestDMFollowUpOnAnotherReplica(t *testing.T) {
	f, _, _ := replicas(t, 2, nil, Options{})
	q1 := f.Send("events_api", f.Message("EvF1", "D7", "im", "1700000400.000100", "", "how much private GenAI investment in China 2023?", nil), 0)
	f.WaitFor("the answer", func() bool { return len(f.Posts()) == 1 })
	q2 := f.Send("events_api", f.Message("EvF2", "D7", "im", "1700000401.000100", "", "and the US?", nil), 0)
	f.WaitFor("the follow-up answer", func() bool { return len(f.Posts()) == 2 })
	if d := f.Deliveries(); d[q1].Conn == d[q2].Conn {
		t.Fatal("both questions went to one replica")
	}
	if p := f.Posts()[1]; !strings.Contains(p.Blocks, bold("$22.46bn")) {
		t.Errorf("the follow-up on the other replica lost the conversation: %s", p.Blocks)
	}
}

// claimDead records an event as a replica that died right after claiming
// it would have left it: its lease already over.
func claimDead(t *testing.T, st *store.Store, m request) {
	t.Helper()
	payload, _ := json.Marshal(m)
	ok, err := st.ClaimEvent(context.Background(), []string{m.Key, "msg:" + m.Channel + ":" + m.TS}, payload, "dead/1/x", -time.Second)
	if !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
}

// An event claimed by a replica that died is answered by a live one, once;
// one the dead replica had answered already is not answered again.
func TestDeadReplicasEventsAreTakenOver(t *testing.T) {
	f := fakeslack.New(t)
	st := testStore(t)
	unanswered := request{Route: "event:app_mention", Channel: "C1", User: "U1", Text: "<@UBOT> who wrote the article?", TS: "1700000500.000100", Mention: true, Key: "event:EvDead1"}
	// Claimed by a replica of the version before the surface's rows: no
	// route, still a message to answer.
	answered := request{Channel: "C1", User: "U1", Text: "<@UBOT> who wrote the article?", TS: "1700000501.000100", Mention: true, Key: "event:EvDead2"}
	claimDead(t, st, unanswered)
	claimDead(t, st, answered)
	// The dead replica's answer to the second, posted before it died.
	api := slack.New("xoxb-test", slack.OptionAPIURL(f.URL()+"/api/"))
	if _, _, err := api.PostMessage("C1", append(answerOptions(answered), slack.MsgOptionText("answer", false), slack.MsgOptionTS(answered.TS))...); err != nil {
		t.Fatal(err)
	}
	h := startOn(t, f, nil, Options{Store: st})
	f.WaitConnected()
	f.WaitFor("the answer to the event left behind", func() bool { return len(f.Posts()) == 2 })
	if p := f.Posts()[1]; p.ThreadTS != unanswered.TS || !strings.Contains(p.Metadata, "EvDead1") {
		t.Errorf("answer %+v", p)
	}
	f.WaitFor("both claims finished", func() bool {
		evs, err := st.ReclaimEvents(context.Background(), "probe", time.Minute, 10)
		return err == nil && len(evs) == 0 && counterValue(t, h.bot.metrics.takenOver) == 2
	})
	time.Sleep(claimScan + 500*time.Millisecond)
	if n := len(f.Posts()); n != 2 {
		t.Errorf("%d posts, want 2: the dead replica's answer and the one it left", n)
	}
}

// On shutdown, events still queued are released at once for the other
// replicas, not left to their lease.
func TestShutdownReleasesQueuedEvents(t *testing.T) {
	e, _ := testEngine(t)
	g := &gatedAnswerer{e: e, gate: make(chan struct{})}
	st := testStore(t)
	h := start(t, g, Options{Store: st, Workers: 1, DrainTimeout: 200 * time.Millisecond}).connected(t)
	f := h.fake
	var envs []string
	for i := range 3 {
		envs = append(envs, f.Send("events_api", f.Mention("EvQ"+string(rune('a'+i)), "C1", "1700000600.00010"+string(rune('0'+i)), "", "who wrote the article?"), 0))
	}
	f.WaitFor("the acks", func() bool {
		_, ok := f.AckLatencies(envs)
		return ok
	})
	h.cancel()
	select {
	case err := <-h.done:
		h.done <- err
	case <-time.After(10 * time.Second):
		t.Fatal("the bot did not stop")
	}
	evs, err := st.ReclaimEvents(context.Background(), "other", time.Minute, 10)
	if err != nil || len(evs) != 3 {
		t.Errorf("%d events free for another replica right after shutdown, want 3 (%v)", len(evs), err)
	}
	close(g.gate)
}

// counterValue reads a counter.
func counterValue(t *testing.T, c prometheus.Counter) float64 {
	t.Helper()
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}
