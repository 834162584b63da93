package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"github.com/slack-go/slack"

	"github.com/landscape-bot/landscape/corpus"
	"github.com/landscape-bot/landscape/curate"
	"github.com/landscape-bot/landscape/fetch"
	"github.com/landscape-bot/landscape/store"
)

// Curation is what curators' commands need: the corpus folder to change,
// the fetcher of links, and who may.
type Curation struct {
	Corpus   Curator
	Fetch    curate.Fetcher // *fetch.Fetcher
	Curators Curators
}

// slackFiles is what adding shared files needs of Slack: their
// descriptions and private downloads (files:read); *slack.Client has it.
type slackFiles interface {
	GetFileInfoContext(ctx context.Context, fileID string, count, page int) (*slack.File, []slack.Comment, *slack.Paging, error)
	GetFileContext(ctx context.Context, downloadURL string, writer io.Writer) error
}

// curationLog is where curators' adds and removes are recorded;
// *store.Store is one.
type curationLog interface {
	RecordCuration(ctx context.Context, c store.Curation) error
}

// Curator adds documents to the corpus folder and removes them;
// *curate.Curator is one.
type Curator interface {
	Add(ctx context.Context, in curate.Input) (curate.Report, error)
	AddLink(ctx context.Context, f curate.Fetcher, link, by string) (curate.Report, error)
	Remove(ctx context.Context, id string) (*corpus.Document, error)
}

// Curation's buttons and message shortcut.
const (
	ActionRemovePick    = "remove_pick"
	ActionRemoveConfirm = "remove_confirm"
	ActionRemoveCancel  = "remove_cancel"
	// ShortcutAdd is the callback ID of the message shortcut "Add to
	// landscape" (manifest.yaml).
	ShortcutAdd = "add_to_landscape"
)

const (
	// maxAddItems bounds the links and files one command or shortcut adds:
	// each may take a fetch's 15 s, and a slash command's response_url
	// takes five replies.
	maxAddItems = 3
	// maxRemoveChoices bounds the documents a title search shows to pick
	// from: more means the search should be narrowed.
	maxRemoveChoices = 8
)

// linkRE finds links in a message as Slack sends them (<https://…|label>
// or <https://…>), and bare ones in a slash command's text.
var linkRE = regexp.MustCompile(`<(https?://[^|>\s]+)(?:\|[^>]*)?>|(?:^|\s)(https?://\S+)`)

