// Package pgtest gives each test a PostgreSQL schema of its own, on the
// server that LANDSCAPE_TEST_POSTGRES names, so that test packages running
// in parallel never see each other's tables.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Var is the variable naming the test server, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable (.ci/run sets it).
const Var = "LANDSCAPE_TEST_POSTGRES"

// URL returns the URL of a new, empty schema on the test server, dropped
// when t ends. Without the server, t is skipped with a note on how to run
// it; under CI (CI set), where the server must be there, t fails instead.
func URL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(Var)
	unavailable := func(why string) {
		t.Helper()
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL is required under CI: %s", why)
		}
		t.Skipf("PostgreSQL case skipped (%s): run a PostgreSQL server and set %s=postgres://postgres@127.0.0.1:5432/test?sslmode=disable (as .ci/run does)", why, Var)
	}
	if base == "" {
		unavailable(Var + " is not set")
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		t.Fatalf("%s must be a postgres:// URL", Var)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		unavailable(fmt.Sprintf("cannot connect: %v", err))
	}
	defer conn.Close(ctx)
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
