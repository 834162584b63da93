package answer

import (
	"io"

	"github.com/landscape-bot/landscape/lexicon"
)

// Aliases is the vocabulary the engine expands questions with: the shipped
// lexicon (WordNet, the domain file, the gazetteer) plus any groups a user
// adds in the same format (LANDSCAPE_ALIASES, aliases.txt in the corpus
// folder).
type Aliases struct{ lex *lexicon.Lexicon }

// DefaultAliases returns the shipped vocabulary.
func DefaultAliases() *Aliases { return &Aliases{lex: lexicon.Default()} }

// ParseAliases returns the shipped vocabulary extended with the groups r
// holds (lexicon.Lexicon.Add's format).
func ParseAliases(r io.Reader) (*Aliases, error) {
	a := DefaultAliases()
	return a, a.Add(r)
}

// Add merges more groups (a user's file) into a. The shipped lexicon is
// shared, so a copies it first.
func (a *Aliases) Add(r io.Reader) error {
	if a.lex == lexicon.Default() {
		a.lex = a.lex.Clone()
	}
	return a.lex.Add(r)
}
