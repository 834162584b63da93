package feeds

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"

	"github.com/landscape-bot/landscape/fetch"
)

// maxAlternates bounds the feeds of a page tried in turn: a page names
// one or two (the site's and its comments').
const maxAlternates = 3

// feedLinkTypes are the types a page's <link rel="alternate"> gives a feed.
var feedLinkTypes = map[string]bool{
	"application/rss+xml": true, "application/atom+xml": true, "application/rdf+xml": true,
	"application/feed+json": true, "application/json": true,
}

// discover fetches link and parses the feed there, or, when link is a web
// page, the first feed its <link rel="alternate"> elements name that
// parses.
func (s *Service) discover(ctx context.Context, link string) (*fetch.Feed, *gofeed.Feed, error) {
	fd, err := s.fetch.GetFeed(ctx, link, fetch.Validators{})
	if err != nil {
		return nil, nil, err
	}
	if !fd.IsPage() {
		doc, err := parse(fd)
		return fd, doc, err
	}
	alts := alternates(fd.Body, fd.URL)
	if len(alts) == 0 {
		return nil, nil, &Refusal{URL: link, Reason: `a web page that names no feed (no <link rel="alternate"> of type RSS, Atom or JSON Feed): give the feed's own address`}
	}
	var first error
	for _, a := range alts[:min(len(alts), maxAlternates)] {
		afd, err := s.fetch.GetFeed(ctx, a, fetch.Validators{})
		if err == nil && afd.IsPage() {
			err = errPage(afd)
		}
		if err == nil {
			doc, perr := parse(afd)
			if perr == nil {
				return afd, doc, nil
			}
			err = perr
		}
		if first == nil {
			first = &Refusal{URL: a, Reason: err.Error() + " (named by " + link + ")"}
		}
	}
	return nil, nil, first
}

// errPage is the error of a feed that answers with a web page.
func errPage(fd *fetch.Feed) error {
	return errors.New("a web page (" + fd.ContentType + "), not a feed")
}

// parse reads a fetched feed: RSS, Atom or JSON Feed, whole and well
// formed, or an error saying what it is not.
func parse(fd *fetch.Feed) (*gofeed.Feed, error) {
	if err := wellFormed(fd.Body); err != nil {
		return nil, errors.New("not a well-formed feed: " + err.Error())
	}
	doc, err := gofeed.NewParser().Parse(bytes.NewReader(fd.Body))
	switch {
	case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
		return nil, errors.New("not a feed (RSS, Atom or JSON Feed)")
	case err != nil:
		return nil, errors.New("not a well-formed feed: " + err.Error())
	}
	return doc, nil
}

// alternates lists the feeds a web page names (<link rel="alternate"
// type="application/rss+xml" href="…">), in its order, read against its
// address (or its <base href>).
func alternates(page []byte, pageURL string) []string {
	base := pageURL
	var out []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken: // the end, or a page too broken to read on
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if !hasAttr || (string(name) != "link" && string(name) != "base") {
				continue
			}
			attrs := map[string]string{}
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				attrs[string(k)] = string(v)
			}
			if string(name) == "base" {
				if b := resolve(pageURL, attrs["href"]); b != "" {
					base = b
				}
				continue
			}
			rels := strings.Fields(strings.ToLower(attrs["rel"]))
			typ := strings.ToLower(strings.TrimSpace(strings.Split(attrs["type"], ";")[0]))
			if slices.Contains(rels, "alternate") && feedLinkTypes[typ] {
				if u := resolve(base, attrs["href"]); u != "" {
					out = append(out, u)
				}
			}
		}
	}
}

// wellFormed checks an XML feed's syntax to the end, as an XML parser
// must: gofeed reads on past a broken tag and would take half a feed. HTML
// entities (&nbsp;), common in feeds, are read as such; other encodings
// than UTF-8 are decoded. A JSON Feed is left to gofeed's own decoder.
func wellFormed(body []byte) error {
	if t := bytes.TrimLeft(body, " \t\r\n\ufeff"); len(t) == 0 || t[0] != '<' {
		return nil
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Entity = xml.HTMLEntity
	d.CharsetReader = charset.NewReaderLabel
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
