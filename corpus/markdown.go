package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// meta is the metadata a file may declare, in front matter or a sidecar.
type meta struct {
	ID        string
	Title     string
	Author    string
	Publisher string
	Published string
	URL       string
	Tags      []string
}

var (
	metaKeys  = "id, title, author, publisher, published, url, tags"
	knownKeys = map[string]bool{"id": true, "title": true, "author": true, "publisher": true, "published": true, "url": true, "tags": true}
)

// ParseMarkdown parses a Markdown document with optional YAML front matter
// delimited by "---" lines. path names the document in problems and is the
// source of its default ID.
func ParseMarkdown(path string, data []byte) (*Document, error) {
	return parseMarkdown(path, data, nil)
}

// parseMarkdown is ParseMarkdown with the file's NAME.meta.json (nil when
// there is none), whose keys win over the front matter.
func parseMarkdown(path string, data, sidecar []byte) (*Document, error) {
	if !utf8.Valid(data) {
		return nil, Problem{File: path, Msg: "not UTF-8 text"}
	}
	text := normalizeText(data)
	var m meta
	if strings.HasPrefix(text, "---\n") {
		end := strings.Index(text[4:], "\n---")
		if end < 0 {
			return nil, Problem{File: path, Line: 1, Msg: `front matter opened with "---" is never closed (add a "---" line after it)`}
		}
		fm := text[4 : 4+end+1]
		rest := text[4+end+4:]
		// The closing line may carry trailing spaces; the body starts after it.
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			if strings.TrimSpace(rest[:i]) != "" {
				return nil, Problem{File: path, Line: 2 + strings.Count(fm, "\n"), Msg: `front matter must be closed by a line holding only "---"`}
			}
			rest = rest[i+1:]
		} else {
			rest = ""
		}
		var err error
		m, err = parseFrontMatter(path, fm, 2)
		if err != nil {
			return nil, err
		}
		text = rest
	}
	m, err := withSidecar(m, path, sidecar)
	if err != nil {
		return nil, err
	}
	doc := newDocument(path, m)
	doc.hash = hashBytes(append(append([]byte{}, data...), sidecar...))
	doc.Passages = buildPassages(doc, parseBlocks(text, true))
	return doc, nil
}

// ParseText parses a plain-text document: paragraphs separated by blank
// lines, lines starting "- ", "* " or "• " as list items. sidecar holds the
// bytes of its NAME.meta.json (nil when there is none).
func ParseText(path string, data []byte, sidecar []byte) (*Document, error) {
	if !utf8.Valid(data) {
		return nil, Problem{File: path, Msg: "not UTF-8 text"}
	}
	var m meta
	if sidecar != nil {
		var err error
		m, err = parseSidecar(SidecarPath(path), sidecar)
		if err != nil {
			return nil, err
		}
	}
	doc := newDocument(path, m)
	text := normalizeText(data)
	doc.hash = hashBytes(append(append([]byte{}, data...), sidecar...))
	doc.Passages = buildPassages(doc, parseBlocks(text, false))
	return doc, nil
}

// normalizeText turns file bytes into text with "\n" line ends and no
// byte-order mark.
func normalizeText(data []byte) string {
	return strings.TrimPrefix(strings.ReplaceAll(string(data), "\r\n", "\n"), "\ufeff")
}

// SidecarPath is NAME.meta.json beside a corpus file NAME.EXT: its
// metadata (for .txt and .pdf files the only metadata; for Markdown and
// web pages, its keys win over the file's own).
func SidecarPath(path string) string {
	return strings.TrimSuffix(path, filepath.Ext(path)) + ".meta.json"
}

func newDocument(path string, m meta) *Document {
	// Metadata is shown in terminals and in Slack: one line each, without
	// control characters (an ESC would drive the terminal).
	for _, f := range []*string{&m.ID, &m.Title, &m.Author, &m.Publisher, &m.URL} {
		*f = clean(*f, false)
	}
	for i := range m.Tags {
		m.Tags[i] = clean(m.Tags[i], false)
	}
	id, title := m.ID, m.Title
	if s := slug(path); id == "" && s != "" {
		id = s
	} else if id == "" {
		// Nothing of the name is a letter or digit (emoji, symbols): a
		// short hash of the name keeps the ID unique.
		base := filepath.Base(path)
		id = "doc-" + hashBytes([]byte(base))[:8]
		title = first(title, clean(strings.TrimSuffix(base, filepath.Ext(base)), false))
	}
	if title == "" {
		title = strings.ReplaceAll(slug(path), "-", " ")
	}
	return &Document{
		ID: id, Title: title, Author: m.Author, Publisher: m.Publisher,
		Published: m.Published, URL: m.URL, Tags: m.Tags, Path: path,
	}
}

