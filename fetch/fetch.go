// Package fetch fetches links people paste — untrusted input, on a server
// inside a company network — without letting a link reach that network:
// only http and https; every address dialled, for the link and for each
// redirect (at most MaxRedirects), must be public, checked on the
// connection itself (the dialer's control function), so that DNS
// rebinding cannot slip a private address past the check; cloud metadata
// services never; Timeout and MaxBytes; only the kinds of document the
// corpus reads (Get), or feeds and the pages that name them, fetched
// conditionally (GetFeed). An allow-list (LANDSCAPE_FETCH_ALLOW) opens intranet
// sources by name or network.
package fetch

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path"
	"strings"
	"syscall"
	"time"
)

const (
	// Timeout bounds a fetch, body included: a page that takes longer
	// comes from a stalled or hostile server, and a curator is waiting.
	Timeout = 15 * time.Second
	// MaxBytes bounds a fetched or downloaded document: reports run to a
	// few MB of PDF; a body over 20 MB is a dump, a video or an attack,
	// and is cut off while it is read.
	MaxBytes = 20 << 20
	// MaxRedirects bounds a chain of redirects: real sites use one or two.
	MaxRedirects = 5
)

// Refusal is a link, response or file the fetcher will not take, with why,
// in words for the person who pasted it.
type Refusal struct {
	Reason string
	// Temporary: the server was slow or failing (a timeout, a 5xx, a 429),
	// so the same link may well be fetched later; the link itself broke
	// no rule.
	Temporary bool
}

func (r *Refusal) Error() string { return r.Reason }

func refusef(format string, args ...any) *Refusal {
	return &Refusal{Reason: fmt.Sprintf(format, args...)}
}

// statusRefusal refuses a response that is not 200 OK: temporary when the
// server failed or asked to slow down.
func statusRefusal(resp *http.Response) *Refusal {
	r := refusef("%s answered %s", resp.Request.URL.Host, resp.Status)
	r.Temporary = resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests
	return r
}

// Resolver finds a host's addresses; *net.Resolver is one, and tests use
// one of their own.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Options tunes a Fetcher; zero values take the defaults.
type Options struct {
	Allow    Allow
	Resolver Resolver      // default net.DefaultResolver
	Timeout  time.Duration // default Timeout
}

// Fetcher fetches links within the rules of the package. Safe for
// concurrent use.
type Fetcher struct {
	allow    Allow
	resolver Resolver
	timeout  time.Duration
	client   *http.Client
}

// New returns a fetcher.
func New(o Options) *Fetcher {
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	if o.Timeout <= 0 {
		o.Timeout = Timeout
	}
	f := &Fetcher{allow: o.Allow, resolver: o.Resolver, timeout: o.Timeout}
	f.client = &http.Client{
		Timeout: o.Timeout,
		Transport: &http.Transport{
			Proxy:                 nil, // a proxy would dial for us, past the checks
			DialContext:           f.dial,
			ForceAttemptHTTP2:     true,
			TLSHandshakeTimeout:   o.Timeout,
			ResponseHeaderTimeout: o.Timeout,
			MaxIdleConns:          8,
			IdleConnTimeout:       30 * time.Second,
		},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return refusef("more than %d redirects from %s", MaxRedirects, via[0].URL.Redacted())
			}
			return checkURL(req.URL, req.URL.Redacted())
		},
	}
	return f
}

// checkURL refuses what is not an http(s) link to a named host; shown is
// the link as given.
func checkURL(u *url.URL, shown string) error {
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		if u.Scheme == "" {
			return refusef("%q is not a link: give one starting with https://", shown)
		}
		return refusef("only http and https links are fetched, not %s:", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return refusef("%s names no host", u.Redacted())
	case u.User != nil:
		return refusef("links with a user name or password are not fetched (they would end up in the corpus)")
	}
	return nil
}

// dial connects to addr ("host:port") after checking every address the
// host resolves to; the dialer's control function checks the address
// actually connected to once more. The host is resolved once, here, and
// the connection made to the address checked: no second lookup can
// answer otherwise.
func (f *Fetcher) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	var ips []netip.Addr
	if ip, err := netip.ParseAddr(host); err == nil {
		ips = []netip.Addr{ip}
	} else {
		if ips, err = f.resolver.LookupNetIP(ctx, "ip", host); err != nil {
			var dnsErr *net.DNSError
			if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
				return nil, refusef("%s: no such host", host)
			}
			return nil, fmt.Errorf("looking up %s: %w", host, err)
		}
		if len(ips) == 0 {
			return nil, refusef("%s: no such host", host)
		}
	}
	for _, ip := range ips { // one address not public is enough to refuse the host
		if err := f.allow.check(host, ip); err != nil {
			return nil, err
		}
	}
	d := &net.Dialer{Timeout: 10 * time.Second, Control: func(_, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return refusef("cannot tell the address of %s", address)
		}
		return f.allow.check(host, ap.Addr())
	}}
	var firstErr error
	for _, ip := range ips {
		conn, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return nil, firstErr
}

