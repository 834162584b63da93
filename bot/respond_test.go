package bot

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// A response_url post goes out through slack-go's webhook call; a 503 and
// a 429 (after its Retry-After) are tried again, a 400 is not.
func TestRespondRetries(t *testing.T) {
	tests := []struct {
		name     string
		statuses []int // answered in turn, then 200
		wantErr  bool
		wantHits int
	}{
		{"ok", nil, false, 1},
		{"503 then 429", []int{503, 429}, false, 3},
		{"bad request", []int{400}, true, 1},
		{"always 500", []int{500, 500, 500, 500, 500}, true, respondAttempts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var bodies []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				mu.Lock()
				defer mu.Unlock()
				bodies = append(bodies, string(b))
				if n := len(bodies); n <= len(tt.statuses) {
					w.Header().Set("Retry-After", "1")
					w.WriteHeader(tt.statuses[n-1])
				}
			}))
			defer srv.Close()
			api := slack.New("xoxb-test")
			b := New(api, socketmode.New(api), nil, nil, slog.New(slog.DiscardHandler), nil, Options{})
			err := b.respond(context.Background(), srv.URL, Message{Text: "hello", Blocks: []slack.Block{section("hello")}}, responseOpts{replaceOriginal: true})
			if (err != nil) != tt.wantErr || len(bodies) != tt.wantHits {
				t.Fatalf("err %v after %d posts; want error %v after %d", err, len(bodies), tt.wantErr, tt.wantHits)
			}
			for _, want := range []string{`"text":"hello"`, `"response_type":"ephemeral"`, `"replace_original":true`, `"blocks":[{"type":"section"`} {
				if !strings.Contains(bodies[0], want) {
					t.Errorf("body lacks %s: %s", want, bodies[0])
				}
			}
		})
	}
}
