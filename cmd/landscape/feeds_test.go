package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// newsSite serves feeds and their articles on 127.0.0.1, with ETags, and
// counts the conditional requests.
type newsSite struct {
	*httptest.Server
	mu      sync.Mutex
	stories []story // the RSS feed's items, oldest first
	bulk    int     // items of /bulk.xml
	cond    int     // conditional requests answered 304
}

// story is an item of the RSS feed and the article it links to.
type story struct{ slug, title, text string }

var stories = []story{
	{"aurora", "Aurora Robotics raises $18 million", "Aurora Robotics, a Suzhou maker of industrial robot arms, raised $18 million in a Series A round in 2026, led by Hillhouse, to build a factory in Wuxi. Its arms weld car frames for three carmakers in Jiangsu."},
	{"kestrel", "Kestrel Drones delivers 42,000 parcels", "Kestrel Drones, a Shenzhen maker of delivery drones, delivered 42,000 parcels in Chengdu in October 2026, the company said. Its fleet of 300 drones flies from eleven rooftop hubs to apartment blocks."},
	{"lumen", "Lumen Chips sells 3,500 inference cards", "Lumen Chips, a Hefei designer of AI accelerators, sold 3,500 inference cards to cloud providers in 2026. The cards run large language models at half the power of older parts, its engineers claim."},
}

// later is the story published after the first polls.
var later = story{"nimbus", "Nimbus Batteries raises $55 million", "Nimbus Batteries, a Ningbo maker of sodium-ion cells, raised $55 million in 2026 from a state fund, to triple its output of cells for grid storage by the end of 2027."}