// linksIn lists the http(s) links in text, once each, in order.
func linksIn(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, m := range linkRE.FindAllStringSubmatch(text, -1) {
		l := strings.ReplaceAll(m[1]+m[2], "&amp;", "&")
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}

// mayCurate reports whether user may add and remove documents; if not, it
// sends the reason (no corpus folder, or who may) and records the refusal.
func (b *Bot) mayCurate(ctx context.Context, user, action, source string, send func(Message) error) (bool, error) {
	if b.opts.Curation == nil {
		return false, send(curationOffMessage())
	}
	ok, err := b.curators.may(ctx, user, b.opts.Now())
	if err != nil {
		b.log.Warn("curators: cannot look up the user groups of LANDSCAPE_CURATORS", "err", err)
	}
	if ok {
		return true, nil
	}
	b.recordCuration(ctx, store.Curation{UserID: user, Action: action, Source: source, Outcome: store.OutcomeRefused, Detail: "not a curator"})
	return false, send(notCuratorMessage(b.opts.Curation.Curators.named(), err != nil))
}

// recordCuration records what a curator did, and counts it.
func (b *Bot) recordCuration(ctx context.Context, c store.Curation) {
	c.At = b.opts.Now()
	b.metrics.curation.WithLabelValues(c.Action, c.Outcome).Inc()
	if err := b.curations.RecordCuration(ctx, c); err != nil {
		b.log.Warn("state store: curation", "err", err)
	}
}

// addOutcome is how an add went, for the record.
func addOutcome(rep curate.Report, err error) (outcome, detail string) {
	var refusal *fetch.Refusal
	var problem corpus.Problem
	switch {
	case err == nil && rep.DuplicateOf != nil:
		return store.OutcomeDuplicate, "the same as " + rep.DuplicateOf.ID
	case err == nil:
		return store.OutcomeAdded, ""
	case errors.As(err, &refusal), errors.As(err, &problem), errors.Is(err, errNotAFile):
		return store.OutcomeRefused, err.Error()
	}
	return store.OutcomeFailed, err.Error()
}

// added records an add and renders its report.
func (b *Bot) added(ctx context.Context, user, source string, rep curate.Report, err error) Message {
	outcome, detail := addOutcome(rep, err)
	c := store.Curation{UserID: user, Action: store.CurationAdd, Source: source, Outcome: outcome, Detail: detail}
	if rep.Doc != nil {
		c.DocID, c.Title = rep.Doc.ID, rep.Doc.Title
	}
	b.recordCuration(ctx, c)
	if outcome == store.OutcomeFailed {
		b.log.Error("curation: add failed", "source", source, "err", err)
	}
	b.log.Info("curation", "action", "add", "user", user, "source", source, "outcome", outcome)
	return AddReportMessage(source, rep, err)
}

// addLink fetches link and adds it for user.
func (b *Bot) addLink(ctx context.Context, user, link string) Message {
	c := b.opts.Curation
	rep, err := c.Corpus.AddLink(ctx, c.Fetch, link, user)
	return b.added(ctx, user, link, rep, err)
}

// errNotAFile is a Slack file the bot cannot download as a document.
var errNotAFile = errors.New("not a document")

// addFile downloads the Slack file id with the bot token (files.info,
// url_private_download: the files:read scope) within the limits of a
// fetched link, and adds it for user.
func (b *Bot) addFile(ctx context.Context, user, id string) Message {
	info, _, _, err := b.files.GetFileInfoContext(ctx, id, 0, 0)
	if err != nil {
		b.metrics.apiErrors.WithLabelValues("files.info").Inc()
		return b.added(ctx, user, "file "+id, curate.Report{}, fmt.Errorf("could not read the file from Slack (%v): the app needs the files:read scope", err))
	}
	name := info.Name
	switch {
	case info.IsExternal:
		return b.added(ctx, user, name, curate.Report{}, fmt.Errorf("%w: a file kept outside Slack (%s); add its link instead", errNotAFile, info.ExternalType))
	case int64(info.Size) > fetch.MaxBytes:
		return b.added(ctx, user, name, curate.Report{}, fetch.TooLarge(int64(info.Size)))
	}
	if _, _, err := fetch.Kind(info.Mimetype, name, nil); err != nil {
		return b.added(ctx, user, name, curate.Report{}, err)
	}
	dctx, cancel := context.WithTimeout(ctx, fetch.Timeout)
	defer cancel()
	var data cappedBuffer
	if err := b.files.GetFileContext(dctx, info.URLPrivateDownload, &data); err != nil {
		var r *fetch.Refusal
		if !errors.As(err, &r) {
			b.metrics.apiErrors.WithLabelValues("file download").Inc()
			err = fmt.Errorf("could not download the file from Slack: %w", err)
		}
		return b.added(ctx, user, name, curate.Report{}, err)
	}
	ext, _, err := fetch.Kind(info.Mimetype, name, data.Bytes())
	if err != nil {
		return b.added(ctx, user, name, curate.Report{}, err)
	}
	rep, err := b.opts.Curation.Corpus.Add(ctx, curate.Input{
		Name: curate.FileName(name, ext), Body: bytes.NewReader(data.Bytes()), Rename: true,
		Origin: &curate.Origin{AddedBy: user, AddedAt: b.opts.Now().UTC(), SlackFile: info.ID},
	})
	return b.added(ctx, user, name, rep, err)
}

// cappedBuffer holds a download of at most fetch.MaxBytes.
type cappedBuffer struct{ bytes.Buffer }

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if int64(c.Len()+len(p)) > fetch.MaxBytes {
		return 0, fetch.TooLarge(int64(c.Len() + len(p)))
	}
	return c.Buffer.Write(p)
}

// slashAdd is `/landscape add LINK`.
func (b *Bot) slashAdd(ctx context.Context, r request) error {
	send := b.privately(ctx, r, responseOpts{})
	if ok, err := b.mayCurate(ctx, r.User, store.CurationAdd, r.Text, send); !ok {
		return err
	}
	links := linksIn(r.Text)
	if len(links) == 0 {
		return send(addUsageMessage())
	}
	for _, l := range links[:min(len(links), maxAddItems)] {
		if err := send(b.addLink(ctx, r.User, l)); err != nil {
			return err
		}
	}
	return nil
}

