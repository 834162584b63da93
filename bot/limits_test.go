package bot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"
)

// checkLimits reports the first Block Kit limit m breaks, or nil.
func checkLimits(m Message) error {
	if strings.TrimSpace(m.Text) == "" {
		return fmt.Errorf("no fallback text")
	}
	if len(m.Blocks) > maxBlocks {
		return fmt.Errorf("%d blocks, limit %d", len(m.Blocks), maxBlocks)
	}
	count := utf8.RuneCountInString
	for i, b := range m.Blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			if count(b.Text.Text) > maxHeaderText {
				return fmt.Errorf("block %d: header of %d characters", i, count(b.Text.Text))
			}
		case *slack.SectionBlock:
			if b.Text != nil && count(b.Text.Text) > maxSectionText {
				return fmt.Errorf("block %d: section of %d characters", i, count(b.Text.Text))
			}
			if len(b.Fields) > maxFields {
				return fmt.Errorf("block %d: %d fields", i, len(b.Fields))
			}
			for _, f := range b.Fields {
				if count(f.Text) > maxFieldText {
					return fmt.Errorf("block %d: field of %d characters", i, count(f.Text))
				}
			}
		case *slack.ContextBlock:
			if n := len(b.ContextElements.Elements); n > maxContextElements || n == 0 {
				return fmt.Errorf("block %d: %d context elements", i, n)
			}
		case *slack.ActionBlock:
			for _, el := range b.Elements.ElementSet {
				if btn, ok := el.(*slack.ButtonBlockElement); ok {
					if len(btn.Value) > maxButtonValue || count(btn.Text.Text) > maxButtonText {
						return fmt.Errorf("block %d: button %q too long", i, btn.ActionID)
					}
				}
			}
		}
	}
	return nil
}
