package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/sys/unix"
)

// A file swapped for a link out of the folder — or its folder for such a
// link — between the reader's checks and its open is never read: the file
// is opened through the folder. Each swap (an atomic exchange of two
// names) is made again and again while the folder is read again and again;
// the file inside is read, the one outside never.
func TestSwapBetweenCheckAndOpen(t *testing.T) {
	const secret = "A secret from outside the corpus folder, which no reader may ever quote."
	const inside = "The text of the document inside the corpus folder, read as it should be."
	for _, tt := range []struct {
		name, swapped, link string // swapped is exchanged with link, a link out
	}{
		{"the file", "sub/doc.md", "sub/.out.md"},
		{"its folder", "sub", ".out"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			dir, out := filepath.Join(root, "corpus"), filepath.Join(root, "outside")
			for path, text := range map[string]string{
				filepath.Join(dir, "sub", "doc.md"): inside,
				filepath.Join(out, "sub", "doc.md"): secret,
				filepath.Join(out, "doc.md"):        secret,
			} {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			target := filepath.Join(out, "doc.md")
			if tt.swapped == "sub" {
				target = filepath.Join(out, "sub")
			}
			if err := os.Symlink(target, filepath.Join(dir, tt.link)); err != nil {
				t.Skipf("no symlinks here: %v", err)
			}
			a, b := filepath.Join(dir, tt.swapped), filepath.Join(dir, tt.link)
			if err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE); err != nil {
				t.Skipf("no atomic exchange of names here: %v", err)
			}
			var stop atomic.Bool
			var wg sync.WaitGroup
			wg.Go(func() {
				for !stop.Load() {
					unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
				}
			})
			read := 0
			for range 3000 {
				c, _, err := Load(Options{Dir: dir, NoBuiltin: true})
				if err != nil {
					continue // the folder itself was mid-swap as it was listed
				}
				for _, p := range c.Passages {
					if strings.Contains(p.Text, "secret") {
						stop.Store(true)
						t.Fatalf("read %s from outside the folder: %q", p.Doc.Path, p.Text)
					}
					read++
				}
			}
			stop.Store(true)
			wg.Wait()
			if read == 0 {
				t.Error("the file inside was never read")
			}
		})
	}
}
