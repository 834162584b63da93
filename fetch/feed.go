package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Validators are what a server said of a feed's last version, sent back
// so that it answers 304 Not Modified when nothing changed (a conditional
// GET): its ETag and Last-Modified headers, "" when it sent none.
type Validators struct {
	ETag         string
	LastModified string
}

// Feed is a fetched feed document, or a web page that may name one.
type Feed struct {
	URL         string // where it was fetched from, after redirects
	ContentType string // the media type, as the server said or as sniffed
	// NotModified: the server answered 304 to the validators sent; Body is
	// then empty.
	NotModified bool
	Validators  Validators // the server's, to send next time
	Body        []byte
}

// IsPage reports whether the document is a web page (one that may name
// its feed), not a feed.
func (f *Feed) IsPage() bool {
	return f.ContentType == "text/html" || f.ContentType == "application/xhtml+xml"
}

// RetryLater is a server's "not now": 429 Too Many Requests or 503 Service
// Unavailable, with how long it asked to wait (Retry-After), 0 when it did
// not say.
type RetryLater struct {
	Host   string
	Status string
	After  time.Duration
}

func (r *RetryLater) Error() string {
	if r.After > 0 {
		return fmt.Sprintf("%s answered %s: retry after %v", r.Host, r.Status, r.After)
	}
	return fmt.Sprintf("%s answered %s", r.Host, r.Status)
}

// feedTypes are the media types a feed comes as (and the web pages that
// name one): anything else is refused before its body is read.
var feedTypes = map[string]bool{
	"application/rss+xml": true, "application/atom+xml": true, "application/rdf+xml": true,
	"application/xml": true, "text/xml": true,
	"application/feed+json": true, "application/json": true,
	"text/html": true, "application/xhtml+xml": true,
	"text/plain": true, // feeds served by misconfigured servers
}

// GetFeed fetches a feed (or a web page that names one) at rawURL, within
// the package's rules, conditionally when v holds the validators of the
// version already seen. Its whole body is read, within MaxBytes. A 429 or
// 503 is a *RetryLater; any other answer but 200 and 304 is refused.
func (f *Fetcher) GetFeed(ctx context.Context, rawURL string, v Validators) (*Feed, error) {
	h := http.Header{"Accept": {"application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5"}}
	if v.ETag != "" {
		h.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		h.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := f.do(ctx, rawURL, h)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out := &Feed{URL: resp.Request.URL.String(), Validators: Validators{ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}}
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotModified:
		out.NotModified, out.Validators = true, v
		return out, nil
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return nil, &RetryLater{Host: resp.Request.URL.Host, Status: resp.Status, After: retryAfter(resp.Header.Get("Retry-After"), time.Now())}
	default:
		return nil, statusRefusal(resp)
	}
	if resp.ContentLength > MaxBytes {
		return nil, TooLarge(resp.ContentLength)
	}
	body, err := io.ReadAll(&limitedBody{r: resp.Body, c: resp.Body, left: MaxBytes})
	if err != nil {
		var r *Refusal
		if errors.As(err, &r) {
			return nil, r
		}
		return nil, f.explain(err, resp.Request.URL)
	}
	mt, _, perr := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if perr != nil || mt == "" || mt == "application/octet-stream" {
		mt, _, _ = mime.ParseMediaType(http.DetectContentType(body))
		if mt == "text/plain" && strings.HasPrefix(strings.TrimSpace(string(body[:min(len(body), 512)])), "<") {
			mt = "text/xml" // DetectContentType sniffs a feed without an XML declaration as text
		}
	}
	if !feedTypes[mt] {
		return nil, refusef("%s is a document of type %s, not a feed (RSS, Atom or JSON Feed) nor a web page naming one", out.URL, mt)
	}
	out.ContentType, out.Body = mt, body
	return out, nil
}

// maxRetryAfter bounds how long a server's Retry-After is honoured: a
// date years ahead is a mistake, not a request to stop polling.
const maxRetryAfter = 7 * 24 * time.Hour

// retryAfter reads a Retry-After header: seconds, or an HTTP date after
// now; 0 when absent or unreadable.
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil {
		return min(max(time.Duration(s)*time.Second, 0), maxRetryAfter)
	}
	if t, err := http.ParseTime(h); err == nil {
		return min(max(t.Sub(now), 0), maxRetryAfter)
	}
	return 0
}
