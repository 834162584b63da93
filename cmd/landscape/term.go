package main

import (
	"bytes"
	"io"
	"unicode/utf8"

	"github.com/landscape-bot/landscape/corpus"
)

// The only escape sequences the command line writes itself: bold on, off.
var (
	sgrBold  = []byte("\x1b[1m")
	sgrReset = []byte("\x1b[0m")
)

// printable writes to a terminal only what cannot drive it: control
// characters (but tab and newline) and invalid UTF-8 are dropped, so text
// from a document, a file name or a question can neither clear the screen
// nor set the window title. With bold set, the CLI's own bold sequences
// pass; every other ESC is dropped.
type printable struct {
	w    io.Writer
	bold bool
	rest []byte // an incomplete UTF-8 sequence that ended the last write
}

func (p *printable) Write(b []byte) (int, error) {
	data := append(p.rest, b...)
	p.rest = nil
	out := make([]byte, 0, len(data))
	for i := 0; i < len(data); {
		if data[i] == 0x1b && p.bold {
			if seq := ownSequence(data[i:]); seq != nil {
				out = append(out, seq...)
				i += len(seq)
				continue
			}
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			if !utf8.FullRune(data[i:]) {
				p.rest = append([]byte(nil), data[i:]...) // the rest comes with the next write
				break
			}
			i++
			continue
		}
		if r == '\n' || r == '\t' || (r >= 0x20 && !corpus.IsControl(r)) {
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	if _, err := p.w.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}

func ownSequence(b []byte) []byte {
	for _, seq := range [][]byte{sgrBold, sgrReset} {
		if bytes.HasPrefix(b, seq) {
			return seq
		}
	}
	return nil
}
