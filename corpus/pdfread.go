package corpus

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// The work budget of reading one PDF. The PDF reader keeps nothing it has
// parsed: it parses an object again, into a new 4 KiB buffer, each time it
// is looked up, and decompresses a stream each time it is read. A file can
// make that work as large as it likes with a few bytes per repeat — a
// page's /Contents listing one stream 500,000 times (3 MB that took 4 GB),
// a page tree listing one page 300,000 times — and neither the time limit
// nor the size limit sees it coming. So the reader's work is counted as it
// happens, and the file is refused, its parse stopped, the moment a count
// goes over: far below what costs memory, far above what real reports need
// (see BENCHMARKS.md, "Hostile files and the work of reading a PDF").
const (
	// pdfLookupCost is what one look-up costs at least: the 4 KiB buffer
	// the reader allocates for it.
	pdfLookupCost = 4 << 10
	// pdfReadFloor and pdfReadPerByte bound the bytes the reader parses
	// (every look-up counted at pdfLookupCost or more): real reports
	// cost up to 40 times their size (a look-up or a few for each page of
	// some 700 bytes), or a few MiB when small.
	pdfReadFloor   = 64 << 20
	pdfReadPerByte = 64
	// pdfDecodedFloor and pdfDecodedPerByte bound the bytes of content
	// streams and character maps after decompression: text compresses
	// some 3 to 5 times, and a report's bytes are mostly its images.
	pdfDecodedFloor   = 64 << 20
	pdfDecodedPerByte = 8
	// pdfPageStreams bounds the content streams of one page: producers
	// write one, or one per object drawn; the reader opens them all at
	// once, some 40 KiB each when compressed.
	pdfPageStreams = 1024
	// pdfPageRepeats bounds how often the page tree may list a page
	// already listed: never, in a well-formed file, but blank pages may
	// look alike.
	pdfPageRepeats = 1000
	// pdfPageDecoded bounds one page's content streams: a page of dense
	// text or a detailed chart is some 100 KiB to a few MiB.
	pdfPageDecoded = 16 << 20
	// pdfPagePieces bounds the pieces of text one page shows: a page
	// drawn glyph by glyph shows a few thousand.
	pdfPagePieces = 100_000
	// pdfMaxText bounds the text kept from one file: 10,000 pages of
	// dense text are some 30 MiB.
	pdfMaxText = 64 << 20
	// pdfMaxDifferences bounds a font's encoding differences: at most
	// 256 codes, with the numbers that place them; the reader scans the
	// whole list for every character it decodes.
	pdfMaxDifferences = 1024
	// pdfCheckEvery is how many content operators run between two looks
	// at the context (a look takes a lock).
	pdfCheckEvery = 1024
)

// ErrBudget is the cause of a file refused because reading it costs more
// work (memory, look-ups, decompressed bytes) than any real document needs:
// a Problem whose Err it is says what went over.
var ErrBudget = errors.New("over the work budget of reading a file")

// budgetError is ErrBudget with what went over.
type budgetError struct{ what string }

func (e *budgetError) Error() string {
	return "over the work budget of reading it (" + e.what + "); skipped (a damaged or hostile file?)"
}
func (e *budgetError) Is(target error) bool { return target == ErrBudget }

// pdfBudget counts the work of reading one PDF. Over a limit, or once its
// context has ended, it stops the parse where it is: charge panics with
// stopParse, which extractPDF recovers; and it stays over, so that the
// reader's own recovers cannot resume the work.
type pdfBudget struct {
	ctx             context.Context
	size            int64
	read, readMax   int64
	decoded, decMax int64
	text            int64
	ops             int
	err             error
}

// stopParse is the panic that unwinds the reader when the budget is over.
type stopParse struct{}

func newPDFBudget(ctx context.Context, size int64) *pdfBudget {
	return &pdfBudget{ctx: ctx, size: size,
		readMax: pdfReadFloor + pdfReadPerByte*size, decMax: pdfDecodedFloor + pdfDecodedPerByte*size}
}

// stop ends the parse with err (the first error stays).
func (b *pdfBudget) stop(err error) {
	if b.err == nil {
		b.err = err
	}
	panic(stopParse{})
}

