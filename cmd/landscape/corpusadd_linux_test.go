package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The disk fills while `corpus add` copies a file and its sidecar: nothing
// is left behind, and once there is room the same add succeeds.
func TestCorpusAddDiskFull(t *testing.T) {
	mnt := t.TempDir()
	// 64 KiB: room for the text (56 KiB) but not for it and its sidecar.
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=64k"); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (%v; needs root): the disk-full case is not tested here", err)
	}
	t.Cleanup(func() { syscall.Unmount(mnt, syscall.MNT_DETACH) })
	src := t.TempDir()
	text := strings.Repeat("Osaka robot makers raised $120 million from venture investors in 2024. ", 1000)[:56<<10]
	if err := os.WriteFile(filepath.Join(src, "report.txt"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	sidecar := `{"title": "Osaka robots", "published": "2025-03-01", "notes": "` + strings.Repeat("n", 12<<10) + `"}`
	if err := os.WriteFile(filepath.Join(src, "report.meta.json"), []byte(sidecar), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(mnt, "corpus")
	out, errOut, code := runCLI(t, nil, "corpus", "add", "--corpus", dir, filepath.Join(src, "report.txt"))
	if code != 1 || !strings.Contains(out, "no space left on device") {
		t.Errorf("exit %d:\n%s%s", code, out, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("left behind: %q", names)
	}
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT, "size=1m"); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runCLI(t, nil, "corpus", "add", "--corpus", dir, filepath.Join(src, "report.txt"))
	if code != 0 || !strings.Contains(out, "“Osaka robots”, 2025-03-01") {
		t.Errorf("with room: exit %d:\n%s%s", code, out, errOut)
	}
}
