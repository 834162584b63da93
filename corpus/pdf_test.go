package corpus

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
)

// makePDF writes a PDF: each page a list of paragraphs; none makes a page
// with only a drawn shape, as a scanned page has no text layer.
func makePDF(t testing.TB, title, author string, pages [][]string) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.SetTitle(title, true)
	p.SetAuthor(author, true)
	p.SetCreationDate(time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC))
	p.SetFont("Helvetica", "", 11)
	for _, paras := range pages {
		p.AddPage()
		if len(paras) == 0 {
			p.Rect(20, 20, 170, 250, "F")
		}
		for _, para := range paras {
			p.MultiCell(170, 6, para, "", "L", false)
			p.Ln(8)
		}
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestParsePDF(t *testing.T) {
	long := "Chinese AI companies filed 12,400 patents for large models in 2024, according to the fixture report, a figure that was twice the number filed in 2023 and that analysts expect to grow again next year as more firms enter the market."
	data := makePDF(t, "Fixture AI Report 2025", "Fixture Institute", [][]string{
		{"Executive summary: the market for generative AI in China grew quickly in 2024.", long},
		{"Provinces set targets: Zhejiang aims for 200 AI companies by 2027, and Guangdong for 300."},
	})
	d, err := ParsePDF("reports/ai-report.pdf", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Fixture AI Report 2025" || d.Author != "Fixture Institute" || d.Published != "2025-09-01" || d.ID != "ai-report" {
		t.Errorf("metadata: %+v", d)
	}
	var found bool
	for _, p := range d.Passages {
		if strings.Contains(p.Text, "12,400 patents") {
			found = true
			if p.Section != "p. 1" || !strings.Contains(p.Text, "more firms enter the market") {
				t.Errorf("the wrapped paragraph: section %q, text %q", p.Section, p.Text)
			}
		}
		if strings.Contains(p.Text, "Zhejiang") && p.Section != "p. 2" {
			t.Errorf("page 2's paragraph says %q", p.Section)
		}
	}
	if !found {
		t.Errorf("passages lack the report's text: %+v", d.Passages)
	}

	// A sidecar wins over the PDF's own metadata.
	d, err = ParsePDF("r.pdf", data, []byte(`{"title": "Sidecar title", "publisher": "Sidecar Pub", "published": "2025-10-01"}`))
	if err != nil || d.Title != "Sidecar title" || d.Publisher != "Sidecar Pub" || d.Published != "2025-10-01" || d.Author != "Fixture Institute" {
		t.Errorf("with a sidecar: %+v, %v", d, err)
	}
}

func TestParsePDFScannedAndBroken(t *testing.T) {
	scanned := makePDF(t, "Scan", "", [][]string{{}, {}})
	if _, err := ParsePDF("scan.pdf", scanned, nil); err == nil || !strings.Contains(err.Error(), "scanned") {
		t.Errorf("image-only PDF: %v", err)
	}
	for _, bad := range [][]byte{nil, []byte("%PDF-1.4\nnot really"), []byte("hello")} {
		if _, err := ParsePDF("bad.pdf", bad, nil); err == nil || !strings.Contains(err.Error(), "bad.pdf") {
			t.Errorf("broken PDF %q: %v", bad, err)
		}
	}
}
