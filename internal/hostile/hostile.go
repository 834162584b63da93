// Package hostile makes what a hostile or careless corpus folder holds —
// PDFs whose page tree loops or lies, a named pipe, links to devices and to
// files outside the folder — for the tests of everything that reads one.
package hostile

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
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

// ParentLoopPDF is a PDF whose one page's parents loop, none with
// resources: a reader looking for inherited resources never stops.
func ParentLoopPDF() []byte {
	return rawPDF(
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 4 0 R /Contents 6 0 R >>",
		"<< /Type /Pages /Parent 5 0 R >>",
		"<< /Type /Pages /Parent 4 0 R >>",
		textStream("Some text on a page whose parents loop"))
}

// Write puts the hostile files into dir and returns, for each file name,
// what the reader must say when it skips it. Files the system cannot make
// (a named pipe, a link) are left out.
func Write(t testing.TB, dir string) map[string]string {
	t.Helper()
	want := map[string]string{"cyclic.pdf": "cyclic", "parents.pdf": "cyclic"}
	for name, data := range map[string][]byte{"cyclic.pdf": CyclicPDF(), "parents.pdf": ParentLoopPDF()} {
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
