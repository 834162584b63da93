package answer

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/index"
)

// Filter narrows the documents an answer may come from.
type Filter struct {
	// Since keeps documents published on or after it: "2024", "2024-06" or
	// "2024-06-30". Documents without a date are left out by it.
	Since string
	// Source keeps documents whose ID, publisher, title or URL contains it
	// (case-insensitive): "imd", "stanford".
	Source string
	// Tag keeps documents with this tag (case-insensitive), from their
	// front matter or sidecar (a followed feed's tag): "robotics".
	Tag string
}

// IsZero reports whether f keeps every document.
func (f Filter) IsZero() bool { return f.Since == "" && f.Source == "" && f.Tag == "" }

var (
	filterRE = regexp.MustCompile(`(?i)(?:^|\s)(since|source|tag):(\S+)`)
	sinceRE  = regexp.MustCompile(`^\d{4}(?:-\d{2}(?:-\d{2})?)?$`)
)

// ParseFilter takes `since:2024`, `source:imd` and `tag:robotics` out of a
// question, as people type them in Slack, and returns the rest of the
// question.
func ParseFilter(q string) (string, Filter, error) {
	var f Filter
	var err error
	rest := filterRE.ReplaceAllStringFunc(q, func(m string) string {
		sm := filterRE.FindStringSubmatch(m)
		switch strings.ToLower(sm[1]) {
		case "since":
			f.Since = sm[2]
		case "source":
			f.Source = sm[2]
		case "tag":
			f.Tag = sm[2]
		}
		return " "
	})
	if f.Since != "" && !sinceRE.MatchString(f.Since) {
		err = fmt.Errorf("since:%s: want a year, year-month or date, e.g. since:2024", f.Since)
	}
	return strings.Join(strings.Fields(rest), " "), f, err
}

// Keeps reports whether d passes f.
func (f Filter) Keeps(d *corpus.Document) bool {
	if f.Since != "" && (d.Published == "" || d.Published[:min(len(d.Published), len(f.Since))] < f.Since) {
		return false
	}
	if f.Source != "" {
		s := strings.ToLower(f.Source)
		if !strings.Contains(strings.ToLower(d.ID+" "+d.Publisher+" "+d.Title+" "+d.URL), s) {
			return false
		}
	}
	if f.Tag != "" && !slices.ContainsFunc(d.Tags, func(t string) bool { return strings.EqualFold(t, f.Tag) }) {
		return false
	}
	return true
}

// restrict wraps q so that only the documents f keeps match; nil when f
// keeps none (errFiltered).
func (e *Engine) restrict(q query.Query, f Filter) query.Query {
	if f.IsZero() {
		return q
	}
	var docs []query.Query
	for _, d := range e.corpus.Docs {
		if f.Keeps(d) {
			tq := bleve.NewTermQuery(d.ID)
			tq.SetField(index.FieldDoc)
			docs = append(docs, tq)
		}
	}
	if len(docs) == 0 {
		return nil
	}
	if len(docs) == len(e.corpus.Docs) {
		return q
	}
	return bleve.NewConjunctionQuery(q, bleve.NewDisjunctionQuery(docs...))
}