// Response is a fetched document, its body still to read.
type Response struct {
	URL         string // where it was fetched from, after redirects
	ContentType string // as the server said, or as sniffed
	Ext         string // how the corpus reads it: .html, .pdf, .txt or .md
	Size        int64  // the announced length, -1 when unknown
	// Body is read within MaxBytes: reading more fails with a *Refusal.
	// The caller closes it.
	Body io.ReadCloser
}

// userAgent names the bot to the servers it fetches from.
const userAgent = "landscape-bot (corpus curation)"

// do sends a GET for rawURL with header, within the package's rules, and
// returns the response once its headers are in.
func (f *Fetcher) do(ctx context.Context, rawURL string, header http.Header) (*http.Response, error) {
	rawURL = strings.TrimSpace(rawURL)
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, refusef("%q is not a link: %v", rawURL, errors.Unwrap(err))
	}
	if err := checkURL(u, rawURL); err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, refusef("%q is not a link", rawURL)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", userAgent)
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.explain(err, u)
	}
	return resp, nil
}

// Get fetches rawURL and returns the response once its headers are in and
// its type is one the corpus reads.
func (f *Fetcher) Get(ctx context.Context, rawURL string) (*Response, error) {
	resp, err := f.do(ctx, rawURL, http.Header{"Accept": {"text/html, application/xhtml+xml, application/pdf, text/markdown, text/plain;q=0.9"}})
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, statusRefusal(resp)
	}
	if resp.ContentLength > MaxBytes {
		resp.Body.Close()
		return nil, TooLarge(resp.ContentLength)
	}
	body := bufio.NewReaderSize(resp.Body, 512)
	head, _ := body.Peek(512) // for the type of a document served without one
	ext, ctype, err := Kind(resp.Header.Get("Content-Type"), resp.Request.URL.Path, head)
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	return &Response{
		URL: resp.Request.URL.String(), ContentType: ctype, Ext: ext, Size: resp.ContentLength,
		Body: &limitedBody{r: body, c: resp.Body, left: MaxBytes},
	}, nil
}

// explain turns the HTTP client's error into the refusal inside it, or
// into words: a timeout, a connection refused.
func (f *Fetcher) explain(err error, u *url.URL) error {
	var r *Refusal
	if errors.As(err, &r) {
		return r
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		r := refusef("%s took over %v to answer", u.Host, f.timeout)
		r.Temporary = true
		return r
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("could not fetch %s: %w", u.Redacted(), err)
}

// TooLarge is the refusal of a document of n bytes, over MaxBytes.
func TooLarge(n int64) *Refusal {
	return refusef("%.1f MB, over the %d MB limit of a document", float64(n)/(1<<20), MaxBytes>>20)
}

// limitedBody reads at most left bytes, then fails with a Refusal.
type limitedBody struct {
	r    io.Reader
	c    io.Closer
	left int64
}

func (l *limitedBody) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One byte more tells a body of exactly the limit from a longer one.
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			return 0, refusef("over the %d MB limit of a document", MaxBytes>>20)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

func (l *limitedBody) Close() error { return l.c.Close() }

// kinds maps the media types the corpus reads to the extension it reads
// them by.
var kinds = map[string]string{
	"text/html":             ".html",
	"application/xhtml+xml": ".html",
	"application/pdf":       ".pdf",
	"text/plain":            ".txt",
	"text/markdown":         ".md",
	"text/x-markdown":       ".md",
}

// byExt maps file extensions to the media type of what the corpus reads
// by them, for documents served without a type and for Slack's files.
var byExt = map[string]string{
	".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf",
	".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown",
}

// Kind says how the corpus reads a document of media type contentType,
// named name (a URL path or a file name), starting with head: its
// extension and its media type. A type the corpus does not read is
// refused, naming it.
func Kind(contentType, name string, head []byte) (ext, mediaType string, err error) {
	byName := byExt[strings.ToLower(path.Ext(name))]
	mt, _, perr := mime.ParseMediaType(contentType)
	if perr != nil || mt == "" || mt == "application/octet-stream" || mt == "binary/octet-stream" {
		// No type given: the name's extension, else the bytes.
		mt = byName
		if mt == "" {
			mt, _, _ = mime.ParseMediaType(http.DetectContentType(head))
		}
	}
	ext, ok := kinds[mt]
	if !ok {
		return "", mt, refusef("a document of type %s: only web pages (HTML), PDF, plain text and Markdown are added", mt)
	}
	if ext == ".txt" && byName == "text/markdown" { // Markdown is often served as plain text
		ext, mt = ".md", byName
	}
	return ext, mt, nil
}
