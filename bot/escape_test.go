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
