package fetch

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// resolver is a test resolver: names to addresses, counting lookups.
type resolver struct {
	mu      sync.Mutex
	answers map[string][][]netip.Addr // each lookup takes the next answer; the last repeats
	lookups map[string]int
}

func newResolver(names map[string]string) *resolver {
	r := &resolver{answers: map[string][][]netip.Addr{}, lookups: map[string]int{}}
	for name, addrs := range names {
		var a []netip.Addr
		for _, s := range strings.Fields(addrs) {
			a = append(a, netip.MustParseAddr(s))
		}
		r.answers[name] = [][]netip.Addr{a}
	}
	return r
}

func (r *resolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ans, ok := r.answers[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	i := min(r.lookups[host], len(ans)-1)
	r.lookups[host]++
	return ans[i], nil
}

// site is a test web server on 127.0.0.1 that records the paths asked.
type site struct {
	*httptest.Server
	port  string
	mu    sync.Mutex
	paths []string
}

func newSite(t *testing.T) *site {
	s := &site{}
	mux := http.NewServeMux()
	mux.HandleFunc("/page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><body><p>Zephyr Labs raised $42 million.</p></body></html>")
	})
	mux.HandleFunc("/notes.md", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "# Notes\n\nZephyr Labs raised $42 million.\n")
	})
	mux.HandleFunc("/report", func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = nil // no type at all: the bytes tell
		io.WriteString(w, "%PDF-1.4\n%fake\n")
	})
	mux.HandleFunc("/image.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", "31457280") // 30 MB
		io.Copy(w, io.LimitReader(zeros{}, 30<<20))
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.(http.Flusher).Flush() // no length announced: the limit holds while reading
		io.Copy(w, io.LimitReader(zeros{}, 30<<20))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.paths = append(s.paths, r.URL.Path)
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	_, s.port, _ = net.SplitHostPort(s.Listener.Addr().String())
	return s
}

