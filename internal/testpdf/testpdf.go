// Package testpdf makes small text PDFs for tests: a report's title,
// author and date in its metadata, one page per paragraph.
package testpdf

import (
	"bytes"
	"time"

	"github.com/go-pdf/fpdf"
)

// Make returns a PDF with the metadata given (empty: none; a zero date:
// none) and one page per paragraph.
func Make(title, author string, created time.Time, pages ...string) ([]byte, error) {
	p := fpdf.New("P", "mm", "A4", "")
	if title != "" {
		p.SetTitle(title, true)
	}
	if author != "" {
		p.SetAuthor(author, true)
	}
	p.SetCreationDate(created)
	p.SetFont("Helvetica", "", 11)
	for _, text := range pages {
		p.AddPage()
		p.MultiCell(170, 6, text, "", "L", false)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
