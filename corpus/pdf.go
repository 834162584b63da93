package corpus

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/ledongthuc/pdf"
)

// minPDFWords tells a text PDF from a scanned one: below it, the pages are
// images and indexing their few stray characters would be garbage.
const minPDFWords = 20

// Bounds of reading a PDF: a page tree can be cyclic or claim any /Count,
// so the pages are found by walking the tree, never by trusting /Count, and
// the walk stops at these.
const (
	// maxPDFPages: reports run to hundreds of pages; the rest of a longer
	// file is left out.
	maxPDFPages = 10000
	// maxPDFDepth: a real page tree is a few levels deep (balanced trees
	// of 10,000 pages need about four); deeper is a cycle.
	maxPDFDepth = 64
	// maxPDFNodes bounds the tree nodes visited, so that a tree whose
	// nodes list the same kids many times cannot multiply the walk.
	maxPDFNodes = 4 * maxPDFPages
)

// ParsePDF reads a text-based PDF report: one passage per paragraph, each
// with its page ("p. 12") as its section, so a source can say where.
// Metadata comes from sidecar (NAME.meta.json, as for .txt files; nil when
// there is none), else from the PDF's own Title and Author. A scanned
// (image-only) PDF is reported as such, not indexed.
func ParsePDF(path string, data []byte, sidecar []byte) (*Document, error) {
	return parsePDF(context.Background(), path, data, sidecar)
}

// parsePDF is ParsePDF within the work budget, stopping when ctx ends.
func parsePDF(ctx context.Context, path string, data []byte, sidecar []byte) (*Document, error) {
	text, err := extractPDF(ctx, data)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, err
		}
		return nil, Problem{File: path, Msg: err.Error(), Err: err}
	}
	var m meta
	if sidecar != nil {
		if m, err = parseSidecar(SidecarPath(path), sidecar); err != nil {
			return nil, err
		}
	}
	m.Title = first(m.Title, text.Title)
	m.Author = first(m.Author, text.Author)
	if m.Published == "" {
		m.Published = pdfDate(text.Created)
	}
	doc := newDocument(path, m)
	var blocks []block
	words := 0
	for i, paras := range text.Pages {
		section := fmt.Sprintf("p. %d", i+1)
		for _, para := range paras {
			words += len(strings.Fields(para))
			blocks = append(blocks, block{kind: headingBlock, text: section}, block{kind: paraBlock, text: para})
		}
	}
	if words < minPDFWords {
		return nil, Problem{File: path, Msg: fmt.Sprintf("no text layer (%d pages, %d words): a scanned PDF? run it through OCR first", len(text.Pages), words)}
	}
	doc.hash = hashBytes(append(append([]byte{}, data...), sidecar...))
	doc.Passages = buildPassages(doc, blocks)
	return doc, nil
}

// pdfPage is a page found by walking the page tree, with the resources
// it inherits from the tree (a page's /Parent is never followed: it can
// loop, and each step up parses the parent again, Kids and all).
type pdfPage struct {
	pdf.Page
	resources pdf.Value
}

// pdfPages lists the pages under the page tree root, in order, within the
// bounds above and b's.
func pdfPages(root pdf.Value, b *pdfBudget) ([]pdfPage, error) {
	var pages []pdfPage
	nodes, repeats := 0, 0
	seen := map[string]bool{}
	var walk func(v, res pdf.Value, depth int) error
	walk = func(v, res pdf.Value, depth int) error {
		if depth > maxPDFDepth {
			return fmt.Errorf("the page tree is cyclic (or over %d levels deep)", maxPDFDepth)
		}
		if nodes++; nodes > maxPDFNodes {
			return fmt.Errorf("the page tree has over %d nodes", maxPDFNodes)
		}
		if r := v.Key("Resources"); !r.IsNull() {
			res = r
		}
		if v.Key("Type").Name() == "Page" {
			if key := pageKey(v); seen[key] {
				if repeats++; repeats > pdfPageRepeats {
					b.over("its page tree lists pages already listed over %d times", pdfPageRepeats)
				}
			} else {
				seen[key] = true
			}
			pages = append(pages, pdfPage{pdf.Page{V: v}, res})
			return nil
		}
		kids := v.Key("Kids")
		for i := 0; i < kids.Len() && len(pages) < maxPDFPages; i++ {
			if err := walk(kids.Index(i), res, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return pages, walk(root, pdf.Value{}, 0)
}

// pageKey tells pages apart cheaply: by the content streams they draw
// (each stream's header and place in the file), never by printing the
// whole page, which may list a stream 500,000 times. Pages drawing the
// same streams are alike: a page listed again, or blank pages sharing one
// empty stream.
func pageKey(page pdf.Value) string {
	c := page.Key("Contents")
	if c.Kind() == pdf.Array {
		n := c.Len()
		if n == 0 {
			return "[]"
		}
		return fmt.Sprintf("%d streams, %s … %s", n, c.Index(0), c.Index(n-1))
	}
	return c.String()
}

// paragraphs joins a page's rows into paragraphs: a vertical gap clearly
// larger than the usual line spacing starts a new one.
func paragraphs(rows pdf.Rows) []string {
	type line struct {
		y    int64
		text string
	}
	var lines []line
	for _, row := range rows {
		var b strings.Builder
		for _, t := range row.Content {
			s := t.S
			if b.Len() > 0 && !strings.HasSuffix(b.String(), " ") && !strings.HasPrefix(s, " ") {
				b.WriteByte(' ')
			}
			b.WriteString(s)
		}
		if text := strings.Join(strings.Fields(b.String()), " "); text != "" {
			lines = append(lines, line{row.Position, text})
		}
	}
	if len(lines) == 0 {
		return nil
	}
	var gaps []int64
	for i := 1; i < len(lines); i++ {
		gaps = append(gaps, lines[i-1].y-lines[i].y)
	}
	sort.Slice(gaps, func(i, j int) bool { return gaps[i] < gaps[j] })
	usual := int64(0)
	if len(gaps) > 0 {
		usual = gaps[len(gaps)/2]
	}
	var out []string
	cur := lines[0].text
	for i := 1; i < len(lines); i++ {
		gap := lines[i-1].y - lines[i].y
		if usual > 0 && gap*2 > usual*3 {
			out = append(out, cur)
			cur = lines[i].text
			continue
		}
		if strings.HasSuffix(cur, "-") && !strings.HasSuffix(cur, " -") {
			cur = strings.TrimSuffix(cur, "-") + lines[i].text // a hyphenated line break
		} else {
			cur += " " + lines[i].text
		}
	}
	return append(out, cur)
}

// pdfDate turns a PDF date ("D:20240827120000+02'00'") into YYYY-MM-DD.
func pdfDate(s string) string {
	s = strings.TrimPrefix(s, "D:")
	if len(s) < 8 {
		return ""
	}
	return day(s[0:4] + "-" + s[4:6] + "-" + s[6:8])
}
