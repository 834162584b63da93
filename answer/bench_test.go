package answer

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/index"
	"github.com/landscape-bot/landscape/internal/synth"
)

func benchQuestions(b *testing.B) []string {
	qs := readEvalFile(b, "../testdata/eval/questions.jsonl")
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.Q
	}
	return out
}

// benchAsk asks the eval questions round-robin and reports latency
// percentiles besides the mean.
func benchAsk(b *testing.B, e *Engine) {
	qs := benchQuestions(b)
	lat := make([]time.Duration, 0, b.N)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := e.Ask(ctx, qs[i%len(qs)], 3); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	reportLatency(b, lat)
}

// reportLatency reports the p50 and p99 of lat besides the mean.
func reportLatency(b *testing.B, lat []time.Duration) {
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	if n := len(lat); n > 0 {
		b.ReportMetric(float64(lat[n/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(lat[min(n-1, n*99/100)].Microseconds())/1000, "p99-ms")
	}
}

func BenchmarkAskBuiltin(b *testing.B) { benchAsk(b, builtinEngine(b)) }

func distractorCorpus(b testing.TB, n int) *corpus.Corpus {
	base, _, err := corpus.Load(corpus.Options{})
	if err != nil {
		b.Fatal(err)
	}
	docs, err := synth.Documents(1, n)
	if err != nil {
		b.Fatal(err)
	}
	c, _ := corpus.FromDocuments(append(base.Docs, docs...))
	return c
}

// BenchmarkAsk20k answers over the article plus 2,000 near-miss documents
// (about 20,000 passages).
func BenchmarkAsk20k(b *testing.B) {
	c := distractorCorpus(b, 2000)
	ix, err := index.NewMemory(c)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	b.ReportMetric(float64(len(c.Passages)), "passages")
	e := New(c, ix, DefaultAliases())
	if err := e.Warm(context.Background()); err != nil { // as `serve` does at start
		b.Fatal(err)
	}
	benchAsk(b, e)
}

// BenchmarkAsk20kCold is BenchmarkAsk20k as a one-shot command meets it:
// each question goes to a new engine (made with the timer stopped), so
// every passage it retrieves is analysed for the first time.
func BenchmarkAsk20kCold(b *testing.B) {
	c := distractorCorpus(b, 2000)
	ix, err := index.NewMemory(c)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	qs := benchQuestions(b)
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := New(c, ix, DefaultAliases())
		b.StartTimer()
		start := time.Now()
		if _, err := e.Ask(ctx, qs[i%len(qs)], 3); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	reportLatency(b, lat)
}

// BenchmarkWarm measures Engine.Warm per passage (the engine is made with
// the timer stopped).
func BenchmarkWarm(b *testing.B) {
	c := distractorCorpus(b, 200)
	ix, err := index.NewMemory(c)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		e := New(c, ix, DefaultAliases())
		b.StartTimer()
		if err := e.Warm(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1000/float64(b.N*len(c.Passages)), "µs/passage")
}

// BenchmarkIndexBuild measures in-memory index throughput in passages/s.
func BenchmarkIndexBuild(b *testing.B) {
	c := distractorCorpus(b, 1000)
	b.ResetTimer()
	for b.Loop() {
		ix, err := index.NewMemory(c)
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
	b.ReportMetric(float64(len(c.Passages))*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
}
