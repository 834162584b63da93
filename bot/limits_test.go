package bot

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// checkLimits reports the first thing in m that Slack refuses
// (invalid_blocks, no_text), or nil.
func checkLimits(m Message) error {
	if strings.TrimSpace(m.Text) == "" {
		return fmt.Errorf("no fallback text")
	}
	return checkBlocks(m.Blocks, maxBlocks)
}

// checkBlocks checks blocks against Slack's Block Kit rules: at most
// limit blocks (50 in a message, 100 in a Home tab), and each block's own
// limits.
func checkBlocks(blocks []slack.Block, limit int) error {
	if len(blocks) == 0 {
		return fmt.Errorf("no blocks")
	}
	if len(blocks) > limit {
		return fmt.Errorf("%d blocks, limit %d", len(blocks), limit)
	}
	for i, b := range blocks {
		if err := checkBlock(b); err != nil {
			return fmt.Errorf("block %d (%s): %w", i, b.BlockType(), err)
		}
	}
	return nil
}

func checkBlock(b slack.Block) error {
	count := utf8.RuneCountInString
	switch b := b.(type) {
	case *slack.HeaderBlock:
		if b.Text == nil || b.Text.Text == "" || count(b.Text.Text) > maxHeaderText {
			return fmt.Errorf("header text of %d characters (1–%d)", textLen(b.Text), maxHeaderText)
		}
	case *slack.SectionBlock:
		if (b.Text == nil || b.Text.Text == "") && len(b.Fields) == 0 {
			return fmt.Errorf("section with neither text nor fields")
		}
		if textLen(b.Text) > maxSectionText {
			return fmt.Errorf("section text of %d characters", textLen(b.Text))
		}
		if len(b.Fields) > maxFields {
			return fmt.Errorf("%d fields", len(b.Fields))
		}
		for _, f := range b.Fields {
			if count(f.Text) > maxFieldText {
				return fmt.Errorf("field of %d characters", count(f.Text))
			}
		}
		if b.Accessory != nil && b.Accessory.ButtonElement != nil {
			return checkButton(b.Accessory.ButtonElement)
		}
	case *slack.ContextBlock:
		els := b.ContextElements.Elements
		if len(els) == 0 || len(els) > maxContextElements {
			return fmt.Errorf("%d context elements (1–%d)", len(els), maxContextElements)
		}
		for _, el := range els {
			if t, ok := el.(*slack.TextBlockObject); ok && (t.Text == "" || count(t.Text) > maxSectionText) {
				return fmt.Errorf("context text of %d characters", count(t.Text))
			}
		}
	case *slack.ActionBlock:
		if b.Elements == nil || len(b.Elements.ElementSet) == 0 || len(b.Elements.ElementSet) > maxActions {
			return fmt.Errorf("actions with no elements or over %d", maxActions)
		}
		for _, el := range b.Elements.ElementSet {
			if btn, ok := el.(*slack.ButtonBlockElement); ok {
				if err := checkButton(btn); err != nil {
					return err
				}
			}
		}
	case *slack.ImageBlock:
		if b.AltText == "" || count(b.AltText) > maxAltText {
			return fmt.Errorf("image alt text of %d characters (1–%d)", count(b.AltText), maxAltText)
		}
		if (b.ImageURL == "") == (b.SlackFile == nil || b.SlackFile.ID == "" && b.SlackFile.URL == "") {
			return fmt.Errorf("image needs exactly one of image_url and slack_file")
		}
	case *slack.RichTextBlock:
		return checkRichText(b)
	case *slack.DividerBlock:
	default:
		return fmt.Errorf("a block type the checker does not know")
	}
	return nil
}

