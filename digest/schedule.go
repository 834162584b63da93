// Package digest owns the daily digest: its schedule, its composition — a
// fact of the day, what is new in the corpus, what the bot could not
// answer, what is asked most — and its layout, which every renderer draws;
// and it posts it exactly once per scheduled slot, across restarts and
// replicas, through a ledger in the state store.
package digest

import (
	"errors"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // DIGEST_TZ works in a minimal container without zoneinfo

	"github.com/robfig/cron/v3"
)

// Defaults of the digest settings.
const (
	DefaultSchedule = "0 9 * * 1-5" // weekdays at 09:00
	DefaultCatchup  = 2 * time.Hour
)

// Config is the digest's settings.
type Config struct {
	Channel  string // "" = no digest
	Spec     string
	Schedule cron.Schedule
	Loc      *time.Location
	Catchup  time.Duration
}

// ParseConfig reads DIGEST_CHANNEL, DIGEST_SCHEDULE (cron: minute hour
// day-of-month month day-of-week), DIGEST_TZ (IANA name) and
// DIGEST_CATCHUP (a Go duration such as 2h).
func ParseConfig(getenv func(string) string) (Config, error) {
	c := Config{Channel: strings.TrimSpace(getenv("DIGEST_CHANNEL")), Spec: strings.TrimSpace(getenv("DIGEST_SCHEDULE")), Loc: time.UTC, Catchup: DefaultCatchup}
	var errs []error
	if c.Spec == "" {
		c.Spec = DefaultSchedule
	}
	sched, err := cron.ParseStandard(c.Spec)
	if err != nil || strings.HasPrefix(c.Spec, "TZ=") || strings.HasPrefix(c.Spec, "CRON_TZ=") {
		errs = append(errs, fmt.Errorf("DIGEST_SCHEDULE %q is not a cron schedule of five fields (minute hour day month weekday), e.g. %q; set the zone with DIGEST_TZ", c.Spec, DefaultSchedule))
	}
	c.Schedule = sched
	if tz := strings.TrimSpace(getenv("DIGEST_TZ")); tz != "" {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			errs = append(errs, fmt.Errorf("DIGEST_TZ %q is not an IANA time zone such as Europe/Zurich or Asia/Shanghai", tz))
		} else {
			c.Loc = loc
		}
	}
	if s := strings.TrimSpace(getenv("DIGEST_CATCHUP")); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			errs = append(errs, fmt.Errorf("DIGEST_CATCHUP %q is not a duration such as 2h or 30m", s))
		} else {
			c.Catchup = d
		}
	}
	return c, errors.Join(errs...)
}

// Next is the first slot after t.
func (c Config) Next(t time.Time) time.Time { return c.Schedule.Next(t.In(c.Loc)) }

// Latest is the last slot at or before t, or the zero time when there was
// none in the past year.
func (c Config) Latest(t time.Time) time.Time {
	t = t.In(c.Loc)
	for _, back := range []time.Duration{time.Hour, 26 * time.Hour, 8 * 24 * time.Hour, 32 * 24 * time.Hour, 367 * 24 * time.Hour} {
		var last time.Time
		for s := c.Schedule.Next(t.Add(-back)); !s.After(t); s = c.Schedule.Next(s) {
			last = s
		}
		if !last.IsZero() {
			return last
		}
	}
	return time.Time{}
}

// SlotOn is the first slot on the calendar day of date (in the digest's
// zone), or that day's midnight when the schedule has none that day: the
// slot a preview or a manual post for that date stands for.
func (c Config) SlotOn(date time.Time) time.Time {
	y, m, d := date.In(c.Loc).Date()
	start := time.Date(y, m, d, 0, 0, 0, 0, c.Loc)
	if s := c.Schedule.Next(start.Add(-time.Nanosecond)); s.Before(start.AddDate(0, 0, 1)) {
		return s
	}
	return start
}
