package store

import (
	"context"
	"net"
	"net/url"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgproto3"

	"github.com/landscape-bot/landscape/internal/pgtest"
)

// What OpenPostgres says when it cannot open the store: what is wrong and
// what to do, never the password.
func TestPostgresErrors(t *testing.T) {
	const secret = "s3cret-pw"
	tests := []struct {
		name string
		url  func(t *testing.T) string
		want []string
	}{
		{"bad URL", func(*testing.T) string { return "postgres://landscape:" + secret + "@db:notaport/landscape" }, []string{"not a PostgreSQL URL", "postgres://user:password@host:5432/database"}},
		{"unreachable", func(*testing.T) string {
			return "postgres://landscape:" + secret + "@127.0.0.1:1/landscape?sslmode=disable"
		}, []string{"cannot reach the server", "127.0.0.1:1", "is PostgreSQL running there"}},
		{"wrong password", func(t *testing.T) string {
			return "postgres://landscape:" + secret + "@" + refusingServer(t) + "/landscape?sslmode=disable"
		}, []string{"refused user \"landscape\"", "password authentication failed", "check the user and password"}},
		{"no such database", func(t *testing.T) string {
			u, _ := url.Parse(pgtest.URL(t))
			u.Path = "/landscape_no_such_database"
			u.User = url.UserPassword(u.User.Username(), secret)
			return u.String()
		}, []string{`database "landscape_no_such_database" does not exist`, "createdb landscape_no_such_database"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := OpenPostgres(context.Background(), tt.url(t), Options{})
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error shows the password:\n%v", err)
			}
		})
	}
}

// refusingServer speaks PostgreSQL's protocol far enough to ask for a
// password and refuse it, as a server does on a wrong one (the test server
// trusts everyone, so it cannot show this).
func refusingServer(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				be := pgproto3.NewBackend(conn, conn)
				for {
					msg, err := be.ReceiveStartupMessage()
					if err != nil {
						return
					}
					if _, ok := msg.(*pgproto3.StartupMessage); ok {
						break
					}
					if _, err := conn.Write([]byte("N")); err != nil { // no TLS, no GSS encryption
						return
					}
				}
				be.Send(&pgproto3.AuthenticationCleartextPassword{})
				if be.Flush() != nil {
					return
				}
				if _, err := be.Receive(); err != nil {
					return
				}
				be.Send(&pgproto3.ErrorResponse{Severity: "FATAL", Code: "28P01", Message: `password authentication failed for user "landscape"`})
				_ = be.Flush()
			}()
		}
	}()
	return ln.Addr().String()
}
