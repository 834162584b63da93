package bot

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/slack-go/slack"
)

// slowGroups is Slack's user groups for the curator check: one group
// whose member look-ups, from the second on, wait until hold is closed.
type slowGroups struct {
	calls atomic.Int32
	hold  chan struct{}
}

func (g *slowGroups) GetUserGroupsContext(ctx context.Context, options ...slack.GetUserGroupsOption) ([]slack.UserGroup, error) {
	return []slack.UserGroup{{ID: "S0TEAM", Handle: "corpus-team"}}, nil
}

func (g *slowGroups) GetUserGroupMembersContext(ctx context.Context, group string, options ...slack.GetUserGroupMembersOption) ([]string, error) {
	if g.calls.Add(1) > 1 {
		select {
		case <-g.hold:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return []string{"U0ADA"}, nil
}

// stuck is how long a check may wait before the test calls it stuck
// behind another's look-up: far longer than a check that waits for
// nothing takes, so the test fails only when one waits for the look-up.
const stuck = 10 * time.Second

// A curator check never waits behind another's slow look-up of the user
// groups (Slack retries a 429 for up to half a minute): once the members
// are known, a check while they are looked up again answers from them;
// before they are known, a check waits for the one look-up only as long
// as its own context allows.
func TestCuratorCheckDoesNotWaitBehindALookUp(t *testing.T) {
	curators, err := ParseCurators("@corpus-team")
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	ctx := context.Background()

	g := &slowGroups{hold: make(chan struct{})}
	c := newCuratorCheck(curators, g)
	if ok, err := c.may(ctx, "U0ADA", t0); !ok || err != nil {
		t.Fatalf("first check: %v, %v; want a curator", ok, err)
	}
	later := t0.Add(curatorsTTL + time.Second)
	slow := make(chan bool)
	go func() { ok, _ := c.may(ctx, "U0ADA", later); slow <- ok }()
	for g.calls.Load() < 2 { // the look-up again is under way, and held
		time.Sleep(time.Millisecond)
	}
	quick := make(chan bool, 1)
	go func() { ok, _ := c.may(ctx, "U0ADA", later); quick <- ok }()
	select {
	case ok := <-quick:
		if !ok {
			t.Error("a curator was refused while the members were looked up again")
		}
	case <-time.After(stuck):
		t.Error("a curator check waited behind another's look-up of the user groups")
	}
	close(g.hold)
	if !<-slow {
		t.Error("the check that looked the members up again refused a curator")
	}

	// Nothing known yet: the first look-up is held; a second check waits
	// for it, but no longer than its own context.
	g = &slowGroups{hold: make(chan struct{})}
	g.calls.Store(1) // every look-up is held
	c = newCuratorCheck(curators, g)
	first := make(chan error)
	go func() { _, err := c.may(ctx, "U0ADA", t0); first <- err }()
	for g.calls.Load() < 2 {
		time.Sleep(time.Millisecond)
	}
	short, cancel := context.WithCancel(ctx)
	cancel()
	waited := make(chan error, 1)
	go func() { _, err := c.may(short, "U0ADA", t0); waited <- err }()
	select {
	case err := <-waited:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("a check whose context ended: %v, want context.Canceled", err)
		}
	case <-time.After(stuck):
		t.Error("a check whose context ended kept waiting for another's look-up")
	}
	close(g.hold)
	if err := <-first; err != nil {
		t.Errorf("the first look-up: %v", err)
	}
}
