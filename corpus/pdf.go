package corpus

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/ledongthuc/pdf"
)

// minPDFWords tells a text PDF from a scanned one: below it, the pages are
// images and indexing their few stray characters would be garbage.
const minPDFWords = 20

// ParsePDF reads a text-based PDF report: one passage per paragraph, each
// with its page ("p. 12") as its section, so a source can say where.
// Metadata comes from sidecar (NAME.meta.json, as for .txt files; nil when
// there is none), else from the PDF's own Title and Author. A scanned
// (image-only) PDF is reported as such, not indexed.
func ParsePDF(path string, data []byte, sidecar []byte) (doc *Document, err error) {
	defer func() { // the PDF reader panics on some malformed files
		if r := recover(); r != nil {
			doc, err = nil, Problem{File: path, Msg: fmt.Sprintf("not a readable PDF (%v)", r)}
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, Problem{File: path, Msg: fmt.Sprintf("not a readable PDF: %v", err)}
	}
	var m meta
	if sidecar != nil {
		if m, err = parseSidecar(sidecarPath(path), sidecar); err != nil {
			return nil, err
		}
	}
	info := r.Trailer().Key("Info")
	m.Title = first(m.Title, info.Key("Title").Text())
	m.Author = first(m.Author, info.Key("Author").Text())
	if m.Published == "" {
		m.Published = pdfDate(info.Key("CreationDate").Text())
	}
	doc, err = newDocument(path, m)
	if err != nil {
		return nil, err
	}
	var blocks []block
	words := 0
	for i := 1; i <= r.NumPage(); i++ {
		rows, err := r.Page(i).GetTextByRow()
		if err != nil {
			continue // one bad page does not lose the others
		}
		section := fmt.Sprintf("p. %d", i)
		for _, para := range paragraphs(rows) {
			words += len(strings.Fields(para))
			blocks = append(blocks, block{kind: headingBlock, text: section}, block{kind: paraBlock, text: para})
		}
	}
	if words < minPDFWords {
		return nil, Problem{File: path, Msg: fmt.Sprintf("no text layer (%d pages, %d words): a scanned PDF? run it through OCR first", r.NumPage(), words)}
	}
	doc.hash = hashBytes(append(append([]byte{}, data...), sidecar...))
	doc.Passages = buildPassages(doc, blocks)
	return doc, nil
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