// parseFrontMatter decodes the YAML between the "---" lines; firstLine is the
// file line of its first line, so problems point at the right place.
func parseFrontMatter(path, fm string, firstLine int) (meta, error) {
	var m meta
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(fm), &root); err != nil {
		line, msg := yamlErrorLine(err)
		if line > 0 {
			line += firstLine - 1
		}
		return m, Problem{File: path, Line: line, Msg: "front matter: " + msg}
	}
	if len(root.Content) == 0 {
		return m, nil
	}
	node := root.Content[0]
	if node.Kind != yaml.MappingNode {
		return m, Problem{File: path, Line: node.Line + firstLine - 1, Msg: "front matter must be key: value pairs"}
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		line := k.Line + firstLine - 1
		bad := func(format string, args ...any) error {
			return Problem{File: path, Line: line, Msg: fmt.Sprintf("front matter: "+format, args...)}
		}
		if k.Value == "tags" {
			tags, err := yamlTags(v)
			if err != nil {
				return m, bad("%v", err)
			}
			m.Tags = tags
			continue
		}
		if v.Kind != yaml.ScalarNode {
			return m, bad("%s must be a single value", k.Value)
		}
		if err := m.set(k.Value, v.Value); err != nil {
			return m, bad("%v", err)
		}
	}
	return m, nil
}

// set assigns one metadata key, validating it.
func (m *meta) set(key, value string) error {
	value = strings.TrimSpace(value)
	switch key {
	case "id":
		m.ID = value
	case "title":
		m.Title = value
	case "author":
		m.Author = value
	case "publisher":
		m.Publisher = value
	case "published":
		if value != "" {
			if _, err := time.Parse(time.DateOnly, value); err != nil {
				return fmt.Errorf("published %q is not a date in the form YYYY-MM-DD", value)
			}
		}
		m.Published = value
	case "url":
		m.URL = value
	default:
		return fmt.Errorf("unknown key %q (known keys: %s)", key, metaKeys)
	}
	return nil
}

func yamlTags(v *yaml.Node) ([]string, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		var tags []string
		for _, t := range strings.Split(v.Value, ",") {
			if t = strings.TrimSpace(t); t != "" {
				tags = append(tags, t)
			}
		}
		return tags, nil
	case yaml.SequenceNode:
		var tags []string
		for _, c := range v.Content {
			if c.Kind != yaml.ScalarNode {
				return nil, errors.New("tags must be a list of words")
			}
			tags = append(tags, c.Value)
		}
		return tags, nil
	}
	return nil, errors.New("tags must be a list of words")
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlErrorLine pulls the line number out of a YAML syntax error.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		var n int
		fmt.Sscan(m[1], &n)
		return n, m[2]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}

// withSidecar is m with the keys set in sidecar (the bytes of path's
// NAME.meta.json, nil when there is none) in place of its own.
func withSidecar(m meta, path string, sidecar []byte) (meta, error) {
	if sidecar == nil {
		return m, nil
	}
	side, err := parseSidecar(SidecarPath(path), sidecar)
	if err != nil {
		return m, err
	}
	for _, f := range []struct{ dst, src *string }{
		{&m.ID, &side.ID}, {&m.Title, &side.Title}, {&m.Author, &side.Author},
		{&m.Publisher, &side.Publisher}, {&m.Published, &side.Published}, {&m.URL, &side.URL},
	} {
		if *f.src != "" {
			*f.dst = *f.src
		}
	}
	if len(side.Tags) > 0 {
		m.Tags = side.Tags
	}
	return m, nil
}

// parseSidecar decodes a NAME.meta.json file holding the front-matter keys.
func parseSidecar(path string, data []byte) (meta, error) {
	var m meta
	var raw map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		line := 0
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line = 1 + bytes.Count(data[:min(int(se.Offset), len(data))], []byte("\n"))
		}
		return m, Problem{File: path, Line: line, Msg: "metadata: " + err.Error()}
	}
	for k, v := range raw {
		if k == "tags" {
			list, ok := v.([]any)
			if !ok {
				return m, Problem{File: path, Msg: "metadata: tags must be a list of strings"}
			}
			for _, t := range list {
				s, ok := t.(string)
				if !ok {
					return m, Problem{File: path, Msg: "metadata: tags must be a list of strings"}
				}
				m.Tags = append(m.Tags, s)
			}
			continue
		}
		if !knownKeys[k] {
			continue // sidecars often carry notes; JSON has no comments
		}
		s, ok := v.(string)
		if !ok {
			return m, Problem{File: path, Msg: fmt.Sprintf("metadata: %s must be a string", k)}
		}
		if err := m.set(k, s); err != nil {
			return m, Problem{File: path, Msg: "metadata: " + err.Error()}
		}
	}
	return m, nil
}
