package feeds

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Subscription is a feed in a feed reader's subscription list (OPML).
type Subscription struct {
	URL, Title string
	// Folder is the folder it is filed under in the reader ("" at the
	// top): a tag, when no other is given.
	Folder string
}

type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr"`
	XMLURL   string    `xml:"xmlUrl,attr"`
	Outlines []outline `xml:"outline"`
}

// maxSubscriptions bounds an OPML file's feeds: readers export hundreds
// at most; more is not a subscription list.
const maxSubscriptions = 1000

// ParseOPML reads the subscription list a feed reader exports (OPML 1 or
// 2): each outline with an xmlUrl, in order, under the folder that holds
// it.
func ParseOPML(r io.Reader) ([]Subscription, error) {
	var doc struct {
		XMLName xml.Name  `xml:"opml"`
		Body    []outline `xml:"body>outline"`
	}
	if err := xml.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("not an OPML subscription list: %w", err)
	}
	var out []Subscription
	var walk func(list []outline, folder string)
	walk = func(list []outline, folder string) {
		for _, o := range list {
			name := strings.TrimSpace(o.Title)
			if name == "" {
				name = strings.TrimSpace(o.Text)
			}
			if u := strings.TrimSpace(o.XMLURL); u != "" && len(out) < maxSubscriptions {
				out = append(out, Subscription{URL: u, Title: name, Folder: folder})
			}
			if len(o.Outlines) > 0 {
				walk(o.Outlines, name)
			}
		}
	}
	walk(doc.Body, "")
	if len(out) == 0 {
		return nil, fmt.Errorf("the OPML file lists no feed (no outline with an xmlUrl)")
	}
	return out, nil
}

// FolderTag is the tag a reader's folder name gives ("AI & Robotics" →
// "ai-robotics"): "" when nothing of it makes one.
func FolderTag(folder string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(folder) {
		if tagRE.MatchString(string(r)) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	t, err := Tag(strings.Trim(b.String(), "-"))
	if err != nil {
		return ""
	}
	return t
}