// check stops the parse if the budget is over or the context has ended.
func (b *pdfBudget) check() {
	if b.err != nil {
		panic(stopParse{})
	}
	if err := b.ctx.Err(); err != nil {
		b.stop(err)
	}
}

func (b *pdfBudget) over(format string, args ...any) {
	b.stop(&budgetError{fmt.Sprintf(format, args...)})
}

// chargeRead counts one read of the file by the reader.
func (b *pdfBudget) chargeRead(n int) {
	b.check()
	if b.read += int64(max(n, pdfLookupCost)); b.read > b.readMax {
		b.over("the PDF reader parsed over %d MiB of a %s file, its objects looked up again and again", b.readMax>>20, fileSize(b.size))
	}
}

// chargeDecoded reads stream to its end, counting its bytes after
// decompression; page is what the current page has used so far (nil
// outside a page). It stops at the first byte over, so a bomb costs no
// more than the limit.
func (b *pdfBudget) chargeDecoded(stream pdf.Value, page *int64) {
	b.check()
	limit := b.decMax - b.decoded
	if page != nil {
		limit = min(limit, pdfPageDecoded-*page)
	}
	n, _ := io.Copy(io.Discard, io.LimitReader(stream.Reader(), limit+1))
	b.decoded += n
	if page != nil {
		*page += n
		if *page > pdfPageDecoded {
			b.over("a page's content decompresses to over %d MiB", pdfPageDecoded>>20)
		}
	}
	if b.decoded > b.decMax {
		b.over("its content streams decompress to over %d MiB", b.decMax>>20)
	}
}

// budgetReaderAt is the file as the PDF reader sees it: each read counted.
type budgetReaderAt struct {
	r *bytes.Reader
	b *pdfBudget
}

func (r budgetReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := r.r.ReadAt(p, off)
	r.b.chargeRead(n)
	return n, err
}

// pdfContent is what reading a PDF yields: its own metadata and each page's
// paragraphs.
type pdfContent struct {
	Title, Author string
	Created       string // as the file has it: "D:20240827120000+02'00'"
	Pages         [][]string
}

// extractPDF reads data's text within the work budget. An error is the
// budget's (ErrBudget), ctx's, or says why the file is not a readable PDF.
func extractPDF(ctx context.Context, data []byte) (pdfContent, error) {
	return newPDFBudget(ctx, int64(len(data))).extract(data)
}

// extract is extractPDF within b, which counts what it cost.
func (b *pdfBudget) extract(data []byte) (out pdfContent, err error) {
	defer func() {
		if r := recover(); r != nil {
			switch {
			case b.err != nil:
				out, err = pdfContent{}, b.err
			default: // the PDF reader panics on some malformed files
				out, err = pdfContent{}, fmt.Errorf("not a readable PDF (%v)", r)
			}
		}
	}()
	r, err := pdf.NewReader(budgetReaderAt{bytes.NewReader(data), b}, int64(len(data)))
	if b.err != nil { // the reader recovers panics into errors
		return pdfContent{}, b.err
	}
	if err != nil {
		return pdfContent{}, fmt.Errorf("not a readable PDF: %v", err)
	}
	info := r.Trailer().Key("Info")
	out.Title, out.Author, out.Created = info.Key("Title").Text(), info.Key("Author").Text(), info.Key("CreationDate").Text()
	pages, err := pdfPages(r.Trailer().Key("Root").Key("Pages"), b)
	if err != nil {
		return pdfContent{}, fmt.Errorf("not a readable PDF: %v", err)
	}
	x := &pdfExtractor{b: b, encodings: map[string]pdf.TextEncoding{}}
	for _, page := range pages {
		paras, err := x.page(page)
		if err != nil {
			paras = nil // one bad page does not lose the others
		}
		out.Pages = append(out.Pages, paras)
	}
	return out, nil
}

// pdfExtractor reads pages' text the way pdf.Page.GetTextByRow does —
// pieces of text grouped in rows by their text matrix — but within the
// budget, and reusing each font's decoder across pages rather than
// parsing its character map again on every page.
type pdfExtractor struct {
	b         *pdfBudget
	encodings map[string]pdf.TextEncoding // by the font's dictionary
}

