package bot

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/digest"
	"github.com/landscape-bot/landscape/store"
)

// HomeReader is what the App Home reads of the state store; *store.Store
// is one.
type HomeReader interface {
	RecentQuestions(ctx context.Context, userHash string, n int) ([]string, error)
	LatestDigest(ctx context.Context) (store.PostedDigest, bool, error)
}

const (
	homeExamples = 3 // example questions on the Home tab
	homeRecent   = 5 // the user's own recent questions shown
	homeNewest   = 3 // newest documents shown
)

// Home is what the App Home shows a user.
type Home struct {
	Topic     string // what the deployment covers (Options.Topic)
	Documents []*corpus.Document
	Figures   int      // figures the corpus holds
	Examples  []string // questions the corpus answers
	// Digest is the latest digest posted, in DigestChannel; nil when none.
	Digest        *digest.Digest
	DigestChannel string
	Recent        []string // the user's own latest questions
	// Scopes are the channels' scopes: where questions keep to part of
	// the corpus.
	Scopes []store.Scope
}

// channelIDRE is what a Slack channel ID looks like; anything else never
// goes into a channel link.
var channelIDRE = regexp.MustCompile(`^[CG][A-Z0-9]{1,20}$`)

// HomeView renders the App Home: what the bot knows, how to ask (with
// examples the corpus answers), the latest digest and the user's own
// recent questions.
func HomeView(h Home) slack.HomeTabViewRequest {
	passages := 0
	for _, d := range h.Documents {
		passages += len(d.Passages)
	}
	var know strings.Builder
	fmt.Fprintf(&know, "*What I know* — %d %s, %d %s, %d %s", len(h.Documents), plural(len(h.Documents), "document", "documents"),
		passages, plural(passages, "passage", "passages"), h.Figures, plural(h.Figures, "figure", "figures"))
	newest := append([]*corpus.Document(nil), h.Documents...)
	sort.SliceStable(newest, func(i, j int) bool { return newest[i].Published > newest[j].Published })
	for _, d := range newest[:min(len(newest), homeNewest)] {
		fmt.Fprintf(&know, "\n• %s", docLine(corpus.Source{Title: d.Title, URL: d.URL, Publisher: d.Publisher, Published: d.Published}))
	}
	title := "landscape"
	if h.Topic != "" {
		title += " — " + h.Topic
	}
	blocks := []slack.Block{header(title), section(know.String())}

	var ask strings.Builder
	ask.WriteString("*How to ask* — mention me in a channel, write to me under Messages, or type `/landscape` and your question. I answer with the sentence from the corpus that answers, and its source.")
	if len(h.Examples) > 0 {
		ask.WriteString(" Try:")
		for _, q := range h.Examples {
			fmt.Fprintf(&ask, "\n• “%s”", esc(q))
		}
	}
	ask.WriteString("\n`/landscape stats [topic]` shows the figures, `/landscape sources` the documents.")
	blocks = append(blocks, section(ask.String()))
	if len(h.Scopes) > 0 {
		blocks = append(blocks, scopesSection(h.Scopes))
	}
	blocks = append(blocks, slack.NewDividerBlock())

	if d := h.Digest; d != nil {
		where := ""
		if channelIDRE.MatchString(h.DigestChannel) {
			where = " in <#" + h.DigestChannel + ">"
		}
		blocks = append(blocks, section(fmt.Sprintf("*Latest digest* — %s%s", d.Date.Format("Monday 2 January 2006"), where)))
		if d.Fact != nil {
			fb, _ := factBlocks(d.Fact, "Fact of the day")
			blocks = append(blocks, fb...)
		}
		blocks = append(blocks, slack.NewDividerBlock())
	}

	recent := "*Your recent questions*"
	if len(h.Recent) == 0 {
		recent += "\nNone yet: ask me something."
	}
	for _, q := range h.Recent {
		recent += "\n• " + esc(clip(q, echoWidth))
	}
	blocks = append(blocks, section(recent))
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

// homeScopes bounds the channel scopes the App Home lists: it is a
// reminder, not an inventory.
const homeScopes = 15

// scopesSection lists the channels' scopes on the App Home.
func scopesSection(scopes []store.Scope) slack.Block {
	var b strings.Builder
	b.WriteString("*Channel scopes* — in these channels, questions and stats keep to part of the corpus (`scope:all` in a question asks the whole):")
	for _, sc := range scopes[:min(len(scopes), homeScopes)] {
		where := "a channel"
		if channelIDRE.MatchString(sc.Channel) {
			where = "<#" + sc.Channel + ">"
		}
		fmt.Fprintf(&b, "\n• %s `%s`", where, esc(clip(sc.Filter, searchWidth)))
	}
	if rest := len(scopes) - homeScopes; rest > 0 {
		fmt.Fprintf(&b, "\n…and %d more", rest)
	}
	return section(b.String())
}

// viewPublisher publishes App Home views; *slack.Client is one.
type viewPublisher interface {
	PublishViewContext(ctx context.Context, req slack.PublishViewContextRequest) (*slack.ViewResponse, error)
}

// handleHomeOpened publishes the App Home of the user who opened it.
// Parts the state store cannot give are left out, not the whole view.
func (b *Bot) handleHomeOpened(ctx context.Context, r request) error {
	user := r.User
	h := Home{Topic: b.opts.Topic, Documents: b.corpus.Documents(), Figures: len(b.corpus.Facts().Facts), Examples: b.exampleQuestions(ctx, homeExamples)}
	if r := b.home; r != nil {
		recent, err := r.RecentQuestions(ctx, b.records.HashUser(b.teamID, user), homeRecent)
		if err != nil {
			b.log.Warn("state store: recent questions", "err", err)
		}
		h.Recent = recent
		if last, ok, err := r.LatestDigest(ctx); err != nil {
			b.log.Warn("state store: latest digest", "err", err)
		} else if ok && b.opts.Digest != nil {
			d, err := b.opts.Digest(ctx, last.Slot)
			if err != nil {
				b.log.Warn("latest digest", "err", err)
			} else {
				h.Digest, h.DigestChannel = &d, last.Channel
			}
		}
	}
	if b.scopes != nil {
		scopes, err := b.scopes.Scopes(ctx)
		if err != nil {
			b.log.Warn("state store: channel scopes", "err", err)
		}
		h.Scopes = scopes
	}
	if _, err := b.views.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: user, View: HomeView(h)}); err != nil {
		b.metrics.apiErrors.WithLabelValues("views.publish").Inc()
		return fmt.Errorf("views.publish: %w", err)
	}
	return nil
}
