package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/landscape-bot/landscape/internal/fakeslack"
	"github.com/landscape-bot/landscape/internal/testpdf"
	"github.com/landscape-bot/landscape/store"
)

// livelyWithin is how soon an added document must answer, and a removed
// one stop being cited (the bound).
const livelyWithin = 5 * time.Second

// article is a web page of a few paragraphs about a startup's round.
func article(title, company, city, amount, round string) string {
	return fmt.Sprintf(`<html><head><title>%[1]s</title><meta name="author" content="Test Wire staff">
<meta property="article:published_time" content="2026-11-01T08:00:00Z"></head><body><article><h1>%[1]s</h1>
<p>%[2]s, a %[3]s robotics startup, raised %[4]s in its %[5]s round, led by Qiming Venture Partners, the company said on Sunday.</p>
<p>The company plans to double its engineering team by the end of 2027 and to open a second factory near %[3]s.</p>
</article></body></html>`, title, company, city, amount, round)
}

// asker asks the bot questions by mention and reads its answers.
type asker struct {
	f *fakeslack.Server
	n atomic.Int64
}

// ask mentions the bot with q and returns its answer's blocks.
func (a *asker) ask(t *testing.T, q string) string {
	t.Helper()
	i := a.n.Add(1)
	ts := fmt.Sprintf("1700009000.%06d", i)
	a.f.Send("events_api", a.f.Mention(fmt.Sprintf("EvQ%d", i), "C1", ts, "", q), 0)
	var blocks string
	a.f.WaitFor("the answer to "+q, func() bool {
		for _, p := range a.f.Posts() {
			if p.ThreadTS == ts {
				blocks = p.Blocks
				return true
			}
		}
		return false
	})
	return blocks
}

