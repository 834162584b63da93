package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/landscape-bot/landscape/internal/fakeslack"
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
