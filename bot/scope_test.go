package bot

import (
	"strings"
	"testing"
)

// A channel's scope through Slack: a curator sets it; a mention there is
// answered within it and says so; a question with its own source: or
// scope:all leaves it; a DM has none; stats keep to it; someone else may
// see it but not change it; cleared, it is gone; the App Home lists it.
func TestScopeThroughSlack(t *testing.T) {
	c := startCuration(t, "U1")
	f := c.fake
	slash := func(user, text, id string) string {
		t.Helper()
		f.Send("slash_commands", f.SlashFrom(user, text, id), 0)
		return c.response(t, id)
	}
	if got := slash("U0EVE", "scope", "s1"); !strings.Contains(got, "This channel has no scope") {
		t.Errorf("no scope yet: %s", got)
	}
	if got := slash("U0EVE", "scope tag:robotics", "s2"); !strings.Contains(got, "only curators") {
		t.Errorf("a non-curator sets a scope: %s", got)
	}
	if got := slash("U1", "scope robots please", "s3"); !strings.Contains(got, "Scope not set") {
		t.Errorf("a scope of no filter: %s", got)
	}
	if got := slash("U1", "scope tag:robotics", "s4"); !strings.Contains(got, "tag:robotics") || !strings.Contains(got, "0 of 1") {
		t.Errorf("scope set: %s", got)
	}

	q := "how much private GenAI investment in China 2023?"
	posts := 0
	mention := func(id, channel, text string) string {
		t.Helper()
		f.Send("events_api", f.Mention(id, channel, "17000009"+id[len(id)-2:]+".000100", "", text), 0)
		posts++
		f.WaitFor("the answer to "+id, func() bool { return len(f.Posts()) >= posts })
		return f.Posts()[posts-1].Blocks
	}
	if got := mention("EvS01", "C1", q); strings.Contains(got, bold("about $650 million")) || !strings.Contains(got, "Searched within this channel") || !strings.Contains(got, "tag:robotics") {
		t.Errorf("within a scope no document passes: %s", got)
	}
	if got := mention("EvS02", "C1", q+" source:imd"); !strings.Contains(got, bold("about $650 million")) || strings.Contains(got, "channel's scope") {
		t.Errorf("a question with its own source: %s", got)
	}
	if got := mention("EvS03", "C1", q+" scope:all"); !strings.Contains(got, bold("about $650 million")) || strings.Contains(got, "channel's scope") {
		t.Errorf("scope:all: %s", got)
	}
	if got := mention("EvS04", "C2", q); !strings.Contains(got, bold("about $650 million")) || strings.Contains(got, "channel's scope") {
		t.Errorf("another channel: %s", got)
	}
	f.Send("events_api", f.Message("EvS05", "D0ADA", "im", "1700000950.000100", "", q, nil), 0)
	posts++
	f.WaitFor("the DM answer", func() bool { return len(f.Posts()) >= posts })
	if got := f.Posts()[posts-1].Blocks; !strings.Contains(got, bold("about $650 million")) || strings.Contains(got, "channel's scope") {
		t.Errorf("a DM: %s", got)
	}

	if got := slash("U1", "scope source:imd", "s5"); !strings.Contains(got, "source:imd") || !strings.Contains(got, "1 of 1") {
		t.Errorf("scope changed: %s", got)
	}
	if got := mention("EvS06", "C1", q); !strings.Contains(got, bold("about $650 million")) || !strings.Contains(got, "Answered within this channel") {
		t.Errorf("answered within the scope: %s", got)
	}
	if got := slash("U0EVE", "stats patents", "s6"); !strings.Contains(got, "Figures from this channel") || !strings.Contains(got, `\"scope\":\"source:imd\"`) {
		t.Errorf("stats within the scope: %s", got)
	}
	f.Send("events_api", f.HomeOpened("EvS07", "U0EVE"), 0)
	f.WaitFor("the App Home", func() bool { return len(f.Views()) == 1 })
	if v := f.Views()[0]; !strings.Contains(v.Raw, `\u003c#C1\u003e`) || !strings.Contains(v.Raw, "source:imd") {
		t.Errorf("App Home: %s", v.Raw)
	}
	if got := slash("U1", "scope clear", "s7"); !strings.Contains(got, "Scope cleared") {
		t.Errorf("cleared: %s", got)
	}
	if got := slash("U0EVE", "scope", "s8"); !strings.Contains(got, "This channel has no scope") {
		t.Errorf("after clearing: %s", got)
	}
}