func newNewsSite(t *testing.T) *newsSite {
	s := &newsSite{stories: append([]story(nil), stories...), bulk: 5000}
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		items := append([]story(nil), s.stories...)
		s.mu.Unlock()
		s.serveFeed(w, r, fmt.Sprintf(`"rss-%d"`, len(items)), "application/rss+xml", func(b *strings.Builder) {
			fmt.Fprintf(b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Factory Floor</title><link>%s/</link><description>Robotics news</description>`, s.URL)
			for i := len(items) - 1; i >= 0; i-- {
				fmt.Fprintf(b, `<item><title>%s</title><link>%s/articles/%s.html</link><guid>%s</guid><pubDate>%s</pubDate></item>`,
					items[i].title, s.URL, items[i].slug, items[i].slug, time.Date(2026, 11, 20+i, 8, 0, 0, 0, time.UTC).Format(time.RFC1123Z))
			}
			b.WriteString(`</channel></rss>`)
		})
	})
	mux.HandleFunc("/atom.xml", func(w http.ResponseWriter, r *http.Request) {
		s.serveFeed(w, r, `"atom-1"`, "application/atom+xml", func(b *strings.Builder) {
			fmt.Fprintf(b, `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Drone Notes</title><id>urn:drone-notes</id><updated>2026-11-30T08:00:00Z</updated>`+
				`<entry><title>Kestrel Drones delivers 42,000 parcels</title><id>urn:kestrel</id><link href="/articles/kestrel.html"/><updated>2026-11-21T08:00:00Z</updated></entry></feed>`)
		})
	})
	mux.HandleFunc("/blog/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<html><head><title>Drone Notes</title><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head><body><p>Notes on drones.</p></body></html>`)
	})
	mux.HandleFunc("/broken.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title><item><title>Oops</item></channel></rss>`)
	})
	mux.HandleFunc("/bulk.xml", func(w http.ResponseWriter, r *http.Request) {
		s.serveFeed(w, r, `"bulk"`, "application/rss+xml", func(b *strings.Builder) {
			fmt.Fprintf(b, `<?xml version="1.0"?><rss version="2.0"><channel><title>Bulk Wire</title><link>%s/</link><description>Everything</description>`, s.URL)
			for i := s.bulk; i >= 1; i-- {
				fmt.Fprintf(b, `<item><title>Bulletin %d</title><link>%s/bulk/%d.html</link><guid>bulk-%d</guid><pubDate>%s</pubDate></item>`,
					i, s.URL, i, i, time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Hour).Format(time.RFC1123Z))
			}
			b.WriteString(`</channel></rss>`)
		})
	})
	mux.HandleFunc("/articles/", func(w http.ResponseWriter, r *http.Request) {
		slug := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/articles/"), ".html")
		for _, st := range append(stories, later) {
			if st.slug == slug {
				s.page(w, st.title, "<p>"+st.text+"</p><p>The company did not disclose its revenue. Analysts expect more rounds of this kind in the coming months as buyers automate.</p>")
				return
			}
		}
		http.NotFound(w, r)
	})
	mux.HandleFunc("/bulk/", func(w http.ResponseWriter, r *http.Request) {
		s.page(w, "Bulletin "+strings.TrimSuffix(filepath.Base(r.URL.Path), ".html"), uniqueText(r.URL.Path))
	})
	// Assigned before it starts: the handlers read s.URL, and the race
	// detector sees no order through the sockets of another process.
	s.Server = httptest.NewUnstartedServer(mux)
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *newsSite) serveFeed(w http.ResponseWriter, r *http.Request, etag, ctype string, write func(*strings.Builder)) {
	w.Header().Set("ETag", etag)
	if r.Header.Get("If-None-Match") == etag {
		s.mu.Lock()
		s.cond++
		s.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	var b strings.Builder
	write(&b)
	w.Header().Set("Content-Type", ctype)
	io.WriteString(w, b.String())
}

func (s *newsSite) page(w http.ResponseWriter, title, body string) {
	w.Header().Set("Content-Type", "text/html")
	fmt.Fprintf(w, `<html><head><title>%s</title></head><body><article><h1>%s</h1>%s</article></body></html>`, title, title, body)
}

// uniqueText is three paragraphs of words drawn for path alone: no two
// pages share a run of five words, so none is a near-duplicate.
func uniqueText(path string) string {
	words := strings.Fields(`robot factory lidar sensor battery chip startup venture fund round investor valuation revenue
		profit export tariff subsidy province port railway drone satellite model dataset license patent merger listing bond
		loan bank hospital school farm mine steel copper lithium solar wind grid turbine vehicle truck ship airline cloud
		server memory camera phone laptop game film music retail grocery hotel tourism property wage hiring union election`)
	h := fnv.New64a()
	h.Write([]byte(path))
	x := h.Sum64() | 1
	var b strings.Builder
	for range 3 {
		b.WriteString("<p>")
		for i := range 40 {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(words[x%uint64(len(words))])
		}
		b.WriteString(".</p>")
	}
	return b.String()
}

// cli runs the built landscape binary with env (besides HOME and PATH)
// in dir and returns what it printed and its exit status.
func cli(t *testing.T, dir string, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(landscapeBinary(t), args...)
	cmd.Env = append([]string{"HOME=" + dir, "PATH=" + os.Getenv("PATH"), "USER=ada"}, env...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// feedsJSON runs `feeds --json`.
func feedsJSON(t *testing.T, dir string, env []string) []map[string]any {
	t.Helper()
	out, stderr, code := cli(t, dir, env, "feeds", "--json")
	var list []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil {
		t.Fatalf("feeds --json: exit %d\n%s%s", code, out, stderr)
	}
	return list
}

// corpusFiles lists the documents of the corpus folder (not sidecars).
func corpusFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() && !strings.HasSuffix(e.Name(), ".meta.json") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// The command-line contract of followed feeds, through the built binary
// against local RSS and Atom feeds (loopback allowed by
// LANDSCAPE_FETCH_ALLOW): follow with a tag; a poll adds the feed's items,
// answered with each item's own link as the source; a second poll is
// conditional and adds nothing; a new item is picked up; a page's Atom
// feed is found through <link rel="alternate">; a malformed feed and a
// private address are refused with nothing added; a 5,000-item feed adds
// at most 100 within 120 s; feeds --json lists each feed with its tag;
// unfollow works.
func TestFeedsCommandLine(t *testing.T) {
	s := newNewsSite(t)
	home := t.TempDir()
	corpusDir := filepath.Join(home, "corpus")
	env := []string{"LANDSCAPE_CORPUS_DIR=" + corpusDir, "LANDSCAPE_DATA_DIR=" + filepath.Join(home, "data"), "LANDSCAPE_FETCH_ALLOW=127.0.0.1"}
	run := func(want int, args ...string) string {
		t.Helper()
		out, stderr, code := cli(t, home, env, args...)
		if code != want {
			t.Fatalf("landscape %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, want, out, stderr)
		}
		return out + stderr
	}

	out := run(0, "follow", "--tag", "robotics", s.URL+"/feed.xml")
	if !strings.Contains(out, "Following “Factory Floor” ("+s.URL+"/feed.xml), tag robotics, every 1h0m0s: 3 items") {
		t.Errorf("follow:\n%s", out)
	}
	out = run(0, "feeds", "poll")
	if !strings.Contains(out, "“Factory Floor” ("+s.URL+"/feed.xml): 3 added") {
		t.Errorf("first poll:\n%s", out)
	}
	if diff := cmp.Diff([]string{"aurora.html", "kestrel.html", "lumen.html"}, corpusFiles(t, corpusDir)); diff != "" {
		t.Errorf("corpus after the first poll (-want +got):\n%s", diff)
	}
	for _, q := range []struct{ question, slug, figure string }{
		{"how much did Aurora Robotics raise?", "aurora", "$18 million"},
		{"how many parcels did Kestrel Drones deliver in Chengdu? tag:robotics", "kestrel", "42,000"},
		{"how many inference cards did Lumen Chips sell?", "lumen", "3,500"},
	} {
		var res struct {
			Answered bool `json:"answered"`
			Answer   *struct {
				Quote  string `json:"quote"`
				Source struct {
					URL string `json:"url"`
				} `json:"source"`
			} `json:"answer"`
		}
		out := run(0, "ask", "--json", q.question)
		if err := json.Unmarshal([]byte(out), &res); err != nil || !res.Answered || res.Answer.Source.URL != s.URL+"/articles/"+q.slug+".html" || !strings.Contains(res.Answer.Quote, q.figure) {
			t.Errorf("%q: %s", q.question, out)
		}
	}
	var other struct {
		Answered bool `json:"answered"`
	}
	if out := run(0, "ask", "--json", "how much did Aurora Robotics raise? tag:finance"); json.Unmarshal([]byte(out), &other) != nil || other.Answered {
		t.Errorf("a tag the feed's documents lack still answers: %s", out)
	}

	out = run(0, "feeds", "poll")
	s.mu.Lock()
	cond := s.cond
	s.mu.Unlock()
	if !strings.Contains(out, "not modified since the last poll: nothing new") || cond != 1 {
		t.Errorf("second poll (%d conditional requests answered 304):\n%s", cond, out)
	}
	if n := len(corpusFiles(t, corpusDir)); n != 3 {
		t.Errorf("%d documents after the second poll, want 3", n)
	}
	s.mu.Lock()
	s.stories = append(s.stories, later)
	s.mu.Unlock()
	out = run(0, "feeds", "poll")
	if !strings.Contains(out, ": 1 added") || !strings.Contains(strings.Join(corpusFiles(t, corpusDir), " "), "nimbus.html") {
		t.Errorf("a new item:\n%s", out)
	}

	out = run(0, "follow", s.URL+"/blog/")
	if !strings.Contains(out, "Following “Drone Notes” ("+s.URL+"/atom.xml), no tag") {
		t.Errorf("a page naming its Atom feed:\n%s", out)
	}

	before := corpusFiles(t, corpusDir)
	for _, bad := range []struct{ link, want string }{
		{s.URL + "/broken.xml", s.URL + "/broken.xml: not a well-formed feed: XML syntax error"},
		{"http://10.20.30.40/feed.xml", "10.20.30.40 is a private address: only public addresses are fetched"},
	} {
		out := run(1, "follow", "--tag", "robotics", bad.link)
		if !strings.Contains(out, bad.want) {
			t.Errorf("follow %s:\n%s\nwant it to say %q", bad.link, out, bad.want)
		}
	}

	run(0, "follow", "--tag", "wire", s.URL+"/bulk.xml")
	start := time.Now()
	out = run(0, "feeds", "poll")
	took := time.Since(start)
	if !strings.Contains(out, "“Bulk Wire” ("+s.URL+"/bulk.xml): 100 added, 4900 older left out") {
		t.Errorf("the 5,000-item feed:\n%s", out)
	}
	if n := len(corpusFiles(t, corpusDir)) - len(before); n != 100 || took > 120*time.Second {
		t.Errorf("the 5,000-item feed added %d documents in %v; want at most 100 within 120 s", n, took.Round(time.Second))
	}
	t.Logf("the first poll of the 5,000-item feed (and the others) took %v", took.Round(time.Millisecond))

	got := map[string]string{}
	for _, f := range feedsJSON(t, home, env) {
		got[f["url"].(string)] = f["tag"].(string)
		for _, k := range []string{"title", "last_poll", "items", "error"} {
			if _, ok := f[k]; !ok {
				t.Errorf("feeds --json: %v lacks %q", f, k)
			}
		}
	}
	want := map[string]string{s.URL + "/feed.xml": "robotics", s.URL + "/atom.xml": "", s.URL + "/bulk.xml": "wire"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("feeds --json, url → tag (-want +got):\n%s", diff)
	}
	out = run(0, "feeds")
	if !strings.Contains(out, "Factory Floor") || !strings.Contains(out, "robotics") || !strings.Contains(out, "LAST POLL") {
		t.Errorf("feeds:\n%s", out)
	}

	out = run(0, "unfollow", s.URL+"/feed.xml")
	if !strings.Contains(out, "Unfollowed “Factory Floor”") {
		t.Errorf("unfollow:\n%s", out)
	}
	if n := len(feedsJSON(t, home, env)); n != 2 {
		t.Errorf("%d feeds after unfollowing one, want 2", n)
	}
	run(1, "unfollow", s.URL+"/feed.xml")
	if !strings.Contains(strings.Join(corpusFiles(t, corpusDir), " "), "aurora.html") {
		t.Error("unfollowing removed the documents the feed brought")
	}
}
