package fakeslack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// received is what one slack-go socket-mode client got.
type received struct {
	mu       sync.Mutex
	attempts map[string][]int // event ID → retry_attempt of each delivery
}

func (r *received) of(eventID string) []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int(nil), r.attempts[eventID]...)
}

// connect runs a slack-go socket-mode client against f, acking envelopes
// unless mute, until t ends.
func connect(t *testing.T, f *Server, mute bool) *received {
	t.Helper()
	api := slack.New("xoxb-test", slack.OptionAppLevelToken("xapp-test"), slack.OptionAPIURL(f.URL()+"/api/"))
	sm := socketmode.New(api, socketmode.OptionPingInterval(5*time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	r := &received{attempts: map[string][]int{}}
	var wg sync.WaitGroup
	wg.Go(func() { _ = sm.RunContext(ctx) })
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-sm.Events:
				if evt.Type != socketmode.EventTypeEventsAPI || evt.Request == nil {
					continue
				}
				var p struct {
					EventID string `json:"event_id"`
				}
				_ = json.Unmarshal(evt.Request.Payload, &p)
				r.mu.Lock()
				r.attempts[p.EventID] = append(r.attempts[p.EventID], evt.Request.RetryAttempt)
				r.mu.Unlock()
				if !mute {
					sm.Ack(*evt.Request)
				}
			}
		}
	})
	t.Cleanup(func() { cancel(); wg.Wait() })
	f.WaitConnected()
	return r
}

// Envelopes go to every open connection in turn.
func TestSpreadsAcrossConnections(t *testing.T) {
	f := New(t)
	clients := []*received{connect(t, f, false), connect(t, f, false), connect(t, f, false)}
	for i := range 30 {
		f.Send("events_api", f.Mention(fmt.Sprint("E", i), "C1", fmt.Sprintf("1.%d", i), "", "q"), 0)
	}
	for _, c := range clients {
		f.WaitFor("ten envelopes on each connection", func() bool {
			n := 0
			for e := range 30 {
				n += len(c.of(fmt.Sprint("E", e)))
			}
			return n == 10
		})
	}
}

// An envelope not acked within RedeliverAfter comes again, on another
// connection, with retry_attempt 1; once acked, not again.
func TestRedeliversUnackedToAnotherConnection(t *testing.T) {
	f := New(t)
	mute := connect(t, f, true) // first in turn
	live := connect(t, f, false)
	sent := time.Now()
	f.Send("events_api", f.Mention("E1", "C1", "1.1", "", "q"), 0)
	f.WaitForWithin(RedeliverAfter+5*time.Second, "the redelivery", func() bool { return len(live.of("E1")) == 1 })
	if took := time.Since(sent); took < RedeliverAfter {
		t.Errorf("redelivered after %v, want %v", took, RedeliverAfter)
	}
	if got := mute.of("E1"); len(got) != 1 || got[0] != 0 {
		t.Errorf("the silent connection got attempts %v, want [0]", got)
	}
	if got := live.of("E1"); got[0] != 1 {
		t.Errorf("the redelivery has retry_attempt %d, want 1", got[0])
	}
	time.Sleep(RedeliverAfter + 500*time.Millisecond)
	if n := len(mute.of("E1")) + len(live.of("E1")); n != 2 {
		t.Errorf("%d deliveries after the ack, want 2", n)
	}
}

// A dropped connection gets nothing more; the client reconnects, as
// slack-go does, on a new connection.
func TestDropsAConnection(t *testing.T) {
	f := New(t)
	connect(t, f, false)
	connect(t, f, false)
	f.Drop() // the newest: connection 2
	var ids []string
	for i := range 6 {
		ids = append(ids, f.Send("events_api", f.Mention(fmt.Sprint("D", i), "C1", fmt.Sprintf("2.%d", i), "", "q"), 0))
	}
	f.WaitFor("every envelope acked", func() bool {
		_, ok := f.AckLatencies(ids)
		return ok
	})
	d := f.Deliveries()
	for _, id := range ids {
		if d[id].Conn == 2 {
			t.Errorf("%s went to the dropped connection", id)
		}
	}
	f.WaitFor("the reconnect", func() bool { return f.Connections() == 2 })
}

// A shared file is described by files.info and downloaded with the bot
// token through slack-go's own calls; another token gets the sign-in page,
// which slack-go reports. User groups list their members.
func TestFilesAndUserGroups(t *testing.T) {
	f := New(t)
	ctx := context.Background()
	id := f.AddFile("U2", "report.pdf", "application/pdf", []byte("%PDF-1.4 report"))
	api := slack.New("xoxb-test", slack.OptionAPIURL(f.URL()+"/api/"))
	file, _, _, err := api.GetFileInfoContext(ctx, id, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if file.Name != "report.pdf" || file.Mimetype != "application/pdf" || file.Filetype != "pdf" || file.Size != 15 || file.User != "U2" {
		t.Errorf("files.info: %+v", file)
	}
	var got bytes.Buffer
	if err := api.GetFileContext(ctx, file.URLPrivateDownload, &got); err != nil || got.String() != "%PDF-1.4 report" {
		t.Errorf("download: %q, %v", got.String(), err)
	}
	if _, _, _, err := api.GetFileInfoContext(ctx, "FNOPE", 0, 0); err == nil || !strings.Contains(err.Error(), "file_not_found") {
		t.Errorf("an unknown file: %v", err)
	}
	user := slack.New("xoxp-user", slack.OptionAPIURL(f.URL()+"/api/"))
	if err := user.GetFileContext(ctx, file.URLPrivateDownload, io.Discard); err == nil || !strings.Contains(err.Error(), "sign-in page") {
		t.Errorf("download with another token: %v", err)
	}
	if d := f.Downloads(); len(d) != 1 || d[0] != id {
		t.Errorf("downloads %q, want the bot's one", d)
	}

	f.AddUserGroup("S0CURATORS", "curators", "U2", "U3")
	groups, err := api.GetUserGroupsContext(ctx)
	if err != nil || len(groups) != 1 || groups[0].Handle != "curators" || groups[0].ID != "S0CURATORS" {
		t.Errorf("usergroups.list: %+v, %v", groups, err)
	}
	members, err := api.GetUserGroupMembersContext(ctx, "S0CURATORS")
	if err != nil || strings.Join(members, ",") != "U2,U3" {
		t.Errorf("usergroups.users.list: %q, %v", members, err)
	}
}