func (s *site) asked() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.paths...)
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func allow(t *testing.T, s string) Allow {
	t.Helper()
	a, err := ParseAllow(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Each refusal, one by one, with its message; the refused server is never
// asked for anything.
func TestRefusals(t *testing.T) {
	s := newSite(t)
	port := s.port
	names := newResolver(map[string]string{
		"intranet.example": "10.1.2.3",
		"allowed.test":     "127.0.0.1",
		"private.test":     "127.0.0.1",
		"mixed.example":    "93.184.216.34 192.168.0.7",
	})
	tests := []struct {
		name, allow, url string
		want             string // in the error
		asked            []string
	}{
		{"loopback IPv4", "", "http://127.0.0.1:" + port + "/page.html", "127.0.0.1 is a loopback address (this server itself): only public addresses are fetched", nil},
		{"loopback IPv6", "", "http://[::1]:" + port + "/page.html", "::1 is a loopback address", nil},
		{"private 10/8", "", "http://10.0.0.1/", "10.0.0.1 is a private address", nil},
		{"cloud metadata, even in an allowed network", "169.254.0.0/16", "http://169.254.169.254/latest/meta-data/", "169.254.169.254 is the cloud metadata service (AWS, GCP, Azure, OpenStack): never fetched", nil},
		{"IPv4-mapped loopback", "", "http://[::ffff:127.0.0.1]:" + port + "/page.html", "::ffff:127.0.0.1 (IPv4-mapped 127.0.0.1) is a loopback address", nil},
		{"a name resolving to a private address", "", "https://intranet.example/wiki", "intranet.example resolves to 10.1.2.3, a private address", nil},
		{"a name resolving to public and private addresses", "", "https://mixed.example/", "mixed.example resolves to 192.168.0.7, a private address", nil},
		{"redirect from an allowed host to a private one", "allowed.test",
			"http://allowed.test:" + port + "/redirect?to=" + url.QueryEscape("http://private.test:"+port+"/page.html"),
			"private.test resolves to 127.0.0.1, a loopback address", []string{"/redirect"}},
		{"redirect to another scheme", "127.0.0.1", "http://127.0.0.1:" + port + "/redirect?to=" + url.QueryEscape("file:///etc/passwd"), "only http and https links are fetched, not file:", []string{"/redirect"}},
		{"too many redirects", "127.0.0.1", "http://127.0.0.1:" + port + "/loop", "more than 5 redirects", []string{"/loop", "/loop", "/loop", "/loop", "/loop", "/loop"}},
		{"a 30 MB body", "127.0.0.1", "http://127.0.0.1:" + port + "/big", "30.0 MB, over the 20 MB limit of a document", []string{"/big"}},
		{"an image", "127.0.0.1", "http://127.0.0.1:" + port + "/image.png", "a document of type image/png: only web pages (HTML), PDF, plain text and Markdown are added", []string{"/image.png"}},
		{"ftp", "", "ftp://example.com/report.pdf", "only http and https links are fetched, not ftp:", nil},
		{"file", "", "file:///etc/passwd", "only http and https links are fetched, not file:", nil},
		{"javascript", "", "javascript:alert(1)", "only http and https links are fetched, not javascript:", nil},
		{"not a link", "", "zephyr labs", `"zephyr labs" is not a link`, nil},
		{"credentials in the link", "", "https://user:secret@example.com/", "links with a user name or password are not fetched", nil},
		{"no such host", "", "https://nowhere.invalid/", "nowhere.invalid: no such host", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(s.asked())
			f := New(Options{Allow: allow(t, tt.allow), Resolver: names})
			resp, err := f.Get(context.Background(), tt.url)
			if err == nil {
				resp.Body.Close()
				t.Fatalf("fetched %s", tt.url)
			}
			var r *Refusal
			if !errors.As(err, &r) {
				t.Errorf("error %T %v is not a Refusal", err, err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q, want it to say %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error shows the link's password: %q", err)
			}
			if diff := cmp.Diff(tt.asked, s.asked()[before:], cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("requests the server saw (-want +got):\n%s", diff)
			}
		})
	}
}

// A body with no announced length is cut off while it is read.
func TestBodyOverTheLimitWhileReading(t *testing.T) {
	s := newSite(t)
	f := New(Options{Allow: allow(t, "127.0.0.1")})
	resp, err := f.Get(context.Background(), s.URL+"/big-chunked")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	var r *Refusal
	if !errors.As(err, &r) || !strings.Contains(err.Error(), "over the 20 MB limit") {
		t.Errorf("read %d bytes, error %v; want the limit's refusal", n, err)
	}
	if n != MaxBytes {
		t.Errorf("read %d bytes, want exactly the limit, %d", n, MaxBytes)
	}
}

// What the corpus reads is fetched, with its kind: HTML as served, Markdown
// served as plain text by its name, a PDF served without a type by its
// bytes; a redirect within allowed addresses is followed.
func TestFetchesWhatTheCorpusReads(t *testing.T) {
	s := newSite(t)
	f := New(Options{Allow: allow(t, "127.0.0.0/8")})
	tests := []struct {
		path, ext, final string
		want             string
	}{
		{"/page.html", ".html", "/page.html", "Zephyr Labs raised $42 million."},
		{"/notes.md", ".md", "/notes.md", "# Notes"},
		{"/report", ".pdf", "/report", "%PDF-1.4"},
		{"/redirect?to=%2Fpage.html", ".html", "/page.html", "<html>"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := f.Get(context.Background(), s.URL+tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.Ext != tt.ext || resp.URL != s.URL+tt.final || !bytes.Contains(body, []byte(tt.want)) {
				t.Errorf("got %s %s %q, want %s %s %q", resp.Ext, resp.URL, body, tt.ext, s.URL+tt.final, tt.want)
			}
		})
	}
}

// A host is looked up once, and the connection goes to the address that
// was checked: a resolver that answers otherwise the second time (DNS
// rebinding) is never asked again, and the private server behind the
// second answer never hears of the request.
func TestRebindingCannotSwitchTheAddress(t *testing.T) {
	s := newSite(t)
	names := newResolver(nil)
	// First an allowed address where nothing listens, then the loopback
	// address of the server.
	names.answers["rebind.test"] = [][]netip.Addr{{netip.MustParseAddr("127.0.0.2")}, {netip.MustParseAddr("127.0.0.1")}}
	f := New(Options{Allow: allow(t, "127.0.0.2/32"), Resolver: names})
	_, err := f.Get(context.Background(), "http://rebind.test:"+s.port+"/page.html")
	if err == nil {
		t.Fatal("fetched through the second answer")
	}
	if names.lookups["rebind.test"] != 1 || len(s.asked()) != 0 {
		t.Errorf("lookups %d, requests %q: want one lookup and none", names.lookups["rebind.test"], s.asked())
	}
}

func TestTimeout(t *testing.T) {
	s := newSite(t)
	f := New(Options{Allow: allow(t, "127.0.0.1"), Timeout: 300 * time.Millisecond})
	start := time.Now()
	_, err := f.Get(context.Background(), s.URL+"/slow")
	var r *Refusal
	if !errors.As(err, &r) || !strings.Contains(err.Error(), "took over 300ms to answer") || !r.Temporary {
		t.Errorf("error %v, want a temporary refusal", err)
	}
	if time.Since(start) > 3*time.Second {
		t.Errorf("took %v", time.Since(start))
	}
}

// Every kind of address that is not public is refused, and named.
func TestAddressesNotPublic(t *testing.T) {
	tests := []struct {
		addr, want string // want "" for an address that is fetched
	}{
		{"0.0.0.0", "“this network” address"},
		{"0.1.2.3", "“this network” address"},
		{"100.64.1.1", "carrier-grade NAT"},
		{"172.16.5.4", "private address"},
		{"192.168.1.1", "private address"},
		{"169.254.10.10", "link-local"},
		{"224.0.0.1", "multicast"},
		{"255.255.255.255", "reserved or broadcast"},
		{"::", "unspecified"},
		{"fe80::1", "link-local"},
		{"fd12:3456::1", "unique local"},
		{"fd00:ec2::254", "cloud metadata service (AWS over IPv6)"},
		{"100.100.100.200", "cloud metadata service (Alibaba Cloud)"},
		{"::ffff:10.0.0.1", "(IPv4-mapped 10.0.0.1) is a private address"},
		{"64:ff9b::a00:1", "NAT64"},
		{"2002:a00:1::1", "6to4"},
		{"ff02::1", "multicast"},
		{"93.184.216.34", ""},
		{"2606:2800:220:1:248:1893:25c8:1946", ""},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := Allow{}.check(tt.addr, netip.MustParseAddr(tt.addr))
			if tt.want == "" {
				if err != nil {
					t.Errorf("refused a public address: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseAllow(t *testing.T) {
	a, err := ParseAllow("wiki.corp.example, *.intra.example 10.20.0.0/16,192.168.1.5")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		host, ip string
		want     bool
	}{
		{"wiki.corp.example", "10.9.9.9", true},
		{"WIKI.corp.example.", "10.9.9.9", true},
		{"docs.intra.example", "172.16.0.1", true},
		{"intra.example", "172.16.0.1", false},
		{"other.example", "10.20.3.4", true},
		{"other.example", "192.168.1.5", true},
		{"other.example", "192.168.1.6", false},
		{"evilwiki.corp.example", "10.9.9.9", false},
	}
	for _, tt := range tests {
		got := a.check(tt.host, netip.MustParseAddr(tt.ip)) == nil
		if got != tt.want {
			t.Errorf("%s at %s allowed: %v, want %v", tt.host, tt.ip, got, tt.want)
		}
	}
	if _, err := ParseAllow("wiki corp"); err != nil {
		t.Errorf("two names: %v", err)
	}
	if _, err := ParseAllow("http://wiki.corp/"); err == nil || !strings.Contains(err.Error(), "LANDSCAPE_FETCH_ALLOW") {
		t.Errorf("a URL: %v", err)
	}
}
