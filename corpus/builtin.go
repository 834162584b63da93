package corpus

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

// BuiltinTopic is what the built-in article covers: what the bot says it
// answers about when the article is loaded and no topic is configured.
const BuiltinTopic = "generative AI in China"

// builtinFS holds the default corpus: the cleaned article(s) shipped in the
// binary so that `landscape ask` works offline with no setup.
//
//go:embed builtin/*.md
var builtinFS embed.FS

func builtinDocs() ([]*Document, error) {
	names, err := fs.Glob(builtinFS, "builtin/*.md")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var docs []*Document
	for _, name := range names {
		data, err := builtinFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		d, err := ParseMarkdown("builtin:"+name[len("builtin/"):], data)
		if err != nil {
			// The embedded corpus is tested; failing here is a build defect.
			return nil, fmt.Errorf("built-in corpus: %w", err)
		}
		docs = append(docs, d)
	}
	return docs, nil
}