// checkRichText refuses what Slack refuses in rich text: no elements, an
// empty paragraph or text element; and keeps the text within maxRichText.
func checkRichText(b *slack.RichTextBlock) error {
	if len(b.Elements) == 0 {
		return fmt.Errorf("rich text with no elements")
	}
	total := 0
	var texts func(els []slack.RichTextSectionElement) error
	texts = func(els []slack.RichTextSectionElement) error {
		if len(els) == 0 {
			return fmt.Errorf("an empty rich-text paragraph")
		}
		for _, el := range els {
			switch el := el.(type) {
			case *slack.RichTextSectionTextElement:
				if el.Text == "" {
					return fmt.Errorf("an empty rich-text text element")
				}
				total += utf8.RuneCountInString(el.Text)
			case *slack.RichTextSectionLinkElement:
				if webURL(el.URL) == "" {
					return fmt.Errorf("a rich-text link to %q", el.URL)
				}
				total += utf8.RuneCountInString(el.Text)
			}
		}
		return nil
	}
	for _, el := range b.Elements {
		var err error
		switch el := el.(type) {
		case *slack.RichTextSection:
			err = texts(el.Elements)
		case *slack.RichTextQuote:
			err = texts(el.Elements)
		case *slack.RichTextList:
			if len(el.Elements) == 0 {
				err = fmt.Errorf("an empty rich-text list")
			}
			for _, item := range el.Elements {
				sec, ok := item.(*slack.RichTextSection)
				if !ok {
					err = fmt.Errorf("a list item that is not a paragraph")
					break
				}
				if err = texts(sec.Elements); err != nil {
					break
				}
			}
		default:
			err = fmt.Errorf("a rich-text element the checker does not know")
		}
		if err != nil {
			return err
		}
	}
	if total > maxRichText {
		return fmt.Errorf("rich text of %d characters", total)
	}
	return nil
}

func checkButton(btn *slack.ButtonBlockElement) error {
	if n := textLen(btn.Text); n == 0 || n > maxButtonText || len(btn.Value) > maxButtonValue {
		return fmt.Errorf("button %q: text of %d characters, value of %d bytes", btn.ActionID, n, len(btn.Value))
	}
	return nil
}

func textLen(t *slack.TextBlockObject) int {
	if t == nil {
		return 0
	}
	return utf8.RuneCountInString(t.Text)
}

// The checker itself refuses what Slack refuses: a test that it can fail.
func TestCheckLimitsCatchesWhatSlackRefuses(t *testing.T) {
	ok := section("fine")
	long := func(n int) string { return strings.Repeat("x", n) }
	// Not plain: it would clip what this test must send too long.
	rawPlain := func(s string) *slack.TextBlockObject {
		return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
	}
	btn := func(label string) *slack.ButtonBlockElement {
		return slack.NewButtonBlockElement("a", "v", rawPlain(label))
	}
	var ctx []slack.MixedElement
	for range maxContextElements + 1 {
		ctx = append(ctx, mrkdwn("x"))
	}
	var many []slack.Block
	for range maxBlocks + 1 {
		many = append(many, ok)
	}
	tests := []struct {
		name string
		m    Message
	}{
		{"no text", Message{Blocks: []slack.Block{ok}}},
		{"over 50 blocks", Message{Text: "t", Blocks: many}},
		{"empty actions", Message{Text: "t", Blocks: []slack.Block{slack.NewActionBlock("a")}}},
		{"empty context", Message{Text: "t", Blocks: []slack.Block{slack.NewContextBlock("c")}}},
		{"11 context elements", Message{Text: "t", Blocks: []slack.Block{slack.NewContextBlock("c", ctx...)}}},
		{"section over 3000", Message{Text: "t", Blocks: []slack.Block{slack.NewSectionBlock(mrkdwn(long(3001)), nil, nil)}}},
		{"header over 150", Message{Text: "t", Blocks: []slack.Block{slack.NewHeaderBlock(rawPlain(long(151)))}}},
		{"button text over 75", Message{Text: "t", Blocks: []slack.Block{slack.NewActionBlock("a", btn(long(76)))}}},
		{"empty rich text", Message{Text: "t", Blocks: []slack.Block{slack.NewRichTextBlock("r", rtLine(rtText("")))}}},
		{"image without alt text", Message{Text: "t", Blocks: []slack.Block{slack.NewImageBlockSlackFile(&slack.SlackFileObject{ID: "F1"}, "", "", nil)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := checkLimits(tt.m); err == nil {
				t.Error("accepted")
			}
		})
	}
	if err := checkLimits(Message{Text: "t", Blocks: []slack.Block{ok, slack.NewActionBlock("a", btn(long(75)))}}); err != nil {
		t.Errorf("refused a valid message: %v", err)
	}
}
