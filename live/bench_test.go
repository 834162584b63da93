package live

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/internal/synth"
)

// The 10,000-document folder (article + synthetic near-misses, about
// 100,000 passages) is written once per test binary, and removed by
// TestMain; BenchmarkAsk10k and BenchmarkUpdateOneFile10k share one load
// of it, which takes seconds.
var big struct {
	writeOnce sync.Once
	dir       string
	loadOnce  sync.Once
	live      *Live
	err       error
	revision  int
}

func TestMain(m *testing.M) {
	code := m.Run()
	if big.live != nil {
		big.live.Close()
	}
	if big.dir != "" {
		os.RemoveAll(big.dir)
	}
	os.Exit(code)
}

// bigFolder writes the folder once.
func bigFolder(b *testing.B) string {
	big.writeOnce.Do(func() {
		dir, err := os.MkdirTemp("", "landscape-bench-*")
		if err == nil {
			big.dir = dir
			err = synth.Write(dir, 1, 10000)
		}
		big.err = err
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
	return big.dir
}

// bigCorpus loads the folder once, for the benchmarks that use a loaded
// corpus.
func bigCorpus(b *testing.B) {
	dir := bigFolder(b)
	big.loadOnce.Do(func() {
		big.live, _, big.err = Open(context.Background(), corpus.Options{Dir: dir}, answer.DefaultAliases(), slog.New(slog.DiscardHandler))
	})
	if big.err != nil {
		b.Fatal(big.err)
	}
}

// BenchmarkLoad10k is the cold start of the bot on 10,000 documents, once
// per op: parse, near-duplicate check, in-memory index, engine. heap-MiB
// is the heap in use with the last load held. Run it with -benchtime=3x.
func BenchmarkLoad10k(b *testing.B) {
	dir := bigFolder(b)
	var l *Live
	passages := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if l != nil {
			b.StopTimer()
			l.Close()
			runtime.GC()
			b.StartTimer()
		}
		var err error
		l, _, err = Open(context.Background(), corpus.Options{Dir: dir}, answer.DefaultAliases(), slog.New(slog.DiscardHandler))
		if err != nil {
			b.Fatal(err)
		}
		passages = len(l.Current().Corpus.Passages)
	}
	b.StopTimer()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(passages), "passages")
	b.ReportMetric(float64(passages)*float64(b.N)/b.Elapsed().Seconds(), "passages/s")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
	runtime.KeepAlive(l)
	l.Close()
}

// BenchmarkUpdateOneFile10k changes one file of the 10,000 and reloads:
// parse it, update the index in place, update the engine.
func BenchmarkUpdateOneFile10k(b *testing.B) {
	bigCorpus(b)
	var path string
	entries, _ := os.ReadDir(big.dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".md") {
			path = filepath.Join(big.dir, e.Name())
			break
		}
	}
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(path, orig, 0o644)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		big.revision++ // unique across the runs of this benchmark: the same text twice is no change
		text := fmt.Sprintf("%s\nRevision %d of this document.\n", orig, big.revision)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.Chtimes(path, time.Now(), time.Now().Add(time.Duration(i+1)*time.Second)); err != nil {
			b.Fatal(err)
		}
		before := big.live.Current()
		b.StartTimer()
		if err := big.live.Reload(context.Background()); err != nil {
			b.Fatal(err)
		}
		if big.live.Current() == before {
			b.Fatal("the change was not picked up")
		}
	}
}

// BenchmarkAsk10k answers the eval questions round-robin over the 10,000
// documents (warm, as serve is after its start), reporting p50/p99, and
// the eval score over them (answer.Engine.Eval).
func BenchmarkAsk10k(b *testing.B) {
	bigCorpus(b)
	f, err := os.Open("../testdata/eval/questions.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	qs, err := answer.ReadEvalSet(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	e := big.live.Current().Engine
	ctx := context.Background()
	if err := e.Warm(ctx); err != nil {
		b.Fatal(err)
	}
	rep, err := e.Eval(ctx, qs)
	if err != nil {
		b.Fatal(err)
	}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if _, err := e.Ask(ctx, qs[i%len(qs)].Q, 3); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(rep.Passed), "eval-passed")
	b.ReportMetric(float64(rep.Total), "eval-total")
}
