package store

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// connectTimeout bounds each connection attempt when the URL sets none: an
// unreachable server is reported in seconds, not after the system's TCP
// timeout of minutes.
const connectTimeout = 5 * time.Second

// IsPostgresURL reports whether u names a PostgreSQL store.
func IsPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// OpenPostgres connects to the PostgreSQL database at url (postgres://user:
// password@host:5432/database?…; a search_path parameter picks the schema)
// through a pgx connection pool, and brings its schema up to date. A bad
// URL, an unreachable server, a rejected password, a missing database and
// a newer schema are errors that say what to do, without the password;
// nothing is ever reset.
func OpenPostgres(ctx context.Context, url string, o Options) (*Store, error) {
	s, err := connectPostgres(ctx, url, o, false)
	if err != nil {
		return nil, err
	}
	if err := s.start(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// OpenPostgresReadOnly connects to the PostgreSQL database at url as
// OpenPostgres does, to read it, never to write: nothing is created or
// migrated, and the session is read-only on the server too. A database
// without landscape's tables is ErrNoStore (wrapped with where it looked);
// a schema older or newer than this landscape's is an error that says
// what to do.
func OpenPostgresReadOnly(ctx context.Context, url string) (*Store, error) {
	s, err := connectPostgres(ctx, url, Options{}, true)
	if err != nil {
		return nil, err
	}
	if err := s.openForReading(ctx); err != nil {
		s.Close()
		if errors.Is(err, ErrNoStore) {
			return nil, fmt.Errorf("state store %s: %w: it has no landscape tables; check the database and search_path in the URL, or run `landscape serve` once to create them", s.location, err)
		}
		return nil, err
	}
	return s, nil
}

// connectPostgres opens the pool and checks that the server answers;
// readOnly makes every transaction of its sessions read-only.
func connectPostgres(ctx context.Context, url string, o Options, readOnly bool) (*Store, error) {
	o = o.withDefaults()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx masks the password in what it quotes of the URL.
		return nil, fmt.Errorf("not a PostgreSQL URL such as postgres://user:password@host:5432/database (%v)", err)
	}
	if cfg.ConnConfig.ConnectTimeout == 0 {
		cfg.ConnConfig.ConnectTimeout = connectTimeout
	}
	c := &cfg.ConnConfig.Config
	loc := fmt.Sprintf("PostgreSQL %s@%s/%s", c.User, hostPort(c.Host, c.Port), c.Database)
	if sp := c.RuntimeParams["search_path"]; sp != "" {
		loc += " (schema " + sp + ")"
	}
	if readOnly {
		c.RuntimeParams["default_transaction_read_only"] = "on"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, explainPostgres(loc, c, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, explainPostgres(loc, c, err)
	}
	return &Store{db: stdlib.OpenDBFromPool(pool), postgres: true, location: loc, now: o.Now, close: pool.Close,
		explain: func(err error) error { return explainPostgres(loc, c, err) }}, nil
}

func hostPort(host string, port uint16) string {
	if strings.HasPrefix(host, "/") { // a Unix socket's folder
		return fmt.Sprintf("%s:%d", host, port)
	}
	return net.JoinHostPort(host, fmt.Sprint(port))
}

// explainPostgres says what to do about a PostgreSQL error: the server
// cannot be reached, refuses the user, or lacks the database; anything else
// is wrapped with where it happened.
func explainPostgres(loc string, c *pgconn.Config, err error) error {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch pg.Code {
		case "28P01", "28000": // invalid_password, invalid_authorization_specification
			return fmt.Errorf("state store %s: the server refused user %q (%s): check the user and password in the URL, and that pg_hba.conf lets this host in", loc, c.User, pg.Message)
		case "3D000": // invalid_catalog_name
			return fmt.Errorf("state store %s: database %q does not exist: create it (createdb %s) or fix the URL", loc, c.Database, c.Database)
		case "42501": // insufficient_privilege
			return fmt.Errorf("state store %s: user %q lacks a privilege landscape needs (%s): grant it CREATE and USAGE on the schema, or own the database", loc, c.User, pg.Message)
		}
		return fmt.Errorf("state store %s: %w", loc, err)
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("state store %s: cannot reach the server (%v): is PostgreSQL running there, and are the host and port right?", loc, err)
	}
	return fmt.Errorf("state store %s: %w", loc, err)
}
