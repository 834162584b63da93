// Package hostile makes what a hostile or careless corpus folder holds —
// PDFs whose page tree loops or lies, a named pipe, links to devices and to
// files outside the folder — for the tests of everything that reads one.
package hostile

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rawPDF assembles a PDF from its objects (object i+1 is objs[i]), with a
// correct cross-reference table: hostile page trees need hand-made files.
func rawPDF(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// textStream is a content stream showing text (ASCII, no parentheses) at
// the top of a page.
func textStream(text string) string {
	content := fmt.Sprintf("BT /F1 12 Tf 1 0 0 1 72 700 Tm (%s) Tj ET", text)
	return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content)
}

// CyclicPDF is a PDF whose page tree loops: Pages 2 has Pages 3 as its
// kid, whose kid is 2.
func CyclicPDF() []byte {
	return rawPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>")
}

// CountPDF is a PDF of one page showing text whose page tree claims a
// hundred million pages.
func CountPDF(text string) []byte {
	return rawPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 100000000 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		textStream(text))
}

// ParentLoopPDF is a PDF showing text on one page whose parents loop,
// none with resources: a reader that follows /Parent for inherited
// resources never stops (the corpus takes them from the page tree).
func ParentLoopPDF(text string) []byte {
	return rawPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 4 0 R /Contents 6 0 R >>",
		"<< /Type /Pages /Parent 5 0 R >>",
		"<< /Type /Pages /Parent 4 0 R >>",
		textStream(text))
}

// Text is what the hostile PDFs that show text show: too few words to
// answer from or to be taken for a document.
const Text = "Some text on a hostile page"

// ParentsText is what the page whose parents loop shows: enough words to
// be read as a document.
const ParentsText = "Parents that loop do not stop the reader: it takes the resources of a page from the page tree above it and never follows the loop of parents upward"

// Budget is what the reader says of a file over its work budget.
const Budget = "over the work budget"

// Write puts the hostile files into dir and returns, for each file name,
// what the reader must say when it skips it. Files the system cannot make
// (a named pipe, a link) are left out. parents.pdf, whose page's parents
// loop, is no problem: its text (ParentsText) is read. content.pdf and
// pages.pdf, the two PDFs that ate memory, are refused by the work budget.
func Write(t testing.TB, dir string) map[string]string {
	t.Helper()
	want := WriteQuick(t, dir)
	for name, data := range map[string][]byte{
		"content.pdf": ContentRepeatPDF(Text, ContentRepeats),
		"pages.pdf":   PageRepeatPDF(Text, PageRepeats),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		want[name] = Budget
	}
	return want
}

// WriteQuick is Write without content.pdf and pages.pdf: refusing them
// means parsing a 3 MB object once, a few seconds under the race detector
// on a busy machine, which tests that time something else cannot afford.
func WriteQuick(t testing.TB, dir string) map[string]string {
	t.Helper()
	want := map[string]string{"cyclic.pdf": "cyclic"}
	for name, data := range map[string][]byte{
		"cyclic.pdf":  CyclicPDF(),
		"parents.pdf": ParentLoopPDF(ParentsText),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := mkfifo(filepath.Join(dir, "pipe.txt")); err == nil {
		want["pipe.txt"] = "not a regular file (a named pipe)"
	}
	for name, target := range map[string]string{"zero.txt": "/dev/zero", "passwd.txt": "/etc/passwd"} {
		if _, err := os.Stat(target); err != nil {
			continue
		}
		if err := os.Symlink(target, filepath.Join(dir, name)); err == nil {
			want[name] = "outside the corpus folder"
		}
	}
	return want
}

// The repeats of the two PDFs that ate memory: 3 MB and 1.8 MB files.
const (
	ContentRepeats = 500_000
	PageRepeats    = 300_000
)

// ContentRepeatPDF is a PDF of one page whose /Contents lists one small
// text stream n times: a few bytes per entry that the reader multiplies
// into a stream read, a text run and its bookkeeping each (500,000 make a
// 3 MB file that took a reader past 4 GB).
func ContentRepeatPDF(text string, n int) []byte {
	return rawPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents ["+strings.Repeat("5 0 R ", n)+"] >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		textStream(text))
}

// PageRepeatPDF is a PDF whose page tree lists one page n times, under a
// node holding the resources: a reader that follows each page's /Parent
// to them parses that big node again for every page.
func PageRepeatPDF(text string, n int) []byte {
	return rawPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /Resources << /Font << /F1 4 0 R >> >> >>", strings.Repeat("3 0 R ", n), n),
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		textStream(text))
}

// LookupRepeatPDF is a PDF of pages pages, each with its own media box
// (no two alike), whose /Contents is one array listing one stream n
// times: every page makes the reader look the stream up n times over.
func LookupRepeatPDF(text string, pages, n int) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"", // the page tree, below
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
		textStream(text),
		"[" + strings.Repeat("4 0 R ", n) + "]",
	}
	var kids bytes.Buffer
	for i := range pages {
		fmt.Fprintf(&kids, "%d 0 R ", len(objs)+1)
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 %d] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>", 700+i))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), pages)
	return rawPDF(objs...)
}

// deflated is a content stream of content, compressed.
func deflated(content string) string {
	var b bytes.Buffer
	w := zlib.NewWriter(&b)
	w.Write([]byte(content))
	w.Close()
	return fmt.Sprintf("<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream", b.Len(), b.String())
}

// onePage is a PDF of one page whose content stream is the one given.
func onePage(stream string, font string) []byte {
	return rawPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		font,
		stream)
}

const helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"

// InflatePDF is a PDF of one page whose content stream shows text and
// then n spaces, compressed into a few KB: a decompression bomb.
func InflatePDF(text string, n int) []byte {
	return onePage(deflated(fmt.Sprintf("BT /F1 12 Tf 1 0 0 1 72 700 Tm (%s) Tj ET", text)+strings.Repeat(" ", n)), helvetica)
}

// PiecesPDF is a PDF of one page that shows text in n pieces, compressed.
func PiecesPDF(text string, n int) []byte {
	var b strings.Builder
	b.WriteString("BT /F1 12 Tf 1 0 0 1 72 700 Tm ")
	for range n {
		fmt.Fprintf(&b, "(%s) Tj ", text)
	}
	b.WriteString("ET")
	return onePage(deflated(b.String()), helvetica)
}

// DifferencesPDF is a PDF of one page whose font's encoding lists n
// glyph names: the reader scans them all for every character.
func DifferencesPDF(text string, n int) []byte {
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [1 " + strings.Repeat("/a ", n) + "] >> >>"
	return onePage(textStream(text), font)
}

// OperandsPDF is a PDF of one page whose content stream is n operands
// and no operator, compressed: the reader stacks them all, some 40 bytes
// each, in memory no work budget counts (a worker's memory limit does).
func OperandsPDF(n int) []byte {
	return onePage(deflated(strings.Repeat("1 ", n)), helvetica)
}
