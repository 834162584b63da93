package fetch

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>`

// A feed is fetched whole; asked again with the validators it came with,
// the server answers 304 and nothing is read; validators come back either
// way.
func TestGetFeedConditional(t *testing.T) {
	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Get("If-None-Match")+"|"+r.Header.Get("If-Modified-Since"))
		mu.Unlock()
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 30 Nov 2026 08:00:00 GMT")
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		io.WriteString(w, rss)
	}))
	defer srv.Close()
	f := New(Options{Allow: allow(t, "127.0.0.1")})
	first, err := f.GetFeed(context.Background(), srv.URL+"/feed", Validators{})
	if err != nil {
		t.Fatal(err)
	}
	wantV := Validators{ETag: `"v1"`, LastModified: "Mon, 30 Nov 2026 08:00:00 GMT"}
	if first.NotModified || string(first.Body) != rss || first.ContentType != "application/rss+xml" || first.Validators != wantV || first.IsPage() {
		t.Errorf("first fetch: %+v", first)
	}
	second, err := f.GetFeed(context.Background(), srv.URL+"/feed", first.Validators)
	if err != nil {
		t.Fatal(err)
	}
	if !second.NotModified || len(second.Body) != 0 || second.Validators != wantV {
		t.Errorf("second fetch: %+v", second)
	}
	if diff := cmp.Diff([]string{"|", `"v1"|Mon, 30 Nov 2026 08:00:00 GMT`}, got); diff != "" {
		t.Errorf("conditional headers sent (-want +got):\n%s", diff)
	}
}

// 429 and 503 say how long to wait (seconds or a date); other errors,
// types that are no feed, and the rules for links are refusals.
func TestGetFeedRefusalsAndRetryLater(t *testing.T) {
	s := newSite(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><head><title>x</title></head></html>")
	})
	mux.HandleFunc("/untyped", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil
		io.WriteString(w, `<rss version="2.0"><channel></channel></rss>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := New(Options{Allow: allow(t, "127.0.0.1")})

	_, err := f.GetFeed(context.Background(), srv.URL+"/busy", Validators{})
	var later *RetryLater
	if !errors.As(err, &later) || later.After != 2*time.Minute || !strings.Contains(err.Error(), "429") {
		t.Errorf("429: %v", err)
	}
	_, err = f.GetFeed(context.Background(), srv.URL+"/down", Validators{})
	if !errors.As(err, &later) || later.After != 0 {
		t.Errorf("503: %v", err)
	}
	page, err := f.GetFeed(context.Background(), srv.URL+"/page", Validators{})
	if err != nil || !page.IsPage() {
		t.Errorf("a web page: %+v, %v", page, err)
	}
	untyped, err := f.GetFeed(context.Background(), srv.URL+"/untyped", Validators{})
	if err != nil || untyped.IsPage() || untyped.ContentType != "text/xml" {
		t.Errorf("a feed served without a type: %+v, %v", untyped, err)
	}
	_, err = f.Get(context.Background(), srv.URL+"/down")
	var r *Refusal
	if !errors.As(err, &r) || !r.Temporary {
		t.Errorf("a page answering 503: %v, want a temporary refusal", err)
	}
	for _, tt := range []struct{ url, want string }{
		{s.URL + "/image.png", "of type image/png, not a feed"},
		{s.URL + "/nothing-here", "404 Not Found"},
		{s.URL + "/loop", "more than 5 redirects"},
		{"http://10.0.0.1/feed.xml", "10.0.0.1 is a private address"},
	} {
		_, err := f.GetFeed(context.Background(), tt.url, Validators{})
		var r *Refusal
		if !errors.As(err, &r) || !strings.Contains(err.Error(), tt.want) || r.Temporary {
			t.Errorf("%s: %v, want a refusal saying %q", tt.url, err, tt.want)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		h    string
		want time.Duration
	}{
		{"", 0},
		{"30", 30 * time.Second},
		{"-5", 0},
		{"Tue, 01 Dec 2026 08:10:00 GMT", 10 * time.Minute},
		{"Tue, 01 Dec 2026 07:00:00 GMT", 0},
		{"99999999", maxRetryAfter},
		{"soon", 0},
	}
	for _, tt := range tests {
		if got := retryAfter(tt.h, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.h, got, tt.want)
		}
	}
}