// chargeStreams counts every content stream's size after decompression
// before the reader interprets any (it reads them all at once).
func (x *pdfExtractor) chargeStreams(contents pdf.Value) {
	var used int64
	if contents.Kind() == pdf.Array {
		if n := contents.Len(); n > pdfPageStreams {
			x.b.over("a page lists %d content streams, over %d", n, pdfPageStreams)
		}
		for i := range contents.Len() {
			x.b.chargeDecoded(contents.Index(i), &used)
		}
		return
	}
	x.b.chargeDecoded(contents, &used)
}

// page returns the paragraphs of one page. A malformed page is an error;
// the budget going over stops the whole file.
func (x *pdfExtractor) page(page pdfPage) (paras []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			if x.b.err != nil {
				panic(r)
			}
			err = fmt.Errorf("%v", r)
		}
	}()
	contents := page.V.Key("Contents")
	if contents.IsNull() {
		return nil, nil
	}
	x.chargeStreams(contents)
	fonts := x.fonts(page)
	rows := map[int64]*pdf.Row{}
	var enc pdf.TextEncoding = rawEncoding{}
	var atX, atY float64
	pieces := 0
	show := func(raw string) {
		s := validUTF8(enc.Decode(raw))
		if pieces++; pieces > pdfPagePieces {
			x.b.over("a page shows over %d pieces of text", pdfPagePieces)
		}
		if x.b.text += int64(len(s)); x.b.text > pdfMaxText {
			x.b.over("it holds over %d MiB of text", pdfMaxText>>20)
		}
		row := rows[int64(atY)]
		if row == nil {
			row = &pdf.Row{Position: int64(atY)}
			rows[int64(atY)] = row
		}
		row.Content = append(row.Content, pdf.Text{X: atX, Y: atY, S: s})
	}
	pdf.Interpret(contents, func(stk *pdf.Stack, op string) {
		if x.b.ops++; x.b.ops%pdfCheckEvery == 0 {
			x.b.check()
		}
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "Tf": // font and size
			enc = rawEncoding{}
			if len(args) == 2 {
				if e, ok := fonts[args[0].Name()]; ok {
					enc = e
				}
			}
		case "Tj", "'", "\"": // show a string (the last operand)
			if len(args) > 0 {
				show(args[len(args)-1].RawString())
			}
		case "TJ": // show strings, positioned
			if len(args) > 0 {
				for i := range args[0].Len() {
					if v := args[0].Index(i); v.Kind() == pdf.String {
						show(v.RawString())
					}
				}
			}
		case "Tm": // text matrix: where the next pieces go
			if len(args) == 6 {
				atX, atY = args[4].Float64(), args[5].Float64()
			}
		}
	})
	sorted := make(pdf.Rows, 0, len(rows))
	for _, row := range rows {
		sort.Stable(row.Content) // pieces at one place stay in drawing order
		sorted = append(sorted, row)
	}
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Position > sorted[j].Position })
	return paragraphs(sorted), nil
}

// fonts returns the decoders of a page's fonts by their resource names.
func (x *pdfExtractor) fonts(page pdfPage) map[string]pdf.TextEncoding {
	dict := page.resources.Key("Font")
	out := map[string]pdf.TextEncoding{}
	for _, name := range dict.Keys() {
		fv := dict.Key(name)
		key := fv.String()
		if enc, ok := x.encodings[key]; ok {
			out[name] = enc
			continue
		}
		e := fv.Key("Encoding")
		if e.Kind() == pdf.Dict && e.Key("Differences").Len() > pdfMaxDifferences {
			x.b.over("a font's encoding lists over %d glyphs", pdfMaxDifferences)
		}
		if tu := fv.Key("ToUnicode"); tu.Kind() == pdf.Stream && (e.Kind() == pdf.Null || e.Name() == "Identity-H") {
			x.b.chargeDecoded(tu, nil) // its character map
		}
		f := pdf.Font{V: fv}
		enc := f.Encoder()
		x.encodings[key] = enc
		out[name] = enc
	}
	return out
}

// rawEncoding shows a string's bytes as they are: text without a font.
type rawEncoding struct{}

func (rawEncoding) Decode(raw string) string { return raw }

// validUTF8 is s with each byte that is not UTF-8 replaced, as the reader
// does.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

// fileSize is n bytes for people: "22 KB", "3.0 MB".
func fileSize(n int64) string {
	if n < 1e6 {
		return fmt.Sprintf("%d KB", (n+999)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
