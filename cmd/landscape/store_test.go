package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/landscape-bot/landscape/internal/pgtest"
	"github.com/landscape-bot/landscape/store"
)

// LANDSCAPE_STORE_URL: what serve and digest say when it is wrong, naming
// the variable, never the password; and the digest read from a shared
// PostgreSQL store.
func TestStoreURL(t *testing.T) {
	const secret = "pw-s3cret"
	tokens := map[string]string{"SLACK_BOT_TOKEN": "xoxb-1111-2222-abcdefghijkl", "SLACK_APP_TOKEN": "xapp-1-A111-2222-abcdef0123"}
	tests := []struct {
		name, url string
		args      []string
		want      []string
	}{
		{"not PostgreSQL", "mysql://landscape:" + secret + "@db/landscape", []string{"serve"}, []string{"LANDSCAPE_STORE_URL must be a PostgreSQL URL", "postgres://user:password@host:5432/database"}},
		{"unreachable", "postgres://landscape:" + secret + "@127.0.0.1:1/landscape?sslmode=disable", []string{"serve"}, []string{"LANDSCAPE_STORE_URL: state store PostgreSQL landscape@127.0.0.1:1/landscape: cannot reach the server"}},
		{"unreachable, digest", "postgres://landscape:" + secret + "@127.0.0.1:1/landscape?sslmode=disable", []string{"digest", "--dry-run"}, []string{"LANDSCAPE_STORE_URL:", "cannot reach the server"}},
		{"bad URL", "postgres://landscape:" + secret + "@db:port/landscape", []string{"digest", "--dry-run"}, []string{"LANDSCAPE_STORE_URL: not a PostgreSQL URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"LANDSCAPE_STORE_URL": tt.url, "LANDSCAPE_DATA_DIR": t.TempDir()}
			for k, v := range tokens {
				env[k] = v
			}
			_, errOut, code := runCLI(t, env, tt.args...)
			if code != 1 {
				t.Errorf("exit %d, want 1", code)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
			if strings.Contains(errOut, secret) {
				t.Errorf("stderr shows the password:\n%s", errOut)
			}
		})
	}
	t.Run("digest from PostgreSQL", func(t *testing.T) {
		url := pgtest.URL(t)
		st, err := store.OpenPostgres(context.Background(), url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		q := store.Question{At: time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC), Channel: "C1", Text: "how many robots in Lima?"}
		if err := st.LogQuestion(context.Background(), q); err != nil {
			t.Fatal(err)
		}
		st.Close()
		out, errOut, code := runCLI(t, map[string]string{"LANDSCAPE_STORE_URL": url, "LANDSCAPE_DATA_DIR": t.TempDir()}, "digest", "--dry-run", "--date", "2026-11-26")
		if code != 0 || !strings.Contains(out, "Unanswered questions (1)") || !strings.Contains(out, q.Text) {
			t.Errorf("exit %d, want the question asked on a replica:\n%s%s", code, out, errOut)
		}
	})
	// --dry-run writes nothing to PostgreSQL either: a schema without
	// landscape's tables, or with a newer version, is refused as it is.
	t.Run("digest --dry-run writes nothing to PostgreSQL", func(t *testing.T) {
		ctx := context.Background()
		empty := pgtest.URL(t)
		newer := pgtest.URL(t)
		st, err := store.OpenPostgres(ctx, newer, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		pgExec(t, newer, `UPDATE schema_version SET version = 99`)
		for _, tt := range []struct {
			name, url string
			want      []string
		}{
			{"no tables", empty, []string{"LANDSCAPE_STORE_URL:", "no landscape tables", "search_path"}},
			{"newer schema", newer, []string{"LANDSCAPE_STORE_URL:", "schema version 99, newer than this landscape reads"}},
		} {
			out, errOut, code := runCLI(t, map[string]string{"LANDSCAPE_STORE_URL": tt.url, "LANDSCAPE_DATA_DIR": t.TempDir()}, "digest", "--dry-run", "--date", "2026-11-26")
			if code != 1 {
				t.Errorf("%s: exit %d, want 1:\n%s%s", tt.name, code, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("%s: stderr lacks %q:\n%s", tt.name, w, errOut)
				}
			}
		}
		if n := queryInt(t, empty, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()`); n != 0 {
			t.Errorf("the empty schema has %d tables after --dry-run, want none", n)
		}
		if v := queryInt(t, newer, `SELECT version FROM schema_version`); v != 99 {
			t.Errorf("schema version %d after --dry-run, want 99 kept", v)
		}
	})
}

// pgExec runs query on the PostgreSQL database at url, as another program would.
func pgExec(t *testing.T, url, query string) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), query); err != nil {
		t.Fatal(err)
	}
}

// queryInt reads one number from the PostgreSQL database at url.
func queryInt(t *testing.T, url, query string) int {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
