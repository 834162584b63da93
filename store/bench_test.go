package store

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// Benchmarks of the writes on the bot's paths, on each backend: claiming
// an event (the seen-event insert: two keys and a payload in one
// transaction, before every ack), logging a question (every answer) and
// claiming a digest slot.
//
//	go test -run '^$' -bench . -benchtime 2s -count 6 ./store

func benchStore(b *testing.B, f func(b *testing.B, s *Store)) {
	for _, be := range backends {
		b.Run(be.name, func(b *testing.B) {
			s, err := be.open(context.Background(), be.fresh(b), Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			f(b, s)
		})
	}
}

var payload = []byte(`{"channel":"C0123456789","user":"U0123456789","text":"<@U0BOT> how much private GenAI investment in China 2023?","ts":"1700000000.000100","mention":true}`)

func BenchmarkClaimEvent(b *testing.B) {
	benchStore(b, func(b *testing.B, s *Store) {
		ctx := context.Background()
		i := 0
		for b.Loop() {
			i++
			if _, err := s.ClaimEvent(ctx, []string{fmt.Sprintf("event:E%d", i), fmt.Sprintf("msg:C1:%d.1", i)}, payload, "bench", time.Minute); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkClaimEventParallel: claims from 8 goroutines at once, as a
// replica's intake makes them under load.
func BenchmarkClaimEventParallel(b *testing.B) {
	benchStore(b, func(b *testing.B, s *Store) {
		ctx := context.Background()
		var n atomic.Int64
		b.SetParallelism(4) // × GOMAXPROCS goroutines
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := n.Add(1)
				if _, err := s.ClaimEvent(ctx, []string{fmt.Sprintf("event:E%d", i), fmt.Sprintf("msg:C1:%d.1", i)}, payload, "bench", time.Minute); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

func BenchmarkLogQuestion(b *testing.B) {
	benchStore(b, func(b *testing.B, s *Store) {
		ctx := context.Background()
		q := Question{At: time.Now(), Channel: "C1", UserHash: s.HashUser("T1", "U1"), Text: "how much private GenAI investment in China 2023?", Answered: true, Confidence: 0.9, TopSource: "imd-genai-china-2024"}
		for b.Loop() {
			if err := s.LogQuestion(ctx, q); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkClaimDigest(b *testing.B) {
	benchStore(b, func(b *testing.B, s *Store) {
		ctx := context.Background()
		slot := t0
		for b.Loop() {
			slot = slot.Add(time.Minute)
			if _, err := s.ClaimDigest(ctx, slot, "C1", "bench", 2*time.Minute); err != nil {
				b.Fatal(err)
			}
		}
	})
}
