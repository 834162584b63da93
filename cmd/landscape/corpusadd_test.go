package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An existing sidecar in the corpus folder is never overwritten, nor made
// the metadata of a new file, without --force; with it, file and sidecar
// are replaced (and an old sidecar the new file lacks is removed).
func TestCorpusAddSidecarAndForce(t *testing.T) {
	dir, src := t.TempDir(), t.TempDir()
	write := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	read := func(path string) string {
		b, _ := os.ReadFile(path)
		return string(b)
	}
	body := "In 2024 Osaka robot makers raised $120 million from venture investors, the fixture report says.\n"
	write(filepath.Join(src, "osaka.txt"), body)
	write(filepath.Join(src, "osaka.meta.json"), `{"title": "Osaka robots, revised"}`)
	write(filepath.Join(dir, "osaka.meta.json"), `{"title": "Curated title"}`)

	out, _, code := runCLI(t, nil, "corpus", "add", "--corpus", dir, filepath.Join(src, "osaka.txt"))
	if code != 1 || !strings.Contains(out, "osaka.meta.json exists and would become this file's metadata") {
		t.Errorf("an existing sidecar: exit %d:\n%s", code, out)
	}
	if read(filepath.Join(dir, "osaka.meta.json")) != `{"title": "Curated title"}` || fileExists(filepath.Join(dir, "osaka.txt")) {
		t.Error("the refused add changed the folder")
	}
	out, _, code = runCLI(t, nil, "corpus", "add", "--force", "--corpus", dir, filepath.Join(src, "osaka.txt"))
	if code != 0 || !strings.Contains(out, "“Osaka robots, revised”") || read(filepath.Join(dir, "osaka.meta.json")) != `{"title": "Osaka robots, revised"}` {
		t.Errorf("--force: exit %d:\n%s", code, out)
	}
	out, _, code = runCLI(t, nil, "corpus", "add", "--corpus", dir, filepath.Join(src, "osaka.txt"))
	if code != 1 || !strings.Contains(out, "the same text as “Osaka robots, revised”") || !strings.Contains(out, "nothing added") {
		t.Errorf("the same file again: exit %d:\n%s", code, out)
	}
	os.Remove(filepath.Join(src, "osaka.meta.json"))
	write(filepath.Join(src, "osaka.txt"), body+"\nA second paragraph.\n")
	out, _, code = runCLI(t, nil, "corpus", "add", "--force", "--corpus", dir, filepath.Join(src, "osaka.txt"))
	if code != 0 || fileExists(filepath.Join(dir, "osaka.meta.json")) || !strings.Contains(read(filepath.Join(dir, "osaka.txt")), "second paragraph") {
		t.Errorf("--force without a sidecar: exit %d:\n%s", code, out)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("folder holds %d entries, want the one file", len(entries))
	}
}
