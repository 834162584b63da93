package bot

import "testing"

func TestEscape(t *testing.T) {
	tests := []struct {
		name, url, label, want string
	}{
		{"web link", "https://example.com/a?b=1&c=2", "Report", "<https://example.com/a?b=1&amp;c=2|Report>"},
		{"broadcast as url", "!here", "Title", "Title"},
		{"user mention as url", "@U0ADMIN", "Title", "Title"},
		{"channel as url", "#C0GENERAL", "Title", "Title"},
		{"javascript", "javascript:alert(1)", "Title", "Title"},
		{"relative", "/path/to/doc", "Title", "Title"},
		{"url with a pipe", "https://example.com/a|b", "Title", "Title"},
		{"url with an angle bracket", "https://example.com/<!here>", "Title", "Title"},
		{"credentials in url", "https://user:pw@example.com/", "Title", "Title"},
		{"broadcast in label", "https://example.com/", "<!channel> alert", "<https://example.com/|&lt;!channel&gt; alert>"},
		{"mention in label, no url", "", "<@U0ADMIN> says", "&lt;@U0ADMIN&gt; says"},
		{"label closing the link", "https://example.com/", "a|<@U1>", "<https://example.com/|a¦&lt;@U1&gt;>"},
		{"no label", "!here", "", "!here"},
		{"ampersand", "", "R&D", "R&amp;D"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := link(tt.url, tt.label); got != tt.want {
				t.Errorf("link(%q, %q) = %q, want %q", tt.url, tt.label, got, tt.want)
			}
		})
	}
}

// A message's text becomes the question: Slack's markup is dropped or
// turned into what it shows, and what the user typed is unescaped, except
// that a typed < or > never becomes markup again.
func TestQuestionText(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"mention of the bot", "<@UBOT> how much investment?", "how much investment?"},
		{"mention with a name", "<@UBOT|landscape>   how much?", "how much?"},
		{"typed @here arrives as a broadcast", "<!here> what is MiniMax worth?", "what is MiniMax worth?"},
		{"user group", "<!subteam^S0TEAM|@team> who?", "who?"},
		{"channel link keeps its name", "as said in <#C0GENERAL|general>?", "as said in #general ?"},
		{"link keeps its label", "is <https://example.com/a?b=1&amp;c=2|this report> right?", "is this report right?"},
		{"bare link keeps its URL", "is <https://example.com/r> right?", "is https://example.com/r right?"},
		{"ampersand", "R&amp;D spending in 2023?", "R&D spending in 2023?"},
		{"typed broadcast stays text", "&lt;!channel&gt; what is &lt;@U0ADMIN&gt; worth?", "＜!channel＞ what is ＜@U0ADMIN＞ worth?"},
		{"typed comparison", "startups with &gt; 100 staff", "startups with ＞ 100 staff"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := questionText(tt.text); got != tt.want {
				t.Errorf("questionText(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}
