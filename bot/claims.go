package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/landscape-bot/landscape/store"
)

// How replicas share requests: the lease protocol. Each request whose row
// of the surface says "claimed" (every message event) is claimed in the
// store, under its event ID and its channel+ts at once, with what
// answering it takes and a lease, before it is acked: one replica claims
// it, the others see a duplicate; an acked event is in the store even if
// this process dies the next instant. The owner renews its leases while
// it is alive; when one runs out, any replica takes the event over and
// answers it, after looking for the answer the dead one may have posted
// (once.go).
const (
	// claimLease is how long a claim holds without renewal: a replica
	// that dies has its events taken over by another within claimLease
	// plus claimScan (12 s, well within the 30 s a user should wait).
	claimLease = 10 * time.Second
	// claimScan is how often leases are renewed and expired ones looked
	// for: several renewals fit in one lease.
	claimScan = 2 * time.Second
	// claimTimeout bounds the claim before the ack: Slack wants the ack
	// within 3 s. A store that does not answer in time is logged and the
	// event answered anyway, unclaimed (answering twice beats not at all).
	claimTimeout = 2 * time.Second
	// maxAttempts is how many claims an event gets, the first and the
	// takeovers, before it is given up: an event that kills every replica
	// that answers it must not go round for ever.
	maxAttempts = 3
	// maxIntake bounds the events being claimed at once.
	maxIntake = 16
)

// eventClaims is the store's half of the lease protocol; *store.Store has
// it.
type eventClaims interface {
	ClaimEvent(ctx context.Context, keys []string, payload []byte, owner string, lease time.Duration) (bool, error)
	FinishEvent(ctx context.Context, id string) error
	ReleaseEvent(ctx context.Context, id, owner string) error
	RenewEvents(ctx context.Context, owner string, lease time.Duration) error
	ReclaimEvents(ctx context.Context, owner string, lease time.Duration, limit int) ([]store.Event, error)
}

// claim records r in the store under its keys — its event's (or
// trigger's) ID and, for a message, its channel+ts — and reports whether
// it is this replica's to answer: false for a redelivery or the second
// delivery of one message. r.Key becomes the claim's ID.
func (b *Bot) claim(ctx context.Context, r *request) bool {
	var keys []string
	if r.Key != "" {
		keys = append(keys, r.Key)
	}
	if r.TS != "" {
		keys = append(keys, "msg:"+r.Channel+":"+r.TS)
	}
	if len(keys) == 0 {
		b.log.Error("claim: the request has nothing to claim it by; answering it unclaimed", "route", r.Route)
		return true
	}
	r.Key = keys[0]
	payload, err := json.Marshal(r)
	if err != nil {
		b.log.Error("claim: cannot encode the event; answering it unclaimed", "err", err)
		r.Key = ""
		return true
	}
	// Not cut short by shutdown: an event half claimed is worse than one
	// claimed and handed over.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), claimTimeout)
	defer cancel()
	ok, err := b.claims.ClaimEvent(cctx, keys, payload, b.opts.Owner, claimLease)
	if err != nil {
		b.log.Warn("state store: cannot claim the event; answering it unclaimed", "err", err)
		r.Key = ""
		return true
	}
	if !ok {
		b.metrics.duplicates.Inc()
	}
	return ok
}

// settle finishes a claimed event, or releases it when shutdown cut its
// answer short, so that another replica answers it at once.
func (b *Bot) settle(id string, interrupted bool) {
	ctx, cancel := context.WithTimeout(context.Background(), claimTimeout)
	defer cancel()
	var err error
	if interrupted {
		err = b.claims.ReleaseEvent(ctx, id, b.opts.Owner)
	} else {
		err = b.claims.FinishEvent(ctx, id)
	}
	if err != nil {
		b.log.Warn("state store: settling a claimed event", "event", id, "released", interrupted, "err", err)
	}
}

// keepClaims renews this replica's leases every claimScan until leaseCtx
// ends, and takes over events whose lease ran out until ctx ends.
func (b *Bot) keepClaims(ctx, leaseCtx context.Context) {
	t := time.NewTicker(claimScan)
	defer t.Stop()
	for {
		if err := b.claims.RenewEvents(leaseCtx, b.opts.Owner, claimLease); err != nil && leaseCtx.Err() == nil {
			b.log.Warn("state store: renewing leases", "err", err)
		}
		if ctx.Err() == nil {
			b.takeOver(ctx)
		}
		select {
		case <-leaseCtx.Done():
			return
		case <-t.C:
		}
	}
}

// takeOver queues the events whose claimer stopped renewing them, as many
// as the queue has room for.
func (b *Bot) takeOver(ctx context.Context) {
	evs, err := b.claims.ReclaimEvents(ctx, b.opts.Owner, claimLease, cap(b.jobs)-len(b.jobs))
	if err != nil {
		if ctx.Err() == nil {
			b.log.Warn("state store: taking over events", "err", err)
		}
		return
	}
	for _, e := range evs {
		var r request
		err := json.Unmarshal(e.Payload, &r)
		if err == nil && routeOf(r) == nil {
			err = fmt.Errorf("no row of the surface answers %q", r.Route)
		}
		if err != nil || e.Attempts > maxAttempts {
			b.log.Error("claimed event given up", "event", e.ID, "attempts", e.Attempts, "err", err)
			b.settle(e.ID, false)
			continue
		}
		r.Key, r.takenOver = e.ID, true
		b.metrics.takenOver.Inc()
		b.log.Info("answering an event whose claimer stopped", "event", e.ID, "attempt", e.Attempts)
		select {
		case b.jobs <- b.job(r):
		default: // the queue filled meanwhile: let another replica have it
			b.settle(e.ID, true)
		}
	}
}
