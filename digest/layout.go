package digest

import "fmt"

// The digest's layout, whatever draws it (the bot's Block Kit, the
// terminal of `landscape digest --dry-run`): its title, then the fact of
// the day, then its lists in this order, each left out when empty, then
// the count of answers marked unhelpful.

// maxNewListed keeps "New in the corpus" short: the rest are counted and
// `sources` lists them.
const maxNewListed = 10

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
	More  int // how many are not listed
	// Where names the command that lists them all ("sources"); "" for
	// none.
	Where string
	// Summary is the list in a few words, for a one-line summary of the
	// digest (a notification): "3 documents", "7", the question asked most.
	Summary string
}

// Item is one line of a section.
type Item struct {
	Text    string
	Times   int    // how often it was asked (Most asked); 0 otherwise
	AddedBy string // who added a new document from Slack: a Slack user id, unchecked
}

// Sections are the digest's lists, in order, the empty ones left out.
func (d Digest) Sections() []Section {
	a := d.Activity
	var out []Section
	if n := len(a.NewDocuments); n > 0 {
		s := Section{Title: "New in the corpus", More: max(0, n-maxNewListed), Where: "sources", Summary: plural(n, "document", "documents")}
		for _, doc := range a.NewDocuments[:min(n, maxNewListed)] {
			s.Items = append(s.Items, Item{Text: doc.Title, AddedBy: doc.AddedBy})
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
