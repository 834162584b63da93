package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// ParseHTML turns a saved web page into a document: readability finds the
// article body (navigation, share bars, cookie banners, related links and
// comments go); the metadata comes from JSON-LD, Open Graph and article
// meta tags, <title> and the canonical link. Headings, paragraphs and list
// items keep their structure, so passages carry their section.
func ParseHTML(path string, data []byte) (*Document, error) { return parseHTML(path, data, nil) }

// parseHTML is ParseHTML with the page's NAME.meta.json (nil when there is
// none), whose keys win over the page's own metadata: a page fetched from a
// link records the link there.
func parseHTML(path string, data, sidecar []byte) (*Document, error) {
	// Saved pages are not all UTF-8 (GBK, Big5…): decode by the BOM or the
	// page's <meta charset>.
	r, err := charset.NewReader(bytes.NewReader(data), "")
	if err != nil {
		return nil, Problem{File: path, Msg: fmt.Sprintf("unknown character set: %v", err)}
	}
	root, err := html.Parse(r)
	if err != nil {
		return nil, Problem{File: path, Msg: fmt.Sprintf("not readable as HTML: %v", err)}
	}
	m, err := withSidecar(htmlMeta(root), path, sidecar)
	if err != nil {
		return nil, err
	}
	var base *url.URL
	if m.URL != "" {
		base, _ = url.Parse(m.URL)
	}
	removeFurniture(root)
	art, err := readability.FromDocument(root, base)
	if err != nil || art.Node == nil {
		return nil, Problem{File: path, Msg: "no article text found in the page"}
	}
	if m.Title == "" {
		m.Title = strings.TrimSpace(art.Title())
	}
	if m.Author == "" {
		m.Author = strings.TrimSpace(strings.TrimPrefix(art.Byline(), "By "))
	}
	if m.Publisher == "" {
		m.Publisher = strings.TrimSpace(art.SiteName())
	}
	if m.Published == "" {
		if t, err := art.PublishedTime(); err == nil {
			m.Published = t.Format("2006-01-02")
		}
	}
	doc := newDocument(path, m)
	body := toMarkdown(art.Node)
	if len(strings.Fields(body)) < minArticleWords {
		return nil, Problem{File: path, Msg: fmt.Sprintf("no article found: the page's main text has fewer than %d words", minArticleWords)}
	}
	doc.hash = hashBytes(append(append([]byte{}, data...), sidecar...))
	doc.Passages = buildPassages(doc, parseBlocks(body, true))
	return doc, nil
}

// minArticleWords tells an article from a page of links and buttons.
const minArticleWords = 15

// htmlMeta reads a page's own metadata: JSON-LD first (the most precise),
// then Open Graph and article meta tags, then <title> and rel=canonical.
func htmlMeta(root *html.Node) meta {
	var m meta
	var title, canonical string
	var ld []map[string]any
	metas := map[string]string{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Title:
				if title == "" {
					title = strings.TrimSpace(textOf(n))
				}
			case atom.Meta:
				key := strings.ToLower(attr(n, "property"))
				if key == "" {
					key = strings.ToLower(attr(n, "name"))
				}
				if key != "" && metas[key] == "" {
					metas[key] = strings.TrimSpace(attr(n, "content"))
				}
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && canonical == "" {
					canonical = attr(n, "href")
				}
			case atom.Script:
				if strings.EqualFold(attr(n, "type"), "application/ld+json") {
					ld = append(ld, jsonLD(textOf(n))...)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, obj := range ld {
		t, _ := obj["@type"].(string)
		if !strings.Contains(strings.ToLower(t), "article") && t != "Report" && t != "WebPage" {
			continue
		}
		m.Title = first(m.Title, str(obj["headline"]), str(obj["name"]))
		m.Author = first(m.Author, names(obj["author"]))
		m.Publisher = first(m.Publisher, names(obj["publisher"]))
		m.Published = first(m.Published, day(str(obj["datePublished"])))
		m.URL = first(m.URL, str(obj["url"]), str(obj["mainEntityOfPage"]))
	}
	m.Title = first(m.Title, metas["og:title"], metas["twitter:title"], title)
	m.Author = first(m.Author, metas["author"], metas["article:author"])
	m.Publisher = first(m.Publisher, metas["og:site_name"], metas["publisher"])
	m.Published = first(m.Published, day(metas["article:published_time"]), day(metas["date"]), day(metas["dc.date"]))
	m.URL = first(m.URL, canonical, metas["og:url"])
	if strings.HasPrefix(m.Author, "http") { // article:author is often a profile URL
		m.Author = ""
	}
	// "Headline - Site" or "Headline | Site" in <title>: the site is the
	// publisher, not part of the title.
	if m.Publisher != "" {
		for _, sep := range []string{" - ", " | ", " – ", " — ", " · "} {
			m.Title = strings.TrimSuffix(m.Title, sep+m.Publisher)
		}
	}
	return m
}

// jsonLD decodes a JSON-LD script: one object, a list, or an @graph.
func jsonLD(s string) []map[string]any {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return nil
	}
	var out []map[string]any
	var collect func(v any)
	collect = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				collect(e)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				collect(g)
			}
			out = append(out, x)
		}
	}
	collect(v)
	return out
}

