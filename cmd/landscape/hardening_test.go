package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/internal/hostile"
	"github.com/landscape-bot/landscape/internal/synth"
)

// stopBound is how soon a command must exit after SIGTERM in the tests.
const stopBound = 15 * time.Second

// TestMain runs the command itself when asked to, so that tests can send
// a real signal to a real process, and when started as a corpus worker
// (by a command a test runs in this process); after the tests, it removes
// the binary landscapeBinary built, if it did.
func TestMain(m *testing.M) {
	if os.Getenv("LANDSCAPE_TEST_MAIN") == "1" || os.Getenv(corpus.WorkerEnv) != "" {
		main()
		return
	}
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// A folder of hostile files: `ask` and `corpus check` report each file
// with its reason — the PDFs that repeat one page or one stream refused by
// the work budget, not by a time limit — and the rest answers.
func TestHostileCorpusFolder(t *testing.T) {
	dir := t.TempDir()
	want := hostile.Write(t, dir)
	if err := os.WriteFile(filepath.Join(dir, "osaka.md"), []byte("---\ntitle: Osaka robots\n---\nIn 2024 Osaka robot makers raised $120 million from venture investors.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"LANDSCAPE_DATA_DIR": t.TempDir()}
	out, errOut, code := runCLI(t, env, "ask", "--corpus", dir, "how much did Osaka robot makers raise in 2024?")
	if code != 0 || !strings.Contains(out, "**$120 million**") {
		t.Errorf("ask: exit %d:\n%s%s", code, out, errOut)
	}
	for name, reason := range want {
		if line := lineWith(errOut, "skipped "+filepath.Join(dir, name)+": "); !strings.Contains(line, reason) {
			t.Errorf("ask's stderr does not report %s (%s):\n%s", name, reason, errOut)
		}
	}
	out, _, code = runCLI(t, env, "corpus", "check", "--corpus", dir)
	if code != 1 || !strings.Contains(out, fmt.Sprintf("; %d errors", len(want))) {
		t.Errorf("corpus check: exit %d:\n%s", code, out)
	}
	for name, reason := range want {
		if line := lineWith(out, filepath.Join(dir, name)+": "); !strings.Contains(line, reason) {
			t.Errorf("corpus check does not report %s (%s):\n%s", name, reason, out)
		}
	}
}

// lineWith is the first line of out holding s, or "".
func lineWith(out, s string) string {
	for line := range strings.Lines(out) {
		if strings.Contains(line, s) {
			return line
		}
	}
	return ""
}

// Nothing a document holds drives the terminal: its escape sequences
// (clear screen, window title) never reach the output, in file names
// either.
func TestNoEscapePrinted(t *testing.T) {
	dir := t.TempDir()
	doc := "---\ntitle: \"Evil\\e[2J report\"\nauthor: \"Mallory\\e]0;owned\\a\"\npublisher: \"Pub\\e[31m\"\nurl: \"https://example.org/\\e[5m\"\npublished: 2025-01-02\n---\n# Robots\x1b[1m\n\nIn 2024 Osaka robot makers raised $120 million from venture investors.\n"
	if err := os.WriteFile(filepath.Join(dir, "evil.md"), []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "bad\x1b[2J.md"), []byte("---\npublished: never\n---\nx\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"LANDSCAPE_DATA_DIR": t.TempDir()}
	for _, tt := range []struct {
		args []string
		want string // the document's text, without its controls
	}{
		{[]string{"ask", "--corpus", dir, "how much did Osaka robot makers raise in 2024?"}, "Mallory]0;owned, “Evil[2J report”"},
		{[]string{"ask", "--json", "--corpus", dir, "how much did Osaka robot makers raise in 2024?"}, `"section": "Robots[1m"`},
		{[]string{"sources", "--corpus", dir}, "Evil[2J report"},
		{[]string{"stats", "--corpus", dir, "Osaka"}, "Pub[31m"},
		{[]string{"corpus", "check", "--corpus", dir}, "bad[2J.md"},
	} {
		out, errOut, _ := runCLI(t, env, tt.args...)
		if strings.ContainsRune(out+errOut, 0x1b) || strings.ContainsRune(out+errOut, 0x07) {
			t.Errorf("%v printed a control character:\n%q\n%q", tt.args, out, errOut)
		}
		if !strings.Contains(out, tt.want) {
			t.Errorf("%v: output lacks %q:\n%s", tt.args, tt.want, out)
		}
	}
}

// The writer lets through text, tabs and newlines, the CLI's own bold when
// asked, and nothing else that drives a terminal, even split across writes.
func TestPrintable(t *testing.T) {
	tests := []struct {
		name   string
		bold   bool
		writes []string
		want   string
	}{
		{"text", false, []string{"“$650 million” — IMD\tp. 3\n"}, "“$650 million” — IMD\tp. 3\n"},
		{"escapes", false, []string{"a\x1b[2Jb\x1b]0;t\x07c\rd\u009be\u202ef"}, "a[2Jb]0;tcdef"},
		{"own bold", true, []string{"x \x1b[1m$3bn\x1b[0m y \x1b[2J"}, "x \x1b[1m$3bn\x1b[0m y [2J"},
		{"bold not asked", false, []string{"\x1b[1m$3bn\x1b[0m"}, "[1m$3bn[0m"},
		{"rune split", false, []string{"a\xe2\x80", "\x9c b\xff"}, "a“ b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			p := &printable{w: &b, bold: tt.bold}
			for _, w := range tt.writes {
				if n, err := p.Write([]byte(w)); err != nil || n != len(w) {
					t.Fatalf("Write = %d, %v", n, err)
				}
			}
			if b.String() != tt.want {
				t.Errorf("got %q, want %q", b.String(), tt.want)
			}
		})
	}
}

// A damaged index (its metadata deleted, a segment's bytes flipped) costs
// one line on stderr; the index is rebuilt and the question answered.
func TestDamagedIndexRepairedByAsk(t *testing.T) {
	for _, damage := range []string{"metadata", "segment"} {
		t.Run(damage, func(t *testing.T) {
			dir, data := t.TempDir(), t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "osaka.md"), []byte("---\ntitle: Osaka robots\n---\nIn 2024 Osaka robot makers raised $120 million from venture investors.\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			env := map[string]string{"LANDSCAPE_DATA_DIR": data}
			ask := func() (string, string) {
				out, errOut, code := runCLI(t, env, "ask", "--corpus", dir, "how much did Osaka robot makers raise in 2024?")
				if code != 0 || !strings.Contains(out, "**$120 million**") {
					t.Fatalf("exit %d:\n%s%s", code, out, errOut)
				}
				return out, errOut
			}
			ask()
			built, _ := filepath.Glob(filepath.Join(data, "index", "index-v*"))
			if len(built) != 1 {
				t.Fatalf("indexes %v", built)
			}
			victim := filepath.Join(built[0], "index_meta.json")
			if damage == "segment" {
				segs, _ := filepath.Glob(filepath.Join(built[0], "store", "*.zap"))
				victim = segs[0]
			}
			b, err := os.ReadFile(victim)
			if err != nil {
				t.Fatal(err)
			}
			if damage == "metadata" {
				err = os.Remove(victim)
			} else {
				b[len(b)/2] ^= 0xff
				err = os.WriteFile(victim, b, 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			_, errOut := ask()
			if lines := strings.Split(strings.TrimSpace(errOut), "\n"); len(lines) != 1 || !strings.Contains(lines[0], "damaged") || !strings.Contains(lines[0], "rebuilt") {
				t.Errorf("want one line about the repair, got:\n%s", errOut)
			}
			if _, errOut = ask(); errOut != "" {
				t.Errorf("after the repair: %s", errOut)
			}
		})
	}
}

func TestMaxFileMB(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "big.txt"), bytes.Repeat([]byte("Robots in Osaka grew. "), 100000), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runCLI(t, map[string]string{"LANDSCAPE_MAX_FILE_MB": "1"}, "sources", "--corpus", dir)
	if code != 0 || !strings.Contains(errOut, "big.txt: 2.1 MB, over the limit of 1 MB (LANDSCAPE_MAX_FILE_MB); skipped") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runCLI(t, map[string]string{"LANDSCAPE_MAX_FILE_MB": "lots"}, "sources")
	if code != 1 || !strings.Contains(errOut, "LANDSCAPE_MAX_FILE_MB \"lots\" must be a whole number of megabytes") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// SIGTERM (as Ctrl-C) during a long load stops the command within a
// second, whatever it is doing.
func TestSignalDuringLoadStopsWithinASecond(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and loads 3,000 documents")
	}
	dir := t.TempDir()
	if err := synth.Write(dir, 1, 3000); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"ask", "--corpus", dir, "how much private GenAI investment in China 2023?"},
		{"serve", "--corpus", dir},
	} {
		t.Run(args[0], func(t *testing.T) {
			data := t.TempDir()
			cmd := exec.Command(os.Args[0], args...)
			cmd.Env = append(os.Environ(), "LANDSCAPE_TEST_MAIN=1", "LANDSCAPE_DATA_DIR="+data,
				"SLACK_BOT_TOKEN=xoxb-1111-2222-abcdefghijkl", "SLACK_APP_TOKEN=xapp-1-A111-2222-abcdef0123", "SLACK_API_URL=http://127.0.0.1:9/api/")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Into the load: the process has written to its data folder (a
			// busy machine may take a while to start it at all).
			for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
				if entries, _ := os.ReadDir(data); len(entries) > 0 {
					break
				}
			}
			time.Sleep(200 * time.Millisecond)
			sent := time.Now()
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-done:
			case <-time.After(2 * stopBound):
				cmd.Process.Kill()
				t.Fatalf("still running %v after SIGTERM; stderr:\n%s", 2*stopBound, stderr.String())
			}
			// A second on a quiet machine; the bound leaves room for a
			// loaded one without letting a load that ignores the signal
			// pass.
			took := time.Since(sent)
			if took > stopBound {
				t.Errorf("exited %v after SIGTERM", took.Round(time.Millisecond))
			}
			if code := cmd.ProcessState.ExitCode(); code != 130 || !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("exit %d, stderr:\n%s", code, stderr.String())
			}
		})
	}
}

// loading returns once process pid is loading the corpus folder dir: once
// it holds dir open (the reader opens the folder for the whole load),
// which it does only after its signal handler is in place. Under the race
// detector on a busy machine the process can take over 500 ms to get
// there. Where /proc does not tell, it waits 500 ms.
func loading(pid int, dir string) {
	fds := fmt.Sprintf("/proc/%d/fd", pid)
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	if _, err := os.Stat(fds); err != nil {
		time.Sleep(500 * time.Millisecond)
		return
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		links, _ := filepath.Glob(filepath.Join(fds, "*"))
		for _, l := range links {
			if target, err := os.Readlink(l); err == nil && target == dir {
				time.Sleep(100 * time.Millisecond) // into the load
				return
			}
		}
	}
}
