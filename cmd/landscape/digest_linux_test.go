package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// readOnly makes dir read-only for this process: by permissions, or, for
// root (whom they do not stop), by a read-only bind mount.
func readOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			os.Chmod(filepath.Join(dir, e.Name()), 0o444)
		}
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return
	}
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("cannot bind-mount %s read-only (%v): the read-only store is not tested here", dir, err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	if err := syscall.Mount("", dir, "", syscall.MS_BIND|syscall.MS_REMOUNT|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount %s read-only: %v", dir, err)
	}
}

// A store on a read-only medium (or owned by another user) is read by
// --dry-run, not refused.
func TestDigestDryRunReadOnlyStore(t *testing.T) {
	dir := t.TempDir()
	storeWithQuestion(t, dir).Close()
	readOnly(t, dir)
	out, errOut, code := runCLI(t, map[string]string{"LANDSCAPE_DATA_DIR": dir}, "digest", "--dry-run", "--date", "2026-11-26")
	if code != 0 || !strings.Contains(out, "who funds robots in Osaka?") {
		t.Errorf("exit %d: %s%s", code, out, errOut)
	}
}
