package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/bot"
	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/internal/fakeslack"
	"github.com/landscape-bot/landscape/store"
)

// Two dates, two facts of the day; the JSON is {date, channel, text, blocks}.
func TestDigestDryRun(t *testing.T) {
	env := map[string]string{"LANDSCAPE_DATA_DIR": t.TempDir(), "DIGEST_CHANNEL": "C1"}
	var facts []string
	for _, date := range []string{"2026-11-26", "2026-11-27"} {
		out, errOut, code := runCLI(t, env, "digest", "--dry-run", "--json", "--date", date)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var got struct {
			Date, Channel, Text string
			Blocks              []map[string]any
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		if got.Date != date || got.Channel != "C1" || !strings.Contains(got.Text, "Fact of the day") || len(got.Blocks) < 2 {
			t.Errorf("%s: %+v", date, got)
		}
		facts = append(facts, got.Text)
	}
	if facts[0] == facts[1] {
		t.Errorf("the same fact of the day on two dates: %q", facts[0])
	}
	out, _, code := runCLI(t, env, "digest", "--dry-run", "--date", "2026-11-26")
	if code != 0 || !strings.Contains(out, "Fact of the day") || !strings.Contains(out, "I by IMD") {
		t.Errorf("human output (exit %d):\n%s", code, out)
	}
}

func TestDigestErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"bad date", nil, []string{"digest", "--dry-run", "--date", "26/11/2026"}, 2, "want YYYY-MM-DD"},
		{"no channel", nil, []string{"digest"}, 1, "DIGEST_CHANNEL is not set"},
		{"no tokens", map[string]string{"DIGEST_CHANNEL": "C1"}, []string{"digest"}, 1, "SLACK_BOT_TOKEN is not set"},
		{"bad zone", map[string]string{"DIGEST_TZ": "Moon/Base"}, []string{"digest", "--dry-run"}, 1, "DIGEST_TZ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := map[string]string{"LANDSCAPE_DATA_DIR": t.TempDir()}
			for k, v := range tt.env {
				env[k] = v
			}
			_, errOut, code := runCLI(t, env, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}

// Posting by hand records the slot: a second run does not post again.
func TestDigestPostsOnce(t *testing.T) {
	f := fakeslack.New(t)
	env := map[string]string{
		"LANDSCAPE_DATA_DIR": t.TempDir(), "DIGEST_CHANNEL": "CDIGEST",
		"SLACK_BOT_TOKEN": "xoxb-1111-2222-abcdefghijkl", "SLACK_APP_TOKEN": "xapp-1-A111-2222-abcdef0123",
		"SLACK_API_URL": f.URL() + "/api/",
	}
	out, errOut, code := runCLI(t, env, "digest", "--date", "2026-11-26")
	if code != 0 || !strings.Contains(out, "posted to CDIGEST") {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	_, errOut, code = runCLI(t, env, "digest", "--date", "2026-11-26")
	if code != 1 || !strings.Contains(errOut, "already") {
		t.Errorf("second post: exit %d, %s", code, errOut)
	}
	if posts := f.Posts(); len(posts) != 1 || posts[0].Channel != "CDIGEST" {
		t.Errorf("posts = %+v, want one digest", posts)
	}
}

// A run that died while posting left its slot in "posting": the CLI, like
// the scheduler, looks in the channel first, so a digest that went out is
// recorded and not posted again, and one that did not is posted once.
func TestDigestAfterCrashMidPost(t *testing.T) {
	slot := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) // --date 2026-11-26, weekdays 09:00 UTC
	for _, tc := range []struct {
		name     string
		postWent bool
		want     string
	}{{"post went out", true, "recorded, not posted again"}, {"post never went out", false, "posted to CDIGEST"}} {
		t.Run(tc.name, func(t *testing.T) {
			f := fakeslack.New(t)
			env := map[string]string{
				"LANDSCAPE_DATA_DIR": t.TempDir(), "DIGEST_CHANNEL": "CDIGEST",
				"SLACK_BOT_TOKEN": "xoxb-1111-2222-abcdefghijkl", "SLACK_APP_TOKEN": "xapp-1-A111-2222-abcdef0123",
				"SLACK_API_URL": f.URL() + "/api/",
			}
			ctx := context.Background()
			earlier := func() time.Time { return time.Now().Add(-10 * time.Minute) } // past the lease
			st, err := store.Open(ctx, filepath.Join(env["LANDSCAPE_DATA_DIR"], store.FileName), store.Options{Now: earlier})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := st.ClaimDigest(ctx, slot, "CDIGEST", "dead", 2*time.Minute); err != nil {
				t.Fatal(err)
			}
			if err := st.MarkDigest(ctx, slot, store.StatePosting, ""); err != nil {
				t.Fatal(err)
			}
			st.Close()
			if tc.postWent {
				api := slack.New("xoxb-1111-2222-abcdefghijkl", slack.OptionAPIURL(f.URL()+"/api/"))
				if _, err := bot.NewDigestPoster(api).PostDigest(ctx, "CDIGEST", digest.Digest{Date: slot}, slot); err != nil {
					t.Fatal(err)
				}
			}
			out, errOut, code := runCLI(t, env, "digest", "--date", "2026-11-26")
			if code != 0 || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d: %s%s", code, out, errOut)
			}
			if n := len(f.Posts()); n != 1 {
				t.Errorf("%d digests in the channel, want 1", n)
			}
			st, err = store.Open(ctx, filepath.Join(env["LANDSCAPE_DATA_DIR"], store.FileName), store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if state, ts, _ := st.DigestState(ctx, slot); state != store.StatePosted || ts != f.Posts()[0].TS {
				t.Errorf("ledger: %s %s, want posted with the message's ts", state, ts)
			}
		})
	}
}

// snapshot is the names, sizes and contents of the files in dir.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

// --dry-run reads the store and writes nothing: an empty file gets no
// schema, an old one is not migrated, and a store with activity is read
// as it is, its folder unchanged.
func TestDigestDryRunWritesNothing(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(t *testing.T, path string)
		want    string
		code    int
	}{
		{"empty file", func(t *testing.T, path string) {
			if err := os.WriteFile(path, nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "Fact of the day", 0},
		{"old schema", func(t *testing.T, path string) {
			db, err := sql.Open("sqlite", path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := db.Exec(`CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (0)`); err != nil {
				t.Fatal(err)
			}
		}, "Fact of the day", 0},
		{"with activity", func(t *testing.T, path string) { storeWithQuestion(t, filepath.Dir(path)).Close() }, "who funds robots in Osaka?", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			tt.prepare(t, filepath.Join(dir, store.FileName))
			before := snapshot(t, dir)
			out, errOut, code := runCLI(t, map[string]string{"LANDSCAPE_DATA_DIR": dir}, "digest", "--dry-run", "--date", "2026-11-26")
			if code != tt.code || !strings.Contains(out, tt.want) {
				t.Errorf("exit %d: %s%s", code, out, errOut)
			}
			if diff := cmp.Diff(before, snapshot(t, dir)); diff != "" {
				t.Errorf("the store's folder changed (-before +after):\n%s", diff)
			}
		})
	}
}

// storeWithQuestion makes the state store in dir with a question asked
// the day before the digest of 2026-11-26, and returns it open.
func storeWithQuestion(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(dir, store.FileName), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.LogQuestion(context.Background(), store.Question{At: time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC), Channel: "C1", Text: "who funds robots in Osaka?"}); err != nil {
		st.Close()
		t.Fatal(err)
	}
	return st
}

// While the bot has the store open, --dry-run sees what it wrote last.
func TestDigestDryRunBesideARunningBot(t *testing.T) {
	dir := t.TempDir()
	defer storeWithQuestion(t, dir).Close()
	out, errOut, code := runCLI(t, map[string]string{"LANDSCAPE_DATA_DIR": dir}, "digest", "--dry-run", "--date", "2026-11-26")
	if code != 0 || !strings.Contains(out, "who funds robots in Osaka?") {
		t.Errorf("exit %d: %s%s", code, out, errOut)
	}
}
