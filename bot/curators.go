package bot

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
)

// Curators is who may add and remove documents (LANDSCAPE_CURATORS):
// Slack user ids, and user groups by handle (@corpus-team) or by id
// (S0123…), whose members are looked up with usergroups.users.list.
type Curators struct {
	users  []string
	groups []string // "@handle" or a group id
}

var (
	groupIDRE     = regexp.MustCompile(`^S[A-Z0-9]{1,20}$`)
	groupHandleRE = regexp.MustCompile(`^@[a-z0-9][a-z0-9._-]{0,79}$`)
)

// ParseCurators reads LANDSCAPE_CURATORS: user ids (U0123ABCD), user-group
// handles (@corpus-team) and user-group ids (S0123ABCD), separated by
// commas or spaces. Empty: nobody may curate.
func ParseCurators(s string) (Curators, error) {
	var c Curators
	for _, e := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		switch {
		case userIDRE.MatchString(e):
			c.users = append(c.users, e)
		case groupIDRE.MatchString(e):
			c.groups = append(c.groups, e)
		case groupHandleRE.MatchString(strings.ToLower(e)):
			c.groups = append(c.groups, strings.ToLower(e)) // handles are lower case
		default:
			return Curators{}, fmt.Errorf("LANDSCAPE_CURATORS: %q is neither a user id (U0123ABCD), a user-group handle (@corpus-team) nor a user-group id (S0123ABCD)", e)
		}
	}
	return c, nil
}

// Empty reports whether nobody may curate.
func (c Curators) Empty() bool { return len(c.users) == 0 && len(c.groups) == 0 }

// named is how a refusal names the curators: mentions of the users (not
// notified in a private reply), the groups by handle.
func (c Curators) named() []string {
	var out []string
	for _, u := range c.users {
		out = append(out, "<@"+u+">")
	}
	for _, g := range c.groups {
		if strings.HasPrefix(g, "@") {
			out = append(out, "members of "+esc(g))
		} else {
			out = append(out, "members of <!subteam^"+g+">")
		}
	}
	return out
}

// curatorsTTL is how long a user group's members are trusted before they
// are looked up again: membership changes rarely, and a member removed
// keeps the right at most this long (plus one look-up).
const curatorsTTL = 5 * time.Minute

// userGroups is what the curator check needs of Slack: the workspace's user
// groups and their members (usergroups:read); *slack.Client has it.
type userGroups interface {
	GetUserGroupsContext(ctx context.Context, options ...slack.GetUserGroupsOption) ([]slack.UserGroup, error)
	GetUserGroupMembersContext(ctx context.Context, userGroup string, options ...slack.GetUserGroupMembersOption) ([]string, error)
}

// curatorCheck tells curators from others, looking up user groups'
// members at most every curatorsTTL. It never holds its lock across a
// Slack call (which retries a 429 for up to half a minute): once the
// members are known, checks answer from them while one check looks them up
// again; before that, checks wait for the one look-up in flight, each only
// as long as its own context allows.
type curatorCheck struct {
	Curators
	api userGroups

	mu      sync.Mutex // guards the fields below
	at      time.Time
	members map[string]bool // nil until a look-up succeeds
	lookup  *lookup         // the look-up in flight, if any
}

// lookup is one look-up of the groups' members, shared by the checks that
// wait for it.
type lookup struct {
	done    chan struct{} // closed once members or err is set
	members map[string]bool
	err     error
}

func newCuratorCheck(c Curators, api userGroups) *curatorCheck {
	return &curatorCheck{Curators: c, api: api}
}

// may reports whether user may curate. A group that cannot be looked up
// admits nobody, and is an error (logged) as well.
func (c *curatorCheck) may(ctx context.Context, user string, now time.Time) (bool, error) {
	for _, u := range c.users {
		if u == user {
			return true, nil
		}
	}
	if len(c.groups) == 0 {
		return false, nil
	}
	for {
		c.mu.Lock()
		known := c.members
		if known != nil && now.Sub(c.at) <= curatorsTTL {
			c.mu.Unlock()
			return known[user], nil
		}
		l := c.lookup
		if l == nil { // this check looks the members up
			l = &lookup{done: make(chan struct{})}
			c.lookup = l
			c.mu.Unlock()
			c.refresh(ctx, l, now)
			return l.members[user], l.err
		}
		c.mu.Unlock()
		if known != nil {
			return known[user], nil // while another check looks them up again
		}
		select {
		case <-l.done:
		case <-ctx.Done():
			return false, ctx.Err()
		}
		if l.err == nil || !isContextEnd(l.err) || ctx.Err() != nil {
			return l.members[user], l.err
		}
		// The check that looked up gave up (its context ended): look up again.
	}
}

// refresh runs the look-up l, records what it found and wakes the checks
// waiting for it.
func (c *curatorCheck) refresh(ctx context.Context, l *lookup, now time.Time) {
	l.members, l.err = c.lookUp(ctx)
	c.mu.Lock()
	if l.err == nil {
		c.members, c.at = l.members, now
	}
	c.lookup = nil
	c.mu.Unlock()
	close(l.done)
}

func isContextEnd(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// lookUp lists the members of every group: handles are turned into ids
// with usergroups.list (needs usergroups:read), members come from
// usergroups.users.list.
func (c *curatorCheck) lookUp(ctx context.Context) (map[string]bool, error) {
	var ids []string
	var byHandle map[string]string
	for _, g := range c.groups {
		if !strings.HasPrefix(g, "@") {
			ids = append(ids, g)
			continue
		}
		if byHandle == nil {
			groups, err := c.api.GetUserGroupsContext(ctx)
			if err != nil {
				return nil, fmt.Errorf("usergroups.list (the app needs the usergroups:read scope): %w", err)
			}
			byHandle = map[string]string{}
			for _, ug := range groups {
				byHandle[strings.ToLower(ug.Handle)] = ug.ID
			}
		}
		id, ok := byHandle[g[1:]]
		if !ok {
			return nil, fmt.Errorf("LANDSCAPE_CURATORS: no user group %s in the workspace", g)
		}
		ids = append(ids, id)
	}
	members := map[string]bool{}
	for _, id := range ids {
		users, err := c.api.GetUserGroupMembersContext(ctx, id)
		if err != nil {
			return nil, fmt.Errorf("usergroups.users.list %s: %w", id, err)
		}
		for _, u := range users {
			members[u] = true
		}
	}
	return members, nil
}