// handleFiles adds the files a user shared in a DM with the bot.
func (b *Bot) handleFiles(ctx context.Context, m request) error {
	send := func(msg Message) error {
		_, _, err := b.post(ctx, m.Channel, msg, m.replyThread(), answerOptions(m)...)
		return err
	}
	if ok, err := b.mayCurate(ctx, m.User, store.CurationAdd, "files "+strings.Join(m.Files, " "), send); !ok {
		return err
	}
	for _, id := range m.Files[:min(len(m.Files), maxAddItems)] {
		if err := send(b.addFile(ctx, m.User, id)); err != nil {
			return err
		}
	}
	return nil
}

// shortcutAdd is the message shortcut "Add to landscape": the links and
// files of the message, reported privately.
func (b *Bot) shortcutAdd(ctx context.Context, r request) error {
	send := b.privately(ctx, r, responseOpts{})
	links, files := linksIn(r.Text), r.Files
	source := strings.Join(append(append([]string(nil), links...), files...), " ")
	if ok, err := b.mayCurate(ctx, r.User, store.CurationAdd, source, send); !ok {
		return err
	}
	if len(links)+len(files) == 0 {
		return send(nothingToAddMessage())
	}
	n := 0
	for _, l := range links {
		if n++; n > maxAddItems {
			break
		}
		if err := send(b.addLink(ctx, r.User, l)); err != nil {
			return err
		}
	}
	for _, id := range files {
		if n++; n > maxAddItems {
			break
		}
		if err := send(b.addFile(ctx, r.User, id)); err != nil {
			return err
		}
	}
	return nil
}

// slashRemove is `/landscape remove DOC`: a document by id, or those whose
// title matches, each with a button; nothing is removed before the
// confirm button is clicked.
func (b *Bot) slashRemove(ctx context.Context, r request) error {
	send := b.privately(ctx, r, responseOpts{})
	if ok, err := b.mayCurate(ctx, r.User, store.CurationRemove, r.Text, send); !ok {
		return err
	}
	q := strings.TrimSpace(r.Text)
	if q == "" {
		return send(removeUsageMessage())
	}
	docs := b.corpus.Documents()
	for _, d := range docs {
		if d.ID == q {
			if !removable(d) {
				return send(notRemovableMessage(d))
			}
			return send(RemoveConfirmMessage(d))
		}
	}
	matches := searchTitles(docs, q)
	switch len(matches) {
	case 0:
		return send(noSuchDocumentMessage(q))
	case 1:
		return send(RemoveConfirmMessage(matches[0]))
	}
	return send(RemoveChoicesMessage(q, matches))
}

// removable reports whether d is a file of the corpus folder (the built-in
// article is not).
func removable(d *corpus.Document) bool { return !strings.HasPrefix(d.Path, "builtin:") }

// searchTitles lists the removable documents whose title or id holds every
// word of q, by title.
func searchTitles(docs []*corpus.Document, q string) []*corpus.Document {
	words := strings.Fields(strings.ToLower(q))
	var out []*corpus.Document
	for _, d := range docs {
		hay := strings.ToLower(d.Title + " " + d.ID)
		all := removable(d)
		for _, w := range words {
			all = all && strings.Contains(hay, w)
		}
		if all {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return strings.ToLower(out[i].Title) < strings.ToLower(out[j].Title) })
	return out
}

// document finds the document id in the corpus now.
func (b *Bot) document(id string) *corpus.Document {
	for _, d := range b.corpus.Documents() {
		if d.ID == id {
			return d
		}
	}
	return nil
}

// actionRemovePick shows the confirmation of the document picked.
func (b *Bot) actionRemovePick(ctx context.Context, r request) error {
	id, send := r.Value, b.privately(ctx, r, responseOpts{replaceOriginal: true})
	if ok, err := b.mayCurate(ctx, r.User, store.CurationRemove, id, send); !ok {
		return err
	}
	d := b.document(id)
	if d == nil || !removable(d) {
		return send(noSuchDocumentMessage(id))
	}
	return send(RemoveConfirmMessage(d))
}

