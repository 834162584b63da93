package corpus

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landscape-bot/landscape/internal/hostile"
)

// Reading one PDF here and in a worker: a report of 20 pages, of 300
// pages, and the two hostile PDFs (refused by the work budget). The
// difference of the two is what a worker costs a file: a process start.
func BenchmarkLoadPDF(b *testing.B) {
	report := func(n int) []byte {
		pages := make([][]string, n)
		for i := range pages {
			pages[i] = []string{fmt.Sprintf("Page %d: %s.", i+1, pdfText), pdfText + " again, on the same page."}
		}
		return makePDF(b, "A report", "Fixture Institute", pages)
	}
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range []struct {
		name string
		data []byte
	}{
		{"report-20p", report(20)},
		{"report-300p", report(300)},
		{"content-repeat", hostile.ContentRepeatPDF(hostile.Text, hostile.ContentRepeats)},
		{"page-repeat", hostile.PageRepeatPDF(hostile.Text, hostile.PageRepeats)},
	} {
		path := filepath.Join(b.TempDir(), f.name+".pdf")
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			b.Fatal(err)
		}
		for _, w := range []struct {
			name   string
			worker *Worker
		}{{"here", nil}, {"worker", &Worker{Command: []string{exe}}}} {
			b.Run(f.name+"/"+w.name, func(b *testing.B) {
				for b.Loop() {
					LoadFile(context.Background(), path, Options{Worker: w.worker})
				}
			})
		}
	}
}

// Reading a folder of 40 reports of 20 pages, here and with a worker: one
// worker reads them all, so it costs one process start per load.
func BenchmarkLoadFolderOfPDFs(b *testing.B) {
	dir := b.TempDir()
	for i := range 40 {
		pages := make([][]string, 20)
		for j := range pages {
			pages[j] = []string{fmt.Sprintf("Report %d, page %d: %s.", i, j+1, pdfText)}
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("report-%d.pdf", i)), makePDF(b, fmt.Sprintf("Report %d", i), "Fixture Institute", pages), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	for _, w := range []struct {
		name   string
		worker *Worker
	}{{"here", nil}, {"worker", &Worker{Command: []string{exe}}}} {
		b.Run(w.name, func(b *testing.B) {
			for b.Loop() {
				if _, problems, err := Load(Options{Dir: dir, NoBuiltin: true, Worker: w.worker}); err != nil || len(problems) > 0 {
					b.Fatal(err, problems)
				}
			}
		})
	}
}

// The work of reading real PDFs, as the budget counts it, against the
// limits (parsed: 64 times the size plus 64 MiB; decompressed: 8 times
// plus 64 MiB): reports made here of 20 to 2,000 pages, and PDFs this
// system happens to hold (manuals), if any.
func BenchmarkPDFWork(b *testing.B) {
	files := map[string][]byte{}
	for _, n := range []int{20, 300, 2000} {
		pages := make([][]string, n)
		for i := range pages {
			pages[i] = []string{fmt.Sprintf("Page %d: %s.", i+1, pdfText), strings.Repeat(pdfText+". ", 20)}
		}
		files[fmt.Sprintf("report-%dp", n)] = makePDF(b, "A report", "Fixture Institute", pages)
	}
	found, _ := filepath.Glob("/usr/share/doc/*/*.pdf")
	for _, path := range found {
		if data, err := os.ReadFile(path); err == nil && len(data) < DefaultMaxFileMB<<20 {
			files[filepath.Base(path)] = data
		}
	}
	for name, data := range files {
		b.Run(name, func(b *testing.B) {
			var budget *pdfBudget
			for b.Loop() {
				budget = newPDFBudget(context.Background(), int64(len(data)))
				if _, err := budget.extract(data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(data)>>10), "KiB")
			b.ReportMetric(float64(budget.read)/float64(len(data)), "parsed/size")
			b.ReportMetric(float64(budget.read)/float64(budget.readMax), "parsed/limit")
			b.ReportMetric(float64(budget.decoded)/float64(len(data)), "decoded/size")
			b.ReportMetric(float64(budget.decoded)/float64(budget.decMax), "decoded/limit")
		})
	}
}
