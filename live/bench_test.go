package live

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/synth"
)

// The 10,000-document corpus (article + synthetic near-misses, about
// 100,000 passages) is built once per benchmark binary: it takes seconds.
var big struct {
	once    sync.Once
	dir     string
	snap    *Snapshot
	load    Loader
	loadDur time.Duration
	heapMB  float64
}

func bigCorpus(b *testing.B) {
	big.once.Do(func() {
		dir, err := os.MkdirTemp("", "landscape-bench-*")
		if err != nil {
			b.Fatal(err)
		}
		if err := synth.Write(dir, 1, 10000); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		start := time.Now()
		snap, load, _, _, err := Incremental(context.Background(), corpus.Options{Dir: dir}, answer.DefaultAliases())
		if err != nil {
			b.Fatal(err)
		}
		big.loadDur = time.Since(start)
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		big.dir, big.snap, big.load, big.heapMB = dir, snap, load, float64(ms.HeapInuse)/(1<<20)
	})
	if big.snap == nil {
		b.Skip("corpus setup failed")
	}
}

// BenchmarkLoad10k reports the cold start of the bot on 10,000 documents:
// parse, near-duplicate check, in-memory index, engine (one op).
func BenchmarkLoad10k(b *testing.B) {
	bigCorpus(b)
	for b.Loop() {
	}
	n := float64(len(big.snap.Corpus.Passages))
	b.ReportMetric(n, "passages")
	b.ReportMetric(big.loadDur.Seconds(), "load-s")
	b.ReportMetric(n/big.loadDur.Seconds(), "passages/s")
	b.ReportMetric(big.heapMB, "heap-MiB")
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
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		text := strings.Replace(string(orig), "Global leaders", "Global leaders ("+strings.Repeat("x", i%7+1)+")", 1)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			b.Fatal(err)
		}
		os.Chtimes(path, time.Now(), time.Now().Add(time.Duration(i)*time.Second))
		b.StartTimer()
		s, _, err := big.load(context.Background(), nil)
		if err != nil {
			b.Fatal(err)
		}
		big.snap = s
	}
}

// BenchmarkAsk10k answers the eval questions round-robin over the 10,000
// documents (warm), reporting p50/p99, and checks the eval score.
func BenchmarkAsk10k(b *testing.B) {
	bigCorpus(b)
	type q struct {
		Q      string   `json:"q"`
		Expect []string `json:"expect"`
		None   bool     `json:"none"`
	}
	data, err := os.ReadFile("../testdata/eval/questions.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	var qs []q
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var x q
		if err := json.Unmarshal([]byte(line), &x); err != nil {
			b.Fatal(err)
		}
		qs = append(qs, x)
	}
	e := big.snap.Engine
	ctx := context.Background()
	if err := e.Warm(ctx); err != nil {
		b.Fatal(err)
	}
	passed := 0
	for _, x := range qs {
		res, _ := e.Ask(ctx, x.Q, 3)
		ok := !res.Answered && x.None
		if res.Answered && !x.None {
			for _, w := range x.Expect {
				ok = ok || strings.Contains(strings.ToLower(res.Answer.Quote), strings.ToLower(w))
			}
		}
		if ok {
			passed++
		}
	}
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := e.Ask(ctx, qs[i%len(qs)].Q, 3); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(passed), "eval-passed")
	b.ReportMetric(float64(len(qs)), "eval-total")
}