// names reads a JSON-LD person or organisation (or a list of them).
func names(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		return str(x["name"])
	case []any:
		var out []string
		for _, e := range x {
			if n := names(e); n != "" {
				out = append(out, n)
			}
		}
		return strings.Join(out, ", ")
	}
	return ""
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case map[string]any:
		return str(x["@id"])
	}
	return ""
}

func first(vals ...string) string {
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// day reduces an ISO timestamp to YYYY-MM-DD; anything else gives "".
func day(s string) string {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02")
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t.Format("2006-01-02")
		}
	}
	return ""
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// furnitureClassRE finds the class or id of a page's furniture inside the
// article body: captions and credits, bylines, share and newsletter boxes,
// related links, ads, copyright lines.
var furnitureClassRE = regexp.MustCompile(`(?i)\b(?:caption|credit|byline|author-?(?:info|bio|name)|copyright|newsletter|subscri\w*|sign-?up|share|social|related|promo|advert\w*|ad-?slot|sponsor\w*|read-?more|also-?read)\b`)

// furniture reports whether an element of the body is page furniture by
// its class or id.
func furniture(n *html.Node) bool {
	return n.Type == html.ElementNode && n.DataAtom != atom.Body && n.DataAtom != atom.Html &&
		furnitureClassRE.MatchString(attr(n, "class")+" "+attr(n, "id"))
}

// removeFurniture takes the furniture elements and photo captions out of
// the page before readability reads it (readability drops the classes
// that tell them).
func removeFurniture(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if furniture(c) || c.DataAtom == atom.Figcaption {
			n.RemoveChild(c)
		} else {
			removeFurniture(c)
		}
		c = next
	}
}

// boilerplateRE matches a line of text that is page furniture whatever
// its markup: a photo credit, a byline, a copyright notice, a newsletter
// or follow prompt, a "read more" teaser.
var boilerplateRE = regexp.MustCompile(`(?i)^(?:(?:photo|image|picture|illustration|graphic|video)(?: credit)?s?\s*[:/]|\(?(?:photo|image)s? (?:by|courtesy|credit)\b|(?:[\w .&-]+/)?(?:getty images|reuters|afp|ap photo|shutterstock|xinhua|bloomberg|epa|imaginechina)\)?$|by [\p{Lu}][\p{L}.'-]+(?: [\p{Lu}][\p{L}.'-]+){0,3}(?: (?:and|&) [\p{Lu}][\p{L}.'-]+(?: [\p{Lu}][\p{L}.'-]+){0,3})?(?:,? [\w .]+)?$|(?:©|\(c\)|copyright\b)|.*\ball rights reserved\b|(?:sign up|subscribe|register)\b.{0,80}\b(?:newsletter|updates|inbox|briefing)|(?:follow us|read more|read also|related:|also read|advertisement$)|reporting by\b|(?:editing|edited) by\b)`)

// boilerplate reports whether a line of the page is furniture, not text.
func boilerplate(t string) bool {
	return len(t) < maxBoilerplate && boilerplateRE.MatchString(strings.TrimSpace(t))
}

// maxBoilerplate: furniture lines are short; a long paragraph that starts
// like one ("By 2026, the company…") is text.
const maxBoilerplate = 200

// toMarkdown renders the article body as the Markdown subset the block
// parser reads: "## " headings, paragraphs, "- " list items.
func toMarkdown(n *html.Node) string {
	var b strings.Builder
	block := func(prefix string, n *html.Node) {
		t := strings.Join(strings.Fields(textOf(n)), " ")
		if t != "" && !boilerplate(t) {
			b.WriteString(prefix + t + "\n\n")
		}
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if furniture(n) {
				return
			}
			switch n.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				block("## ", n)
				return
			case atom.Figcaption:
				return // a photo's caption and credit, not the article's text
			case atom.P, atom.Blockquote, atom.Pre, atom.Dt, atom.Dd:
				block("", n)
				return
			case atom.Li:
				t := strings.Join(strings.Fields(textOf(n)), " ")
				if t != "" && !boilerplate(t) {
					b.WriteString(ListItemPrefix + t + "\n")
				}
				return
			case atom.Ul, atom.Ol:
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
				b.WriteString("\n")
				return
			case atom.Table:
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
				return
			case atom.Tr:
				var cells []string
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if t := strings.Join(strings.Fields(textOf(c)), " "); t != "" {
						cells = append(cells, t)
					}
				}
				if len(cells) > 0 {
					b.WriteString(strings.Join(cells, " | ") + "\n\n")
				}
				return
			}
		}
		if n.Type == html.TextNode && n.Parent != nil && (n.Parent.DataAtom == atom.Div || n.Parent.DataAtom == atom.Section || n.Parent.DataAtom == atom.Article) {
			if t := strings.Join(strings.Fields(n.Data), " "); t != "" && !boilerplate(t) {
				b.WriteString(t + "\n\n") // loose text in a container
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
