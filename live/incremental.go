package live

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/index"
)

// Open loads the corpus opts names into an in-memory index and returns
// the live corpus over it, reloading by change — only the files that
// changed are parsed, the index is updated in place, the engine and the
// figures reuse what they had: a one-file change costs about that file —
// and the files that could not be loaded. When ctx ends, the load stops
// with its error. Close releases the index.
func Open(ctx context.Context, opts corpus.Options, aliases *answer.Aliases, log *slog.Logger) (*Live, []corpus.Problem, error) {
	folder := corpus.NewFolder(opts)
	c, problems, _, err := folder.Load(ctx)
	if err != nil {
		return nil, nil, err
	}
	if len(c.Passages) == 0 {
		return nil, problems, fmt.Errorf("the corpus is empty: add documents to the corpus folder or drop --no-builtin")
	}
	ix, err := index.NewMemoryContext(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	parts := &partCache{parts: map[*corpus.Document]facts.Part{}}
	eng := answer.New(c, ix, aliases)
	cur := &Snapshot{Corpus: c, Engine: eng, Added: c.Docs, facts: parts.setFor(c)}
	var mu sync.Mutex // one reload at a time
	load := func(ctx context.Context, changed []string) (*Snapshot, []corpus.Problem, error) {
		mu.Lock()
		defer mu.Unlock()
		c, problems, change, err := folder.Load(ctx, changed...)
		if err != nil {
			return nil, problems, err
		}
		if change.Empty() {
			return cur, problems, nil
		}
		if err := ix.Update(change.Removed, change.Added); err != nil {
			return nil, problems, err
		}
		parts.forget(change.Removed)
		eng = eng.Update(c, change.Removed, change.Added)
		cur = &Snapshot{Corpus: c, Engine: eng, Added: change.Added, facts: parts.setFor(c)}
		return cur, problems, nil
	}
	l := &Live{load: load, close: func() { ix.Close() }, log: log}
	l.cur.Store(cur)
	return l, problems, nil
}

// partCache keeps each document's facts across snapshots.
type partCache struct {
	mu    sync.Mutex
	parts map[*corpus.Document]facts.Part
}

// setFor returns the lazily computed figures of c, extracting only the
// documents not seen before.
func (pc *partCache) setFor(c *corpus.Corpus) func() *facts.Set {
	return sync.OnceValue(func() *facts.Set {
		parts := make([]facts.Part, len(c.Docs))
		for i, d := range c.Docs {
			pc.mu.Lock()
			p, ok := pc.parts[d]
			pc.mu.Unlock()
			if !ok {
				p = facts.ExtractDocument(d)
				pc.mu.Lock()
				pc.parts[d] = p
				pc.mu.Unlock()
			}
			parts[i] = p
		}
		return facts.Combine(parts)
	})
}

func (pc *partCache) forget(docs []*corpus.Document) {
	pc.mu.Lock()
	defer pc.mu.Unlock()
	for _, d := range docs {
		delete(pc.parts, d)
	}
}
