package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// A store opened to be read reads what the bot wrote, and writes nothing:
// no schema is created where there is none, an older or newer schema is
// refused as it is, and a write through it fails.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	eachBackend(t, func(t *testing.T, b backend) {
		t.Run("no store yet", func(t *testing.T) {
			where := b.fresh(t)
			_, err := b.readOnly(ctx, where)
			if !errors.Is(err, ErrNoStore) {
				t.Fatalf("err %v, want ErrNoStore", err)
			}
			if b.name == "postgres" {
				if !strings.Contains(err.Error(), "search_path") {
					t.Errorf("error does not say where to look: %v", err)
				}
				var n int
				if err := rawDB(t, b, where).QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&n); err != nil || n != 0 {
					t.Errorf("tables after reading: %d, %v; want none", n, err)
				}
			}
		})
		t.Run("current schema", func(t *testing.T) {
			where := b.fresh(t)
			w := b.store(t, where, &clock{t: t0})
			hash := w.HashUser("T1", "U1")
			if err := w.LogQuestion(ctx, Question{At: t0, Channel: "C1", UserHash: hash, Text: "who funds robots?"}); err != nil {
				t.Fatal(err)
			}
			w.Close()
			r, err := b.readOnly(ctx, where)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			a, err := r.ActivityBetween(ctx, t0, t0.Add(time.Hour))
			if err != nil || a.UnansweredCount != 1 {
				t.Errorf("activity %+v, %v; want the question", a, err)
			}
			if r.HashUser("T1", "U1") != hash {
				t.Error("the reader hashes users with another key than the store's")
			}
			if got, err := r.RecentQuestions(ctx, hash, 5); err != nil || len(got) != 1 {
				t.Errorf("recent questions %q, %v", got, err)
			}
			if err := r.LogQuestion(ctx, Question{At: t0, Channel: "C1", Text: "written"}); err == nil {
				t.Error("a read-only store took a write")
			}
			var n int
			if err := rawDB(t, b, where).QueryRowContext(ctx, `SELECT COUNT(*) FROM questions`).Scan(&n); err != nil || n != 1 {
				t.Errorf("questions: %d, %v; want 1", n, err)
			}
		})
		for _, tt := range []struct {
			name    string
			version int
			want    string
		}{
			{"older schema", 1, "older than this landscape reads"},
			{"newer schema", 99, "newer than this landscape reads"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				where := b.fresh(t)
				b.store(t, where, &clock{t: t0}).Close()
				db := rawDB(t, b, where)
				if _, err := db.ExecContext(ctx, b.sqlOf(`UPDATE schema_version SET version = ?`), tt.version); err != nil {
					t.Fatal(err)
				}
				_, err := b.readOnly(ctx, where)
				if err == nil || !strings.Contains(err.Error(), tt.want) || errors.Is(err, ErrNoStore) {
					t.Fatalf("err %v, want %q", err, tt.want)
				}
				var v int
				if err := db.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); err != nil || v != tt.version {
					t.Errorf("version after reading: %d, %v; want %d", v, err, tt.version)
				}
			})
		}
	})
}
