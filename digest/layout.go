package digest

import (
	"fmt"
	"sort"

	"github.com/landscape-bot/landscape/store"
)

// The digest's layout, whatever draws it (the bot's Block Kit, the
// terminal of `landscape digest --dry-run`): its title, then the fact of
// the day, then its lists in this order, each left out when empty, then
// the count of answers marked unhelpful.

// maxNewListed keeps "New in the corpus" short: the rest are counted and
// `sources` lists them.
const maxNewListed = 10

// groupListed is how many documents a group of "New in the corpus" lists
// when there are several groups (a feed's, a curator's): the first few,
// then a count, so that one busy feed does not hide the others.
const groupListed = 3

// maxGroups bounds the groups listed: the rest are counted.
const maxGroups = 8

// Title is the digest's title, with its day.
func (d Digest) Title() string {
	return "Landscape digest — " + d.Date.Format("Monday 2 January 2006")
}

// Section is one list of a digest.
type Section struct {
	Title string // "New in the corpus"
	// Count is how many the list stands for, said beside its title; 0
	// when the title does not say.
	Count int
	Note  string // what the list is for, after the title; "" for none
	Items []Item
	// Groups split the list by where its items came from: "New in the
	// corpus" by feed and by curator. Empty for the other lists.
	Groups []Group
	More   int // how many are not listed
	// Where names the command that lists them all ("sources"); "" for
	// none.
	Where string
	// Summary is the list in a few words, for a one-line summary of the
	// digest (a notification): "3 documents", "7", the question asked most.
	Summary string
}

// Item is one line of a section.
type Item struct {
	Text  string
	Times int // how often it was asked (Most asked); 0 otherwise
}

// Group is the new documents of one origin: a followed feed, a curator's
// adds from Slack, or the rest (files put in the folder).
type Group struct {
	Feed    string // the feed's title; "" when not from a feed
	AddedBy string // who added them, or followed the feed: a Slack user id, unchecked; "" for none
	Count   int    // how many documents the group has
	Items   []Item
	More    int // how many are not listed
}

// Sections are the digest's lists, in order, the empty ones left out.
func (d Digest) Sections() []Section {
	a := d.Activity
	var out []Section
	if n := len(a.NewDocuments); n > 0 {
		s := Section{Title: "New in the corpus", Where: "sources", Summary: plural(n, "document", "documents"), Groups: newGroups(a.NewDocuments)}
		for _, g := range s.Groups {
			s.More += g.More
		}
		out = append(out, s)
	}
	if a.UnansweredCount > 0 {
		s := Section{Title: "Unanswered questions", Count: a.UnansweredCount, Note: "sources to add to the corpus",
			More: max(0, a.UnansweredCount-len(a.Unanswered)), Summary: fmt.Sprint(a.UnansweredCount)}
		for _, q := range a.Unanswered {
			s.Items = append(s.Items, Item{Text: q})
		}
		out = append(out, s)
	}
	if n := len(a.FailingFeeds); n > 0 {
		s := Section{Title: "Feeds failing", Count: n, Note: fmt.Sprintf("%d polls in a row or more failed; fix or unfollow them", store.FailingAfter), Summary: fmt.Sprint(n)}
		for _, f := range a.FailingFeeds {
			s.Items = append(s.Items, Item{Text: f.Title + " — " + f.Error})
		}
		out = append(out, s)
	}
	if len(a.MostAsked) > 0 {
		s := Section{Title: "Most asked", Summary: a.MostAsked[0].Question}
		for _, q := range a.MostAsked {
			s.Items = append(s.Items, Item{Text: q.Question, Times: q.Count})
		}
		out = append(out, s)
	}
	return out
}

// Unhelpful says how many answers were marked unhelpful since the last
// digest: "2 answers marked unhelpful"; "" when none were.
func (d Digest) Unhelpful() string {
	if n := d.Activity.DownVotes; n > 0 {
		return plural(n, "answer", "answers") + " marked unhelpful"
	}
	return ""
}

// plural is n with its noun: "1 document", "3 documents".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// newGroups groups new documents by feed, then by curator, the rest last;
// the biggest groups first. One group lists up to maxNewListed documents;
// several, groupListed each; beyond maxGroups, the groups are counted in
// the last one's More.
func newGroups(docs []store.Document) []Group {
	type key struct{ feed, by string }
	var order []key
	groups := map[key]*Group{}
	for _, d := range docs {
		k := key{d.Feed, d.AddedBy}
		g, ok := groups[k]
		if !ok {
			g = &Group{Feed: d.Feed, AddedBy: d.AddedBy}
			groups[k] = g
			order = append(order, k)
		}
		g.Count++
		g.Items = append(g.Items, Item{Text: d.Title})
	}
	rank := func(k key) int { // feeds, then curators, then the rest
		switch {
		case k.feed != "":
			return 0
		case k.by != "":
			return 1
		}
		return 2
	}
	sort.SliceStable(order, func(i, j int) bool {
		if ri, rj := rank(order[i]), rank(order[j]); ri != rj {
			return ri < rj
		}
		return groups[order[i]].Count > groups[order[j]].Count
	})
	listed := maxNewListed
	if len(order) > 1 {
		listed = groupListed
	}
	var out []Group
	for i, k := range order {
		g := *groups[k]
		if i == maxGroups {
			out[len(out)-1].More += len(docs) - countIn(out)
			break
		}
		g.More = max(0, len(g.Items)-listed)
		g.Items = g.Items[:min(len(g.Items), listed)]
		out = append(out, g)
	}
	return out
}

// countIn is how many documents the groups hold.
func countIn(gs []Group) int {
	n := 0
	for _, g := range gs {
		n += g.Count
	}
	return n
}
