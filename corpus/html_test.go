package corpus

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseHTMLSavedPage(t *testing.T) {
	data, err := os.ReadFile("../testdata/web/ernie-users.html")
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseHTML("ernie-users.html", data)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{d.ID, d.Title, d.Author, d.Publisher, d.Published, d.URL}
	want := []string{"ernie-users", "Ernie Bot passes 300 million users", "Li Wen", "Fixture Tech Daily", "2025-06-12", "https://example.com/tech/ernie-300m"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("metadata (-want +got):\n%s", diff)
	}
	var all strings.Builder
	sections := map[string]bool{}
	for _, p := range d.Passages {
		all.WriteString(p.Text + "\n")
		sections[p.Section] = true
	}
	text := all.String()
	for _, w := range []string{"passed 300 million users", "more than 5,000 applications", "11.4 billion yuan (US$1.6 billion)", "next-generation model"} {
		if !strings.Contains(text, w) {
			t.Errorf("article text lacks %q", w)
		}
	}
	for _, furniture := range []string{"cookies", "Share on", "Related stories", "Great article", "All rights reserved", "Subscribe", "Alibaba cuts AI prices again"} {
		if strings.Contains(text, furniture) {
			t.Errorf("page furniture %q was indexed", furniture)
		}
	}
	if !sections["Price war"] || !sections["What comes next"] {
		t.Errorf("sections = %v, want the page's headings", sections)
	}
}

