package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/answer"
	"github.com/landscape-bot/landscape/facts"
	"github.com/landscape-bot/landscape/store"
)

// scopeStore keeps channels' scopes; *store.Store is one.
type scopeStore interface {
	SetScope(ctx context.Context, sc store.Scope) error
	ClearScope(ctx context.Context, channel string) (bool, error)
	ChannelScope(ctx context.Context, channel string) (store.Scope, bool, error)
	Scopes(ctx context.Context) ([]store.Scope, error)
}

// scopeAllRE is `scope:all` in a question: the whole corpus, whatever the
// channel's scope.
var scopeAllRE = regexp.MustCompile(`(?i)(?:^|\s)scope:all(?:\s|$)`)

// isDM reports whether channel is a direct message (D…): DMs have no
// scope.
func isDM(channel string, im bool) bool { return im || strings.HasPrefix(channel, "D") }

// channelScope is channel's scope ("tag:robotics source:reuters"), "" for
// none: in a DM, without a store, or when the store cannot say (logged).
func (b *Bot) channelScope(ctx context.Context, channel string, im bool) string {
	if isDM(channel, im) || b.scopes == nil || channel == "" {
		return ""
	}
	sc, ok, err := b.scopes.ChannelScope(ctx, channel)
	if err != nil {
		b.log.Warn("state store: channel scope; answering from the whole corpus", "channel", channel, "err", err)
	}
	if !ok {
		return ""
	}
	return sc.Filter
}

// scoped is question q as asked in channel: with the channel's scope put
// before it, unless q carries its own source: or tag: (which then wins
// whole), or scope:all (dropped, the whole corpus asked). A since: of q's
// own narrows the scope's. It returns the question to ask and the scope
// used ("" for none).
func (b *Bot) scoped(ctx context.Context, channel string, im bool, q string) (string, string) {
	if scopeAllRE.MatchString(q) {
		return strings.Join(strings.Fields(scopeAllRE.ReplaceAllString(q, " ")), " "), ""
	}
	if _, f, _ := answer.ParseFilter(q); f.Source != "" || f.Tag != "" {
		return q, ""
	}
	scope := b.channelScope(ctx, channel, im)
	return withScope(scope, q), scope
}

// withScope is q asked within scope: the scope's filters first, so that
// q's own since: comes after and wins.
func withScope(scope, q string) string {
	if scope == "" {
		return q
	}
	return scope + " " + q
}

// scopedFacts are the corpus's figures from the documents scope keeps.
func (b *Bot) scopedFacts(scope string) *facts.Set {
	set := b.corpus.Facts()
	if scope == "" {
		return set
	}
	_, f, _ := answer.ParseFilter(scope)
	keep := map[string]bool{}
	for _, d := range b.corpus.Documents() {
		keep[d.ID] = f.Keeps(d)
	}
	out := &facts.Set{}
	for _, fa := range set.Facts {
		if keep[fa.Source.ID] {
			out.Facts = append(out.Facts, fa)
		}
	}
	for _, c := range set.Comparisons {
		if keep[c.Source.ID] {
			out.Comparisons = append(out.Comparisons, c)
		}
	}
	for _, d := range set.Disagreements {
		var kept []facts.Fact
		for _, fa := range d.Facts {
			if keep[fa.Source.ID] {
				kept = append(kept, fa)
			}
		}
		if len(kept) > 1 {
			d.Facts = kept
			out.Disagreements = append(out.Disagreements, d)
		}
	}
	return out
}

// ParseScope reads a scope as a curator types it — since:, source: and
// tag: filters, nothing else — into the form kept: each filter once, in a
// fixed order.
func ParseScope(text string) (string, error) {
	rest, f, err := answer.ParseFilter(text)
	switch {
	case err != nil:
		return "", err
	case rest != "":
		return "", fmt.Errorf("“%s” is not a filter: a scope is made of tag:…, source:… and since:…", rest)
	case f.IsZero():
		return "", fmt.Errorf("a scope needs a filter: tag:…, source:… or since:…")
	}
	var parts []string
	for _, p := range [][2]string{{"tag", f.Tag}, {"source", f.Source}, {"since", f.Since}} {
		if p[1] != "" {
			parts = append(parts, p[0]+":"+p[1])
		}
	}
	return strings.Join(parts, " "), nil
}

