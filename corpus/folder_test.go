package corpus

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// A file replaced with the same size and time is read again when named as
// changed, and counts as changed only if its content differs.
func TestFolderChangedByContent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.md")
	write := func(text string) {
		t.Helper()
		fi, statErr := os.Stat(path)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if statErr == nil { // keep the time, as cp -p and tar do
			if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
				t.Fatal(err)
			}
		}
	}
	ctx := context.Background()
	write("Robots in Osaka raised $120 million.")
	f := NewFolder(Options{Dir: dir, NoBuiltin: true})
	if _, _, _, err := f.Load(ctx); err != nil {
		t.Fatal(err)
	}
	write("Robots in Osaka raised $450 million.") // same size
	if _, _, ch, _ := f.Load(ctx); !ch.Empty() {
		t.Fatal("changed without a hint: the stamp alone cannot tell")
	}
	c, _, ch, err := f.Load(ctx, path)
	if err != nil || len(ch.Added) != 1 || len(ch.Removed) != 1 || c.Passages[0].Text != "Robots in Osaka raised $450 million." {
		t.Fatalf("named as changed: %+v, %v", ch, err)
	}
	if _, _, ch, _ := f.Load(ctx, path); !ch.Empty() {
		t.Errorf("named again, the same content: %+v", ch)
	}
}