func TestParseHTMLMetadataFallbacks(t *testing.T) {
	tests := []struct {
		name, page string
		want       []string // title, author, publisher, published, url
	}{
		{"open graph only", `<html><head><title>T | Site</title><meta property="og:title" content="OG title"><meta property="og:site_name" content="OG site"><meta property="article:published_time" content="2024-03-05T10:00:00Z"><meta property="og:url" content="https://e.com/a"></head><body><article><p>` + strings.Repeat("Body text about AI in China. ", 30) + `</p></article></body></html>`,
			[]string{"OG title", "", "OG site", "2024-03-05", "https://e.com/a"}},
		{"JSON-LD graph wins", `<html><head><title>Page</title><script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"x"},{"@type":"Article","headline":"LD headline","author":[{"name":"A One"},{"name":"B Two"}],"publisher":{"name":"LD Pub"},"datePublished":"2023-12-31"}]}</script><meta property="og:title" content="OG"></head><body><article><p>` + strings.Repeat("Body text about AI in China. ", 30) + `</p></article></body></html>`,
			[]string{"LD headline", "A One, B Two", "LD Pub", "2023-12-31", ""}},
		{"title tag, canonical, author URL dropped", `<html><head><title>Plain title</title><link rel="canonical" href="https://e.com/c"><meta property="article:author" content="https://facebook.com/someone"></head><body><article><p>` + strings.Repeat("Body text about AI in China. ", 30) + `</p></article></body></html>`,
			[]string{"Plain title", "", "", "", "https://e.com/c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseHTML("page.html", []byte(tt.page))
			if err != nil {
				t.Fatal(err)
			}
			got := []string{d.Title, d.Author, d.Publisher, d.Published, d.URL}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// A sidecar beside a web page or a Markdown file wins over the file's own
// metadata, key by key (a page fetched from a link records the link there),
// and changing it changes the document.
func TestSidecarWinsOverTheFilesOwnMetadata(t *testing.T) {
	dir := t.TempDir()
	body := strings.Repeat("Body text about AI in China. ", 30)
	files := map[string]string{
		"page.html":      `<html><head><title>Page title</title><link rel="canonical" href="https://e.com/canonical"><meta name="author" content="Page Author"></head><body><article><p>` + body + `</p></article></body></html>`,
		"page.meta.json": `{"url": "https://e.com/fetched?id=7", "added_by": "U123"}`,
		"note.md":        "---\ntitle: Front title\npublished: 2024-01-02\n---\n\n" + body + "\n",
		"note.meta.json": `{"title": "Sidecar title"}`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		file string
		want []string // title, author, published, url
	}{
		{"page.html", []string{"Page title", "Page Author", "", "https://e.com/fetched?id=7"}},
		{"note.md", []string{"Sidecar title", "", "2024-01-02", ""}},
	}
	for _, tt := range tests {
		d, err := LoadFile(context.Background(), filepath.Join(dir, tt.file), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, []string{d.Title, d.Author, d.Published, d.URL}); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.file, diff)
		}
		sc := SidecarPath(filepath.Join(dir, tt.file))
		if err := os.WriteFile(sc, []byte(`{"publisher": "Changed"}`), 0o644); err != nil {
			t.Fatal(err)
		}
		d2, err := LoadFile(context.Background(), filepath.Join(dir, tt.file), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if d2.hash == d.hash || d2.Publisher != "Changed" {
			t.Errorf("%s: a changed sidecar must change the document (hash equal: %v, publisher %q)", tt.file, d2.hash == d.hash, d2.Publisher)
		}
	}
}

func TestParseHTMLWithoutArticle(t *testing.T) {
	_, err := ParseHTML("empty.html", []byte(`<html><head><title>x</title></head><body><nav><a href="/">Home</a></nav></body></html>`))
	if err == nil || !strings.Contains(err.Error(), "empty.html") {
		t.Errorf("a page with no article: %v", err)
	}
}

func FuzzParseHTML(f *testing.F) {
	for _, s := range []string{"", "<html>", "<p>" + strings.Repeat("word ", 40) + "</p>", `<script type="application/ld+json">[{"@graph":1}]</script>`,
		`<meta property="article:published_time" content="99999">`, "<table><tr><td>a</td></tr></table>", "\xff\xfe<h1>"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseHTML("f.html", data)
		if err == nil && (d == nil || d.ID == "") {
			t.Fatalf("no error and no document")
		}
	})
}

// A page saved in GBK is read in its own character set.
func TestParseHTMLCharset(t *testing.T) {
	gbk := []byte("<html><head><meta charset=\"gbk\"><title>t</title></head><body><article><p>" + strings.Repeat("Chinese text follows. ", 10) + "\xd6\xd0\xb9\xfa</p></article></body></html>")
	d, err := ParseHTML("gbk.html", gbk)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(d.Passages[0].Text, "中国") {
		t.Errorf("GBK text not decoded: %q", d.Passages[0].Text)
	}
}

// Photo captions, image credits, bylines, copyright and newsletter lines
// are page furniture, not passages, whether marked up as such or not.
func TestParseHTMLDropsFurnitureLines(t *testing.T) {
	page := `<html><head><title>Chip makers raise output</title></head><body><article>
<p class="byline">By Jane Smith and Li Wei</p>
<p>By Jane Smith, Shanghai</p>
<figure><img src="a.jpg"><figcaption>Workers at a plant in Hefei. Photo: Getty Images</figcaption></figure>
<p>Chip makers in Hefei raised output by 12% in the first half of 2025, according to the city's statistics bureau, as demand for AI servers kept growing across the region.</p>
<p class="image-credit">Xinhua/Getty Images</p>
<p>Photo: Reuters</p>
<p>By 2026, the bureau expects output to double again as three new plants open in the city's high-tech zone, officials said on Monday at a press briefing.</p>
<div class="newsletter-box"><p>Get the best of tech news in your inbox every morning.</p></div>
<p>Sign up for our daily AI newsletter</p>
<p>© 2025 Example Media. All rights reserved.</p>
<p>Reporting by Jane Smith; Editing by Tom Brown</p>
</article></body></html>`
	d, err := ParseHTML("chips.html", []byte(page))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, p := range d.Passages {
		all.WriteString(p.Text + "\n")
	}
	text := all.String()
	for _, want := range []string{"raised output by 12%", "By 2026, the bureau expects"} {
		if !strings.Contains(text, want) {
			t.Errorf("article text lacks %q:\n%s", want, text)
		}
	}
	for _, furniture := range []string{"Jane Smith", "Getty", "Reuters", "Workers at a plant", "inbox", "newsletter", "©", "Editing by"} {
		if strings.Contains(text, furniture) {
			t.Errorf("furniture %q became a passage:\n%s", furniture, text)
		}
	}
}