// slashScope is `/landscape scope` (the channel's scope), `/landscape
// scope tag:… source:… since:…` (sets it: curators) and `/landscape scope
// clear` (ends it: curators).
func (b *Bot) slashScope(ctx context.Context, r request) error {
	send := b.privately(ctx, r, responseOpts{})
	text := strings.TrimSpace(r.Text)
	switch {
	case isDM(r.Channel, r.IM):
		return send(scopeInDMMessage())
	case text == "":
		sc, ok, err := b.scopes.ChannelScope(ctx, r.Channel)
		if err != nil {
			return send(errorMessage())
		}
		if !ok {
			return send(noScopeMessage())
		}
		return send(ScopeMessage(sc, b.inScope(sc.Filter)))
	}
	if ok, err := b.mayCurate(ctx, r.User, store.CurationScope, r.Channel+" "+text, send); !ok {
		return err
	}
	if strings.EqualFold(text, "clear") {
		cleared, err := b.scopes.ClearScope(ctx, r.Channel)
		if err != nil {
			return err
		}
		b.recordCuration(ctx, store.Curation{UserID: r.User, Action: store.CurationScope, Source: r.Channel + " clear", Outcome: store.OutcomeRemoved})
		return send(scopeClearedMessage(cleared))
	}
	scope, err := ParseScope(text)
	if err != nil {
		b.recordCuration(ctx, store.Curation{UserID: r.User, Action: store.CurationScope, Source: r.Channel + " " + text, Outcome: store.OutcomeRefused, Detail: err.Error()})
		return send(scopeUsageMessage(err))
	}
	sc := store.Scope{Channel: r.Channel, Filter: scope, SetBy: r.User, At: b.opts.Now()}
	if err := b.scopes.SetScope(ctx, sc); err != nil {
		return err
	}
	b.recordCuration(ctx, store.Curation{UserID: r.User, Action: store.CurationScope, Source: r.Channel + " " + scope, Outcome: store.OutcomeAdded})
	return send(ScopeMessage(sc, b.inScope(scope)))
}

// inScope counts the documents scope keeps, of all.
func (b *Bot) inScope(scope string) [2]int {
	_, f, _ := answer.ParseFilter(scope)
	docs := b.corpus.Documents()
	n := 0
	for _, d := range docs {
		if f.Keeps(d) {
			n++
		}
	}
	return [2]int{n, len(docs)}
}

// scopeNote says under an answer or figures which scope they came from
// (lead: "Answered within"), and how to ask beyond it.
func scopeNote(lead, scope string) string {
	return fmt.Sprintf("🔭 %s this channel's scope, `%s` · add `scope:all` to a question for the whole corpus", lead, esc(clip(scope, searchWidth)))
}

// ScopeMessage shows a channel's scope, with how many documents it keeps
// (counts: kept, all).
func ScopeMessage(sc store.Scope, counts [2]int) Message {
	var b strings.Builder
	fmt.Fprintf(&b, "🔭 *This channel's scope:* `%s`\nQuestions and stats here use only the documents it keeps — %d of %d — unless a question carries its own `source:` or `tag:`, or `scope:all`.",
		esc(clip(sc.Filter, searchWidth)), counts[0], counts[1])
	if counts[0] == 0 {
		b.WriteString("\n⚠️ No document passes it now: questions here go unanswered until one does.")
	}
	blocks := []slack.Block{section(b.String())}
	set := "Set"
	if userIDRE.MatchString(sc.SetBy) {
		set += " by <@" + sc.SetBy + ">"
	}
	if !sc.At.IsZero() {
		set += " on " + sc.At.UTC().Format("2 January 2006")
	}
	blocks = withContext(blocks, set+". Curators change it with `/landscape scope tag:… source:…` and end it with `/landscape scope clear`.")
	return newMessage(fmt.Sprintf("This channel's scope: %s (%d of %d documents).", sc.Filter, counts[0], counts[1]), blocks...)
}

func noScopeMessage() Message {
	t := "This channel has no scope: questions here use the whole corpus. Curators give it one with `/landscape scope tag:robotics source:reuters` (filters: `tag:`, `source:`, `since:`)."
	return newMessage("This channel has no scope: questions here use the whole corpus.", section(t))
}

func scopeInDMMessage() Message {
	t := "Direct messages have no scope: I answer them from the whole corpus. Use `tag:`, `source:` or `since:` in a question to narrow it."
	return newMessage(t, section(t))
}

func scopeClearedMessage(had bool) Message {
	t := "✅ *Scope cleared:* questions here use the whole corpus again."
	if !had {
		t = "This channel had no scope: questions here use the whole corpus."
	}
	return newMessage(strings.ReplaceAll(strings.ReplaceAll(t, "*", ""), "✅ ", ""), section(t))
}

func scopeUsageMessage(err error) Message {
	t := fmt.Sprintf("❌ *Scope not set:* %s\nFor example `/landscape scope tag:robotics source:reuters since:2025`; `/landscape scope clear` ends it.", esc(clip(err.Error(), errorWidth)))
	return newMessage("Scope not set: "+err.Error(), section(t))
}