// actionRemoveConfirm removes the document: its file and its sidecar
// leave the corpus folder; the watcher does the rest.
func (b *Bot) actionRemoveConfirm(ctx context.Context, r request) error {
	id, send := r.Value, b.privately(ctx, r, responseOpts{replaceOriginal: true})
	if ok, err := b.mayCurate(ctx, r.User, store.CurationRemove, id, send); !ok {
		return err
	}
	d, err := b.opts.Curation.Corpus.Remove(ctx, id)
	c := store.Curation{UserID: r.User, Action: store.CurationRemove, Source: id, DocID: id, Outcome: store.OutcomeRemoved}
	if d != nil {
		c.Title = d.Title
	}
	switch {
	case errors.Is(err, curate.ErrNotFound):
		c.Outcome, c.Detail = store.OutcomeRefused, "no such document"
		b.recordCuration(ctx, c)
		return send(noSuchDocumentMessage(id))
	case err != nil:
		c.Outcome, c.Detail = store.OutcomeFailed, err.Error()
		b.recordCuration(ctx, c)
		b.log.Error("curation: remove failed", "doc", id, "err", err)
		return send(newMessage("Not removed: "+err.Error(), section("❌ *Not removed:* "+esc(err.Error()))))
	}
	b.recordCuration(ctx, c)
	b.log.Info("curation", "action", "remove", "user", r.User, "doc", id, "outcome", c.Outcome)
	return send(RemovedMessage(d))
}

func (b *Bot) actionRemoveCancel(ctx context.Context, r request) error {
	t := "Nothing removed."
	return b.respond(ctx, r.ResponseURL, newMessage(t, section(t)), responseOpts{replaceOriginal: true})
}

// AddReportMessage is the private report of adding source (a link or a
// file's name): what the corpus will read of it, or why nothing was added.
func AddReportMessage(source string, rep curate.Report, err error) Message {
	shown := esc(clip(source, echoWidth))
	if err != nil {
		text := "Not added: " + source + ": " + err.Error()
		return newMessage(text, section(fmt.Sprintf("❌ *Not added:* %s\n%s", shown, esc(clip(err.Error(), errorWidth)))))
	}
	d := rep.Doc
	if o := rep.DuplicateOf; o != nil {
		how := "repeats the text of"
		if rep.SameLink {
			how = "is already there as"
		}
		blocks := []slack.Block{section(fmt.Sprintf("↩️ *Already in the corpus — nothing was added.*\n%s %s %s (`%s`)", shown, how, docLine(sourceOf(o)), esc(o.ID)))}
		return newMessage(fmt.Sprintf("Already in the corpus: %s %s “%s”. Nothing was added.", source, how, o.Title), blocks...)
	}
	var facts []string
	for _, f := range [][2]string{{"Author", d.Author}, {"Publisher", d.Publisher}, {"Published", d.Published}} {
		if f[1] != "" {
			facts = append(facts, fmt.Sprintf("*%s:* %s", f[0], esc(clip(f[1], titleWidth))))
		}
	}
	facts = append(facts, fmt.Sprintf("*Passages:* %d · *Figures:* %d", len(d.Passages), rep.Facts), fmt.Sprintf("*Id:* `%s`", esc(d.ID)))
	blocks := []slack.Block{section(fmt.Sprintf("✅ *Added to the corpus:* %s\n%s", link(d.URL, clip(d.Title, echoWidth)), strings.Join(facts, "\n")))}
	if len(rep.Warnings) > 0 {
		blocks = append(blocks, section("⚠️ "+esc(strings.Join(rep.Warnings, " · "))))
	}
	blocks = withContext(blocks, fmt.Sprintf("Ask me about it in a few seconds. To take it out: `/landscape remove %s`", esc(d.ID)))
	text := fmt.Sprintf("Added to the corpus: “%s”, %d passages, %d figures", d.Title, len(d.Passages), rep.Facts)
	if len(rep.Warnings) > 0 {
		text += "; " + strings.Join(rep.Warnings, "; ")
	}
	return newMessage(text, blocks...)
}

func sourceOf(d *corpus.Document) corpus.Source {
	return corpus.Source{ID: d.ID, Title: d.Title, Publisher: d.Publisher, Published: d.Published, URL: d.URL}
}

// RemoveConfirmMessage asks to confirm removing d.
func RemoveConfirmMessage(d *corpus.Document) Message {
	details := []string{"`" + esc(d.ID) + "`"}
	if d.Author != "" {
		details = append(details, esc(clip(d.Author, fieldWidth)))
	}
	blocks := []slack.Block{section(fmt.Sprintf("🗑️ *Remove from the corpus?*\n%s\n%s", docLine(sourceOf(d)), strings.Join(details, " · ")))}
	remove := button(ActionRemoveConfirm, "Remove", d.ID)
	remove.Style = slack.StyleDanger
	cancel := button(ActionRemoveCancel, "Cancel", d.ID)
	blocks = append(blocks, slack.NewActionBlock("", remove, cancel))
	blocks = withContext(blocks, "Its file and metadata leave the corpus folder; I stop citing it within seconds.")
	return newMessage("Remove “"+d.Title+"” from the corpus?", blocks...)
}

