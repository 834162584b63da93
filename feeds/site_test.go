package feeds

import (
	"context"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/curate"
	"github.com/landscape-bot/landscape/fetch"
	"github.com/landscape-bot/landscape/store"
)

var t0 = time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)

// site is a news site on 127.0.0.1: feeds (RSS or Atom) of numbered
// articles, each article a page of its own text, with ETags; it counts
// what it is asked.
type site struct {
	*httptest.Server
	mu       sync.Mutex
	feeds    map[string]*feed // by path
	handlers map[string]http.HandlerFunc
	asked    map[string]int    // requests by path
	cond     map[string]int    // conditional requests by path
	empty    map[string]bool   // article pages with no text
	flaky    map[string]int    // article pages that fail this many more times
	pages    map[string]string // other pages by path
}

// feed is a feed the site serves: articles first..last, newest first.
type feed struct {
	atom        bool
	title       string
	first, last int
}

func newSite(t *testing.T) *site {
	s := &site{feeds: map[string]*feed{}, handlers: map[string]http.HandlerFunc{}, asked: map[string]int{},
		cond: map[string]int{}, empty: map[string]bool{}, flaky: map[string]int{}, pages: map[string]string{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.asked[r.URL.Path]++
	if r.Header.Get("If-None-Match") != "" {
		s.cond[r.URL.Path]++
	}
	h, f, page := s.handlers[r.URL.Path], s.feeds[r.URL.Path], s.pages[r.URL.Path]
	var body, etag string
	if f != nil {
		body, etag = f.render(s.URL), fmt.Sprintf(`"%d-%d"`, f.first, f.last)
	}
	empty, flaky := s.empty[r.URL.Path], s.flaky[r.URL.Path] > 0
	if flaky {
		s.flaky[r.URL.Path]--
	}
	s.mu.Unlock()
	switch {
	case h != nil:
		h(w, r)
	case f != nil:
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", map[bool]string{true: "application/atom+xml", false: "application/rss+xml"}[f.atom])
		io.WriteString(w, body)
	case page != "":
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, page)
	case strings.HasPrefix(r.URL.Path, "/articles/"):
		if flaky {
			http.Error(w, "try again later", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		if empty {
			io.WriteString(w, "<html><head><title>Nothing</title></head><body><nav>Home · About</nav></body></html>")
			return
		}
		io.WriteString(w, article(r.URL.Path))
	default:
		http.NotFound(w, r)
	}
}

func (s *site) addFeed(path string, f *feed) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feeds[path] = f
}

func (s *site) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[path] = h
}

func (s *site) page(path, html string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = html
}

// publish adds n newer articles to the feed at path.
func (s *site) publish(path string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.feeds[path].last += n
}

func (s *site) count(path string) (asked, conditional int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.asked[path], s.cond[path]
}

// articlesAsked is how many article pages were asked for.
func (s *site) articlesAsked() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for p, c := range s.asked {
		if strings.HasPrefix(p, "/articles/") {
			n += c
		}
	}
	return n
}

// render writes the feed: article i published i hours after t0, newest
// first, with a guid, a link and a date.
func (f *feed) render(base string) string {
	var b strings.Builder
	if f.atom {
		fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>%s</title><link href="%s/"/><id>urn:x</id><updated>2026-12-01T08:00:00Z</updated>`, f.title, base)
		for i := f.last; i >= f.first; i-- {
			fmt.Fprintf(&b, `<entry><title>Article %d</title><id>urn:article:%d</id><link rel="alternate" href="/articles/%d.html"/><updated>%s</updated></entry>`,
				i, i, i, t0.Add(time.Duration(i)*time.Hour).Format(time.RFC3339))
		}
		b.WriteString(`</feed>`)
		return b.String()
	}
	fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0"><channel><title>%s</title><link>%s/</link><description>news</description>`, f.title, base)
	for i := f.last; i >= f.first; i-- {
		fmt.Fprintf(&b, `<item><title>Article %d</title><link>%s/articles/%d.html</link><guid>article-%d</guid><pubDate>%s</pubDate></item>`,
			i, base, i, i, t0.Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z))
	}
	b.WriteString(`</channel></rss>`)
	return b.String()
}

// words make each article's text its own: no two share a run of five.
var words = strings.Fields(`robot factory lidar sensor battery chip startup venture fund round investor
	valuation revenue profit export import tariff subsidy province city port railway drone satellite
	model dataset license patent lawsuit merger acquisition listing share bond yield loan bank insurer
	hospital school farm mine steel copper lithium solar wind grid turbine vehicle truck ship airline
	cloud server memory display camera phone tablet laptop game film music retail grocery fashion
	hotel tourism property rent wage hiring layoff union strike protest election minister ministry`)

// article is the page of /articles/N.html: a title and three paragraphs
// of words drawn for it alone.
func article(path string) string {
	h := fnv.New64a()
	h.Write([]byte(path))
	x := h.Sum64()
	var paras []string
	for range 3 {
		var ws []string
		for range 40 {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			ws = append(ws, words[x%uint64(len(words))])
		}
		paras = append(paras, "<p>"+strings.Join(ws, " ")+".</p>")
	}
	name := strings.TrimSuffix(filepath.Base(path), ".html")
	return fmt.Sprintf(`<html><head><title>Article %s</title></head><body><article><h1>Article %s</h1>%s</article></body></html>`, name, name, strings.Join(paras, "\n"))
}

// resolver answers names for the fetcher without DNS: a name that points
// at a private address is refused before anything is dialled.
type resolver map[string]string

func (r resolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if a, ok := r[host]; ok {
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
	return nil, fmt.Errorf("no such host %s", host)
}

// env is a feeds service over a real SQLite store, a real curator of a
// fresh corpus folder, and a fetcher that allows 127.0.0.1 (and
// nothing else private).
type env struct {
	svc   *Service
	st    *store.Store
	dir   string
	clock *clock
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newEnv(t *testing.T, fo fetch.Options) *env {
	t.Helper()
	c := &clock{t: t0}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), store.FileName), store.Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if fo.Allow, err = fetch.ParseAllow("127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	opts := corpus.Options{Dir: dir, NoBuiltin: true}
	cur := curate.New(dir, opts, curate.FolderDocuments(opts), c.now)
	return &env{svc: New(st, fetch.New(fo), cur, "test-owner", c.now), st: st, dir: dir, clock: c}
}

// docs loads the corpus folder.
func (e *env) docs(t *testing.T) []*corpus.Document {
	t.Helper()
	c, problems, err := corpus.Load(corpus.Options{Dir: e.dir, NoBuiltin: true})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	return c.Docs
}