// until asks q again and again until the answer satisfies ok, and returns
// how long after since that was; it fails after livelyWithin.
func (a *asker) until(t *testing.T, since time.Time, q string, ok func(blocks string) bool) time.Duration {
	t.Helper()
	for {
		blocks := a.ask(t, q)
		if ok(blocks) {
			return time.Since(since)
		}
		if time.Since(since) > livelyWithin {
			t.Fatalf("after %v, %q is still answered:\n%s", livelyWithin, q, blocks)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func bold(figure string) string { return `"text":"` + figure + `","style":{"bold":true}` }

// response waits for the response_url post id.
func response(t *testing.T, f *fakeslack.Server, id string) (raw string, at time.Time) {
	t.Helper()
	f.WaitForWithin(30*time.Second, "the reply "+id, func() bool {
		for _, r := range f.Responses() {
			if r.Path == "/response/"+id {
				raw = r.Raw
				return true
			}
		}
		return false
	})
	return raw, time.Now()
}

// Curating from Slack, end to end, through `landscape serve` (the built
// binary) and the fake Slack: a curator shares a PDF in a DM, adds a link
// with /landscape add and another with the message shortcut, each reported
// and answered from within 5 s; two curators adding the same page at once
// add it once; a non-curator is refused; a removed document stops being
// cited within 5 s; the store records it all, and the digest credits the
// curators.
func TestCurateFromSlackEndToEnd(t *testing.T) {
	f := fakeslack.New(t)
	f.AddUserGroup("S0TEAM", "corpus-team", "U0BEN")
	pages := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch r.URL.Path {
		case "/news/zephyr-raises":
			io.WriteString(w, article("Zephyr Labs raises $42 million", "Zephyr Labs", "Hangzhou", "$42 million", "Series B"))
		case "/news/orion-funding":
			io.WriteString(w, article("Orion Dynamics closes its round", "Orion Dynamics", "Shenzhen", "$65 million", "Series C"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer pages.Close()
	corpusDir, data := t.TempDir(), t.TempDir()
	env := append(slackEnv(f), "LANDSCAPE_CORPUS_DIR="+corpusDir, "LANDSCAPE_DATA_DIR="+data,
		"LANDSCAPE_CURATORS=U0ADA @corpus-team", "LANDSCAPE_FETCH_ALLOW=127.0.0.1")
	startProcess(t, "landscape serve", env, "serve")
	f.WaitForWithin(60*time.Second, "serve connected", func() bool { return f.Connections() == 1 })
	a := &asker{f: f}

	// A PDF shared in a DM.
	pdf, err := testpdf.Make("Kestrel Robotics annual report 2026", "Kestrel Robotics", time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		"Kestrel Robotics, a Wuhan maker of inspection drones, raised $27 million from state-backed funds in 2026 to expand its factory and its research team.")
	if err != nil {
		t.Fatal(err)
	}
	file := f.AddFile("U0ADA", "kestrel-report.pdf", "application/pdf", pdf)
	f.Send("events_api", f.FileShare("EvF1", "U0ADA", "D0ADA", "1700008000.000100", "", file), 0)
	f.WaitForWithin(30*time.Second, "the PDF's report", func() bool { return len(f.Posts()) == 1 })
	if p := f.Posts()[0]; p.Channel != "D0ADA" || !strings.Contains(p.Blocks, "Added to the corpus") || !strings.Contains(p.Blocks, "Kestrel Robotics annual report 2026") {
		t.Fatalf("PDF report: %+v", p)
	}
	took := a.until(t, time.Now(), "How much did Kestrel Robotics raise?", func(b string) bool {
		return strings.Contains(b, bold("$27 million")) && strings.Contains(b, "Kestrel Robotics annual report 2026")
	})
	t.Logf("PDF shared in a DM: report → answered from it in %v", took.Round(time.Millisecond))

	// The same link from two curators at once: one adds it, the other is
	// told it is there.
	zephyr := pages.URL + "/news/zephyr-raises"
	f.Send("slash_commands", f.SlashFrom("U0ADA", "add "+zephyr, "z1"), 0)
	f.Send("slash_commands", f.SlashFrom("U0BEN", "add <"+zephyr+">", "z2"), 0)
	r1, _ := response(t, f, "z1")
	r2, at := response(t, f, "z2")
	if added := strings.Count(r1+r2, `"text":"Added to the corpus`); added != 1 || strings.Count(r1+r2, `"text":"Already in the corpus`) != 1 {
		t.Fatalf("two adds of one link: %d added\n%s\n%s", added, r1, r2)
	}
	took = a.until(t, at, "How much did Zephyr Labs raise?", func(b string) bool {
		return strings.Contains(b, bold("$42 million")) && strings.Contains(b, zephyr)
	})
	t.Logf("/landscape add: report → answered in %v", took.Round(time.Millisecond))

	// The message shortcut on a message with a link.
	f.Send("interactive", f.Shortcut("add_to_landscape", "U0BEN", "C1", "have you seen <"+pages.URL+"/news/orion-funding|this>?", nil, "s1"), 0)
	if got, at := response(t, f, "s1"); strings.Contains(got, "Added to the corpus") {
		took = a.until(t, at, "How much did Orion Dynamics raise?", func(b string) bool { return strings.Contains(b, bold("$65 million")) })
		t.Logf("message shortcut: report → answered in %v", took.Round(time.Millisecond))
	} else {
		t.Errorf("shortcut report: %s", got)
	}

	// Someone else.
	f.Send("slash_commands", f.SlashFrom("U0EVE", "add "+pages.URL+"/news/other", "e1"), 0)
	if got, _ := response(t, f, "e1"); !strings.Contains(got, "only curators can add or remove documents") || !strings.Contains(got, "members of @corpus-team") {
		t.Errorf("non-curator: %s", got)
	}

	// Remove, confirmed.
	f.Send("slash_commands", f.SlashFrom("U0BEN", "remove zephyr labs", "d1"), 0)
	if got, _ := response(t, f, "d1"); !strings.Contains(got, "Remove from the corpus?") || !strings.Contains(got, `"value":"zephyr-raises"`) {
		t.Fatalf("remove: %s", got)
	}
	f.Send("interactive", f.ClickFrom("U0BEN", "remove_confirm", "zephyr-raises", "d2"), 0)
	got, at := response(t, f, "d2")
	if !strings.Contains(got, "Removed from the corpus") {
		t.Fatalf("removed: %s", got)
	}
	took = a.until(t, at, "How much did Zephyr Labs raise?", func(b string) bool {
		return !strings.Contains(b, zephyr) && !strings.Contains(b, "$42 million")
	})
	t.Logf("remove confirmed → no longer cited in %v", took.Round(time.Millisecond))
	var left []string
	entries, _ := os.ReadDir(corpusDir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if diff := cmp.Diff([]string{"kestrel-report.meta.json", "kestrel-report.pdf", "orion-funding.html", "orion-funding.meta.json"}, left); diff != "" {
		t.Errorf("corpus folder (-want +got):\n%s", diff)
	}

	// The record, and the digest's credit (read while serve runs: SQLite
	// takes several processes).
	st, err := store.Open(context.Background(), filepath.Join(data, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	recs, err := st.Curations(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var log []string
	for _, r := range recs {
		log = append(log, fmt.Sprintf("%s %s %s %s", r.UserID, r.Action, r.DocID, r.Outcome))
	}
	wantLog := []string{"U0ADA add kestrel-report added", "add zephyr-raises added", "add zephyr-raises duplicate",
		"U0BEN add orion-funding added", "U0EVE add  refused", "U0BEN remove zephyr-raises removed"}
	if len(log) != len(wantLog) || log[0] != wantLog[0] || log[3] != wantLog[3] || log[4] != wantLog[4] || log[5] != wantLog[5] ||
		!strings.HasSuffix(log[1], wantLog[1]) || !strings.HasSuffix(log[2], wantLog[2]) {
		t.Errorf("curation record:\n%s\nwant (the two zephyr adds in either order):\n%s", strings.Join(log, "\n"), strings.Join(wantLog, "\n"))
	}
	act, err := st.ActivityBetween(ctx, time.Now().Add(-time.Hour), time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	credits := map[string]string{}
	for _, d := range act.NewDocuments {
		credits[d.ID] = d.AddedBy
	}
	if credits["kestrel-report"] != "U0ADA" || credits["orion-funding"] != "U0BEN" {
		t.Errorf("new documents and who added them: %v", credits)
	}
	if _, ok := credits["zephyr-raises"]; ok {
		t.Errorf("the removed document is still new in the corpus: %v", credits)
	}
}

// `landscape corpus add URL` killed while it downloads leaves no file in
// the corpus folder — only its hidden staging folder, which the corpus
// ignores — and the next add works.
func TestCorpusAddKilledMidway(t *testing.T) {
	started := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		if r.URL.Path == "/slow" {
			io.WriteString(w, "<html><body><article><p>"+strings.Repeat("Half a page about robots in Hangzhou. ", 2000))
			w.(http.Flusher).Flush()
			started <- struct{}{}
			<-r.Context().Done() // the rest never comes
			return
		}
		io.WriteString(w, article("Zephyr Labs raises $42 million", "Zephyr Labs", "Hangzhou", "$42 million", "Series B"))
	}))
	defer srv.Close()
	dir := t.TempDir()
	env := []string{"LANDSCAPE_FETCH_ALLOW=127.0.0.1", "LANDSCAPE_CORPUS_DIR=" + dir}
	p := startProcess(t, "corpus add", env, "corpus", "add", srv.URL+"/slow")
	select {
	case <-started:
	case <-time.After(60 * time.Second):
		t.Fatalf("the download never started:\n%s", p.stderr.String())
	}
	// Wait until the half page is on disk, staged, then kill.
	deadline := time.Now().Add(10 * time.Second)
	for {
		staged, _ := filepath.Glob(filepath.Join(dir, ".add-*", "slow.html"))
		if len(staged) == 1 {
			if fi, err := os.Stat(staged[0]); err == nil && fi.Size() > 0 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("nothing was staged")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.exited
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".add-") {
			t.Errorf("left in the corpus folder: %s", e.Name())
		}
	}
	out, _, code := runCLI(t, nil, "corpus", "check", "--corpus", dir, "--no-builtin")
	if code != 0 || !strings.HasPrefix(out, "0 documents") {
		t.Errorf("check after the kill (exit %d):\n%s", code, out)
	}
	out, errOut, code := runCLI(t, map[string]string{"LANDSCAPE_FETCH_ALLOW": "127.0.0.1"}, "corpus", "add", "--corpus", dir, srv.URL+"/zephyr")
	if code != 0 || !strings.Contains(out, "ok   "+srv.URL+"/zephyr → "+filepath.Join(dir, "zephyr.html")) {
		t.Errorf("the next add (exit %d):\n%s%s", code, out, errOut)
	}
}