// RemoveChoicesMessage lists the documents whose title matches q, each
// with a button that asks to confirm its removal.
func RemoveChoicesMessage(q string, matches []*corpus.Document) Message {
	shown := matches[:min(len(matches), maxRemoveChoices)]
	blocks := []slack.Block{section(fmt.Sprintf("%d documents match “%s”. Which one?", len(matches), esc(clip(q, searchWidth))))}
	for _, d := range shown {
		s := section(docLine(sourceOf(d)) + "\n`" + esc(d.ID) + "`")
		s.Accessory = slack.NewAccessory(button(ActionRemovePick, "Remove…", d.ID))
		blocks = append(blocks, s)
	}
	if rest := len(matches) - len(shown); rest > 0 {
		blocks = withContext(blocks, fmt.Sprintf("…and %d more: say more of the title, or give the id (`/landscape sources` lists them).", rest))
	}
	return newMessage(fmt.Sprintf("%d documents match “%s”", len(matches), clip(q, searchWidth)), blocks...)
}

// RemovedMessage says d is gone.
func RemovedMessage(d *corpus.Document) Message {
	t := fmt.Sprintf("Removed “%s” (%s) from the corpus.", d.Title, d.ID)
	blocks := []slack.Block{section(fmt.Sprintf("✅ *Removed from the corpus:* %s (`%s`)", esc(clip(d.Title, echoWidth)), esc(d.ID)))}
	blocks = withContext(blocks, "I stop citing it within seconds.")
	return newMessage(t, blocks...)
}

// notCuratorMessage refuses a curation, naming the curators (mrkdwn:
// mentions of users, groups by handle or link) in the blocks; the fallback
// text says the same without the names, which are markup.
func notCuratorMessage(curators []string, lookupFailed bool) Message {
	var t, text string
	switch {
	case len(curators) == 0:
		t = "Sorry — adding and removing documents is for curators, and none are set up yet: an admin names them in LANDSCAPE_CURATORS."
		text = t
	default:
		t = "Sorry — only curators can add or remove documents: " + joinAnd(curators) + ". Please ask one of them."
		text = "Sorry — only curators can add or remove documents. Please ask one of them."
	}
	if lookupFailed {
		note := " (I could not look up the user groups just now: the bot's log says why.)"
		t, text = t+note, text+note
	}
	return newMessage(text, section(t))
}

// joinAnd joins "a, b and c".
func joinAnd(parts []string) string {
	if len(parts) <= 1 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func curationOffMessage() Message {
	t := "Documents cannot be added or removed from Slack here: the bot runs without a corpus folder (LANDSCAPE_CORPUS_DIR)."
	return newMessage(t, section(t))
}

func addUsageMessage() Message {
	t := "Give a link to add: `/landscape add https://…`. You can also send me a PDF, HTML, Markdown or text file in a direct message, or use *Add to landscape* from a message's ⋮ menu."
	return newMessage("Give a link to add: /landscape add https://…", section(t))
}

func nothingToAddMessage() Message {
	t := "That message holds no link or file to add. *Add to landscape* takes a message with a web link, or a PDF, HTML, Markdown or text file."
	return newMessage("That message holds no link or file to add.", section(t))
}

func removeUsageMessage() Message {
	t := "Say which document to remove: `/landscape remove ID` or words of its title (`/landscape sources` lists them)."
	return newMessage("Say which document to remove: /landscape remove ID or words of its title.", section(t))
}

func noSuchDocumentMessage(q string) Message {
	t := fmt.Sprintf("No document of the corpus folder has the id or a title matching “%s”. `/landscape sources` lists them.", esc(clip(q, searchWidth)))
	return newMessage(fmt.Sprintf("No document matches “%s”.", clip(q, searchWidth)), section(t))
}

func notRemovableMessage(d *corpus.Document) Message {
	t := fmt.Sprintf("“%s” is the built-in article, not a file of the corpus folder: it cannot be removed from Slack (the server leaves it out with `--no-builtin`).", esc(clip(d.Title, echoWidth)))
	return newMessage("The built-in article cannot be removed from Slack.", section(t))
}
