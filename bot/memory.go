package bot

import (
	"sync"
	"time"
)

// seenSet remembers keys (event IDs, channel+ts) for a while, so that
// redeliveries and double deliveries are answered once. It holds at most
// max keys: the oldest go first, so memory stays bounded under a flood.
type seenSet struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	at    map[string]time.Time
	order []string // insertion order, for eviction
}

func newSeenSet(max int, ttl time.Duration, now func() time.Time) *seenSet {
	return &seenSet{max: max, ttl: ttl, now: now, at: make(map[string]time.Time)}
}

// add records key and reports whether it was new (or expired).
func (s *seenSet) add(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if t, ok := s.at[key]; ok && now.Sub(t) < s.ttl {
		return false
	}
	s.at[key] = now
	s.order = append(s.order, key)
	for len(s.at) > s.max || len(s.order) > 2*s.max {
		old := s.order[0]
		s.order = s.order[1:]
		if t, ok := s.at[old]; ok && (len(s.at) > s.max || now.Sub(t) >= s.ttl) {
			delete(s.at, old)
		}
	}
	return true
}

// threadMemory remembers the threads the bot answered in and the last
// question asked there, so that a follow-up ("and the US?") can borrow it.
type threadMemory struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	items map[string]threadItem
	order []string
}

type threadItem struct {
	question string
	at       time.Time
}

func newThreadMemory(max int, ttl time.Duration, now func() time.Time) *threadMemory {
	return &threadMemory{max: max, ttl: ttl, now: now, items: make(map[string]threadItem)}
}

func (m *threadMemory) remember(channel, threadTS, question string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := channel + ":" + threadTS
	if _, ok := m.items[k]; !ok {
		m.order = append(m.order, k)
	}
	m.items[k] = threadItem{question, m.now()}
	for len(m.items) > m.max {
		delete(m.items, m.order[0])
		m.order = m.order[1:]
	}
}

// last returns the thread's last question, if the bot answered there lately.
func (m *threadMemory) last(channel, threadTS string) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[channel+":"+threadTS]
	if !ok || m.now().Sub(it.at) > m.ttl {
		return "", false
	}
	return it.question, true
}

// lastAt is last with the time the question was asked.
func (m *threadMemory) lastAt(channel, threadTS string) (string, time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.items[channel+":"+threadTS]
	if !ok || m.now().Sub(it.at) > m.ttl {
		return "", time.Time{}, false
	}
	return it.question, it.at, true
}

func (m *threadMemory) has(channel, threadTS string) bool {
	_, ok := m.last(channel, threadTS)
	return ok
}
