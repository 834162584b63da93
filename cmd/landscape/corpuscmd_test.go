package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCorpusAddAndCheck(t *testing.T) {
	dir := t.TempDir()
	src := t.TempDir()
	broken := filepath.Join(src, "broken.md")
	if err := os.WriteFile(broken, []byte("---\ntitle: [unclosed\n---\nText.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	copyOfFixture := filepath.Join(src, "copy.md")
	data, err := os.ReadFile("../../testdata/corpus/fixture-ai-funding-2025.md")
	if err != nil {
		t.Fatal(err)
	}
	// The same text, saved again later under another id and no link.
	copied := strings.Replace(string(data), "published: 2025-03-14", "published: 2025-04-01\nid: copy", 1)
	copied = strings.Replace(copied, "url: https://example.com/fixtures/ai-funding-2025\n", "", 1)
	if err := os.WriteFile(copyOfFixture, []byte(copied), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, nil, "corpus", "add", "--corpus", dir,
		"../../testdata/web/ernie-users.html", "../../testdata/corpus/fixture-ai-funding-2025.md", broken, copyOfFixture)
	for _, want := range []string{
		"ok   ../../testdata/web/ernie-users.html", "“Ernie Bot passes 300 million users”, 2025-06-12, by Li Wen, 5 passages",
		"FAIL " + broken + ": broken.md:2: front matter",
		"dup  " + copyOfFixture + ": the same text as “Test fixture: China's AI funding round-up” (" + filepath.Join(dir, "fixture-ai-funding-2025.md") + "), already in the corpus: nothing added",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("corpus add output lacks %q:\n%s", want, out)
		}
	}
	if code != 1 || !strings.Contains(errOut, "2 of 4 not added") {
		t.Errorf("exit %d, stderr %q: want 1 and the count of files not added", code, errOut)
	}
	for _, name := range []string{"broken.md", "copy.md"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s was copied", name)
		}
	}
	// A copy put in the folder by hand is reported by check.
	if err := os.WriteFile(filepath.Join(dir, "copy.md"), []byte(copied), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = runCLI(t, nil, "corpus", "check", "--corpus", dir)
	if code != 0 || !strings.Contains(out, "near-duplicate") || !strings.Contains(out, "0 errors") {
		t.Errorf("check of a good folder (exit %d):\n%s", code, out)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad.md"), []byte("---\npublished: someday\n---\nx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code = runCLI(t, nil, "corpus", "check", "--corpus", dir)
	if code != 1 || !strings.Contains(out, "error   "+filepath.Join(dir, "bad.md")) {
		t.Errorf("check with a bad file (exit %d):\n%s", code, out)
	}
}

// `corpus add URL` fetches the page and adds it with a sidecar holding the
// link; the same link again adds nothing; a loopback link is refused
// unless LANDSCAPE_FETCH_ALLOW allows it.
func TestCorpusAddLink(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, article("Zephyr Labs raises $42 million", "Zephyr Labs", "Hangzhou", "$42 million", "Series B"))
	}))
	defer srv.Close()
	dir := t.TempDir()
	link := srv.URL + "/news/zephyr-raises?ref=feed"
	out, _, code := runCLI(t, nil, "corpus", "add", "--corpus", dir, link)
	if code != 1 || !strings.Contains(out, "FAIL "+link+": 127.0.0.1 is a loopback address (this server itself): only public addresses are fetched (an intranet source can be allowed with LANDSCAPE_FETCH_ALLOW)") {
		t.Errorf("without the allow-list: exit %d\n%s", code, out)
	}
	allow := map[string]string{"LANDSCAPE_FETCH_ALLOW": "127.0.0.1", "USER": "ada"}
	out, _, code = runCLI(t, allow, "corpus", "add", "--corpus", dir, link)
	want := "ok   " + link + " → " + filepath.Join(dir, "zephyr-raises.html") + "\n     “Zephyr Labs raises $42 million”, 2026-11-01, by Test Wire staff, 2 passages"
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("exit %d:\n%s\nwant:\n%s", code, out, want)
	}
	var origin map[string]string
	raw, _ := os.ReadFile(filepath.Join(dir, "zephyr-raises.meta.json"))
	if err := json.Unmarshal(raw, &origin); err != nil || origin["url"] != link || origin["added_by"] != "ada" || origin["added_at"] == "" {
		t.Errorf("sidecar %s, %v", raw, err)
	}
	out, _, code = runCLI(t, allow, "corpus", "add", "--corpus", dir, link)
	if code != 1 || !strings.Contains(out, "dup  "+link+": the same link as “Zephyr Labs raises $42 million”") {
		t.Errorf("again: exit %d:\n%s", code, out)
	}
}
